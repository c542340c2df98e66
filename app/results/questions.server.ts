// The questions the results read, merged across every version of a survey:
// answers are stored by question name, so a question removed from the current
// version keeps its old answers readable. The newest version wins for a
// question's type and texts; choices only older versions offered come after.
import { pickerOptions } from "~/catalogue/catalogue.server";
import { codeSchema } from "~/catalogue/codes";
import type { Db } from "~/db/client.server";
import type { Locale } from "~/db/values";
import { listQuestions, type QuestionInfo } from "~/surveys/definition.server";
import { displayText } from "~/surveys/localizable";
import { AppError, isAppError } from "~/http/errors";
import { getT } from "~/i18n/i18n.server";
import type { LocalizableText, QuestionRole } from "~/surveys/roles";
import { listDefinitions, type Survey } from "~/surveys/surveys.server";
import { numberBands } from "./bands";
import { bandValue, compareSegments, crossTable, figuresOf, getResults, type NumberBand, type QuestionSpec, type QuestionType, type ResultFilters } from "./results.server";
import { parseView, type Restriction, type ViewQuery, viewSearch } from "./share-links.server";

type Item = { value: string; text: LocalizableText };

export type ResultQuestion = {
  name: string;
  type: QuestionType;
  title: LocalizableText;
  /** Choices, rating values, ranking items, matrix columns, yes/no values. */
  choices: Item[];
  /** Matrix rows. */
  rows: Item[];
  hasOther: boolean;
  otherText?: LocalizableText;
  /** The question's role (profile.antenna…), from the newest version that gives one. */
  role?: QuestionRole;
  /** Number questions: the bands their answers are released in. */
  bands?: NumberBand[];
};

/** SurveyJS types as the aggregation counts them; null for what carries no answer. */
function resultType(info: QuestionInfo): QuestionType | null {
  switch (info.type) {
    case "radiogroup":
    case "dropdown":
      return "single";
    case "checkbox":
    case "tagbox":
      return "multiple";
    case "rating":
    case "ranking":
    case "matrix":
    case "boolean":
      return info.type;
    case "text":
      return info.inputType === "number" ? "number" : "text";
    case "comment":
      return "text";
    default:
      return null;
  }
}

const items = (list: { value: string | number | boolean; text: LocalizableText }[]): Item[] => list.map((item) => ({ value: String(item.value), text: item.text }));

// The aggregation counts yes/no as the JSON values true and false, whatever labels the question gives them.
const booleanItems = (info: QuestionInfo): Item[] => [
  { value: "true", text: info.choices[0]?.text ?? "true" },
  { value: "false", text: info.choices[1]?.text ?? "false" },
];

/** Adds to `into` the items of `from` it does not have yet, keeping `into`'s order. */
function mergeItems(into: Item[], from: Item[]): Item[] {
  const known = new Set(into.map((item) => item.value));
  return [...into, ...from.filter((item) => !known.has(item.value))];
}

/** Merges questions of several definitions, the first (newest) winning. Pure, for tests. */
export function mergeQuestions(definitions: QuestionInfo[][]): ResultQuestion[] {
  const merged = new Map<string, ResultQuestion>();
  for (const infos of definitions) {
    for (const info of infos) {
      const type = resultType(info);
      if (!type) continue;
      const existing = merged.get(info.name);
      const question: ResultQuestion = {
        name: info.name,
        type,
        title: info.title,
        choices: type === "boolean" ? booleanItems(info) : items(info.choices),
        rows: items(info.rows),
        hasOther: info.specialValues.includes("other") && (type === "single" || type === "multiple"),
        ...(info.role ? { role: info.role } : {}),
        ...(type === "number" ? { bands: numberBands({ min: info.min, max: info.max }) } : {}),
      };
      if (!existing) merged.set(info.name, question);
      // Same name, same kind of answer: older choices stay readable under the newest texts.
      else if (existing.type === type) merged.set(info.name, { ...existing, choices: mergeItems(existing.choices, question.choices), rows: mergeItems(existing.rows, question.rows), hasOther: existing.hasOther || question.hasOther, role: existing.role ?? question.role });
    }
  }
  return [...merged.values()];
}

/** Every question any version of the survey asked, newest version's order first. */
export async function surveyQuestions(db: Db, { surveyId }: { surveyId: string }): Promise<ResultQuestion[]> {
  const definitions = await listDefinitions(db, { surveyId });
  return mergeQuestions(definitions.map(({ definition }) => listQuestions(definition)));
}

/** What getResults needs of each question. */
export function questionSpecs(questions: ResultQuestion[]): QuestionSpec[] {
  return questions.map(({ name, type, choices, rows, hasOther, bands }) => {
    const values = choices.map((choice) => choice.value);
    if (type === "matrix") return { name, type, rows: rows.map((row) => row.value), columns: values };
    if (type === "boolean") return { name, type };
    if (type === "number") return { name, type, bands: bands ?? numberBands({}) };
    return { name, type, choices: values, hasOther };
  });
}

/**
 * The questions put side by side: all but the one that asks the compared
 * dimension itself (antennas compared on "your antenna" would only show
 * 100 % against 0 %).
 */
export function comparedSpecs(questions: ResultQuestion[], { dimension }: Pick<CompareQuery, "dimension">): QuestionSpec[] {
  const ownRole = dimension === "antenna" ? "profile.antenna" : "profile.sector";
  return questionSpecs(questions.filter((question) => question.role !== ownRole));
}

/** Texts of one question in the reader's language: title, and value → label. */
export type QuestionLabels = { title: string; choices: Record<string, string>; rows: Record<string, string> };

/** A band in the reader's language: "10–19", "under 0", "10,000 or more". */
function bandLabel({ from, to }: NumberBand, { locale, fallback }: { locale: Locale; fallback: BandWords }): string {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  if (from === null && to !== null) return fallback.under(number.format(to));
  if (to === null && from !== null) return fallback.atLeast(number.format(from));
  if (from === null || to === null) return "";
  // Whole numbers read as "10–19"; a band of one value as that value.
  if (Number.isInteger(from) && Number.isInteger(to)) return to - from === 1 ? number.format(from) : `${number.format(from)}–${number.format(to - 1)}`;
  return fallback.between(number.format(from), number.format(to));
}

type BandWords = { under: (value: string) => string; atLeast: (value: string) => string; between: (from: string, to: string) => string };

/** The labels of every question in one language, for the page and the exports. */
export function questionLabels(
  questions: ResultQuestion[],
  { locale, fallback }: { locale: Locale; fallback: { other: string; true: string; false: string; bands: BandWords } },
): Record<string, QuestionLabels> {
  const labelsOf = (list: Item[]) => Object.fromEntries(list.map((item) => [item.value, displayText(item.text, locale) || item.value]));
  return Object.fromEntries(
    questions.map((question) => {
      const choices = question.type === "number" ? Object.fromEntries((question.bands ?? numberBands({})).map((band) => [bandValue(band), bandLabel(band, { locale, fallback: fallback.bands })])) : labelsOf(question.choices);
      if (question.hasOther) choices.other ??= fallback.other;
      if (question.type === "boolean") {
        if (choices.true === "true") choices.true = fallback.true;
        if (choices.false === "false") choices.false = fallback.false;
      }
      return [question.name, { title: displayText(question.title, locale) || question.name, choices, rows: labelsOf(question.rows) }];
    }),
  );
}

/** The labels in one language, with the app's own words where a question has none. */
export function localizedLabels(questions: ResultQuestion[], locale: Locale): Record<string, QuestionLabels> {
  const t = getT(locale);
  return questionLabels(questions, {
    locale,
    fallback: {
      other: t("results:other"),
      true: t("results:yes"),
      false: t("results:no"),
      bands: {
        under: (value) => t("results:bands.under", { value }),
        atLeast: (value) => t("results:bands.atLeast", { value }),
        between: (from, to) => t("results:bands.between", { from, to }),
      },
    },
  });
}

/** Which antennas or sectors to put side by side (`?compare=antenna&segments=lie&segments=cha`). */
export type CompareQuery = { dimension: "antenna" | "sector"; values: string[] };

export function parseCompare(params: URLSearchParams, restriction: Restriction = {}): CompareQuery | null {
  const dimension = params.get("compare");
  if (dimension !== "antenna" && dimension !== "sector") return null;
  // A link narrowed to one antenna cannot compare antennas: that would show the others.
  if (restriction[dimension]) throw new AppError(403, "outside_share_link");
  const values = [...new Set(params.getAll("segments"))].filter((value) => codeSchema.safeParse(value).success).slice(0, 8);
  return values.length >= 2 ? { dimension, values } : null;
}

/** The choice question a cross-table cuts by (`?by=<question name>`), checked against the survey's questions later. */
function parseBy(params: URLSearchParams, compare: CompareQuery | null): string | null {
  const by = params.get("by")?.trim() || null;
  if (by === null) return null;
  // One cut at a time: a comparison and a cross-table would multiply the columns.
  if (compare) throw new AppError(400, "invalid_request", { by: "cross_with_compare" });
  if (by.length > 200) throw new AppError(400, "invalid_request", { by: "not_a_choice_question" });
  return by;
}

/** The view, the comparison and the cross-table a query string asks for, within a share link's restriction (AppError when invalid). */
export function parseResultsQuery(params: URLSearchParams, restriction: Restriction = {}) {
  const compare = parseCompare(params, restriction);
  return { ...parseView(params, restriction), compare, by: parseBy(params, compare) };
}

/** Questions a cross-table may cut by: those whose answers are choices. */
const isCrossQuestion = (question: Pick<ResultQuestion, "type">) => question.type === "single" || question.type === "multiple" || question.type === "boolean";

/** The columns of a cross-table by `name`: each of the question's answers (AppError when it is not a choice question). */
function crossColumns(questions: ResultQuestion[], name: string): { question: string; values: string[] } {
  const question = questions.find((candidate) => candidate.name === name);
  if (!question || !isCrossQuestion(question)) throw new AppError(400, "invalid_request", { by: "not_a_choice_question" });
  const values = question.choices.map((choice) => choice.value);
  return { question: name, values: question.hasOther && !values.includes("other") ? [...values, "other"] : values };
}

/** The query string of a view with its comparison or cross-table, for links to exports. */
function resultsSearch(query: ViewQuery, compare: CompareQuery | null, by: string | null): string {
  const params = new URLSearchParams(viewSearch(query));
  if (compare) {
    params.set("compare", compare.dimension);
    for (const value of compare.values) params.append("segments", value);
  }
  if (by) params.set("by", by);
  const search = params.toString();
  return search ? `?${search}` : "";
}

/**
 * Everything the results page shows for one view; the same for staff, readers
 * and share links, but for `received` (the exact count so far), which a share
 * link never gets. Throws an AppError for a query it cannot answer.
 */
export async function resultsView(
  db: Db,
  { survey, params, restriction = {}, locale, received = false }: { survey: Survey; params: URLSearchParams; restriction?: Restriction; locale: Locale; received?: boolean },
) {
  const { query, filters, compare, by } = parseResultsQuery(params, restriction);
  const questions = await surveyQuestions(db, { surveyId: survey.id });
  const cross = by === null ? null : crossColumns(questions, by);
  const specs = questionSpecs(questions);
  const [results, comparison, options] = await Promise.all([
    getResults(db, { ...figuresOf(survey), questions: specs, filters, withReceived: received }),
    compare
      ? compareSegments(db, { ...figuresOf(survey), questions: comparedSpecs(questions, compare), filters, ...compare })
      : cross
        ? crossTable(db, { ...figuresOf(survey), questions: specs, filters, by: cross })
        : null,
    pickerOptions(db, { targets: survey, locale, locked: restriction }),
  ]);
  return {
    survey: { slug: survey.slug, title: displayText(survey.title, locale), minGroupSize: results.minGroupSize, locales: survey.locales, access: survey.access },
    query,
    search: resultsSearch(query, compare, by),
    compare,
    by,
    restriction: { antenna: restriction.antenna ?? null, sector: restriction.sector ?? null },
    ...options,
    questions: questions.map(({ name, type }) => ({ name, type, cross: isCrossQuestion({ type }) })),
    labels: localizedLabels(questions, locale),
    results,
    comparison,
  };
}

/** The same for a page: a query it cannot answer is a 4xx response (the page's error boundary tells it). */
export async function loadResultsView(db: Db, args: Parameters<typeof resultsView>[1]) {
  try {
    return await resultsView(db, args);
  } catch (error) {
    if (isAppError(error)) throw new Response(error.code, { status: error.status });
    throw error;
  }
}

export type ResultsViewData = Awaited<ReturnType<typeof loadResultsView>>;

/** A cross-table as the results API gives it (DESIGN.md's counts: null with `lessThan` under the threshold; a refused column has no counts). */
type ApiCrossTable = {
  by: string;
  columns: (
    | { value: string | null; suppressed: true; reason: string; minGroupSize: number }
    | {
        value: string | null;
        suppressed: false;
        n: number;
        questions: { name: string; type: QuestionType; n: number | null; lessThan?: number; options: ({ value: string; count: number } | { value: string; count: null; lessThan: number })[] }[];
      }
  )[];
};

/** The cross-table `?by=` asks the results API for, null without one (AppError when it is not a choice question). */
export async function apiCrossTable(db: Db, { survey, params, filters }: { survey: Survey; params: URLSearchParams; filters: ResultFilters }): Promise<ApiCrossTable | null> {
  const by = parseBy(params, null);
  if (by === null) return null;
  const questions = await surveyQuestions(db, { surveyId: survey.id });
  const { minGroupSize, segments } = await crossTable(db, { ...figuresOf(survey), questions: questionSpecs(questions), filters, by: crossColumns(questions, by) });
  const lessThan = { lessThan: minGroupSize };
  return {
    by,
    columns: segments.map((segment) =>
      segment.suppressed || segment.n === null
        ? { value: segment.value, suppressed: true, reason: segment.reason ?? "segment_too_small", minGroupSize }
        : {
            value: segment.value,
            suppressed: false,
            n: segment.n,
            questions: segment.questions.map((question) => ({
              name: question.name,
              type: question.type,
              n: question.n,
              ...(question.n === null ? lessThan : {}),
              options: question.options.map((option) => (option.count === null ? { value: option.value, count: null, ...lessThan } : { value: option.value, count: option.count })),
            })),
          },
    ),
  };
}
