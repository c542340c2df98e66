import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { LocalizedName, Locale } from "~/db/values";
import { LOCALE_NAMES, SUPPORTED_LOCALES } from "~/i18n/config";
import { catalogueEntryForm } from "~/catalogue/codes";
import { FormMessage, useFieldErrors, useSchemaForm } from "./forms";

type Entry = { code: string; name: LocalizedName; defaultLocale?: Locale };
type Loaded = { kind: "antennas" | "sectors"; entries: Entry[] };
type Result = { ok: true; code: string } | { error: string; code: string; result?: SubmissionResult<string[]> };

/** The admin page of antennas or sectors: every entry editable in place, and a new one. */
export function CatalogueEditor() {
  const { t } = useTranslation();
  const { kind, entries } = useLoaderData<Loaded>();
  const result = useActionData<Result>();
  return (
    <section aria-labelledby="catalogue-title" className="stack-lg">
      <h1 id="catalogue-title">{t(`admin.${kind}`)}</h1>
      <p>{t(`admin.${kind}Intro`)}</p>
      {result && "error" in result ? <FormMessage tone="error">{t("errors.invalid_request")}</FormMessage> : null}
      {result && "ok" in result ? <FormMessage tone="success">{t("admin.saved", { code: result.code })}</FormMessage> : null}
      <ul className="catalogue">
        {entries.map((entry) => (
          <li key={entry.code}>
            <EntryForm kind={kind} entry={entry} result={result && "error" in result && result.code === entry.code ? result.result : null} />
          </li>
        ))}
        <li>
          <h2>{t(`admin.new.${kind}`)}</h2>
          <EntryForm kind={kind} entry={null} result={result && "error" in result && !entries.some((entry) => entry.code === result.code) ? result.result : null} />
        </li>
      </ul>
    </section>
  );
}

/** One entry's form, checked in the page by the schema its action reads; a refused post comes back into the entry it was for. */
function EntryForm({ kind, entry, result }: { kind: Loaded["kind"]; entry: Entry | null; result?: SubmissionResult<string[]> | null }) {
  const { t } = useTranslation();
  const id = entry ? `entry-${entry.code}` : "entry-new";
  const [form, fields] = useSchemaForm(catalogueEntryForm, {
    id: `${id}-form`,
    lastResult: result,
    defaultValue: entry ? { code: entry.code, name: entry.name, defaultLocale: entry.defaultLocale ?? "fr" } : { defaultLocale: "fr" },
  });
  const names = fields.name.getFieldset();
  const error = useFieldErrors({ code: fields.code, ...Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, names[locale]])) });
  const initial = (field: { initialValue?: unknown }) => (typeof field.initialValue === "string" ? field.initialValue : "");
  return (
    <Form method="post" className="catalogue-entry" aria-label={entry ? entry.code : t(`admin.new.${kind}`)} {...getFormProps(form)}>
      <div className="field">
        <label htmlFor={`${id}-code`}>{t("admin.code")}</label>
        {entry ? (
          <>
            <input id={`${id}-code`} value={entry.code} readOnly aria-readonly="true" />
            <input type="hidden" name="code" value={entry.code} />
          </>
        ) : (
          <input
            id={`${id}-code`}
            name="code"
            defaultValue={initial(fields.code)}
            required
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            maxLength={40}
            aria-invalid={error("code") ? true : undefined}
            aria-describedby={error("code") ? `${id}-code-error` : undefined}
          />
        )}
        {error("code") ? (
          <p className="field-error" id={`${id}-code-error`}>
            {error("code")}
          </p>
        ) : null}
      </div>
      {SUPPORTED_LOCALES.map((locale) => (
        <div className="field" key={locale}>
          <label htmlFor={`${id}-${locale}`}>{t(`admin.field.name.${locale}`)}</label>
          <input
            id={`${id}-${locale}`}
            name={`name.${locale}`}
            lang={locale}
            defaultValue={initial(names[locale])}
            required
            maxLength={100}
            aria-invalid={error(locale) ? true : undefined}
            aria-describedby={error(locale) ? `${id}-${locale}-error` : undefined}
          />
          {error(locale) ? (
            <p className="field-error" id={`${id}-${locale}-error`}>
              {error(locale)}
            </p>
          ) : null}
        </div>
      ))}
      {kind === "antennas" ? (
        <div className="field">
          <label htmlFor={`${id}-locale`}>{t("admin.defaultLocale")}</label>
          <select id={`${id}-locale`} name="defaultLocale" defaultValue={initial(fields.defaultLocale) || "fr"}>
            {SUPPORTED_LOCALES.map((locale) => (
              <option key={locale} value={locale}>
                {LOCALE_NAMES[locale]}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <button type="submit" className="button">
        {entry ? t("admin.save") : t("admin.add")}
      </button>
    </Form>
  );
}
