// Numbers as the reader's language writes them, on the pages, in the charts and
// in the exports: "12,5" in French and Dutch, "12.5" in English. Pure: the
// browser (charts, tables) and the server (CSV, XLSX) share it.
import type { Locale } from "~/db/values";

/** A number in the reader's language, with at most `fractionDigits` decimals. */
export function formatNumber(value: number, locale: string, { fractionDigits = 1 }: { fractionDigits?: number } = {}): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value);
}

/** A percentage (0–100) in the reader's language: "12,5 %" in French, "12.5%" in English. */
export function formatPercent(value: number, locale: string, { fractionDigits = 0 }: { fractionDigits?: number } = {}): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: fractionDigits }).format(value / 100);
}

/**
 * How the reader's spreadsheet reads a CSV: a French or Dutch (Belgian) Excel
 * splits on ";" and reads "12,5" as a number; an English one wants "," and "12.5".
 */
export function csvConventions(locale: Locale): { delimiter: string; decimal: string } {
  return locale === "en" ? { delimiter: ",", decimal: "." } : { delimiter: ";", decimal: "," };
}

/** A number as a CSV cell: no grouping (a spreadsheet would read "1 234" as text), the reader's decimal mark. */
export const csvNumber = (value: number, decimal: string) => String(value).replace(".", decimal);
