import { and, desc, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import { listAntennas, listSectors } from "~/catalogue/catalogue.server";
import type { Db } from "~/db/client.server";
import { apiTokens, auditLog, surveys, users } from "~/db/schema";
import type { Locale } from "~/db/values";
import { fromLocalInput } from "~/surveys/dates";
import { displayText } from "~/surveys/localizable";
import { AUDIT_ACTIONS, type AuditAction, type AuditTarget } from "./audit-actions";

/** Records a staff or admin action; read by admins only. */
export async function audit(
  db: Db,
  entry: { userId: string | null; action: AuditAction; target?: string; detail?: Record<string, unknown> },
): Promise<void> {
  await db.insert(auditLog).values({
    userId: entry.userId,
    action: entry.action,
    target: entry.target ?? null,
    detail: entry.detail ?? {},
  });
}

/** What the admin's audit page filters on; a day range is [from, to] inclusive, in Brussels days (as the page shows the times). */
export type AuditFilter = { userId?: string; action?: AuditAction; from?: string; to?: string };

/** An entry as the audit page shows it: who by name, what by its code (said in words by the page), and the target by its name now. */
export type AuditEntry = { id: number; at: Date; who: string | null; action: string; target: string | null };

/** The first instant of a Brussels day, "2026-12-02", and of the day after it. */
const dayStart = (day: string) => fromLocalInput(`${day}T00:00`)!;
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Every field of the latest entries, newest first (exports and tests). */
export function listAudit(db: Db, { limit = 200 }: { limit?: number } = {}) {
  return db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit);
}

/** The entries the admin's audit page shows, filtered, with names instead of codes and ids. */
export async function readAuditLog(db: Db, { filter = {}, locale, limit = 200 }: { filter?: AuditFilter; locale: Locale; limit?: number }): Promise<AuditEntry[]> {
  const conditions: SQL[] = [];
  if (filter.userId) conditions.push(eq(auditLog.userId, filter.userId));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.from) conditions.push(gte(auditLog.at, dayStart(filter.from)));
  if (filter.to) conditions.push(lt(auditLog.at, dayStart(nextDay(filter.to))));
  const rows = await db
    .select({ id: auditLog.id, at: auditLog.at, action: auditLog.action, target: auditLog.target, who: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(limit);
  const names = await targetNames(db, rows, locale);
  return rows.map((row) => ({ ...row, target: row.target === null ? null : (names.get(`${targetOf(row.action)}:${row.target}`) ?? row.target) }));
}

const targetOf = (action: string): AuditTarget => (Object.hasOwn(AUDIT_ACTIONS, action) ? AUDIT_ACTIONS[action as AuditAction] : null);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The current names of the entries' targets, by `kind:target`: a survey's title, a person's name, a token's, an antenna's or sector's. */
async function targetNames(db: Db, rows: { action: string; target: string | null }[], locale: Locale): Promise<Map<string, string>> {
  const wanted = (kind: AuditTarget) => [...new Set(rows.filter((row) => row.target !== null && targetOf(row.action) === kind).map((row) => row.target!))];
  const names = new Map<string, string>();
  const slugs = wanted("survey");
  if (slugs.length > 0) {
    for (const survey of await db.select({ slug: surveys.slug, title: surveys.title }).from(surveys).where(inArray(surveys.slug, slugs))) names.set(`survey:${survey.slug}`, displayText(survey.title, locale));
  }
  const people = wanted("user").filter((id) => UUID.test(id));
  if (people.length > 0) for (const user of await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, people))) names.set(`user:${user.id}`, user.name);
  const tokens = wanted("token").filter((id) => UUID.test(id));
  if (tokens.length > 0) for (const token of await db.select({ id: apiTokens.id, name: apiTokens.name }).from(apiTokens).where(inArray(apiTokens.id, tokens))) names.set(`token:${token.id}`, token.name);
  if (wanted("antenna").length > 0) for (const antenna of await listAntennas(db)) names.set(`antenna:${antenna.code}`, antenna.name[locale]);
  if (wanted("sector").length > 0) for (const sector of await listSectors(db)) names.set(`sector:${sector.code}`, sector.name[locale]);
  return names;
}
