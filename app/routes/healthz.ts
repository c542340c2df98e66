import { getDatabase } from "~/db/db.server";

// For load balancers and the fault benchmark: 200 when the database answers, 503 when not.
export async function loader() {
  try {
    const database = await getDatabase();
    await database.ping();
    return Response.json({ status: "ok", database: { kind: database.kind, state: "up" } }, noStore);
  } catch {
    return Response.json({ status: "degraded", database: { state: "down" } }, { status: 503, ...noStore });
  }
}

const noStore = { headers: { "Cache-Control": "no-store" } };
