import { and, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { hashSecret, newSecret } from "~/auth/secrets.server";
import { listAntennas, listSectors } from "~/catalogue/catalogue.server";
import type { Db } from "~/db/client.server";
import { responses } from "~/db/schema";
import { LOCALES, type Locale } from "~/db/values";
import { AppError } from "~/http/errors";
import { readOptions } from "~/surveys/options";
import { listQuestions, type QuestionInfo } from "~/surveys/definition.server";
import type { SurveyJson } from "~/surveys/survey-core.server";
import { getDefinition, type Survey } from "~/surveys/surveys.server";
import { checkAnswers } from "./answers.server";
import { FREE_TEXT_TYPES, WITHDRAWN_TEXT } from "./release.server";
import { bindInvitation, findInvitation, useInvitation } from "./invitations.server";

// The one owner of the responses table: every save of a member's answers,
// from the page or the API, comes through submitResponse().

export const responseBody = z.object({
  id: z.string().uuid("invalid_response_id"),
  locale: z.enum(LOCALES, { errorMap: () => ({ message: "invalid_locale" }) }),
  antenna: z.string().max(40).nullish(),
  sector: z.string().max(40).nullish(),
  answers: z.record(z.unknown(), { invalid_type_error: "invalid_answers" }),
  complete: z.boolean({ invalid_type_error: "invalid_value", required_error: "required" }),
  invitation: z.string().min(16).max(200).nullish(),
  /** Required, true, for any save of a survey whose staff ask for explicit consent. */
  consent: z.boolean({ invalid_type_error: "invalid_value" }).optional(),
});
export type ResponseBody = z.infer<typeof responseBody>;

export type SubmitResult = { created: boolean; body: { id: string; status: "partial" | "complete" } };

/** Whether members can answer now; the error says why not (DESIGN.md's statuses). */
export function assertAnswerable(survey: Survey | null): asserts survey is Survey {
  if (!survey || survey.effectiveStatus === "draft") throw new AppError(404, "not_found");
  if (survey.effectiveStatus === "scheduled") throw new AppError(403, "survey_not_open_yet");
  if (survey.effectiveStatus !== "open") throw new AppError(410, "survey_closed");
}

/** What the member page stores beside the answers, in the same statement. */
type SaveExtras = {
  /** The page the member is on now (to resume there). */
  page?: number;
  /** A "finish later" link's or a receipt's secret: its hash is stored with the save. */
  token?: string;
  /**
   * A page of answers to add to the partial response in the database (an
   * autosave) rather than the whole response: these names are removed, then
   * the answers given are set. Partial saves only.
   */
  merge?: { cleared: string[] };
};

/**
 * Saves a partial or complete response, idempotently by its client-made id:
 * a partial is updated until complete; a complete one is never overwritten
 * (an identical replay answers the same body, a different one 409). One
 * statement: the member page's page and token go with the answers.
 */
export async function submitResponse(db: Db, { survey, body, extras = {} }: { survey: Survey | null; body: ResponseBody; extras?: SaveExtras }): Promise<SubmitResult> {
  assertAnswerable(survey);
  if (!survey.locales.includes(body.locale)) throw new AppError(400, "invalid_request", { locale: "invalid_locale" });

  // With an invitation, a replay must answer before the (now used) invitation is checked. Without
  // one, the upsert below refuses a complete or foreign row by itself, and only then is it read.
  if (body.invitation) {
    const existing = await getResponseRow(db, body.id);
    if (existing) {
      if (existing.surveyId !== survey.id) throw new AppError(409, "response_conflict");
      if (existing.complete) return replay(existing, body);
    }
  }

  // Where staff ask for consent, nothing is stored without it, not even a partial save.
  if (body.consent !== true && readOptions(survey.settings).requireConsent) {
    throw new AppError(400, "consent_required", { consent: "consent_required" });
  }
  const invitation = await resolveInvitation(db, survey, body.invitation ?? null);
  const { definition, questions } = await surveyVersion(db, survey);
  const checked = checkAnswers({ definition, answers: body.answers, complete: body.complete, questions });
  if (!checked.ok) throw new AppError(400, "invalid_answers", checked.fields);

  const profile = (role: string) => {
    const question = questions.find((q) => q.role === role);
    const value = question ? checked.answers[question.name] : undefined;
    return typeof value === "string" ? value : null;
  };
  const antenna = invitation?.antenna ?? body.antenna ?? profile("profile.antenna");
  const sector = invitation?.sector ?? body.sector ?? profile("profile.sector");
  // An antenna or sector given beside the answers must be known and one the survey targets.
  if (!invitation && (body.antenna || body.sector)) await assertTargeted(db, survey, body);

  const params: UpsertParams = {
    id: body.id,
    surveyId: survey.id,
    version: survey.currentVersion,
    locale: body.locale,
    antenna,
    sector,
    answers: checked.answers,
    complete: body.complete,
    // An anonymous response keeps no link to its invitation (DESIGN.md)…
    invitationId: survey.anonymous ? null : (invitation?.id ?? null),
    // …and no time finer than the day that could match it to an invitation's use.
    dayOnly: survey.anonymous,
    page: extras.page ?? null,
    resumeTokenHash: extras.token ? hashSecret(extras.token) : null,
    cleared: extras.merge?.cleared ?? [],
  };
  if (extras.merge && body.complete) throw new Error("a complete response is saved whole, not merged");
  const upserted = (rows: { inserted: boolean }[]) => {
    if (rows.length === 0) throw new AppError(409, "already_submitted");
    return rows[0]!;
  };
  // An invitation keeps one response: its first partial binds it (a second one started with it is refused).
  if (invitation && !body.complete) await bindInvitation(db, { invitation, responseId: body.id });
  // One statement is atomic by itself: a transaction only when an invitation is used up with it.
  const saved = await (
    body.complete && invitation
      ? db.transaction(async (tx) => {
          await useInvitation(tx as unknown as Db, { invitationId: invitation.id, responseId: body.id });
          return upserted(await upsertStatement(tx).execute(params));
        })
      : (extras.merge ? preparedMerge(db) : preparedUpsert(db)).execute(params).then(upserted)
  ).catch(async (error: unknown) => {
    // A complete save that raced another one with the same id: answer as a replay would.
    if (error instanceof AppError && error.code === "already_submitted") {
      const now = await getResponseRow(db, body.id);
      if (now && now.surveyId !== survey.id) throw new AppError(409, "response_conflict");
      if (now?.complete) return { replay: replay(now, body) };
    }
    throw error;
  });
  if ("replay" in saved) return saved.replay;
  return { created: saved.inserted, body: { id: body.id, status: body.complete ? "complete" : "partial" } };
}

type UpsertParams = {
  id: string;
  surveyId: string;
  version: number;
  locale: Locale;
  antenna: string | null;
  sector: string | null;
  answers: Record<string, unknown>;
  complete: boolean;
  invitationId: string | null;
  /** Store the save's time to the day only (anonymous surveys). */
  dayOnly: boolean;
  /** Null keeps the stored page (the JSON API knows no pages). */
  page: number | null;
  /** Null keeps the stored token. */
  resumeTokenHash: string | null;
  /** A merged save: the answers removed before the given ones are added. */
  cleared: string[];
};

/**
 * Inserts a save, or updates the partial response with its id; never over a
 * complete response, nor over another survey's (no row back then). Written
 * with placeholders, so the query is built once and prepared (building it
 * was a fifth of a submission's time).
 */
function upsertStatement(db: Pick<Db, "insert">, { merge = false }: { merge?: boolean } = {}) {
  const p = (name: keyof UpsertParams) => sql.placeholder(name);
  const values = {
    surveyId: p("surveyId"),
    version: p("version"),
    locale: p("locale"),
    antenna: p("antenna"),
    sector: p("sector"),
    answers: p("answers"),
    complete: p("complete"),
    invitationId: p("invitationId"),
    updatedAt: sql`case when ${p("dayOnly")}::boolean then date_trunc('day', now()) else now() end`,
  };
  // An update takes every value but the id from the row it replaces ("excluded").
  const excluded = Object.fromEntries(
    Object.keys(values).map((key) => [key, sql.raw(`excluded.${responses[key as keyof typeof values].name}`)]),
  ) as Record<keyof typeof values, SQL>;
  // The page and the token are kept when a save brings none (an autosave keeps the "finish later" link).
  const kept = {
    page: sql`coalesce(${p("page")}::int, ${responses.page})`,
    resumeTokenHash: sql`coalesce(${p("resumeTokenHash")}::text, ${responses.resumeTokenHash})`,
    // A merged save adds a page to the answers stored, without reading them first.
    ...(merge ? { answers: sql`(${responses.answers} - ${p("cleared")}::text[]) || excluded.answers` } : {}),
  };
  return db
    .insert(responses)
    .values({ id: p("id"), ...values, page: sql`coalesce(${p("page")}::int, 0)`, resumeTokenHash: p("resumeTokenHash") })
    .onConflictDoUpdate({
      target: responses.id,
      set: { ...excluded, ...kept },
      setWhere: sql`${responses.complete} = false and ${responses.surveyId} = ${p("surveyId")}`,
    })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
}

type Prepared = ReturnType<ReturnType<typeof upsertStatement>["prepare"]>;
const prepared = new WeakMap<Db, { replace: Prepared; merge: Prepared }>();
function preparedStatements(db: Db) {
  let statements = prepared.get(db);
  if (!statements) {
    statements = { replace: upsertStatement(db).prepare("submit_response"), merge: upsertStatement(db, { merge: true }).prepare("merge_response") };
    prepared.set(db, statements);
  }
  return statements;
}
const preparedUpsert = (db: Db) => preparedStatements(db).replace;
const preparedMerge = (db: Db) => preparedStatements(db).merge;

type SurveyVersion = { definition: SurveyJson; questions: QuestionInfo[] };
const versions = new Map<string, Promise<SurveyVersion>>();
const MAX_CACHED_VERSIONS = 100;

/**
 * A survey version's definition and question list, read and built once per
 * process (building survey-core's model is the costly part of a submission).
 * A version is edited in place only before it is answered, and every edit
 * moves the survey's updatedAt, which is part of the key.
 */
export function surveyVersion(db: Db, survey: Survey): Promise<SurveyVersion> {
  const key = `${survey.id}:${survey.currentVersion}:${survey.updatedAt.getTime()}`;
  let found = versions.get(key);
  if (!found) {
    found = getDefinition(db, { surveyId: survey.id, version: survey.currentVersion }).then((stored) => {
      const definition = stored ?? {};
      return { definition, questions: listQuestions(definition) };
    });
    versions.set(key, found);
    found.catch(() => versions.delete(key));
    if (versions.size > MAX_CACHED_VERSIONS) versions.delete(versions.keys().next().value!);
  }
  return found;
}

async function assertTargeted(db: Db, survey: Survey, { antenna, sector }: { antenna?: string | null; sector?: string | null }) {
  const [antennas, sectors] = await Promise.all([listAntennas(db), listSectors(db)]);
  const targeted = (code: string, known: { code: string }[], targets: string[]) =>
    known.some((k) => k.code === code) && (targets.length === 0 || targets.includes(code));
  if (antenna && !targeted(antenna, antennas, survey.antennas)) throw new AppError(400, "invalid_request", { antenna: "unknown_antenna" });
  if (sector && !targeted(sector, sectors, survey.sectors)) throw new AppError(400, "invalid_request", { sector: "unknown_sector" });
}

async function resolveInvitation(db: Db, survey: Survey, token: string | null) {
  if (!token) {
    if (survey.access === "invitation") throw new AppError(403, "invitation_required");
    return null;
  }
  const invitation = await findInvitation(db, { surveyId: survey.id, token });
  if (!invitation) throw new AppError(403, "invitation_invalid");
  if (invitation.used) throw new AppError(409, "invitation_used");
  return invitation;
}

type Row = { id: string; surveyId: string; complete: boolean; answers: Record<string, unknown>; locale: string };

async function getResponseRow(db: Db, id: string): Promise<Row | null> {
  const [row] = await db
    .select({ id: responses.id, surveyId: responses.surveyId, complete: responses.complete, answers: responses.answers, locale: responses.locale })
    .from(responses)
    .where(eq(responses.id, id));
  return row ?? null;
}

/** A complete response sent again: the same body when identical, else a conflict. */
function replay(existing: Row, body: ResponseBody): SubmitResult {
  const same = body.complete && canonical(stripEmpty(body.answers)) === canonical(existing.answers);
  if (!same) throw new AppError(409, "already_submitted");
  return { created: false, body: { id: existing.id, status: "complete" } };
}

const stripEmpty = (answers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(answers).filter(([, v]) => !(v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0))));

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The answers of a partial response, to resume it (from this device's id or a "finish later" link). */
export async function getPartialResponse(db: Db, { surveyId, id }: { surveyId: string; id: string }) {
  const [row] = await db
    .select({ id: responses.id, answers: responses.answers, locale: responses.locale, complete: responses.complete, page: responses.page })
    .from(responses)
    .where(and(eq(responses.id, id), eq(responses.surveyId, surveyId)));
  return row ? { ...row, locale: row.locale as Locale } : null;
}

/** A "finish later" link: a fresh secret for this partial response, stored hashed. */
export function createResumeToken(db: Db, { surveyId, id }: { surveyId: string; id: string }): Promise<string | null> {
  return setResponseToken(db, { surveyId, id, complete: false });
}

/** A receipt for a completed response: the member's own link to withdraw it (GDPR), stored hashed. */
export function createReceiptToken(db: Db, { surveyId, id }: { surveyId: string; id: string }): Promise<string | null> {
  return setResponseToken(db, { surveyId, id, complete: true });
}

async function setResponseToken(db: Db, { surveyId, id, complete }: { surveyId: string; id: string; complete: boolean }): Promise<string | null> {
  const token = newSecret();
  const rows = await db
    .update(responses)
    .set({ resumeTokenHash: hashSecret(token) })
    .where(and(eq(responses.id, id), eq(responses.surveyId, surveyId), eq(responses.complete, complete)))
    .returning({ id: responses.id });
  return rows.length > 0 ? token : null;
}

/**
 * The member withdraws their own answers, named by a finish-later link or a
 * receipt. An answer never released is deleted at once. A released one leaves
 * the figures with the next release (docs/decisions/009: figures move only in
 * batches, or its absence alone would show its answers): until then it keeps
 * only its choices, without its words, its links or its tokens.
 */
export async function withdrawResponse(db: Db, { surveyId, token }: { surveyId: string; token: string }): Promise<boolean> {
  const byToken = and(eq(responses.surveyId, surveyId), eq(responses.resumeTokenHash, hashSecret(token)));
  const deleted = await db.delete(responses).where(and(byToken, sql`${responses.releasedIn} is null`)).returning({ id: responses.id });
  if (deleted.length > 0) return true;
  const [row] = await db.select({ id: responses.id, version: responses.version, answers: responses.answers }).from(responses).where(byToken);
  if (!row) return false;
  const definition = (await getDefinition(db, { surveyId, version: row.version })) ?? {};
  const free = new Set(listQuestions(definition).filter((question) => FREE_TEXT_TYPES.includes(question.type)).map((question) => question.name));
  const answers = Object.fromEntries(
    Object.entries(row.answers).map(([name, value]) => [name, (free.has(name) || name.endsWith("-Comment")) && isWritten(value) ? WITHDRAWN_TEXT : value]),
  );
  await db
    .update(responses)
    .set({ withdrawn: true, answers, resumeTokenHash: null, invitationId: null, updatedAt: new Date() })
    .where(eq(responses.id, row.id));
  return true;
}

/** A free-text value the summary counts as answered (so that its stand-in counts the same). */
const isWritten = (value: unknown) => !(value === null || value === "" || (Array.isArray(value) && value.length === 0) || (typeof value === "object" && value !== null && Object.keys(value).length === 0));

export async function findByResumeToken(db: Db, { surveyId, token }: { surveyId: string; token: string }) {
  const [row] = await db
    .select({ id: responses.id, answers: responses.answers, locale: responses.locale, complete: responses.complete })
    .from(responses)
    .where(and(eq(responses.surveyId, surveyId), eq(responses.resumeTokenHash, hashSecret(token))));
  return row ? { ...row, locale: row.locale as Locale } : null;
}
