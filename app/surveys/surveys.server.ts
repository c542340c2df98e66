import { and, arrayOverlaps, asc, desc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { type Db, queryRows } from "~/db/client.server";
import { responses, surveys, surveyVersions } from "~/db/schema";
import type { Locale } from "~/db/values";
import { AppError } from "~/http/errors";
import type { EffectiveStatus } from "./status";
import type { SurveyJson } from "./survey-core.server";
import type { surveySettingsSchema } from "./survey-forms";

// The one owner of the surveys and survey_versions tables.

export const SURVEY_STATUSES = ["draft", "open", "closed", "archived"] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
/** What members see: an open survey before its opening date is "scheduled", after its closing date "closed". */
export type { EffectiveStatus };

export type SurveySettings = z.infer<typeof surveySettingsSchema>;

export type Survey = {
  id: string;
  slug: string;
  title: Record<string, string>;
  status: SurveyStatus;
  effectiveStatus: EffectiveStatus;
  antennas: string[];
  sectors: string[];
  locales: Locale[];
  access: "public" | "invitation";
  anonymous: boolean;
  minGroupSize: number;
  opensAt: Date | null;
  closesAt: Date | null;
  currentVersion: number;
  settings: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  /** The designer's last change that can be undone (its intent), if any. */
  undoChange: string | null;
};

export function effectiveStatus(
  survey: { status: SurveyStatus; opensAt: Date | null; closesAt: Date | null },
  now = new Date(),
): EffectiveStatus {
  if (survey.status !== "open") return survey.status;
  if (survey.closesAt && survey.closesAt <= now) return "closed";
  if (survey.opensAt && survey.opensAt > now) return "scheduled";
  return "open";
}

type Row = typeof surveys.$inferSelect;
const toSurvey = (row: Row): Survey => ({
  id: row.id,
  slug: row.slug,
  title: row.title,
  status: row.status,
  effectiveStatus: effectiveStatus(row),
  antennas: row.antennas,
  sectors: row.sectors,
  locales: row.locales as Locale[],
  access: row.access,
  anonymous: row.anonymous,
  minGroupSize: row.minGroupSize,
  opensAt: row.opensAt,
  closesAt: row.closesAt,
  currentVersion: row.currentVersion,
  settings: row.settings,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  undoChange: row.undo?.change ?? null,
});

export async function createSurvey(
  db: Db,
  input: { slug: string; title: Record<string, string>; definition: SurveyJson; settings: SurveySettings; createdBy: string | null },
): Promise<Survey> {
  const created = db.transaction(async (tx) => {
    const [row] = await tx
      .insert(surveys)
      .values({ slug: input.slug, title: input.title, ...input.settings, createdBy: input.createdBy })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError(409, "slug_taken", { slug: "slug_taken" });
    await tx.insert(surveyVersions).values({ surveyId: row.id, version: 1, definition: input.definition });
    return toSurvey(row);
  });
  return created.finally(surveysWritten);
}

const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The survey's row; whatever a URL carries never reaches SQL unless it could be a slug (a NUL byte would make PostgreSQL fail). */
async function rowBySlug(db: Db, slug: string): Promise<Row | undefined> {
  if (!SLUG_PATTERN.test(slug) || slug.length > 60) return undefined;
  const [row] = await db.select().from(surveys).where(eq(surveys.slug, slug));
  return row;
}

export async function getSurveyBySlug(db: Db, { slug }: { slug: string }): Promise<Survey | null> {
  const row = await rowBySlug(db, slug);
  return row ? toSurvey(row) : null;
}

// Members' submissions look their survey up by slug thousands of times a second;
// a row read less than a second ago will do (docs/decisions/008-submission-path.md).
// Every write below forgets this process's copies at once; another instance may
// see a change up to a second late (a survey closed there accepts answers that long).
const ANSWERING_CACHE_MS = 1000;
const answering = new WeakMap<Db, Map<string, { until: number; generation: number; row: Promise<Row | undefined> }>>();
/** Moves on at every write to the surveys table through this module (whatever the connection or transaction). */
let generation = 0;
const surveysWritten = () => void (generation += 1);

/**
 * A survey by slug for the members' submission path: the same as
 * getSurveyBySlug(), from a copy at most a second old. The status is worked
 * out at each call, so an opening or closing date applies on time.
 */
export async function getSurveyForAnswers(db: Db, { slug }: { slug: string }): Promise<Survey | null> {
  let bySlug = answering.get(db);
  if (!bySlug) answering.set(db, (bySlug = new Map()));
  const now = Date.now();
  let cached = bySlug.get(slug);
  if (!cached || cached.until <= now || cached.generation !== generation) {
    if (bySlug.size > 1000) bySlug.clear();
    const row = rowBySlug(db, slug);
    cached = { until: now + ANSWERING_CACHE_MS, generation, row };
    bySlug.set(slug, cached);
    const entry = cached;
    row.catch(() => bySlug.get(slug) === entry && bySlug.delete(slug));
  }
  const row = await cached.row;
  return row ? toSurvey(row) : null;
}

export async function getSurveyById(db: Db, { id }: { id: string }): Promise<Survey | null> {
  const [row] = await db.select().from(surveys).where(eq(surveys.id, id));
  return row ? toSurvey(row) : null;
}

export async function getDefinition(db: Db, { surveyId, version }: { surveyId: string; version: number }): Promise<SurveyJson | null> {
  const [row] = await db
    .select({ definition: surveyVersions.definition })
    .from(surveyVersions)
    .where(and(eq(surveyVersions.surveyId, surveyId), eq(surveyVersions.version, version)));
  return row?.definition ?? null;
}

/** Every version's definition, newest first: results read all of them by question name. */
export function listDefinitions(db: Db, { surveyId }: { surveyId: string }) {
  return db
    .select({ version: surveyVersions.version, definition: surveyVersions.definition })
    .from(surveyVersions)
    .where(eq(surveyVersions.surveyId, surveyId))
    .orderBy(desc(surveyVersions.version));
}

export type SurveyListItem = Survey & { responseCount: number };

/** The staff list: filterable by antenna, sector and status, with the complete responses of each. */
export async function listSurveys(
  db: Db,
  filters: { antenna?: string; sector?: string; status?: EffectiveStatus } = {},
): Promise<SurveyListItem[]> {
  const conditions = [
    filters.antenna ? arrayOverlaps(surveys.antennas, [filters.antenna]) : undefined,
    filters.sector ? arrayOverlaps(surveys.sectors, [filters.sector]) : undefined,
  ].filter((c) => c !== undefined);
  const rows = await db
    .select()
    .from(surveys)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(surveys.updatedAt), asc(surveys.slug));
  const counts = await queryRows<{ survey_id: string; n: number }>(
    db,
    sql`select ${responses.surveyId} as survey_id, count(*)::int as n from ${responses} where ${responses.complete} group by 1`,
  );
  const bySurvey = new Map(counts.map((c) => [c.survey_id, Number(c.n)]));
  return rows
    .map((row) => ({ ...toSurvey(row), responseCount: bySurvey.get(row.id) ?? 0 }))
    .filter((s) => !filters.status || s.effectiveStatus === filters.status);
}

export async function countResponses(db: Db, { surveyId, version }: { surveyId: string; version?: number }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(responses)
    .where(version === undefined ? eq(responses.surveyId, surveyId) : and(eq(responses.surveyId, surveyId), eq(responses.version, version)));
  return Number(row?.n ?? 0);
}

/** The definition the designer's undo would put back, if any. */
export async function getUndo(db: Db, { surveyId }: { surveyId: string }): Promise<{ definition: SurveyJson; change: string } | null> {
  const [row] = await db.select({ undo: surveys.undo }).from(surveys).where(eq(surveys.id, surveyId));
  return row?.undo ?? null;
}

/**
 * Saves an edited definition. A version that has answers is immutable, so
 * the edit becomes a new version; otherwise the current version is replaced.
 * With `expectedUpdatedAt` (when the edit was computed from the survey as it
 * was then), a survey changed since is refused with 409 instead of losing that change.
 * `undo` is what the designer can put back after this save (none when not given).
 */
export async function saveDefinition(
  db: Db,
  { surveyId, definition, expectedUpdatedAt, undo = null }: { surveyId: string; definition: SurveyJson; expectedUpdatedAt?: Date; undo?: { definition: SurveyJson; change: string } | null },
): Promise<{ version: number; created: boolean }> {
  const saved = db.transaction(async (tx) => {
    const [survey] = await tx
      .select({ currentVersion: surveys.currentVersion, updatedAt: surveys.updatedAt })
      .from(surveys)
      .where(eq(surveys.id, surveyId))
      .for("update");
    if (!survey) throw new AppError(404, "not_found");
    if (expectedUpdatedAt && survey.updatedAt.getTime() !== expectedUpdatedAt.getTime()) throw new AppError(409, "survey_changed");
    const current = survey.currentVersion;
    const [answered] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(responses)
      .where(and(eq(responses.surveyId, surveyId), eq(responses.version, current)));
    if (Number(answered?.n ?? 0) > 0) {
      const [published] = await tx
        .select({ publishedAt: surveyVersions.publishedAt })
        .from(surveyVersions)
        .where(and(eq(surveyVersions.surveyId, surveyId), eq(surveyVersions.version, current)));
      await tx.insert(surveyVersions).values({
        surveyId,
        version: current + 1,
        definition,
        publishedAt: published?.publishedAt ? new Date() : null,
      });
      await tx.update(surveys).set({ currentVersion: current + 1, updatedAt: new Date(), undo }).where(eq(surveys.id, surveyId));
      return { version: current + 1, created: true };
    }
    await tx
      .update(surveyVersions)
      .set({ definition })
      .where(and(eq(surveyVersions.surveyId, surveyId), eq(surveyVersions.version, current)));
    await tx.update(surveys).set({ updatedAt: new Date(), undo }).where(eq(surveys.id, surveyId));
    return { version: current, created: false };
  });
  return saved.finally(surveysWritten);
}

/**
 * Saves a survey's settings. The minimum group size may be raised at any time
 * but lowered only before the first answer (DESIGN.md, "Privacy rule"): checked
 * in the same statement, so an answer arriving meanwhile cannot slip between.
 */
export async function updateSurveySettings(
  db: Db,
  { surveyId, title, slug, settings }: { surveyId: string; title?: Record<string, string>; slug?: string; settings: Partial<SurveySettings> },
): Promise<void> {
  const lowered =
    settings.minGroupSize === undefined
      ? sql`true`
      : sql`(${settings.minGroupSize} >= ${surveys.minGroupSize} or not exists (select 1 from ${responses} where ${responses.surveyId} = ${surveys.id}))`;
  try {
    const updated = await db
      .update(surveys)
      .set({ ...settings, ...(title ? { title } : {}), ...(slug ? { slug } : {}), updatedAt: new Date() })
      .where(and(eq(surveys.id, surveyId), lowered))
      .returning({ id: surveys.id });
    if (updated.length === 0 && settings.minGroupSize !== undefined) {
      const [exists] = await db.select({ id: surveys.id }).from(surveys).where(eq(surveys.id, surveyId));
      if (exists) throw new AppError(409, "invalid_request", { minGroupSize: "min_group_size_frozen" });
    }
  } catch (error) {
    if (String((error as { code?: string }).code ?? (error as Error).message).match(/23505|unique/)) {
      throw new AppError(409, "slug_taken", { slug: "slug_taken" });
    }
    throw error;
  } finally {
    surveysWritten();
  }
}

// Target status → the statuses it may be reached from.
/** Replaces the survey's options (privacy notice, retention, consent), kept in its settings. */
export async function updateSurveyOptions(db: Db, { surveyId, options }: { surveyId: string; options: Record<string, unknown> }): Promise<void> {
  await db.update(surveys).set({ settings: options, updatedAt: new Date() }).where(eq(surveys.id, surveyId)).finally(surveysWritten);
}

const TRANSITIONS: Record<SurveyStatus, EffectiveStatus[]> = {
  draft: [],
  open: ["draft", "closed"],
  closed: ["open", "scheduled"],
  archived: ["closed", "draft"],
};

/** Moves a survey along draft → open → closed → archived (reopening a closed survey is allowed). */
export async function setSurveyStatus(db: Db, { surveyId, status }: { surveyId: string; status: SurveyStatus }): Promise<Survey> {
  const survey = await getSurveyById(db, { id: surveyId });
  if (!survey) throw new AppError(404, "not_found");
  if (survey.effectiveStatus === status) return survey;
  if (!TRANSITIONS[status].includes(survey.effectiveStatus)) throw new AppError(409, "invalid_transition");
  const now = new Date();
  await db.transaction(async (tx) => {
    const patch: Partial<typeof surveys.$inferInsert> = { status, updatedAt: now };
    // Closing by hand records when (retention counts from it); a later planned date no longer applies.
    if (status === "closed" && (!survey.closesAt || survey.closesAt > now)) patch.closesAt = now;
    if (status === "open" && survey.closesAt && survey.closesAt <= now) patch.closesAt = null;
    await tx.update(surveys).set(patch).where(eq(surveys.id, surveyId));
    if (status === "open") {
      await tx
        .update(surveyVersions)
        .set({ publishedAt: now })
        .where(and(eq(surveyVersions.surveyId, surveyId), eq(surveyVersions.version, survey.currentVersion), sql`${surveyVersions.publishedAt} is null`));
    }
  }).finally(surveysWritten);
  return (await getSurveyById(db, { id: surveyId }))!;
}

/** A copy for another antenna or sector: a new draft with the current definition as version 1. */
export async function duplicateSurvey(
  db: Db,
  { surveyId, slug, antennas, sectors, createdBy }: { surveyId: string; slug: string; antennas: string[]; sectors: string[]; createdBy: string | null },
): Promise<Survey> {
  const source = await getSurveyById(db, { id: surveyId });
  if (!source) throw new AppError(404, "not_found");
  const definition = await getDefinition(db, { surveyId, version: source.currentVersion });
  return createSurvey(db, {
    slug,
    title: source.title,
    definition: definition ?? {},
    createdBy,
    settings: {
      antennas,
      sectors,
      locales: source.locales,
      minGroupSize: source.minGroupSize,
      access: source.access,
      anonymous: source.anonymous,
      opensAt: null,
      closesAt: null,
    },
  });
}
