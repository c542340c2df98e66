// The recommendations of one survey for one segment, as the page, the API and
// the CSV export show them: complete responses loaded once into the engine's
// index (cached while they do not change), the engine run, and every reason and
// choice said in the reader's language. The engine enforces the privacy rule;
// nothing here adds a figure it did not return.
import { stringify } from "csv-stringify/sync";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { requireApiUser } from "~/auth/guard.server";
import { codeSchema, listAntennas, listSectors, localizedName } from "~/catalogue/catalogue.server";
import type { Db } from "~/db/client.server";
import { responses } from "~/db/schema";
import type { Locale } from "~/db/values";
import { AppError, isAppError } from "~/http/errors";
import { getLocale, getT } from "~/i18n/i18n.server";
import { neutralizeCell } from "~/results/export.server";
import type { SegmentRefusal } from "~/results/privacy";
import { resolveShareLink } from "~/results/share-links.server";
import type { Interval } from "~/results/wilson";
import { roleQuestions } from "~/surveys/definition.server";
import type { QuestionRole, RoleQuestion } from "~/surveys/roles";
import { requireSurvey } from "~/surveys/survey-action.server";
import { getDefinition, getSurveyBySlug, type Survey } from "~/surveys/surveys.server";
import { type AnswerIndex, indexAnswers } from "./answers";
import { greedyRatio } from "./coverage";
import { DEFAULT_PROGRAMME_SIZE, recommendFromIndex } from "./engine";
import { choiceLabels, formatReasons, type LabelOf, type Translate } from "./reasons";
import type { Proposal, Recommendations, Segment, ThemeFigure } from "./types";

export const MAX_PROGRAMME_SIZE = 10;

// An empty field of the GET form means "all".
const optionalCode = z.preprocess((value) => (value === "" || value === null ? undefined : value), codeSchema.optional());

export const recommendationQuery = z.object({
  antenna: optionalCode,
  sector: optionalCode,
  k: z.preprocess(
    (value) => (value === "" || value === null ? undefined : Number(value)),
    z.number().int("invalid_value").min(1, "invalid_value").max(MAX_PROGRAMME_SIZE, "invalid_value").default(DEFAULT_PROGRAMME_SIZE),
  ),
});
export type RecommendationQuery = z.infer<typeof recommendationQuery>;

/** `?antenna=&sector=&k=` read and checked; a bad value is a 400 with the field named. */
export function parseRecommendationQuery(url: URL): RecommendationQuery {
  const parsed = recommendationQuery.safeParse({
    antenna: url.searchParams.get("antenna"),
    sector: url.searchParams.get("sector"),
    k: url.searchParams.get("k"),
  });
  if (parsed.success) return parsed.data;
  const fields = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join(".") || "_", issue.message === "invalid_code" ? "invalid_code" : "invalid_value"]));
  throw new AppError(400, "invalid_request", fields);
}

// ---------------------------------------------------------------------------
// Loading, with a small cache

type Loaded = { questions: RoleQuestion[]; index: AnswerIndex };

/** Indexes of the last few surveys read: a reader switching segments should not reload every answer. */
const CACHE_SIZE = 8;
const cache = new Map<string, { key: string; loaded: Promise<Loaded> }>();

/**
 * What identifies the answers at hand: a complete response is never changed, so
 * the count and the latest update move whenever one is added or removed; the
 * sum of hashed ids also catches a deletion and an addition on the same day
 * (anonymous surveys keep only the day of an update), and the version the role questions.
 */
async function answersKey(db: Db, survey: Survey): Promise<string> {
  const [row] = await db
    .select({
      n: sql<number>`count(*)::int`,
      latest: sql<string | null>`max(${responses.updatedAt})::text`,
      ids: sql<string | null>`sum(hashtext(${responses.id}::text)::bigint)::text`,
    })
    .from(responses)
    .where(and(eq(responses.surveyId, survey.id), eq(responses.complete, true)));
  return [survey.currentVersion, row?.n ?? 0, row?.latest ?? "", row?.ids ?? ""].join("|");
}

async function loadIndex(db: Db, survey: Survey): Promise<Loaded> {
  const definition = (await getDefinition(db, { surveyId: survey.id, version: survey.currentVersion })) ?? {};
  const questions = roleQuestions(definition);
  // Only what the engine reads; partial responses are not answers yet.
  const rows = await db
    .select({ antenna: responses.antenna, sector: responses.sector, answers: responses.answers })
    .from(responses)
    .where(and(eq(responses.surveyId, survey.id), eq(responses.complete, true)));
  return { questions, index: indexAnswers(questions, rows) };
}

/** The engine's index of a survey's complete responses, rebuilt only when they changed. */
export async function loadAnswerIndex(db: Db, { survey }: { survey: Survey }): Promise<Loaded> {
  const key = await answersKey(db, survey);
  const hit = cache.get(survey.id);
  cache.delete(survey.id);
  if (hit && hit.key === key) {
    cache.set(survey.id, hit);
    return hit.loaded;
  }
  // The promise is cached, so readers arriving together share one load.
  const loaded = loadIndex(db, survey);
  const entry = { key, loaded };
  cache.set(survey.id, entry);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  loaded.catch(() => {
    if (cache.get(survey.id) === entry) cache.delete(survey.id);
  });
  return loaded;
}

// ---------------------------------------------------------------------------
// What the reader sees

type Labels = { theme: string; format: string | null; venue: string | null; slot: string | null; frequency: string | null };
export type ProposalView = Omit<Proposal, "reasons"> & { reasons: string[]; labels: Labels };
export type ThemeView = ThemeFigure & { label: string };
export type ProgrammeView = {
  k: number;
  proposals: ProposalView[];
  reached: number | null;
  share: number | null;
  interval: Interval | null;
  reasons: string[];
  /** Greedy reaches at least this share of the best choice of k proposals. */
  greedyRatio: number;
  greedyNote: string;
};
export type PartnerMeetingView = {
  antenna: string | null;
  skill: string;
  offers: number;
  needs: number;
  reasons: string[];
  labels: { antenna: string | null; skill: string };
};
export type PairView = { themes: [string, string]; together: number; lift: number; reasons: string[]; labels: [string, string] };
export type MissingRoleView = { role: QuestionRole; message: string };

export type RecommendationsView =
  | {
      suppressed: true;
      reason: SegmentRefusal;
      message: string;
      minGroupSize: number;
      segment: Segment;
      n?: undefined;
      themes: [];
      proposals: [];
      programme: null;
      partnerMeetings: [];
      transversalThemes: [];
      missingRoles: MissingRoleView[];
    }
  | {
      suppressed: false;
      minGroupSize: number;
      segment: Segment;
      n: number;
      themes: ThemeView[];
      proposals: ProposalView[];
      programme: ProgrammeView | null;
      partnerMeetings: PartnerMeetingView[];
      transversalThemes: PairView[];
      missingRoles: MissingRoleView[];
    };

/** A choice's text in the reader's language; antennas and sectors by their catalogue names first. */
async function labeller(db: Db, questions: RoleQuestion[], locale: Locale): Promise<LabelOf> {
  const [antennas, sectors] = await Promise.all([listAntennas(db), listSectors(db)]);
  const names = new Map<string, string>([
    ...antennas.map((a): [string, string] => [`profile.antenna\u0000${a.code}`, localizedName(a.name, locale)]),
    ...sectors.map((s): [string, string] => [`profile.sector\u0000${s.code}`, localizedName(s.name, locale)]),
  ]);
  const choices = choiceLabels(questions, locale);
  return (role, value) => names.get(`${role}\u0000${value}`) ?? choices(role, value);
}

/**
 * Shown counts largest first, then the ones too small or hidden, then the
 * themes nobody chose: the engine puts a 0 before "fewer than 5", which reads
 * as if no interest ranked above some. Stable, so ties keep the engine's order.
 */
function rankForReaders(themes: ThemeFigure[]): ThemeFigure[] {
  const rank = (theme: ThemeFigure) => (theme.count === null ? 1 : theme.count === 0 ? 2 : 0);
  return [...themes].sort((a, b) => rank(a) - rank(b));
}

export function present(recommendations: Recommendations, { t, label }: { t: Translate; label: LabelOf }): RecommendationsView {
  const text = (role: QuestionRole, value: string) => label(role, value) ?? value;
  const optional = (role: QuestionRole, value: string | null) => (value === null ? null : text(role, value));
  const say = (key: string, params: Record<string, unknown>, ns = "networking") => t(key, { ns, ...params });
  const missingRoles = recommendations.missingRoles.map(({ role, reason }) => ({ role, message: formatReasons([reason], { t, label })[0]! }));
  const { minGroupSize, segment } = recommendations;
  if (recommendations.suppressed) {
    return {
      suppressed: true,
      reason: recommendations.reason,
      message: say(`suppressed.${recommendations.reason}`, { count: minGroupSize }),
      minGroupSize,
      segment,
      themes: [],
      proposals: [],
      programme: null,
      partnerMeetings: [],
      transversalThemes: [],
      missingRoles,
    };
  }
  const proposal = ({ reasons, ...rest }: Proposal): ProposalView => ({
    ...rest,
    reasons: formatReasons(reasons, { t, label }),
    labels: {
      theme: text("interest.theme", rest.theme),
      format: optional("preference.format", rest.format),
      venue: optional("preference.venue", rest.venue),
      slot: optional("availability.slot", rest.slot),
      frequency: optional("preference.frequency", rest.frequency),
    },
  });
  const { programme } = recommendations;
  const ratio = programme ? greedyRatio(Math.max(1, programme.proposals.length)) : 1;
  return {
    suppressed: false,
    minGroupSize,
    segment,
    n: recommendations.n,
    themes: rankForReaders(recommendations.themes).map((theme) => ({ ...theme, label: text("interest.theme", theme.theme) })),
    proposals: recommendations.proposals.map(proposal),
    programme: programme && {
      k: programme.k,
      proposals: programme.proposals.map(proposal),
      reached: programme.reached,
      share: programme.share,
      interval: programme.interval,
      reasons: formatReasons(programme.reasons, { t, label }),
      greedyRatio: ratio,
      greedyNote: say("programme.greedy", { count: programme.proposals.length, percent: Math.floor(100 * ratio) }, "recommendations"),
    },
    partnerMeetings: recommendations.partnerMeetings.map(({ reasons, ...meeting }) => ({
      ...meeting,
      reasons: formatReasons(reasons, { t, label }),
      labels: { antenna: optional("profile.antenna", meeting.antenna), skill: text("offer.skill", meeting.skill) },
    })),
    transversalThemes: recommendations.transversalThemes.map(({ reasons, ...pair }) => ({
      ...pair,
      reasons: formatReasons(reasons, { t, label }),
      labels: [text("interest.theme", pair.themes[0]), text("interest.theme", pair.themes[1])],
    })),
    missingRoles,
  };
}

/** The recommendations of a survey for one segment, in the reader's language. */
export async function getRecommendations(
  db: Db,
  { survey, query, locale }: { survey: Survey; query: RecommendationQuery; locale: Locale },
): Promise<RecommendationsView> {
  const { questions, index } = await loadAnswerIndex(db, { survey });
  const segment: Segment = { ...(query.antenna && { antenna: query.antenna }), ...(query.sector && { sector: query.sector }) };
  const recommendations = recommendFromIndex(index, { segment, minGroupSize: survey.minGroupSize, k: query.k });
  const t = getT(locale) as unknown as Translate;
  return present(recommendations, { t, label: await labeller(db, questions, locale) });
}

// ---------------------------------------------------------------------------
// Access

/**
 * For the API: staff and readers (session or bearer), or anyone holding a live
 * share link of this survey, whose antenna and sector the view cannot leave.
 * Credentials are checked before the survey, so a stranger learns no slug.
 */
export async function authorizeRecommendations(
  request: Request,
  { db, slug }: { db: Db; slug: string },
): Promise<{ survey: Survey; query: RecommendationQuery }> {
  const url = new URL(request.url);
  const token = url.searchParams.get("share");
  const link = token ? await resolveShareLink(db, { token }) : null;
  if (token && !link) throw new AppError(401, "unauthorized");
  if (!link) await requireApiUser(request, "results:read");
  const survey = await getSurveyBySlug(db, { slug });
  if (!survey || (link && link.surveyId !== survey.id)) throw new AppError(404, "not_found");
  const query = parseRecommendationQuery(url);
  if (link) {
    for (const name of ["antenna", "sector"] as const) {
      const locked = link[name];
      if (!locked) continue;
      if (query[name] !== undefined && query[name] !== locked) throw new AppError(403, "outside_share_link");
      query[name] = locked;
    }
  }
  return { survey, query };
}

/** For the staff page and its CSV: signed-in readers only; a bad query is a plain 400. */
export async function requireRecommendations(request: Request, { slug }: { slug: string | undefined }) {
  const { db, survey } = await requireSurvey(request, slug, "results:read");
  const locale = await getLocale(request);
  let query: RecommendationQuery;
  try {
    query = parseRecommendationQuery(new URL(request.url));
  } catch (error) {
    if (isAppError(error)) throw new Response("Bad request", { status: 400 });
    throw error;
  }
  return { db, survey, locale, query, view: await getRecommendations(db, { survey, query, locale }) };
}

// ---------------------------------------------------------------------------
// CSV export

/** The proposals with their reasons, headed in the reader's language; a refused segment has no rows to export. */
export function proposalsCsv(view: RecommendationsView, locale: Locale): string {
  const t = getT(locale);
  const head = ["theme", "format", "venue", "slot", "frequency", "participants", "share", "low", "high", "reasons"].map((column) =>
    t(`csv.${column}`, { ns: "recommendations" }),
  );
  const percent = (value: number) => Math.round(1000 * value) / 10;
  const rows = view.proposals.map((p) => [
    p.labels.theme,
    p.labels.format ?? "",
    p.labels.venue ?? "",
    p.labels.slot ?? "",
    p.labels.frequency ?? "",
    p.participants,
    percent(p.share),
    percent(p.interval.low),
    percent(p.interval.high),
    p.reasons.join(" "),
  ]);
  // The BOM lets spreadsheet programs read the accents as UTF-8.
  return stringify([head, ...rows].map((row) => row.map((cell) => (typeof cell === "string" ? neutralizeCell(cell) : cell))), { bom: true });
}
