// CSV and XLSX exports of a segment's anonymised responses. This is the one
// place where response rows reach Node: they are read a page at a time, and
// the privacy decision is getResults' own (the same view, complete answers),
// never a second implementation of the rule.
import { stringify } from "csv-stringify/sync";
import { and, asc, eq, gt, gte, lte, type SQL } from "drizzle-orm";
import writeXlsxFile from "write-excel-file/node";
import { audit } from "~/auth/audit.server";
import type { Db } from "~/db/client.server";
import { responses } from "~/db/schema";
import type { Locale } from "~/db/values";
import { AppError, isAppError } from "~/http/errors";
import { getT } from "~/i18n/i18n.server";
import type { Survey } from "~/surveys/surveys.server";
import { type QuestionLabels, localizedLabels, questionSpecs, type ResultQuestion, surveyQuestions } from "./questions.server";
import { getResults, type QuestionResult, type ResultFilters } from "./results.server";
import { parseView, type Restriction } from "./share-links.server";

/** Rows read from the database at once. */
const PAGE_SIZE = 500;
/** write-excel-file builds the whole workbook in memory: beyond this, CSV is the way. */
export const MAX_XLSX_ROWS = 50_000;

/**
 * A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return
 * before one) as a formula: a leading apostrophe makes it plain text.
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type ExportColumn = { header: string; cell: (answers: Record<string, unknown>) => string | number | null };

export type ExportTexts = { labels: Record<string, QuestionLabels>; other: string; otherText: string; yes: string; no: string; hidden?: string };

/**
 * Values the results hide for this segment (fewer than the threshold, or
 * recoverable by subtraction), per question, and per matrix row as
 * `<question>.<row>`: a row-level export must not let anyone count them.
 */
export type HiddenValues = Map<string, Set<string>>;

export function hiddenValues(results: QuestionResult[]): HiddenValues {
  const hidden: HiddenValues = new Map();
  const add = (key: string, options: { value: string; count: number | null }[]) => {
    const values = options.filter((option) => option.count === null).map((option) => option.value);
    if (values.length) hidden.set(key, new Set(values));
  };
  for (const question of results) {
    add(question.name, question.options);
    for (const row of question.rows ?? []) add(`${question.name}.${row.row}`, row.options);
  }
  return hidden;
}

const asArray = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value == null ? [] : [String(value)]);
const asText = (value: unknown): string | null => (value == null || value === "" ? null : typeof value === "object" ? JSON.stringify(value) : String(value));

/**
 * The columns of the export: one per question, one per option of a multiple
 * choice (1/0), one per item of a ranking (its position), one per row of a
 * matrix; free text only for the questions `freeTextShown` lists.
 */
export function exportColumns({
  questions,
  texts,
  freeTextShown,
  hidden = new Map(),
}: {
  questions: ResultQuestion[];
  texts: ExportTexts;
  freeTextShown: Set<string>;
  hidden?: HiddenValues;
}): ExportColumn[] {
  const columns: ExportColumn[] = [];
  const masked = texts.hidden ?? "—";
  for (const question of questions) {
    const labels = texts.labels[question.name] ?? { title: question.name, choices: {}, rows: {} };
    const concealed = hidden.get(question.name) ?? new Set<string>();
    // A hidden value is written as a mark, so that its few answers cannot be counted.
    const label = (value: string, key = question.name) => ((hidden.get(key) ?? concealed).has(value) ? masked : (labels.choices[value] ?? value));
    const otherText = (answers: Record<string, unknown>) => asText(answers[`${question.name}-Comment`]);
    const withOther = question.hasOther && freeTextShown.has(question.name);
    switch (question.type) {
      case "single":
      case "rating":
        columns.push({ header: labels.title, cell: (answers) => (answers[question.name] == null ? null : label(String(answers[question.name]))) });
        break;
      case "boolean":
        columns.push({ header: labels.title, cell: (answers) => (typeof answers[question.name] === "boolean" ? label(String(answers[question.name])) : null) });
        break;
      case "multiple": {
        const values = question.choices.map((choice) => choice.value);
        if (question.hasOther && !values.includes("other")) values.push("other");
        for (const value of values.filter((v) => !concealed.has(v))) {
          columns.push({
            header: `${labels.title}: ${label(value)}`,
            cell: (answers) => (answers[question.name] == null ? null : asArray(answers[question.name]).includes(value) ? 1 : 0),
          });
        }
        break;
      }
      case "ranking":
        for (const choice of question.choices.filter((c) => !concealed.has(c.value))) {
          columns.push({
            header: `${labels.title}: ${label(choice.value)}`,
            cell: (answers) => {
              const position = asArray(answers[question.name]).indexOf(choice.value);
              return position < 0 ? null : position + 1;
            },
          });
        }
        break;
      case "matrix":
        for (const row of question.rows) {
          columns.push({
            header: `${labels.title}: ${labels.rows[row.value] ?? row.value}`,
            cell: (answers) => {
              const cells = answers[question.name];
              const value = cells && typeof cells === "object" && !Array.isArray(cells) ? (cells as Record<string, unknown>)[row.value] : undefined;
              return value == null ? null : label(String(value), `${question.name}.${row.value}`);
            },
          });
        }
        break;
      case "number":
        columns.push({ header: labels.title, cell: (answers) => (typeof answers[question.name] === "number" ? (answers[question.name] as number) : asText(answers[question.name])) });
        break;
      case "text":
        if (freeTextShown.has(question.name)) columns.push({ header: labels.title, cell: (answers) => asText(answers[question.name]) });
        break;
    }
    if (withOther && !concealed.has("other")) columns.push({ header: `${labels.title}: ${texts.otherText}`, cell: otherText });
  }
  return columns;
}

/** A row as written: strings neutralised, numbers kept as numbers. */
const cellsOf = (columns: ExportColumn[], answers: Record<string, unknown>) =>
  columns.map((column) => {
    const value = column.cell(answers);
    return typeof value === "string" ? neutralizeCell(value) : value;
  });

/** An export is of complete responses only, whatever the page shows. */
const completeOnly = (filters: ResultFilters): ResultFilters => ({ ...filters, complete: true });

/**
 * getResults' decision for the exported segment: a refused segment throws
 * (403, with the rule's reason), else the protected figures and which free
 * texts may go out.
 */
export async function exportDecision(
  db: Db,
  { surveyId, questions, minGroupSize, filters }: { surveyId: string; questions: ResultQuestion[]; minGroupSize: number; filters: ResultFilters },
): Promise<{ results: QuestionResult[]; n: number; freeTextShown: Set<string> }> {
  // freeTextLimit 1: the decision only needs to know whether texts are shown, not to read them.
  const results = await getResults(db, { surveyId, questions: questionSpecs(questions), minGroupSize, filters: completeOnly(filters), freeTextLimit: 1 });
  if (results.suppressed) throw new AppError(403, results.reason, undefined, undefined, { minGroupSize: results.minGroupSize });
  const freeTextShown = new Set(results.questions.filter((question) => question.freeText != null).map((question) => question.name));
  return { results: results.questions, n: results.n, freeTextShown };
}

function segmentCondition({ surveyId, filters }: { surveyId: string; filters: ResultFilters }): SQL {
  const conditions: (SQL | undefined)[] = [
    eq(responses.surveyId, surveyId),
    eq(responses.complete, true),
    filters.antenna !== undefined ? eq(responses.antenna, filters.antenna) : undefined,
    filters.sector !== undefined ? eq(responses.sector, filters.sector) : undefined,
    filters.locale !== undefined ? eq(responses.locale, filters.locale as never) : undefined,
    filters.from !== undefined ? gte(responses.createdOn, filters.from) : undefined,
    filters.to !== undefined ? lte(responses.createdOn, filters.to) : undefined,
  ];
  return and(...conditions.filter((condition) => condition !== undefined))!;
}

/** The segment's complete answers, a page at a time (keyset on the id, so no page is read twice). */
export async function* segmentAnswers(db: Db, { surveyId, filters }: { surveyId: string; filters: ResultFilters }): AsyncGenerator<Record<string, unknown>[]> {
  let after: string | null = null;
  for (;;) {
    const where = segmentCondition({ surveyId, filters: completeOnly(filters) });
    const page: { id: string; answers: Record<string, unknown> }[] = await db
      .select({ id: responses.id, answers: responses.answers })
      .from(responses)
      .where(after ? and(where, gt(responses.id, after)) : where)
      .orderBy(asc(responses.id))
      .limit(PAGE_SIZE);
    if (page.length) yield page.map((row) => row.answers);
    if (page.length < PAGE_SIZE) return;
    after = page[page.length - 1]!.id;
  }
}

type ExportInput = { surveyId: string; questions: ResultQuestion[]; minGroupSize: number; filters: ResultFilters; texts: ExportTexts };

/**
 * The CSV as a stream: the decision first (so a refusal is an error status,
 * not a half-written file), then a byte-order mark for spreadsheets, the
 * header and the rows page by page.
 */
export async function exportCsv(db: Db, input: ExportInput): Promise<ReadableStream<Uint8Array>> {
  const { results, freeTextShown } = await exportDecision(db, input);
  const columns = exportColumns({ questions: input.questions, texts: input.texts, freeTextShown, hidden: hiddenValues(results) });
  const encoder = new TextEncoder();
  const pages = segmentAnswers(db, input);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("\uFEFF" + stringify([columns.map((column) => neutralizeCell(column.header))])));
    },
    async pull(controller) {
      const next = await pages.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(stringify(next.value.map((answers) => cellsOf(columns, answers)))));
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}

export type SummaryTexts = { question: string; option: string; count: string; respondents: string; lessThan: (n: number) => string; hidden: string };

/** The protected figures as rows: what the page's tables show, never a raw small count. */
export function summaryRows({ results, n, texts, summary }: { results: QuestionResult[]; n: number; texts: ExportTexts; summary: SummaryTexts }): (string | number)[][] {
  const shown = (count: number | null, lessThan?: number) => (count !== null ? count : lessThan ? summary.lessThan(lessThan) : summary.hidden);
  const rows: (string | number)[][] = [[summary.question, summary.option, summary.count], [summary.respondents, "", n]];
  for (const question of results) {
    const labels = texts.labels[question.name];
    const title = labels?.title ?? question.name;
    rows.push([title, summary.respondents, shown(question.n, question.lessThan)]);
    for (const option of question.options) {
      rows.push([title, labels?.choices[option.value] ?? (option.value === "other" ? texts.other : option.value), shown(option.count, "lessThan" in option ? option.lessThan : undefined)]);
    }
    for (const row of question.rows ?? []) {
      for (const option of row.options) {
        rows.push([`${title}: ${labels?.rows[row.row] ?? row.row}`, labels?.choices[option.value] ?? option.value, shown(option.count, "lessThan" in option ? option.lessThan : undefined)]);
      }
    }
  }
  return rows.map((row) => row.map((cell) => (typeof cell === "string" ? neutralizeCell(cell) : cell)));
}

/** The XLSX: a summary sheet of protected counts and a responses sheet. */
export async function exportXlsx(db: Db, input: ExportInput & { summary: SummaryTexts; sheetNames: { summary: string; responses: string } }): Promise<Buffer> {
  const { results, n, freeTextShown } = await exportDecision(db, input);
  const columns = exportColumns({ questions: input.questions, texts: input.texts, freeTextShown, hidden: hiddenValues(results) });
  const data: (string | number | null)[][] = [columns.map((column) => neutralizeCell(column.header))];
  for await (const page of segmentAnswers(db, input)) {
    for (const answers of page) {
      if (data.length > MAX_XLSX_ROWS) throw new AppError(413, "export_too_large");
      data.push(cellsOf(columns, answers));
    }
  }
  return writeXlsxFile([
    { data: summaryRows({ results, n, texts: input.texts, summary: input.summary }), sheet: input.sheetNames.summary },
    { data, sheet: input.sheetNames.responses },
  ]).toBuffer();
}

/** An error of the results API or an export as DESIGN.md's `{error, message, fields?}`, in the reader's language. */
export function resultsError(error: AppError, locale: Locale): Response {
  const t = getT(locale);
  const minGroupSize = error.details?.minGroupSize;
  const message = t(`results:errors.${error.code}`, { count: typeof minGroupSize === "number" ? minGroupSize : 5, defaultValue: t(`errors.${error.code}`) });
  const fields = error.fields ? Object.fromEntries(Object.entries(error.fields).map(([key, code]) => [key, t(`results:errors.${code}`, { defaultValue: t(`errors.${code}`) })])) : undefined;
  return Response.json({ error: error.code, message, ...(fields ? { fields } : {}), ...error.details }, { status: error.status, headers: { ...error.headers, "Cache-Control": "no-store" } });
}

/**
 * The CSV or XLSX of one view for a staff member, a reader or a share link:
 * the view is read within the link's restriction, labels are in `locale`.
 */
export async function exportResponse(
  db: Db,
  {
    survey,
    params,
    restriction = {},
    locale,
    format,
    by,
  }: {
    survey: Survey;
    params: URLSearchParams;
    restriction?: Restriction;
    locale: Locale;
    format: "csv" | "xlsx";
    /** Who exports, for the audit log: a staff member or reader, or a share link. */
    by: { userId: string | null; shareLinkId?: string };
  },
): Promise<Response> {
  try {
    const { filters } = parseView(params, restriction);
    const questions = await surveyQuestions(db, { surveyId: survey.id });
    const t = getT(locale);
    const texts: ExportTexts = {
      labels: localizedLabels(questions, locale),
      other: t("results:other"),
      otherText: t("results:otherText"),
      yes: t("results:yes"),
      no: t("results:no"),
      hidden: t("results:hiddenValue"),
    };
    const input = { surveyId: survey.id, questions, minGroupSize: survey.minGroupSize, filters, texts };
    const name = `${survey.slug}-${[filters.antenna, filters.sector, filters.locale].filter(Boolean).join("-") || "all"}`;
    const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
    const logged = () =>
      audit(db, { userId: by.userId, action: `results.export-${format}`, target: survey.slug, detail: { filters, ...(by.shareLinkId ? { shareLink: by.shareLinkId } : {}) } });
    if (format === "csv") {
      const body = await exportCsv(db, input);
      await logged();
      return new Response(body, { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}.csv"` } });
    }
    const buffer = await exportXlsx(db, {
      ...input,
      summary: {
        question: t("results:table.question"),
        option: t("results:table.option"),
        count: t("results:table.count"),
        respondents: t("results:table.respondents"),
        lessThan: (count) => t("results:lessThan", { count }),
        hidden: t("results:hiddenShort"),
      },
      sheetNames: { summary: t("results:export.summarySheet"), responses: t("results:export.responsesSheet") },
    });
    await logged();
    return new Response(new Uint8Array(buffer), {
      headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Content-Disposition": `attachment; filename="${name}.xlsx"` },
    });
  } catch (error) {
    if (isAppError(error)) return resultsError(error, locale);
    throw error;
  }
}
