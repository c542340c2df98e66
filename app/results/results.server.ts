// Results of a survey for one view (a combination of filters), in the shape of
// DESIGN.md's `GET /api/surveys/:slug/results`, with the privacy rule applied:
// every path (page, API, exports, report, share links) goes through here.
//
// The rule (privacy.ts, docs/decisions/009): the figures are those of the
// release the view's batch reached; every count is released through the cell
// key method; a view of fewer than k respondents is refused; free texts go out
// in one list only, the whole survey's, never filtered nor labelled.
import { type Db } from "~/db/client.server";
import { countReceived, releaseDue, type ReleaseState } from "~/responses/release.server";
import type { Survey } from "~/surveys/surveys.server";
import { batchSize } from "./batches";
import { addKeyed, type KeyedCount, NO_ONE } from "./cell-key";
import {
  type ProtectedCount,
  type SegmentRefusal,
  decideSegment,
  effectiveMinGroupSize,
  protectCount,
  releasedNumber,
  shareOf,
  withheld,
} from "./privacy";
import {
  type NumberBand,
  type QuestionSpec,
  type QuestionTally,
  type QuestionType,
  type ViewTally,
  type ResultFilters,
  isWholeSurvey,
  listFreeText,
  tallyView,
  viewReleasePoint,
} from "./aggregate.server";
import { type Keyword, keywordCounts } from "./keywords";
import { type Interval, wilsonInterval } from "./wilson";

export type { NumberBand, QuestionSpec, QuestionType, ResultFilters } from "./aggregate.server";

/** One list of written answers, in no meaningful order, with the words that recur across them. */
export type FreeText = { answers: string[]; keywords: Keyword[] };

/** Why a question's written answers are not shown in a view. */
export type FreeTextWithheld = { withheld: "too_few" | "whole_survey_only" };

export type QuestionResult = {
  name: string;
  type: QuestionType;
  /** Respondents who answered, adjusted; null (with lessThan) when fewer than k. */
  n: number | null;
  lessThan?: number;
  /** Choices, yes/no, rating: respondents per value; ranking: first places per item; number: per band; text: []. */
  options: ProtectedCount[];
  /** Rating: the mean of the released counts, null when none is shown. */
  mean?: number | null;
  /** Ranking: mean position (1 = first) per item, from the released counts per position. */
  ranks?: { value: string; meanRank: number | null }[];
  /** Matrix: per row, respondents per column. */
  rows?: { row: string; n: number | null; lessThan?: number; options: ProtectedCount[] }[];
  /** Text questions, and the "other" texts of a choice. */
  freeText?: FreeText | FreeTextWithheld;
};

/** Which release a view's figures come from, for the reader's note. */
export type ReleaseInfo = { number: number; releasedAt: string | null; batch: number };

export type Results =
  | { n: number; received?: number; minGroupSize: number; suppressed: false; release: ReleaseInfo; questions: QuestionResult[] }
  | { suppressed: true; reason: SegmentRefusal; minGroupSize: number; received?: number };

/** What the results need to know of a survey: its id, threshold and whether it still takes answers. */
export type FiguresOf = { surveyId: string; minGroupSize: number; closed: boolean };

export const figuresOf = (survey: Pick<Survey, "id" | "minGroupSize" | "effectiveStatus">): FiguresOf => ({
  surveyId: survey.id,
  minGroupSize: survey.minGroupSize,
  closed: survey.effectiveStatus === "closed" || survey.effectiveStatus === "archived",
});

/** Known choices first, in their order, then values only older versions or "other" gave. */
function orderedValues({ known = [], found }: { known?: string[]; found: Iterable<string> }): string[] {
  const extra = [...found].filter((value) => !known.includes(value)).sort((a, b) => (a === "other" ? 1 : b === "other" ? -1 : a.localeCompare(b)));
  return [...known, ...extra];
}

/** The key of a band as results and labels name it. */
export const bandValue = ({ from, to }: NumberBand) => `${from ?? ""}..${to ?? ""}`;

const inBand = (value: number, { from, to }: NumberBand) => (from === null || value >= from) && (to === null || value < to);

/** A number question's answers counted per band: never a raw value, sum, minimum or maximum. */
function bandCounts(values: Map<string, KeyedCount>, bands: NumberBand[]): Map<string, KeyedCount> {
  const counts = new Map(bands.map((band) => [bandValue(band), NO_ONE]));
  for (const [raw, count] of values) {
    const value = Number(raw);
    if (!Number.isFinite(value)) continue;
    const band = bands.find((candidate) => inBand(value, candidate));
    if (band) counts.set(bandValue(band), addKeyed(counts.get(bandValue(band))!, count));
  }
  return counts;
}

/** A question's own respondents as the reader sees them. */
function questionN(answered: KeyedCount, minGroupSize: number): { n: number | null; lessThan?: number } {
  const n = releasedNumber(answered, minGroupSize);
  return n === null ? { n: null, lessThan: minGroupSize } : { n };
}

/** The released counts of values, withheld as a whole when the question's own figure is. */
function released(values: string[], counts: Map<string, KeyedCount> | undefined, n: number | null, minGroupSize: number): ProtectedCount[] {
  const options = values.map((value) => protectCount({ value, count: counts?.get(value) ?? NO_ONE, minGroupSize }));
  return n === null ? withheld(options, minGroupSize) : options;
}

/** A mean over released counts per value; null when none is shown. */
function meanOf(pairs: { value: number; count: number | null }[]): number | null {
  let weight = 0;
  let sum = 0;
  for (const { value, count } of pairs) {
    if (count === null || !Number.isFinite(value)) continue;
    weight += count;
    sum += value * count;
  }
  return weight > 0 ? sum / weight : null;
}

function questionResult({ question, tally, minGroupSize }: { question: QuestionSpec; tally: QuestionTally | undefined; minGroupSize: number }): QuestionResult {
  const total = questionN(tally?.answered ?? NO_ONE, minGroupSize);
  const base = { name: question.name, type: question.type, ...total };
  switch (question.type) {
    case "single":
    case "multiple":
    case "boolean":
    case "rating": {
      const known = question.type === "boolean" ? ["true", "false"] : question.choices;
      const options = released(orderedValues({ known, found: tally?.options.keys() ?? [] }), tally?.options, total.n, minGroupSize);
      if (question.type !== "rating") return { ...base, options };
      return { ...base, options, mean: meanOf(options.map((option) => ({ value: Number(option.value), count: option.count }))) };
    }
    case "ranking": {
      const values = orderedValues({ known: question.choices, found: tally?.ranks.keys() ?? [] });
      const firsts = new Map(values.map((value) => [value, tally?.ranks.get(value)?.get(1) ?? NO_ONE]));
      const ranks = values.map((value) => {
        const positions = [...(tally?.ranks.get(value) ?? new Map<number, KeyedCount>())];
        const shown = positions.map(([position, count]) => ({ value: position, count: total.n === null ? null : releasedNumber(count, minGroupSize) }));
        return { value, meanRank: meanOf(shown) };
      });
      return { ...base, options: released(values, firsts, total.n, minGroupSize), ranks };
    }
    case "matrix": {
      const rowNames = orderedValues({ known: question.rows, found: tally?.cells.keys() ?? [] });
      const rows = rowNames.map((row) => {
        const cells = tally?.cells.get(row);
        // Each respondent gives one column per row: the row's respondents are the sum of its cells.
        const rowN = questionN([...(cells?.values() ?? [])].reduce(addKeyed, NO_ONE), minGroupSize);
        const columns = orderedValues({ known: question.columns, found: cells?.keys() ?? [] });
        return { row, ...rowN, options: released(columns, cells, total.n === null ? null : rowN.n, minGroupSize) };
      });
      return { ...base, options: [], rows };
    }
    case "number": {
      const bands = question.bands ?? [];
      return { ...base, options: released(bands.map(bandValue), bandCounts(tally?.options ?? new Map(), bands), total.n, minGroupSize) };
    }
    case "text":
      return { ...base, options: [] };
  }
}

/** Whose written answers a question collects: its own (text) or its "other" item's. */
const textKey = (question: QuestionSpec) => (question.type === "text" ? question.name : question.hasOther ? `${question.name}-Comment` : null);

/**
 * The one list of a question's written answers (DESIGN.md, "Free text"): the
 * whole survey's released texts, shown when at least k wrote one, never in a
 * filtered view (a list per filter would let two lists be subtracted), never
 * labelled with the writer's language, sector or date.
 */
async function freeTexts(
  db: Db,
  {
    surveyId,
    questions,
    filters,
    view,
    minGroupSize,
    limit,
  }: { surveyId: string; questions: QuestionSpec[]; filters: ResultFilters; view: ViewTally; minGroupSize: number; limit: number },
): Promise<Map<string, FreeText | FreeTextWithheld>> {
  const lists = new Map<string, FreeText | FreeTextWithheld>();
  // The summary counts who wrote each text: nothing to read (nor to withhold) where nobody did.
  const writers = (question: QuestionSpec) => view.questions.get(textKey(question) ?? "")?.answered.count ?? 0;
  const withText = questions.filter((question) => textKey(question) !== null && (question.type === "text" || writers(question) > 0));
  if (!withText.length) return lists;
  if (!isWholeSurvey(filters)) {
    for (const question of withText) lists.set(question.name, { withheld: "whole_survey_only" });
    return lists;
  }
  const read = withText.filter((question) => writers(question) >= minGroupSize);
  // At least k texts are needed: read k even if the page shows fewer.
  const texts = read.length ? await listFreeText({ db, surveyId, questions: read, limit: Math.max(limit, minGroupSize) }) : [];
  for (const question of withText) {
    const own = texts.filter((text) => text.question === question.name);
    // Fewer than k wrote one (counting only the versions that asked it as text).
    if (own.length < minGroupSize) lists.set(question.name, { withheld: "too_few" });
    else lists.set(question.name, { answers: own.slice(0, limit).map((text) => text.text), keywords: keywordCounts({ texts: own, minGroupSize }) });
  }
  return lists;
}

/**
 * The results of one view of a survey: the release due is made first, then the
 * view's counts read at the release its batch reached (one SQL query over the
 * summary response_counts, or over its members when it shows an earlier
 * release), then each count released by the rule. `received` is the exact
 * number of complete responses so far, asked only for the unfiltered view of
 * staff and readers.
 */
export async function getResults(
  db: Db,
  {
    surveyId,
    questions,
    minGroupSize: requestedMinGroupSize,
    closed = false,
    filters = {},
    // The first 300 texts per question: enough to read, and the payload stays small at any size.
    freeTextLimit = 300,
    withReceived = false,
  }: {
    surveyId: string;
    questions: QuestionSpec[];
    minGroupSize?: number | null;
    closed?: boolean;
    filters?: ResultFilters;
    freeTextLimit?: number;
    withReceived?: boolean;
  },
): Promise<Results> {
  const minGroupSize = effectiveMinGroupSize({ minGroupSize: requestedMinGroupSize });
  const state = await releaseDue(db, { surveyId, minGroupSize, closed });
  return resultsAt(db, { surveyId, questions, minGroupSize, filters, freeTextLimit, withReceived, state });
}

async function resultsAt(
  db: Db,
  {
    surveyId,
    questions,
    minGroupSize,
    filters,
    freeTextLimit,
    withReceived,
    state,
  }: { surveyId: string; questions: QuestionSpec[]; minGroupSize: number; filters: ResultFilters; freeTextLimit: number; withReceived: boolean; state: ReleaseState },
): Promise<Results> {
  const point = await viewReleasePoint(db, { surveyId, filters, state, minGroupSize });
  const view = await tallyView(db, { surveyId, questions, filters, point });
  const decision = decideSegment({ respondents: view.respondents, minGroupSize });
  const received = withReceived && isWholeSurvey(filters) ? { received: await countReceived(db, { surveyId }) } : {};
  if (!decision.allowed) return { suppressed: true, reason: decision.reason, minGroupSize, ...received };
  const results = questions.map((question) => questionResult({ question, tally: view.questions.get(question.name), minGroupSize }));
  const lists = await freeTexts(db, { surveyId, questions, filters, view, minGroupSize, limit: freeTextLimit });
  for (const result of results) {
    const list = lists.get(result.name);
    if (list) result.freeText = list;
  }
  // The date of the release this view shows, which may be older than the survey's latest.
  const releasedAt = state.releases.find((release) => release.number === point.release)?.releasedAt.toISOString() ?? null;
  return {
    n: decision.n,
    ...received,
    minGroupSize,
    suppressed: false,
    release: { number: point.release, releasedAt, batch: batchSize({ released: state.released, minGroupSize }) },
    questions: results,
  };
}

export type ComparedOption = { value: string; count: number | null; share: number | null; interval: Interval | null };

export type ComparedSegment = {
  /** The antenna or sector code; null for the whole cooperative. */
  value: string | null;
  suppressed: boolean;
  reason?: SegmentRefusal;
  n: number | null;
  questions: { name: string; type: QuestionType; n: number | null; options: ComparedOption[] }[];
};

/** What segments are cut by: antennas or sectors compared, or the answers to a choice question (a cross-table). */
type SegmentDimension = "antenna" | "sector" | "answer";

export type Segments = { minGroupSize: number; dimension: SegmentDimension; by?: string; segments: ComparedSegment[] };

/**
 * Views side by side at the same release state, each a view of its own under
 * the same rule (refused whole under k), as shares of each question's
 * respondents with 95 % Wilson intervals over the released counts; a withheld
 * count has no share. No free text: a comparison compares figures.
 */
async function segmentsAt(
  db: Db,
  { surveyId, questions, minGroupSize, state, segments }: { surveyId: string; questions: QuestionSpec[]; minGroupSize: number; state: ReleaseState; segments: { value: string | null; filters: ResultFilters }[] },
): Promise<ComparedSegment[]> {
  const compared = questions.filter((question) => question.type !== "text").map((question) => ({ ...question, hasOther: false }));
  const out: ComparedSegment[] = [];
  for (const { value, filters } of segments) {
    const results = await resultsAt(db, { surveyId, questions: compared, minGroupSize, filters, freeTextLimit: 0, withReceived: false, state });
    if (results.suppressed) {
      out.push({ value, suppressed: true, reason: results.reason, n: null, questions: [] });
      continue;
    }
    out.push({
      value,
      suppressed: false,
      n: results.n,
      questions: results.questions.map((question) => ({
        name: question.name,
        type: question.type,
        n: question.n,
        options: question.options.map((option) => {
          const share = shareOf(option.count, question.n);
          if (share === null || option.count === null || question.n === null) return { value: option.value, count: option.count, share: null, interval: null };
          return { value: option.value, count: option.count, share, interval: wilsonInterval({ count: Math.min(option.count, question.n), total: question.n }) };
        }),
      })),
    });
  }
  return out;
}

/** What views side by side need of a survey, and the filters they share. */
type SegmentsOf = { surveyId: string; questions: QuestionSpec[]; minGroupSize?: number | null; closed?: boolean; filters?: ResultFilters };

/** The survey's threshold and the release due, made first, that every segment is read at. */
async function releaseOf(db: Db, { surveyId, minGroupSize: requested, closed = false }: SegmentsOf): Promise<{ minGroupSize: number; state: ReleaseState }> {
  const minGroupSize = effectiveMinGroupSize({ minGroupSize: requested });
  return { minGroupSize, state: await releaseDue(db, { surveyId, minGroupSize, closed }) };
}

/**
 * Two or more antennas (or sectors) side by side with the whole cooperative
 * (the same other filters).
 */
export async function compareSegments(db: Db, args: SegmentsOf & { dimension: "antenna" | "sector"; values: string[] }): Promise<Segments> {
  const { dimension, values, filters = {}, surveyId, questions } = args;
  const { minGroupSize, state } = await releaseOf(db, args);
  const base: ResultFilters = { ...filters };
  delete base[dimension];
  const segments = [null, ...values].map((value) => ({ value, filters: value === null ? base : { ...base, [dimension]: value } }));
  return { minGroupSize, dimension, segments: await segmentsAt(db, { surveyId, questions, minGroupSize, state, segments }) };
}

/** The most columns a cross-table has: each is a view of its own, counted from its members' rows. */
const MAX_CROSS_COLUMNS = 25;

/**
 * A cross-table: the view's figures cut by the answers to one choice question,
 * a column per answer (those who gave it; with several answers a member is in
 * several columns), beside the whole view. Each column is a view of its own,
 * filtered by that answer: its counts are released by the cell key method like
 * any other view's (the same members always the same figure), it waits for its
 * own batch, and under k members it is refused whole.
 */
export async function crossTable(db: Db, args: SegmentsOf & { by: { question: string; values: string[] } }): Promise<Segments> {
  const { by, filters = {}, surveyId, questions } = args;
  const { minGroupSize, state } = await releaseOf(db, args);
  const columns = by.values.slice(0, MAX_CROSS_COLUMNS).map((value) => ({ value, filters: { ...filters, answer: { question: by.question, value } } }));
  const segments = [{ value: null, filters }, ...columns];
  return { minGroupSize, dimension: "answer", by: by.question, segments: await segmentsAt(db, { surveyId, questions: questions.filter((question) => question.name !== by.question), minGroupSize, state, segments }) };
}
