import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { audit } from "~/auth/audit.server";
import { listAntennas, listSectors } from "~/catalogue/catalogue.server";
import { CheckboxGrid, CheckboxRow, codeOptions, Field, FormMessage } from "~/components/forms";
import { LOCALES, type Locale } from "~/db/values";
import { isAppError } from "~/http/errors";
import { LOCALE_NAMES } from "~/i18n/config";
import { toLocalInput } from "~/surveys/dates";
import { displayText, textIn } from "~/surveys/localizable";
import { noticeFor } from "~/surveys/notice.server";
import { readOptions } from "~/surveys/options";
import { saveSettingsForm } from "~/surveys/settings-form.server";
import { requireSurvey } from "~/surveys/survey-action.server";
import { readForm } from "~/http/forms.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, survey } = await requireSurvey(request, params.slug, "surveys:edit");
  const [antennas, sectors] = await Promise.all([listAntennas(db), listSectors(db)]);
  const options = readOptions(survey.settings);
  // The notice as members would read it now, so staff edit from the real text.
  const notices = Object.fromEntries(LOCALES.map((l) => [l, noticeFor(survey, l)])) as Record<Locale, string>;
  return { survey, antennas, sectors, options, notices };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, survey } = await requireSurvey(request, params.slug, "surveys:edit");
  const form = await readForm(request);
  try {
    await saveSettingsForm(db, survey, form);
  } catch (error) {
    if (isAppError(error)) return data({ fields: error.fields ?? {} }, { status: error.status });
    throw error;
  }
  const slug = String(form.get("slug"));
  await audit(db, { userId: user.id, action: "survey.settings", target: slug });
  return redirect(`/surveys/${slug}?done=saved`);
}

export default function SurveySettings() {
  const { t, i18n } = useTranslation("staff");
  const locale = i18n.language as Locale;
  const { survey, antennas, sectors, options, notices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = (name: string) => (result?.fields?.[name] ? t(`common:errors.${result.fields[name]}`) : null);
  return (
    <section aria-labelledby="settings-title" className="stack-lg narrow-wide">
      <p>
        <Link to={`/surveys/${survey.slug}`}>← {displayText(survey.title, locale)}</Link>
      </p>
      <h1 id="settings-title">{t("settings.title")}</h1>
      {result?.fields ? <FormMessage tone="error">{t("common:errors.invalid_request")}</FormMessage> : null}
      <Form method="post" className="stack-lg">
        <fieldset className="stack">
          <legend>{t("new.titleLegend")}</legend>
          <Field label={t("fields.titleFr")} name="title.fr" lang="fr" required maxLength={300} defaultValue={textIn(survey.title, "fr")} error={error("title.fr")} />
          <Field label={t("fields.titleNl")} name="title.nl" lang="nl" maxLength={300} defaultValue={textIn(survey.title, "nl")} />
          <Field label={t("fields.titleEn")} name="title.en" lang="en" maxLength={300} defaultValue={textIn(survey.title, "en")} />
        </fieldset>
        <Field
          label={t("fields.slug")}
          hint={t("settings.slugHint")}
          name="slug"
          required
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          maxLength={60}
          defaultValue={survey.slug}
          error={error("slug")}
        />
        <CheckboxGrid
          legend={t("fields.antennas")}
          hint={t("settings.targetHint")}
          name="antennas"
          options={codeOptions(antennas, locale)}
          checked={survey.antennas}
          error={error("antennas")}
        />
        <CheckboxGrid legend={t("fields.sectors")} hint={t("settings.targetHint")} name="sectors" options={codeOptions(sectors, locale)} checked={survey.sectors} />
        <CheckboxGrid
          legend={t("fields.locales")}
          name="locales"
          options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l], lang: l }))}
          checked={survey.locales}
          error={error("locales")}
        />
        <fieldset className="stack">
          <legend>{t("fields.access")}</legend>
          {(["public", "invitation"] as const).map((access) => (
            <label key={access} className="choice">
              <input type="radio" name="access" value={access} defaultChecked={survey.access === access} />
              <span>
                <strong>{t(`access.${access}`)}</strong>
                <span className="hint">{t(`access.${access}Hint`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <CheckboxRow name="anonymous" label={t("fields.anonymous")} hint={t("settings.anonymousHint")} defaultChecked={survey.anonymous} />
        {error("anonymous") ? <p className="field-error">{error("anonymous")}</p> : null}
        <Field
          label={t("fields.minGroupSize")}
          hint={t("settings.minGroupSizeHint")}
          name="minGroupSize"
          type="number"
          min={3}
          max={1000}
          required
          defaultValue={survey.minGroupSize}
          error={error("minGroupSize")}
        />
        <div className="two-columns">
          <Field label={t("fields.opensAt")} hint={t("settings.dateHint")} name="opensAt" type="datetime-local" defaultValue={toLocalInput(survey.opensAt)} />
          <Field label={t("fields.closesAt")} hint={t("settings.dateHint")} name="closesAt" type="datetime-local" defaultValue={toLocalInput(survey.closesAt)} error={error("closesAt")} />
        </div>
        <fieldset className="stack">
          <legend>{t("settings.privacy")}</legend>
          <p className="hint">{t("settings.privacyHint")}</p>
          {LOCALES.map((l) => (
            <div className="field" key={l}>
              <label htmlFor={`notice-${l}`}>{t("settings.noticeIn", { language: LOCALE_NAMES[l] })}</label>
              <textarea id={`notice-${l}`} name={`privacyNotice.${l}`} lang={l} rows={8} maxLength={5000} defaultValue={options.privacyNotice[l] ?? notices[l]} />
            </div>
          ))}
          <Field
            label={t("settings.retention")}
            hint={t("settings.retentionHint")}
            name="retentionMonths"
            type="number"
            min={1}
            max={120}
            required
            defaultValue={options.retentionMonths}
            error={error("retentionMonths")}
          />
          <CheckboxRow name="requireConsent" label={t("settings.requireConsent")} hint={t("settings.requireConsentHint")} defaultChecked={options.requireConsent} />
        </fieldset>
        <button type="submit" className="button">
          {t("settings.save")}
        </button>
      </Form>
    </section>
  );
}
