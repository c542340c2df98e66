import { createContext, useContext } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber, formatPercent } from "~/results/numbers";

/** A figure as the results module lets it out: the number, or why it is not shown. */
export type Shown =
  | { count: number }
  | { count: null; lessThan: number }
  // "statistic": a mean with no released count behind it.
  | { count: null; hidden: "statistic" };

/** The survey's threshold, for the plain-words explanations. */
export const MinGroupSize = createContext(5);

const MARKS = { lessThan: "*", statistic: "‡" } as const;
const markOf = (shown: Shown) => (shown.count !== null ? null : "lessThan" in shown ? "lessThan" : "statistic");

/** A count, or "fewer than 5" / "hidden" with the mark of the note that explains it. */
export function Figure({ shown }: { shown: Shown }) {
  const { t, i18n } = useTranslation("results");
  if (shown.count !== null) return <>{formatNumber(shown.count, i18n.language, { fractionDigits: 0 })}</>;
  const mark = markOf(shown)!;
  return (
    <span className="hidden-figure">
      {"lessThan" in shown ? t("lessThan", { count: shown.lessThan }) : t("hiddenShort")}
      <sup aria-hidden="true">{MARKS[mark]}</sup>
    </span>
  );
}

/** The notes under a table, in plain words, for the kinds of hidden figures it has. */
export function HiddenNotes({ figures }: { figures: Shown[] }) {
  const { t } = useTranslation("results");
  const minGroupSize = useContext(MinGroupSize);
  const kinds = new Set(figures.map(markOf).filter((mark) => mark !== null));
  if (!kinds.size) return null;
  return (
    <ul className="hidden-notes">
      {[...kinds].map((kind) => (
        <li key={kind}>
          <span aria-hidden="true">{MARKS[kind]} </span>
          {t(`hiddenNote.${kind}`, { count: minGroupSize })}
        </li>
      ))}
    </ul>
  );
}

/** Formats a percentage (0–100) in the reader's language; a dash when hidden. */
export function usePercent() {
  const { i18n } = useTranslation();
  return (value: number | null | undefined) => (value == null ? "—" : formatPercent(value, i18n.language));
}

/** Formats a mean or a rank in the reader's language ("2,33" in French and Dutch). */
export function useDecimal() {
  const { i18n } = useTranslation();
  return (value: number) => formatNumber(value, i18n.language, { fractionDigits: 2 });
}
