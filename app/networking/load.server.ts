// The recommendations of one survey for one segment, as the page, the API and
// the CSV export show them: released responses read a page at a time and
// reduced for the engine's index (each release adds only its batch), the
// engine run (in its worker), and every reason and choice said in the reader's
// language. The engine enforces the privacy rule; nothing here adds a figure
// it did not return.
import { and, eq, gt, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { requireApiUser } from "~/auth/guard.server";
import { listAntennas, listSectors, localizedName } from "~/catalogue/catalogue.server";
import { codeSchema } from "~/catalogue/codes";
import type { Db } from "~/db/client.server";
import { responses } from "~/db/schema";
import type { Locale } from "~/db/values";
import { AppError, isAppError } from "~/http/errors";
import { emptyAsAbsent } from "~/http/query";
import { getLocale, getT } from "~/i18n/i18n.server";
import { protectionNotes, resultsCsv } from "~/results/export.server";
import type { SegmentRefusal } from "~/results/privacy";
import { batchSize } from "~/results/batches";
import { figuresOf } from "~/results/results.server";
import { releaseDue, type ReleaseState } from "~/responses/release.server";
import { keepToLink, resolveSharedSurvey, resolveShareLink } from "~/results/share-links.server";
import { getDb } from "~/db/db.server";
import type { Interval } from "~/results/wilson";
import { roleQuestions } from "~/surveys/definition.server";
import type { QuestionRole, RoleQuestion } from "~/surveys/roles";
import { requireSurvey } from "~/surveys/survey-action.server";
import { getDefinition, getSurveyBySlug, type Survey } from "~/surveys/surveys.server";
import { type AnswerIndexBuilder, answerIndexBuilder } from "./answers";
import { DEFAULT_PROGRAMME_SIZE } from "./engine";
import { computeRecommendations, type IndexSource } from "./worker.server";
import { choiceLabels, formatReasons, type LabelOf, type Translate } from "./reasons";
import type { ProgrammeBound, Proposal, Recommendations, Respondent, Segment, ThemeFigure } from "./types";

export const MAX_PROGRAMME_SIZE = 10;

const optionalCode = emptyAsAbsent(codeSchema);

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

/** A survey's released rows at one release (the worker lays out the index), with the recommendations already worked out from them (per view and programme size). */
type Loaded = { key: string; questions: RoleQuestion[]; source: IndexSource; computed: Map<string, Promise<Recommendations>> };

/**
 * What the index of a survey version was built from, kept to be carried on:
 * the rows of every release up to `through`, reduced by the builder. Released
 * responses never change (a complete one is never overwritten), so the next
 * release only adds its batch, unless it took withdrawn responses out.
 */
type Built = { version: number; builder: AnswerIndexBuilder; through: { number: number; releasedAt: number } };

/** Views kept per release: a working group switching between antennas gets each one computed once. */
const COMPUTED_PER_RELEASE = 64;

/** Indexes of the last few surveys read: a reader switching segments should not reload every answer. */
const CACHE_SIZE = 8;
type Entry = { key: string; loaded: Promise<Loaded>; built: Promise<Built> };
const cache = new Map<string, Entry>();

/** Rows read per query: a page is reduced and let go before the next one is read, so a large survey never sits in memory row by row. */
const PAGE_ROWS = 10_000;

/** The released responses of releases (after, through], page by page, release by release in the order of their record keys (an index serves it). */
async function addReleasedRows(
  db: Db,
  { surveyId, after, through, builder, pageRows }: { surveyId: string; after: number; through: number; builder: AnswerIndexBuilder; pageRows: number },
): Promise<void> {
  let last: { releasedIn: number; recordKey: number; id: string } | null = null;
  for (;;) {
    const page: (Omit<Respondent, "releasedIn"> & { id: string; recordKey: number; releasedIn: number | null })[] = await db
      .select({
        id: responses.id,
        antenna: responses.antenna,
        sector: responses.sector,
        locale: responses.locale,
        answers: responses.answers,
        recordKey: responses.recordKey,
        releasedIn: responses.releasedIn,
      })
      .from(responses)
      .where(
        and(
          eq(responses.surveyId, surveyId),
          eq(responses.complete, true),
          gt(responses.releasedIn, after),
          lte(responses.releasedIn, through),
          last ? sql`(${responses.releasedIn}, ${responses.recordKey}, ${responses.id}) > (${last.releasedIn}, ${last.recordKey}, ${last.id})` : undefined,
        ),
      )
      .orderBy(responses.releasedIn, responses.recordKey, responses.id)
      .limit(pageRows);
    builder.add(page.map((row) => ({ ...row, releasedIn: row.releasedIn ?? 0 })));
    if (page.length < pageRows) return;
    const end = page[page.length - 1]!;
    last = { releasedIn: end.releasedIn ?? 0, recordKey: end.recordKey, id: end.id };
  }
}

/** The release a built index can be carried on from: the same version, its last release still there (not erased and begun again), and nothing taken out since. */
function carriedFrom(built: Built | null, version: number, state: ReleaseState): Built | null {
  if (!built || built.version !== version) return null;
  const at = state.releases.findIndex((release) => release.number === built.through.number);
  if (at < 0 || state.releases[at]!.releasedAt.getTime() !== built.through.releasedAt) return null;
  return state.releases.slice(at + 1).some((release) => release.purged > 0) ? null : built;
}

async function buildIndex(db: Db, survey: Survey, state: ReleaseState, previous: Promise<Built> | null, pageRows: number): Promise<{ questions: RoleQuestion[]; built: Built }> {
  const definition = (await getDefinition(db, { surveyId: survey.id, version: survey.currentVersion })) ?? {};
  const questions = roleQuestions(definition);
  const last = state.releases.at(-1);
  const carried = carriedFrom(await previous?.catch(() => null) ?? null, survey.currentVersion, state);
  const builder = carried?.builder ?? answerIndexBuilder(questions);
  // Only what the engine reads, of the released responses: the same members as the results.
  await addReleasedRows(db, { surveyId: survey.id, after: carried?.through.number ?? 0, through: state.current, builder, pageRows });
  return { questions, built: { version: survey.currentVersion, builder, through: { number: last?.number ?? 0, releasedAt: last?.releasedAt.getTime() ?? 0 } } };
}

/**
 * A survey's released responses reduced for the engine's index, after making
 * the release that is due: read again only when a new release (or version) came,
 * since released figures do not move in between; a new release of the same
 * version reads only its own batch.
 */
export async function loadReleasedRows(db: Db, { survey, pageRows = PAGE_ROWS }: { survey: Survey; pageRows?: number }): Promise<Loaded & { state: ReleaseState }> {
  const state = await releaseDue(db, figuresOf(survey));
  const key = `${survey.id}|${survey.currentVersion}|${state.current}`;
  const hit = cache.get(survey.id);
  cache.delete(survey.id);
  if (hit && hit.key === key) {
    cache.set(survey.id, hit);
    return { ...(await hit.loaded), state };
  }
  // The promise is cached, so readers arriving together share one load; the next release waits for this one to carry it on.
  const building = buildIndex(db, survey, state, hit?.built ?? null, pageRows);
  const built = building.then(({ built }) => built);
  const loaded = building.then(({ questions, built }) => ({ key, questions, source: { rows: built.builder.rows(), releases: state.releases }, computed: new Map() }));
  const entry: Entry = { key, loaded, built };
  cache.set(survey.id, entry);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  loaded.catch(() => {
    if (cache.get(survey.id) === entry) cache.delete(survey.id);
  });
  built.catch(() => undefined);
  return { ...(await loaded), state };
}

// ---------------------------------------------------------------------------
// What the reader sees

type Labels = {
  antenna: string | null;
  theme: string;
  format: string | null;
  venue: string | null;
  slot: string | null;
  frequency: string | null;
  /** The meeting's languages, named in the reader's language. */
  languages: string[];
  alternativeSlot: string | null;
  alternativeVenue: string | null;
};
export type ProposalView = Omit<Proposal, "reasons"> & { reasons: string[]; labels: Labels };
export type ThemeView = ThemeFigure & { label: string };
export type ProgrammeView = {
  k: number;
  proposals: ProposalView[];
  reached: number | null;
  share: number | null;
  interval: Interval | null;
  reasons: string[];
  /** What greedy guarantees against the best k meetings (engine's bound). */
  bound: ProgrammeBound;
  /** That guarantee in words. */
  greedyNote: string;
};
export type PartnerMeetingView = {
  antenna: string | null;
  skill: string;
  offers: number;
  needs: number;
  matches: number;
  reasons: string[];
  labels: { antenna: string | null; skill: string };
};
export type PairView = { themes: [string, string]; together: number; lift: number; pValue: number; reasons: string[]; labels: [string, string] };
export type MissingRoleView = { role: QuestionRole; message: string };

/** What the reader is told of how the figures are protected (components/results/protection.tsx). */
export type ProtectionView = { batch: number; releasedAt: string | null; access: "public" | "invitation" };

export type RecommendationsView = (
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
    }
) & { protection: ProtectionView };

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

/** The programme's guarantee, true as stated (engine.ts, programmeBound): percentages rounded down, the ceiling rounded up. */
function boundNote(programme: NonNullable<Extract<Recommendations, { suppressed: false }>["programme"]>, minGroupSize: number, say: (key: string, params: Record<string, unknown>, ns?: string) => string): string {
  const { bound, k, proposals } = programme;
  const percent = Math.floor(100 * bound.ratio);
  if (bound.kind === "greedy") return say(k === 1 ? "programme.greedyOne" : "programme.greedy", { count: k, percent }, "recommendations");
  return say("programme.stopped", { count: proposals.length, k, min: minGroupSize, percent, atMost: Math.ceil(bound.atMost) }, "recommendations");
}

export function present(
  recommendations: Recommendations,
  { t, label, protection, locale }: { t: Translate; label: LabelOf; protection: ProtectionView; locale: Locale },
): RecommendationsView {
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
      protection,
    };
  }
  const languageNames = new Intl.DisplayNames([locale], { type: "language" });
  const proposal = ({ reasons, ...rest }: Proposal): ProposalView => ({
    ...rest,
    reasons: formatReasons(reasons, { t, label }),
    labels: {
      antenna: optional("profile.antenna", rest.antenna),
      theme: text("interest.theme", rest.theme),
      format: optional("preference.format", rest.format),
      venue: optional("preference.venue", rest.venue),
      slot: optional("availability.slot", rest.slot),
      frequency: optional("preference.frequency", rest.frequency),
      languages: rest.languages.map((language) => languageNames.of(language) ?? language),
      alternativeSlot: optional("availability.slot", rest.alternatives.slot?.value ?? null),
      alternativeVenue: optional("preference.venue", rest.alternatives.venue?.value ?? null),
    },
  });
  const { programme } = recommendations;
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
      bound: programme.bound,
      greedyNote: boundNote(programme, minGroupSize, say),
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
    protection,
  };
}

/** The recommendations of a survey for one segment, in the reader's language. */
export async function getRecommendations(
  db: Db,
  { survey, query, locale }: { survey: Survey; query: RecommendationQuery; locale: Locale },
): Promise<RecommendationsView> {
  const { key: indexKey, questions, source, computed, state } = await loadReleasedRows(db, { survey });
  const segment: Segment = { ...(query.antenna && { antenna: query.antenna }), ...(query.sector && { sector: query.sector }) };
  // Released figures move only with a new release (which brings a new index): what was worked out for it stands.
  const key = `${segment.antenna ?? ""}|${segment.sector ?? ""}|${query.k}|${survey.minGroupSize}`;
  // The promise is kept, so readers arriving together share one computation (off this thread in production: worker.server.ts).
  let pending = computed.get(key);
  if (!pending) {
    pending = computeRecommendations(indexKey, source, { segment, minGroupSize: survey.minGroupSize, k: query.k });
    computed.set(key, pending);
    pending.catch(() => computed.delete(key));
    if (computed.size > COMPUTED_PER_RELEASE) computed.delete(computed.keys().next().value!);
  }
  const recommendations = await pending;
  const t = getT(locale) as unknown as Translate;
  const protection: ProtectionView = {
    batch: batchSize({ released: state.released, minGroupSize: recommendations.minGroupSize }),
    // The date of the release the segment shows, which may be older than the survey's latest.
    releasedAt: (recommendations.suppressed ? undefined : state.releases.find((release) => release.number === recommendations.release))?.releasedAt.toISOString() ?? null,
    access: survey.access,
  };
  return present(recommendations, { t, label: await labeller(db, questions, locale), protection, locale });
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
  if (link) keepToLink(query, link);
  return { survey, query };
}

/** A page's query; a bad one is a plain 400 (pages and their CSV, not the JSON API). */
function pageQuery(request: Request): RecommendationQuery {
  try {
    return parseRecommendationQuery(new URL(request.url));
  } catch (error) {
    if (isAppError(error)) throw new Response("Bad request", { status: 400 });
    throw error;
  }
}

/** The recommendations a share link opens (its page and CSV), or null for a link that is unknown, expired or revoked. */
export async function loadSharedRecommendations(request: Request, { token }: { token: string }) {
  const db = await getDb();
  const shared = await resolveSharedSurvey(db, { token });
  if (!shared) return null;
  const locale = await getLocale(request);
  const query = pageQuery(request);
  keepToLink(query, shared.link, { strict: false });
  return { db, survey: shared.survey, link: shared.link, locale, query, view: await getRecommendations(db, { survey: shared.survey, query, locale }) };
}

/** For the staff page and its CSV: signed-in readers only; a bad query is a plain 400. */
export async function requireRecommendations(request: Request, { slug }: { slug: string | undefined }) {
  const { db, survey } = await requireSurvey(request, slug, "results:read");
  const locale = await getLocale(request);
  const query = pageQuery(request);
  return { db, survey, locale, query, view: await getRecommendations(db, { survey, query, locale }) };
}

// ---------------------------------------------------------------------------
// CSV export

/** The proposals with their reasons, headed in the reader's language, written as the results' CSV is (";" and decimal commas in French and Dutch); a refused view has no rows. */
export function proposalsCsv(view: RecommendationsView, locale: Locale): string {
  const t = getT(locale);
  const columns = ["antenna", "theme", "format", "venue", "slot", "startsAt", "frequency", "participants", "turnoutLow", "turnoutHigh", "languages", "share", "low", "high", "reasons"];
  const head = columns.map((column) => t(`csv.${column}`, { ns: "recommendations" }));
  const percent = (value: number) => Math.round(1000 * value) / 10;
  const rows = view.proposals.map((p) => [
    p.labels.antenna ?? t("proposals.online", { ns: "recommendations" }),
    p.labels.theme,
    p.labels.format ?? "",
    p.labels.venue ?? "",
    p.labels.slot ?? "",
    p.startsAt ?? "",
    p.labels.frequency ?? "",
    p.participants,
    p.turnout.low,
    p.turnout.high,
    p.labels.languages.join(", "),
    percent(p.share),
    percent(p.interval.low),
    percent(p.interval.high),
    p.reasons.join(" "),
  ]);
  return resultsCsv([head, ...rows], protectionNotes({ minGroupSize: view.minGroupSize, ...view.protection }, locale), locale);
}

/** The CSV as a download; a refused view exports nothing, not even an empty table that would confirm its size. */
export function proposalsCsvResponse(view: RecommendationsView, locale: Locale, slug: string): Response {
  if (view.suppressed) return new Response(view.message, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  const where = [view.segment.antenna ?? "all", view.segment.sector].filter(Boolean).join("-");
  return new Response(proposalsCsv(view, locale), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${slug}-recommendations-${where}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
