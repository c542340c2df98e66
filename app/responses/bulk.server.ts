import { randomUUID } from "node:crypto";
import type { Db } from "~/db/client.server";
import { responses } from "~/db/schema";
import type { Locale } from "~/db/values";

/**
 * Stores many complete responses at once, for the demo data and benchmarks
 * only: the answers are trusted here (they come from our own generator), so
 * members' submissions never come this way.
 */
export async function importCompleteResponses(
  db: Db,
  { surveyId, version, rows }: { surveyId: string; version: number; rows: { locale: Locale; antenna: string | null; sector: string | null; answers: Record<string, unknown> }[] },
): Promise<number> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(responses).values(
      rows.slice(i, i + 500).map((row) => ({ id: randomUUID(), surveyId, version, complete: true, ...row })),
    );
  }
  return rows.length;
}
