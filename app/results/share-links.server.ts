// Read-only share links for a working group (the one owner of share_links),
// and the view a reader may ask for within what their link allows. Only the
// sha-256 of a token is stored: the link shown once at creation is the only copy.
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { audit } from "~/auth/audit.server";
import { hashSecret, newSecret } from "~/auth/secrets.server";
import { surveyTargets } from "~/catalogue/catalogue.server";
import { codeSchema } from "~/catalogue/codes";
import { isCalendarDay, shareLinkForm } from "./share-forms";
import type { Db } from "~/db/client.server";
import { shareLinks } from "~/db/schema";
import { LOCALES } from "~/db/values";
import { AppError } from "~/http/errors";
import { getSurveyById, type Survey } from "~/surveys/surveys.server";
import type { ResultFilters } from "./results.server";

/** The longest a link may live: a working group's season, not forever. */
export const MAX_SHARE_DAYS = 366;

export type ShareLink = {
  id: string;
  surveyId: string;
  label: string;
  antenna: string | null;
  sector: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
};

/** What a link narrows every view to; empty for staff and readers. */
export type Restriction = { antenna?: string | null; sector?: string | null };

const toLink = (row: typeof shareLinks.$inferSelect): ShareLink => ({
  id: row.id,
  surveyId: row.surveyId,
  label: row.label,
  antenna: row.antenna,
  sector: row.sector,
  expiresAt: row.expiresAt,
  revokedAt: row.revokedAt,
  createdAt: row.createdAt,
});

/** A link's end as a moment: refused in the past or more than MAX_SHARE_DAYS ahead (fields keyed by `field`). */
function checkExpiry(expiresAt: Date, { now, field }: { now: Date; field: string }): Date {
  if (Number.isNaN(expiresAt.getTime())) throw new AppError(400, "invalid_request", { [field]: "invalid_date" });
  if (expiresAt <= now) throw new AppError(400, "invalid_request", { [field]: "share_expiry_past" });
  if (expiresAt.getTime() - now.getTime() > MAX_SHARE_DAYS * 86_400_000) throw new AppError(400, "invalid_request", { [field]: "share_expiry_too_far" });
  return expiresAt;
}

/** Stores a link's hash and returns its token, which is never stored nor shown again. */
async function insertShareLink(
  db: Db,
  { surveyId, slug, userId, label, antenna, sector, expiresAt }: { surveyId: string; slug: string; userId: string; label: string; antenna: string | null; sector: string | null; expiresAt: Date },
): Promise<{ link: ShareLink; token: string }> {
  const token = newSecret();
  const [row] = await db.insert(shareLinks).values({ surveyId, tokenHash: hashSecret(token), label, antenna, sector, expiresAt, createdBy: userId }).returning();
  const link = toLink(row!);
  await audit(db, { userId, action: "share_link.create", target: slug, detail: { id: link.id, label, antenna: link.antenna, sector: link.sector, expiresAt: expiresAt.toISOString() } });
  return { link, token };
}

/**
 * The antenna and sector of a new link must be ones the survey asks (its
 * targets, or any known one when it targets all), so a link never promises a
 * view the results cannot have: the staff form and the API alike.
 */
async function checkTargets(db: Db, survey: Pick<Survey, "antennas" | "sectors">, { antenna, sector }: Restriction): Promise<void> {
  const targets = await surveyTargets(db, survey);
  const fields: Record<string, string> = {};
  if (antenna && !targets.antennas.some((entry) => entry.code === antenna)) fields.antenna = "unknown_antenna";
  if (sector && !targets.sectors.some((entry) => entry.code === sector)) fields.sector = "unknown_sector";
  if (Object.keys(fields).length) throw new AppError(400, "invalid_request", fields);
}

/** Creates a link from the staff page's form (a last day) and returns its token. */
export async function createShareLink(
  db: Db,
  { surveyId, slug, userId, input, now = new Date() }: { surveyId: string; slug: string; userId: string; input: z.input<typeof shareLinkForm>; now?: Date },
): Promise<{ link: ShareLink; token: string }> {
  const parsed = shareLinkForm.safeParse(input);
  if (!parsed.success) throw new AppError(400, "invalid_request", { expiresOn: parsed.error.issues[0]?.path[0] === "expiresOn" ? "invalid_date" : "invalid_value" });
  const { label, expiresOn, antenna, sector } = parsed.data;
  const survey = await getSurveyById(db, { id: surveyId });
  if (!survey) throw new AppError(404, "not_found");
  await checkTargets(db, survey, { antenna, sector });
  const expiresAt = checkExpiry(new Date(`${expiresOn}T23:59:59.999Z`), { now, field: "expiresOn" });
  return insertShareLink(db, { surveyId, slug, userId, label, antenna: antenna || null, sector: sector || null, expiresAt });
}

/** How long a link made through the API lives when it does not say: as the staff page proposes. */
export const DEFAULT_SHARE_DAYS = 30;

/** `POST /api/surveys/:slug/shares`: `expiresAt` an ISO moment, or a day (the link works until its end, UTC). */
export const shareApiSchema = z.object({
  antenna: codeSchema.nullish(),
  sector: codeSchema.nullish(),
  expiresAt: z
    .string({ invalid_type_error: "invalid_date" })
    .refine((value) => isCalendarDay(value) || z.string().datetime({ offset: true }).safeParse(value).success, "invalid_date")
    .nullish(),
  label: z.string().trim().max(100, "too_long").nullish(),
});

/** Creates a link for the API (its antenna and sector checked as the staff form's). */
export async function createShareLinkFromApi(
  db: Db,
  { survey, userId, input, now = new Date() }: { survey: Pick<Survey, "id" | "slug" | "antennas" | "sectors">; userId: string; input: z.infer<typeof shareApiSchema>; now?: Date },
): Promise<{ link: ShareLink; token: string }> {
  await checkTargets(db, survey, input);
  const expiresAt = !input.expiresAt
    ? new Date(now.getTime() + DEFAULT_SHARE_DAYS * 86_400_000)
    : checkExpiry(new Date(/T/.test(input.expiresAt) ? input.expiresAt : `${input.expiresAt}T23:59:59.999Z`), { now, field: "expiresAt" });
  return insertShareLink(db, { surveyId: survey.id, slug: survey.slug, userId, label: input.label ?? "", antenna: input.antenna ?? null, sector: input.sector ?? null, expiresAt });
}

/** Every link of a survey, newest first, revoked and expired ones included. */
export async function listShareLinks(db: Db, { surveyId }: { surveyId: string }): Promise<ShareLink[]> {
  const rows = await db.select().from(shareLinks).where(eq(shareLinks.surveyId, surveyId)).orderBy(desc(shareLinks.createdAt));
  return rows.map(toLink);
}

/** Revokes a link of this survey at once; false when there is no such live link. */
export async function revokeShareLink(db: Db, { surveyId, slug, id, userId }: { surveyId: string; slug: string; id: string; userId: string }): Promise<boolean> {
  if (!z.string().uuid().safeParse(id).success) return false;
  const rows = await db
    .update(shareLinks)
    .set({ revokedAt: new Date() })
    .where(and(eq(shareLinks.id, id), eq(shareLinks.surveyId, surveyId), isNull(shareLinks.revokedAt)))
    .returning({ id: shareLinks.id });
  if (!rows.length) return false;
  await audit(db, { userId, action: "share_link.revoke", target: slug, detail: { id } });
  return true;
}

/** The live link a token opens; null when unknown, expired or revoked. */
export async function resolveShareLink(db: Db, { token, now = new Date() }: { token: string; now?: Date }): Promise<ShareLink | null> {
  if (!token || token.length > 200) return null;
  const [row] = await db.select().from(shareLinks).where(eq(shareLinks.tokenHash, hashSecret(token)));
  if (!row || row.revokedAt || row.expiresAt <= now) return null;
  return toLink(row);
}

/** The survey a live link opens, with the link (its restriction); null otherwise. */
export async function resolveSharedSurvey(db: Db, { token }: { token: string }): Promise<{ link: ShareLink; survey: Survey } | null> {
  const link = await resolveShareLink(db, { token });
  const survey = link ? await getSurveyById(db, { id: link.surveyId }) : null;
  return link && survey ? { link, survey } : null;
}

export const linkStatus = (link: ShareLink, now = new Date()): "active" | "expired" | "revoked" =>
  link.revokedAt ? "revoked" : link.expiresAt <= now ? "expired" : "active";

/** The filters of a view as the page, the API and the exports read them from a query string. */
export type ViewQuery = {
  antenna?: string;
  sector?: string;
  locale?: string;
  /** Whole months (YYYY-MM): a day-level range could isolate a few answers by difference. */
  from?: string;
  to?: string;
};

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/**
 * A share link keeps its reader to its antenna and sector: a query naming
 * another is refused (strict: the results and the API) or brought back to
 * the link's (the shared recommendations page).
 */
export function keepToLink(query: { antenna?: string; sector?: string }, restriction: Restriction, { strict = true }: { strict?: boolean } = {}): void {
  for (const name of ["antenna", "sector"] as const) {
    const locked = restriction[name];
    if (!locked) continue;
    if (strict && query[name] !== undefined && query[name] !== locked) throw new AppError(403, "outside_share_link");
    query[name] = locked;
  }
}

/**
 * Reads a view from query parameters, within the restriction of a share link:
 * a link to one antenna never shows another one or the whole cooperative.
 */
export function parseView(params: URLSearchParams, restriction: Restriction = {}): { query: ViewQuery; filters: ResultFilters } {
  const read = (name: string) => params.get(name)?.trim() || undefined;
  const query: ViewQuery = {};
  const fields: Record<string, string> = {};
  for (const name of ["antenna", "sector"] as const) {
    const value = read(name);
    if (value !== undefined && !codeSchema.safeParse(value).success) fields[name] = "invalid_code";
    else if (value !== undefined) query[name] = value;
  }
  keepToLink(query, restriction);
  const locale = read("locale");
  if (locale !== undefined && !(LOCALES as readonly string[]).includes(locale)) fields.locale = "invalid_locale";
  else if (locale !== undefined) query.locale = locale;
  for (const name of ["from", "to"] as const) {
    const value = read(name);
    if (value !== undefined && !month.safeParse(value).success) fields[name] = "invalid_value";
    else if (value !== undefined) query[name] = value;
  }
  if (Object.keys(fields).length) throw new AppError(400, "invalid_request", fields);
  return { query, filters: viewFilters(query) };
}

/** The last day of a YYYY-MM month. */
const monthEnd = (value: string) => {
  const [year, monthNumber] = value.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 0)).toISOString().slice(0, 10);
};

export function viewFilters(query: ViewQuery): ResultFilters {
  const filters: ResultFilters = {};
  if (query.antenna) filters.antenna = query.antenna;
  if (query.sector) filters.sector = query.sector;
  if (query.locale) filters.locale = query.locale;
  if (query.from) filters.from = `${query.from}-01`;
  if (query.to) filters.to = monthEnd(query.to);
  return filters;
}

/** The same view as query parameters, for links to exports and print. */
export function viewSearch(query: ViewQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const search = params.toString();
  return search ? `?${search}` : "";
}
