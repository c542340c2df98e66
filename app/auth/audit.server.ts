import { desc } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { auditLog } from "~/db/schema";

/** Records a staff or admin action; read by admins only. */
export async function audit(
  db: Db,
  entry: { userId: string | null; action: string; target?: string; detail?: Record<string, unknown> },
): Promise<void> {
  await db.insert(auditLog).values({
    userId: entry.userId,
    action: entry.action,
    target: entry.target ?? null,
    detail: entry.detail ?? {},
  });
}

export function listAudit(db: Db, { limit = 200 }: { limit?: number } = {}) {
  return db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit);
}
