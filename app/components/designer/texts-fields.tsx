import { useTranslation } from "react-i18next";
import { LOCALES } from "~/db/values";
import { LOCALE_NAMES } from "~/i18n/config";
import type { Texts } from "~/surveys/designer";

/**
 * One text in French, Dutch and English side by side (stacked on a phone).
 * Fields are named `<prefix>.fr|nl|en`; each label also says which text it is.
 */
export function TextsFields({
  prefix,
  idPrefix = prefix,
  label,
  values,
  multiline = false,
  requiredFrench = false,
  maxLength,
  error,
}: {
  prefix: string;
  /** When the same prefix appears several times on a page (one title per page). */
  idPrefix?: string;
  label: string;
  values: Texts;
  multiline?: boolean;
  requiredFrench?: boolean;
  maxLength?: number;
  /** An error on one language's field, e.g. `{ locale: "fr", message }`. */
  error?: { locale: string; message: string } | null;
}) {
  const { t } = useTranslation("designer");
  // A text is to write where it is required, or where another language has it (a translation is owed); an optional text left empty everywhere is fine.
  const written = LOCALES.some((locale) => values[locale]?.trim());
  const owed = (locale: string) => !values[locale as keyof Texts]?.trim() && (written || (requiredFrench && locale === "fr"));
  return (
    <div className="texts-fields">
      {LOCALES.map((locale) => {
        const id = `${idPrefix}-${locale}`.replace(/[^\w-]/g, "-");
        const hasError = error?.locale === locale;
        const input = {
          id,
          name: `${prefix}.${locale}`,
          lang: locale,
          defaultValue: values[locale] ?? "",
          maxLength,
          required: requiredFrench && locale === "fr",
          "aria-invalid": hasError ? true : undefined,
          "aria-describedby": hasError ? `${id}-error` : undefined,
        };
        return (
          <div className="field" key={locale}>
            <label htmlFor={id}>
              <span className="visually-hidden">{label} – </span>
              <span lang={locale}>{LOCALE_NAMES[locale]}</span>
              {owed(locale) ? <span className="missing-mark"> ({t("texts.missing")})</span> : null}
            </label>
            {multiline ? <textarea rows={3} {...input} /> : <input type="text" {...input} />}
            {hasError ? (
              <p className="field-error" id={`${id}-error`}>
                {error.message}
              </p>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

/** The first of a text's languages (`title.fr`, `title.nl`…) with a schema error, in words, for TextsFields' `error`. */
export function firstTextError(allErrors: Record<string, string[]>, prefix: string, say: (code: string) => string): { locale: string; message: string } | null {
  const locale = LOCALES.find((l) => allErrors[`${prefix}.${l}`]?.[0]);
  return locale ? { locale, message: say(allErrors[`${prefix}.${locale}`]![0]!) } : null;
}
