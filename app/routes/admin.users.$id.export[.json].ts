import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportUserData } from "~/admin/personal-data.server";
import { audit } from "~/auth/audit.server";
import { requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/db.server";

/** Everything stored about a staff account (GDPR access request), for an admin; logged. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireUser(request, "users:manage");
  const id = params.id ?? "";
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Response("Not found", { status: 404 });
  const db = await getDb();
  const data = await exportUserData(db, { userId: id }).catch(() => {
    throw new Response("Not found", { status: 404 });
  });
  await audit(db, { userId: admin.id, action: "user.export", target: id });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="account-${id}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
