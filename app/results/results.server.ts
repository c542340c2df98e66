// Results of a survey for one view (a combination of filters), in the shape of
// DESIGN.md's `GET /api/surveys/:slug/results`, with the privacy rule applied:
// every path (page, API, exports, report, share links) goes through here.
//
// Which views a view is checked against: every ancestor, i.e. the same
// filters with any of them removed. A view on antenna=lie and sector=music is
// compared with "lie", "music" and the whole survey, not only with its direct
// parents: if all of lie were musicians and all musicians from lie, both
// parents would equal the view and only the whole survey would reveal a small
// rest. A view that includes partial responses is also compared with the same
// view without them (it is the one refused when a few partials would show).
//
// Known limits (see privacy.ts): adding up every sibling (all antennas)
// against the whole, or two overlapping date ranges, can still isolate a
// small count; the page offers whole months and the API should do the same.
import { type Db } from "~/db/client.server";
import { tallyNewResponses } from "~/responses/tally.server";
import {
  type ProtectedCount,
  type SegmentRefusal,
  decideSegment,
  effectiveMinGroupSize,
  mayShowFreeText,
  mayShowStatistic,
  protectCounts,
  protectPartition,
} from "./privacy";
import {
  type FilterDimension,
  type QuestionSpec,
  type QuestionTally,
  type QuestionType,
  type ResultFilters,
  type ViewTally,
  listFreeText,
  summaryServes,
  tallyAnswers,
  tallySummary,
  viewTally,
} from "./aggregate.server";
import { type Keyword, keywordFrequencies } from "./keywords";
import { type Interval, wilsonInterval } from "./wilson";

export type { QuestionSpec, QuestionType, ResultFilters } from "./aggregate.server";

export type FreeText = { answers: { locale: string; text: string }[]; keywords: Keyword[] };

export type QuestionResult = {
  name: string;
  type: QuestionType;
  /** Respondents who answered; null (with lessThan or hidden) like any count. */
  n: number | null;
  lessThan?: number;
  /** Choices, yes/no, rating: respondents per value; ranking: first places per item; others: []. */
  options: ProtectedCount[];
  /** Rating and number: the mean, null when its respondents are too few. */
  mean?: number | null;
  /** Ranking: mean position (1 = first) per item. */
  ranks?: { value: string; meanRank: number | null }[];
  /** Matrix: per row, respondents per column. */
  rows?: { row: string; n: number | null; lessThan?: number; options: ProtectedCount[] }[];
  /** Text questions, and the "other" texts of a choice: null when the rule hides them. */
  freeText?: FreeText | null;
};

export type Results =
  | { n: number; minGroupSize: number; suppressed: false; questions: QuestionResult[] }
  | { suppressed: true; reason: SegmentRefusal; minGroupSize: number };

/** Options that split the respondents: one answer each. */
const PARTITIONED: QuestionType[] = ["single", "boolean", "rating"];

/** Every strict subset of a list (the ancestors of a view), the empty set included. */
function strictSubsets<T>(items: T[]): T[][] {
  const subsets: T[][] = [];
  for (let bits = 0; bits < (1 << items.length) - 1; bits++) subsets.push(items.filter((_, i) => bits & (1 << i)));
  return subsets;
}

/** Known choices first, in their order, then values only older versions or "other" gave. */
function orderedValues({ known = [], found }: { known?: string[]; found: Iterable<string> }): string[] {
  const extra = [...found].filter((value) => !known.includes(value)).sort((a, b) => (a === "other" ? 1 : b === "other" ? -1 : a.localeCompare(b)));
  return [...known, ...extra];
}

const countsOf = (values: string[], counts: Map<string, number> | undefined) => values.map((value) => ({ value, count: counts?.get(value) ?? 0 }));

/** A count that is itself subject to the rule (a question's n, a matrix row's n). */
function protectTotal({ count, related, minGroupSize }: { count: number; related: number[]; minGroupSize: number }): { n: number | null; lessThan?: number } {
  const [shown] = protectCounts({ counts: [{ value: "n", count }], relatedCounts: related.map((other) => new Map([["n", other]])), minGroupSize });
  if (shown?.count == null) return shown && "lessThan" in shown ? { n: null, lessThan: shown.lessThan } : { n: null };
  return { n: shown.count };
}

function questionResult({
  question,
  tally,
  related,
  minGroupSize,
}: {
  question: QuestionSpec;
  tally: QuestionTally | undefined;
  related: (QuestionTally | undefined)[];
  minGroupSize: number;
}): QuestionResult {
  const answered = tally?.answered ?? 0;
  const relatedAnswered = related.map((other) => other?.answered ?? 0);
  const total = protectTotal({ count: answered, related: relatedAnswered, minGroupSize });
  const base = { name: question.name, type: question.type, ...total };
  const statisticShown = mayShowStatistic({ answered, relatedAnswered, minGroupSize });
  const optionsOf = (values: string[]) => {
    const counts = countsOf(values, tally?.options);
    const relatedCounts = related.map((other) => other?.options ?? new Map<string, number>());
    return PARTITIONED.includes(question.type) || question.type === "ranking"
      ? protectPartition({ counts, total: total.n, relatedCounts, minGroupSize })
      : { options: protectCounts({ counts, relatedCounts, minGroupSize }), total: total.n };
  };
  switch (question.type) {
    case "single":
    case "multiple":
    case "boolean":
    case "rating": {
      const known = question.type === "boolean" ? ["true", "false"] : question.choices;
      const { options, total: n } = optionsOf(orderedValues({ known, found: tally?.options.keys() ?? [] }));
      const result: QuestionResult = { ...base, n, options };
      if (question.type === "rating") {
        const sum = [...(tally?.options ?? [])].reduce((acc, [value, count]) => acc + Number(value) * count, 0);
        result.mean = statisticShown && answered > 0 ? sum / answered : null;
      }
      return result;
    }
    case "ranking": {
      const values = orderedValues({ known: question.choices, found: tally?.ranks.keys() ?? [] });
      const { options, total: n } = optionsOf(values);
      const ranks = values.map((value) => {
        const rank = tally?.ranks.get(value);
        const shown = rank && mayShowStatistic({ answered: rank.count, relatedAnswered: related.map((other) => other?.ranks.get(value)?.count ?? 0), minGroupSize });
        return { value, meanRank: shown ? rank.positionSum / rank.count : null };
      });
      return { ...base, n, options, ranks };
    }
    case "matrix": {
      const rowNames = orderedValues({ known: question.rows, found: tally?.cells.keys() ?? [] });
      const rows = rowNames.map((row) => {
        const cells = tally?.cells.get(row);
        const rowTotal = [...(cells?.values() ?? [])].reduce((acc, count) => acc + count, 0);
        const relatedCells = related.map((other) => other?.cells.get(row) ?? new Map<string, number>());
        const rowN = protectTotal({ count: rowTotal, related: relatedCells.map((c) => [...c.values()].reduce((a, b) => a + b, 0)), minGroupSize });
        const counts = countsOf(orderedValues({ known: question.columns, found: cells?.keys() ?? [] }), cells);
        const { options, total: n } = protectPartition({ counts, total: rowN.n, relatedCounts: relatedCells, minGroupSize });
        return { row, ...rowN, n, options };
      });
      return { ...base, options: [], rows };
    }
    case "number":
      return { ...base, options: [], mean: statisticShown && answered > 0 ? (tally?.sum ?? 0) / answered : null };
    case "text":
      return { ...base, options: [] };
  }
}

/**
 * The results of one view of a survey. The counts of the view and of all the
 * views it is checked against come from one SQL query: over the summary table
 * response_counts for complete responses (after counting the new ones), else
 * one scan of the responses (partial responses included, or a date range).
 * Free texts are read only when shown.
 */
export async function getResults(
  db: Db,
  {
    surveyId,
    questions,
    minGroupSize: requestedMinGroupSize,
    filters = {},
    // The 300 newest texts per question: enough to read, and the payload stays small at any size.
    freeTextLimit = 300,
  }: { surveyId: string; questions: QuestionSpec[]; minGroupSize?: number | null; filters?: ResultFilters; freeTextLimit?: number },
): Promise<Results> {
  const minGroupSize = effectiveMinGroupSize({ minGroupSize: requestedMinGroupSize });
  const tallies = summaryServes({ filters })
    ? await tallyNewResponses(db, { surveyId }).then(() => tallySummary({ db, surveyId, questions, filters }))
    : await tallyAnswers({ db, surveyId, questions, filters });
  // The view itself does not require "complete": that bit only marks its complete-only twin.
  const viewDimensions = tallies.dimensions.filter((dimension) => dimension !== "complete");
  const view = viewTally({ tallies, dimensions: viewDimensions });
  const relatedDimensions: FilterDimension[][] = strictSubsets(viewDimensions);
  if (tallies.dimensions.includes("complete")) relatedDimensions.push([...viewDimensions, "complete"]);
  const related: ViewTally[] = relatedDimensions.map((dimensions) => viewTally({ tallies, dimensions }));

  const decision = decideSegment({ n: view.respondents, related: related.map((other) => other.respondents), minGroupSize });
  if (!decision.allowed) return { suppressed: true, reason: decision.reason, minGroupSize };

  const results = questions.map((question) =>
    questionResult({
      question,
      tally: view.questions.get(question.name),
      related: related.map((other) => other.questions.get(question.name)),
      minGroupSize,
    }),
  );

  // Which free texts may be shown: a text question's writers, or an "other" option's choosers.
  const textShown = new Set(
    questions
      .filter((question) => {
        const count = (tally: ViewTally) =>
          question.type === "text" ? (tally.questions.get(question.name)?.answered ?? 0) : (tally.questions.get(question.name)?.options.get("other") ?? 0);
        if (question.type !== "text" && !question.hasOther) return false;
        return mayShowFreeText({ decision, answered: count(view), relatedAnswered: related.map(count), minGroupSize });
      })
      .map((question) => question.name),
  );
  // When the summary says no "other" text was written in this view, there is nothing to read.
  const textRead = questions.filter(
    (question) => textShown.has(question.name) && !(question.type !== "text" && tallies.commentsCounted && !view.questions.get(`${question.name}-Comment`)?.answered),
  );
  const texts = textRead.length ? await listFreeText({ db, surveyId, questions: textRead, filters, limit: freeTextLimit }) : [];
  for (const result of results) {
    const question = questions.find((q) => q.name === result.name);
    if (question?.type !== "text" && !question?.hasOther) continue;
    if (!textShown.has(result.name)) {
      result.freeText = null;
      continue;
    }
    const answers = texts.filter((text) => text.question === result.name).map(({ locale, text }) => ({ locale, text }));
    result.freeText = { answers, keywords: keywordFrequencies({ answers: answers.map((answer) => answer.text) }) };
  }
  return { n: view.respondents, minGroupSize, suppressed: false, questions: results };
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

/**
 * Two or more antennas (or sectors) side by side with the whole cooperative
 * (the same other filters), as shares of the question's respondents with 95 %
 * Wilson intervals. Each segment goes through getResults, so the privacy rule
 * is the same as for a single view; a hidden count has no share.
 */
export async function compareSegments(
  db: Db,
  {
    surveyId,
    questions,
    minGroupSize,
    dimension,
    values,
    filters = {},
  }: {
    surveyId: string;
    questions: QuestionSpec[];
    minGroupSize?: number | null;
    dimension: "antenna" | "sector";
    values: string[];
    filters?: ResultFilters;
  },
): Promise<{ minGroupSize: number; dimension: "antenna" | "sector"; segments: ComparedSegment[] }> {
  // No free text in a comparison: it compares figures.
  const compared = questions.filter((question) => question.type !== "text").map((question) => ({ ...question, hasOther: false }));
  const base: ResultFilters = { ...filters, [dimension]: undefined };
  delete base[dimension];
  const segments: ComparedSegment[] = [];
  for (const value of [null, ...values]) {
    const segmentFilters = value === null ? base : { ...base, [dimension]: value };
    const results = await getResults(db, { surveyId, questions: compared, minGroupSize, filters: segmentFilters });
    if (results.suppressed) {
      segments.push({ value, suppressed: true, reason: results.reason, n: null, questions: [] });
      continue;
    }
    segments.push({
      value,
      suppressed: false,
      n: results.n,
      questions: results.questions.map((question) => ({
        name: question.name,
        type: question.type,
        n: question.n,
        options: question.options.map((option) => {
          if (option.count === null || !question.n) return { value: option.value, count: option.count, share: null, interval: null };
          return { value: option.value, count: option.count, share: option.count / question.n, interval: wilsonInterval({ count: option.count, total: question.n }) };
        }),
      })),
    });
  }
  return { minGroupSize: effectiveMinGroupSize({ minGroupSize }), dimension, segments };
}
