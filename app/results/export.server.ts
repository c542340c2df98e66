// CSV and XLSX exports of a view: the same aggregate tables as the results
// page (and its comparison, when the page compares antennas or sectors), never
// a row per respondent (DESIGN.md, "Privacy rule"). The figures are those
// getResults released; nothing here counts anything.
import { stringify } from "csv-stringify/sync";
import writeXlsxFile from "write-excel-file/node";
import { audit } from "~/auth/audit.server";
import type { Db } from "~/db/client.server";
import type { Locale } from "~/db/values";
import { AppError, isAppError } from "~/http/errors";
import { getT } from "~/i18n/i18n.server";
import type { Survey } from "~/surveys/surveys.server";
import { csvConventions, csvNumber } from "./numbers";
import { shareOf } from "./privacy";
import { parseResultsQuery, type ResultsViewData, resultsView } from "./questions.server";
import type { ProtectedCount } from "./privacy";
import { type Restriction, resolveSharedSurvey } from "./share-links.server";

/**
 * A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return
 * before one) as a formula: a leading apostrophe makes it plain text.
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type Cell = string | number | null;

/** The words of the tables, in the reader's language. */
export type TableWords = {
  question: string;
  row: string;
  answer: string;
  respondents: string;
  share: string;
  lessThan: (count: number) => string;
  /** The view's own columns. */
  whole: string;
  /** The compared segments' reference: the whole cooperative (with the view's other filters). */
  cooperative: string;
  segment: (name: string) => string;
};

const neutral = (row: Cell[]) => row.map((cell) => (typeof cell === "string" ? neutralizeCell(cell) : cell));

/** A released count as a cell: the number, or "fewer than k". */
const countCell = (option: { count: number | null; lessThan?: number }, words: TableWords): Cell =>
  option.count !== null ? option.count : option.lessThan ? words.lessThan(option.lessThan) : null;

/** A share as a percentage with one decimal, or empty. */
const shareCell = (share: number | null): Cell => (share === null ? null : Math.round(1000 * share) / 10);

type Column = { header: string; cells: Map<string, { count: Cell; share: Cell }> };

/**
 * The page's figures as one cross-table: a line per answer of each question
 * (and per row of a matrix), and two columns (respondents, share) for the view
 * and for each compared segment. A withheld figure reads "fewer than k".
 */
export function resultTables(view: ResultsViewData, words: TableWords): Cell[][] {
  if (view.results.suppressed) return [];
  const lines = new Map<string, Cell[]>();
  const lineKey = (question: string, row: string, value: string) => `${question}\u0000${row}\u0000${value}`;
  const labelOf = (question: string, value: string) => view.labels[question]?.choices[value] ?? value;
  const columns: Column[] = [];
  const add = (column: Column, question: string, row: string, option: ProtectedCount, total: number | null) => {
    const key = lineKey(question, row, option.value);
    if (!lines.has(key)) lines.set(key, [view.labels[question]?.title ?? question, row ? (view.labels[question]?.rows[row] ?? row) : "", labelOf(question, option.value)]);
    column.cells.set(key, { count: countCell(option, words), share: shareCell(shareOf(option.count, total)) });
  };
  const own: Column = { header: words.whole, cells: new Map() };
  columns.push(own);
  const respondentsKey = lineKey("", "", "");
  lines.set(respondentsKey, [words.respondents, "", ""]);
  own.cells.set(respondentsKey, { count: view.results.n, share: null });
  for (const question of view.results.questions) {
    const nKey = lineKey(question.name, "", "\u0000n");
    lines.set(nKey, [view.labels[question.name]?.title ?? question.name, "", words.respondents]);
    own.cells.set(nKey, { count: countCell({ count: question.n, lessThan: question.lessThan }, words), share: null });
    for (const option of question.options) add(own, question.name, "", option, question.n);
    for (const row of question.rows ?? []) for (const option of row.options) add(own, question.name, row.row, option, row.n);
  }
  const cross = view.comparison?.dimension === "answer" ? view.comparison.by : undefined;
  // A cross-table's columns are the answers to its question; a comparison's, antennas or sectors.
  const names: Record<string, string> = cross ? (view.labels[cross]?.choices ?? {}) : Object.fromEntries([...view.antennas, ...view.sectors].map((entry) => [entry.code, entry.name]));
  for (const segment of view.comparison?.segments ?? []) {
    // A cross-table's "all" column is the view itself, already written.
    if (cross && segment.value === null) continue;
    const column: Column = { header: words.segment(segment.value === null ? words.cooperative : (names[segment.value] ?? segment.value)), cells: new Map() };
    columns.push(column);
    if (segment.suppressed) continue;
    column.cells.set(respondentsKey, { count: segment.n, share: null });
    for (const question of segment.questions) {
      column.cells.set(lineKey(question.name, "", "\u0000n"), { count: question.n ?? words.lessThan(view.survey.minGroupSize), share: null });
      for (const option of question.options) {
        const key = lineKey(question.name, "", option.value);
        if (!lines.has(key)) continue;
        column.cells.set(key, { count: option.count === null ? words.lessThan(view.survey.minGroupSize) : option.count, share: shareCell(option.share) });
      }
    }
  }
  const header: Cell[] = [words.question, words.row, words.answer, ...columns.flatMap((column) => [`${column.header}: ${words.respondents}`, `${column.header}: ${words.share}`])];
  const body = [...lines].map(([key, line]) => [...line, ...columns.flatMap((column) => [column.cells.get(key)?.count ?? null, column.cells.get(key)?.share ?? null])]);
  return [header, ...body].map(neutral);
}

/** How the figures are protected, in plain words: the same note as the pages' (components/results/protection.tsx). */
export function protectionNotes({ minGroupSize, batch, access }: { minGroupSize: number; batch: number; access: "public" | "invitation" }, locale: Locale): string[] {
  const t = getT(locale);
  return [
    t("results:protection.title"),
    t("results:protection.adjusted", { count: minGroupSize }),
    t("results:protection.batches", { count: batch }),
    t(access === "invitation" ? "results:protection.invitation" : "results:protection.public"),
  ];
}

/**
 * The tables as CSV for a reader of `locale`: ";" and decimal commas in French
 * and Dutch (what a Belgian spreadsheet opens in columns), "," and points in
 * English; the BOM lets spreadsheet programs read the accents as UTF-8. The
 * note on how the figures are protected follows the table after a blank line.
 */
export function resultsCsv(tables: Cell[][], notes: string[], locale: Locale): string {
  const { delimiter, decimal } = csvConventions(locale);
  const text = (row: Cell[]) => row.map((cell) => (typeof cell === "number" ? csvNumber(cell, decimal) : cell === null ? null : neutralizeCell(cell)));
  return stringify([...tables.map(text), [], ...notes.map((note) => [neutralizeCell(note)])], { bom: true, delimiter });
}

/** Column widths in characters: as wide as the longest text, within bounds. */
function columnWidths(rows: Cell[][], { min, max }: { min: number; max: number }): { width: number }[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? min, Math.min(max, String(cell ?? "").length + 2))));
  return widths.map((width) => ({ width }));
}

/**
 * The tables as a workbook: figures stored as numbers (counts whole, shares
 * with one decimal, which the spreadsheet shows in the reader's own format),
 * words as text, columns as wide as their labels, the header row frozen.
 */
export async function resultsWorkbook(tables: Cell[][], notes: string[], { tablesSheet, notesSheet }: { tablesSheet: string; notesSheet: string }): Promise<Buffer> {
  const [header = [], ...body] = tables;
  const numeric = (cell: Cell, column: number) =>
    typeof cell === "number" ? { value: cell, type: Number, format: column >= 3 && column % 2 === 0 ? "0.0" : "0" } : cell === null ? null : neutralizeCell(cell);
  const data = [header.map((cell) => ({ value: neutralizeCell(cell === null ? "" : String(cell)), fontWeight: "bold" as const, wrap: true, alignVertical: "top" as const })), ...body.map((row) => row.map(numeric))];
  // Labels are wide, figures narrow; a header wraps on two lines rather than widening its column.
  const columns = [...columnWidths(body.map((row) => row.slice(0, 3)), { min: 10, max: 60 }), ...header.slice(3).map(() => ({ width: 16 }))];
  return writeXlsxFile([
    { data, sheet: tablesSheet, columns, stickyRowsCount: 1 },
    { data: notes.map((note) => [{ value: neutralizeCell(note), wrap: true }]), sheet: notesSheet, columns: [{ width: 100 }] },
  ]).toBuffer();
}

function tableWords(locale: Locale, minGroupSize: number): TableWords {
  const t = getT(locale);
  return {
    question: t("results:table.question"),
    row: t("results:table.row"),
    answer: t("results:table.option"),
    respondents: t("results:table.respondents"),
    share: t("results:table.sharePercent"),
    lessThan: (count) => t("results:lessThan", { count: count || minGroupSize }),
    whole: t("results:export.thisView"),
    cooperative: t("results:compare.whole"),
    segment: (name) => name,
  };
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
 * the page's tables within the link's restriction, labels in `locale`, and the
 * note on how the figures are protected. A refused view is an error, not a file.
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
    // A bad query is told in the reader's language before anything is read.
    parseResultsQuery(params, restriction);
    const view = await resultsView(db, { survey, params, restriction, locale });
    const { results } = view;
    if (results.suppressed) throw new AppError(403, results.reason, undefined, undefined, { minGroupSize: results.minGroupSize });
    const t = getT(locale);
    const tables = resultTables(view, tableWords(locale, results.minGroupSize));
    const notes = protectionNotes({ minGroupSize: results.minGroupSize, batch: results.release.batch, access: survey.access }, locale);
    const name = `${survey.slug}-${[view.query.antenna, view.query.sector, view.query.locale].filter(Boolean).join("-") || "all"}`;
    const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
    await audit(db, { userId: by.userId, action: `results.export-${format}`, target: survey.slug, detail: { query: view.query, ...(by.shareLinkId ? { shareLink: by.shareLinkId } : {}) } });
    if (format === "csv") {
      return new Response(resultsCsv(tables, notes, locale), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}.csv"` } });
    }
    const buffer = await resultsWorkbook(tables, notes, { tablesSheet: t("results:export.tablesSheet"), notesSheet: t("results:export.notesSheet") });
    return new Response(new Uint8Array(buffer), {
      headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Content-Disposition": `attachment; filename="${name}.xlsx"` },
    });
  } catch (error) {
    if (isAppError(error)) return resultsError(error, locale);
    throw error;
  }
}

/** The CSV or XLSX of a share link's view, within its restriction; 404 for a link that no longer works. */
export async function sharedExport(db: Db, { token, params, locale, format }: { token: string; params: URLSearchParams; locale: Locale; format: "csv" | "xlsx" }): Promise<Response> {
  const shared = await resolveSharedSurvey(db, { token });
  if (!shared) throw new Response("Not found", { status: 404 });
  return exportResponse(db, { survey: shared.survey, params, restriction: shared.link, locale, format, by: { userId: null, shareLinkId: shared.link.id } });
}
