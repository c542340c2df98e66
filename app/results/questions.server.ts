// The questions the results read, merged across every version of a survey:
// answers are stored by question name, so a question removed from the current
// version keeps its old answers readable. The newest version wins for a
// question's type and texts; choices only older versions offered come after.
import { codeSchema, listAntennas, listSectors } from "~/catalogue/catalogue.server";
import type { Db } from "~/db/client.server";
import type { Locale } from "~/db/values";
import { listQuestions, type QuestionInfo } from "~/surveys/definition.server";
import { displayText } from "~/surveys/localizable";
import { AppError, isAppError } from "~/http/errors";
import { getT } from "~/i18n/i18n.server";
import type { LocalizableText, QuestionRole } from "~/surveys/roles";
import { listDefinitions, type Survey } from "~/surveys/surveys.server";
import { numberBands } from "./bands";
import { bandValue, compareSegments, figuresOf, getResults, type NumberBand, type QuestionSpec, type QuestionType } from "./results.server";
import { parseView, type Restriction, viewSearch } from "./share-links.server";

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

type Named = { code: string; name: string };

/** The view and the comparison a query string asks for, within a share link's restriction (AppError when invalid). */
export function parseResultsQuery(params: URLSearchParams, restriction: Restriction = {}) {
  return { ...parseView(params, restriction), compare: parseCompare(params, restriction) };
}

/**
 * Everything the results page shows for one view; the same for staff, readers
 * and share links, but for `received` (the exact count so far), which a share
 * link never gets.
 */
export async function loadResultsView(
  db: Db,
  { survey, params, restriction = {}, locale, received = false }: { survey: Survey; params: URLSearchParams; restriction?: Restriction; locale: Locale; received?: boolean },
) {
  let parsed: ReturnType<typeof parseResultsQuery>;
  try {
    parsed = parseResultsQuery(params, restriction);
  } catch (error) {
    if (isAppError(error)) throw new Response(error.code, { status: error.status });
    throw error;
  }
  const { query, filters, compare } = parsed;
  const questions = await surveyQuestions(db, { surveyId: survey.id });
  const specs = questionSpecs(questions);
  const [results, comparison, antennas, sectors] = await Promise.all([
    getResults(db, { ...figuresOf(survey), questions: specs, filters, withReceived: received }),
    compare ? compareSegments(db, { ...figuresOf(survey), questions: comparedSpecs(questions, compare), filters, ...compare }) : null,
    listAntennas(db),
    listSectors(db),
  ]);
  const named = (list: { code: string; name: Record<Locale, string> }[], targeted: string[], locked?: string | null): Named[] =>
    list.filter((entry) => (locked ? entry.code === locked : !targeted.length || targeted.includes(entry.code))).map((entry) => ({ code: entry.code, name: entry.name[locale] }));
  return {
    survey: { slug: survey.slug, title: displayText(survey.title, locale), minGroupSize: results.minGroupSize, locales: survey.locales, access: survey.access },
    query,
    search: viewSearch(query),
    compare,
    restriction: { antenna: restriction.antenna ?? null, sector: restriction.sector ?? null },
    antennas: named(antennas, survey.antennas, restriction.antenna),
    sectors: named(sectors, survey.sectors, restriction.sector),
    questions: questions.map(({ name, type }) => ({ name, type })),
    labels: localizedLabels(questions, locale),
    results,
    comparison,
  };
}

export type ResultsViewData = Awaited<ReturnType<typeof loadResultsView>>;
