import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { LocalizedName, Locale } from "~/db/values";
import { LOCALE_NAMES, SUPPORTED_LOCALES } from "~/i18n/config";
import { FormMessage } from "./forms";

type Entry = { code: string; name: LocalizedName; defaultLocale?: Locale };
type Loaded = { kind: "antennas" | "sectors"; entries: Entry[] };
type Result = { ok: true; code: string } | { error: string; code: string; fields?: Record<string, string> };

/** The admin page of antennas or sectors: every entry editable in place, and a new one. */
export function CatalogueEditor() {
  const { t } = useTranslation();
  const { kind, entries } = useLoaderData<Loaded>();
  const result = useActionData<Result>();
  return (
    <section aria-labelledby="catalogue-title" className="stack-lg">
      <h1 id="catalogue-title">{t(`admin.${kind}`)}</h1>
      <p>{t(`admin.${kind}Intro`)}</p>
      {result && "error" in result ? (
        <FormMessage tone="error">
          {t("errors.invalid_request")}{" "}
          {Object.entries(result.fields ?? {})
            .map(([field, code]) => `${t(`admin.field.${field}`, { defaultValue: field })}: ${t(`errors.${code}`)}`)
            .join(" · ")}
        </FormMessage>
      ) : null}
      {result && "ok" in result ? <FormMessage tone="success">{t("admin.saved", { code: result.code })}</FormMessage> : null}
      <ul className="catalogue">
        {entries.map((entry) => (
          <li key={entry.code}>
            <EntryForm kind={kind} entry={entry} />
          </li>
        ))}
        <li>
          <h2>{t(`admin.new.${kind}`)}</h2>
          <EntryForm kind={kind} entry={null} />
        </li>
      </ul>
    </section>
  );
}

function EntryForm({ kind, entry }: { kind: Loaded["kind"]; entry: Entry | null }) {
  const { t } = useTranslation();
  const id = entry ? `entry-${entry.code}` : "entry-new";
  return (
    <Form method="post" className="catalogue-entry" aria-label={entry ? entry.code : t(`admin.new.${kind}`)}>
      <div className="field">
        <label htmlFor={`${id}-code`}>{t("admin.code")}</label>
        {entry ? (
          <>
            <input id={`${id}-code`} value={entry.code} readOnly aria-readonly="true" />
            <input type="hidden" name="code" value={entry.code} />
          </>
        ) : (
          <input id={`${id}-code`} name="code" required pattern="[a-z0-9]+(-[a-z0-9]+)*" maxLength={40} />
        )}
      </div>
      {SUPPORTED_LOCALES.map((locale) => (
        <div className="field" key={locale}>
          <label htmlFor={`${id}-${locale}`}>
            {t(`admin.field.name.${locale}`)}
          </label>
          <input id={`${id}-${locale}`} name={`name.${locale}`} lang={locale} defaultValue={entry?.name[locale]} required maxLength={100} />
        </div>
      ))}
      {kind === "antennas" ? (
        <div className="field">
          <label htmlFor={`${id}-locale`}>{t("admin.defaultLocale")}</label>
          <select id={`${id}-locale`} name="defaultLocale" defaultValue={entry?.defaultLocale ?? "fr"}>
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
