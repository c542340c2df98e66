import { useTranslation } from "react-i18next";
import { LOCALES, type Locale } from "~/db/values";
import { LOCALE_NAMES } from "~/i18n/config";
import type { Count } from "~/surveys/designer";

/** "FR 12/12 · NL 10/12 · EN 12/12", with the languages spelled out for screen readers. */
export function Completeness({ counts, label }: { counts: Partial<Record<Locale, Count>>; label: string }) {
  const { t } = useTranslation("designer");
  const shown = LOCALES.filter((locale) => counts[locale]);
  return (
    <p className="completeness">
      <span className="completeness-label">{label}</span>{" "}
      {shown.map((locale, index) => {
        const count = counts[locale]!;
        const complete = count.present === count.total;
        return (
          <span key={locale} className={complete ? "count-complete" : "count-incomplete"}>
            {index > 0 ? " · " : null}
            <abbr title={LOCALE_NAMES[locale]} lang="en">
              {locale.toUpperCase()}
            </abbr>{" "}
            {count.present}/{count.total}
            <span className="visually-hidden"> {complete ? t("texts.complete") : t("texts.incomplete")}</span>
          </span>
        );
      })}
    </p>
  );
}
