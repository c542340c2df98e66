import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { audit } from "~/auth/audit.server";
import { listAntennas, listSectors } from "~/catalogue/catalogue.server";
import { CheckboxGrid, CheckboxRow, codeOptions, Field, FormMessage, listAt, useFieldErrors, useSchemaForm } from "~/components/forms";
import { LOCALES, type Locale } from "~/db/values";
import { isAppError } from "~/http/errors";
import { LOCALE_NAMES } from "~/i18n/config";
import { toLocalInput } from "~/surveys/dates";
import { displayText, textIn } from "~/surveys/localizable";
import { noticeFor } from "~/surveys/notice.server";
import { readOptions } from "~/surveys/options";
import { saveSettingsForm } from "~/surveys/settings-form.server";
import { requireSurvey } from "~/surveys/survey-action.server";
import { readForm, refuseForm } from "~/http/forms.server";
import { parseForm } from "~/http/forms";
import { settingsForm } from "~/surveys/survey-forms";
import { getFormProps } from "@conform-to/react";

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
  const submission = parseForm(await readForm(request), settingsForm);
  if (submission.status !== "success") return refuseForm(submission);
  try {
    await saveSettingsForm(db, survey, submission.value);
  } catch (error) {
    if (isAppError(error)) return refuseForm(submission, { fields: error.fields, status: error.status });
    throw error;
  }
  const { slug } = submission.value;
  await audit(db, { userId: user.id, action: "survey.settings", target: slug });
  return redirect(`/surveys/${slug}?done=saved`);
}

export default function SurveySettings() {
  const { t, i18n } = useTranslation("staff");
  const locale = i18n.language as Locale;
  const { survey, antennas, sectors, options, notices } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm(settingsForm, {
    id: "settings",
    lastResult: useActionData<typeof action>()?.result,
    defaultValue: {
      title: { fr: textIn(survey.title, "fr") ?? "", nl: textIn(survey.title, "nl") ?? "", en: textIn(survey.title, "en") ?? "" },
      slug: survey.slug,
      antennas: survey.antennas,
      sectors: survey.sectors,
      locales: survey.locales,
      minGroupSize: survey.minGroupSize,
      access: survey.access,
      anonymous: survey.anonymous,
      opensAt: toLocalInput(survey.opensAt),
      closesAt: toLocalInput(survey.closesAt),
      privacyNotice: Object.fromEntries(LOCALES.map((l) => [l, options.privacyNotice[l] ?? notices[l]])),
      retentionMonths: options.retentionMonths,
      requireConsent: options.requireConsent,
    },
  });
  const title = fields.title.getFieldset();
  const notice = fields.privacyNotice.getFieldset();
  const error = useFieldErrors(fields);
  return (
    <section aria-labelledby="settings-title" className="stack-lg narrow-wide">
      <p>
        <Link to={`/surveys/${survey.slug}`}>← {displayText(survey.title, locale)}</Link>
      </p>
      <h1 id="settings-title">{t("settings.title")}</h1>
      {form.status === "error" ? <FormMessage tone="error">{t("common:errors.invalid_request")}</FormMessage> : null}
      <Form method="post" className="stack-lg" {...getFormProps(form)}>
        <fieldset className="stack">
          <legend>{t("new.titleLegend")}</legend>
          <Field label={t("fields.titleFr")} field={title.fr} lang="fr" required />
          <Field label={t("fields.titleNl")} field={title.nl} lang="nl" />
          <Field label={t("fields.titleEn")} field={title.en} lang="en" />
        </fieldset>
        <Field
          label={t("fields.slug")}
          hint={t("settings.slugHint")}
          field={fields.slug}
          required
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
        />
        <CheckboxGrid
          legend={t("fields.antennas")}
          hint={t("settings.targetHint")}
          name="antennas"
          options={codeOptions(antennas, locale)}
          checked={listAt(fields.antennas)}
          error={error("antennas")}
        />
        <CheckboxGrid legend={t("fields.sectors")} hint={t("settings.targetHint")} name="sectors" options={codeOptions(sectors, locale)} checked={listAt(fields.sectors)} error={error("sectors")} />
        <CheckboxGrid
          legend={t("fields.locales")}
          name="locales"
          options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l], lang: l }))}
          checked={listAt(fields.locales)}
          error={error("locales")}
        />
        <fieldset className="stack">
          <legend>{t("fields.access")}</legend>
          {(["public", "invitation"] as const).map((access) => (
            <label key={access} className="choice">
              <input type="radio" name="access" value={access} defaultChecked={fields.access.initialValue === access} />
              <span>
                <strong>{t(`access.${access}`)}</strong>
                <span className="hint">{t(`access.${access}Hint`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <CheckboxRow name="anonymous" label={t("fields.anonymous")} hint={t("settings.anonymousHint")} defaultChecked={fields.anonymous.initialValue === "on"} />
        {error("anonymous") ? <p className="field-error">{error("anonymous")}</p> : null}
        <Field
          label={t("fields.minGroupSize")}
          hint={t("settings.minGroupSizeHint")}
          field={fields.minGroupSize}
          type="number"
          required
        />
        <div className="two-columns">
          <Field label={t("fields.opensAt")} hint={t("settings.dateHint")} field={fields.opensAt} type="datetime-local" />
          <Field label={t("fields.closesAt")} hint={t("settings.dateHint")} field={fields.closesAt} type="datetime-local" />
        </div>
        <fieldset className="stack">
          <legend>{t("settings.privacy")}</legend>
          <p className="hint">{t("settings.privacyHint")}</p>
          {LOCALES.map((l) => (
            <div className="field" key={l}>
              <label htmlFor={`notice-${l}`}>{t("settings.noticeIn", { language: LOCALE_NAMES[l] })}</label>
              <textarea id={`notice-${l}`} name={notice[l].name} lang={l} rows={8} maxLength={5000} defaultValue={String(notice[l].initialValue ?? "")} />
            </div>
          ))}
          <Field
            label={t("settings.retention")}
            hint={t("settings.retentionHint")}
            field={fields.retentionMonths}
            type="number"
            required
          />
          <CheckboxRow name="requireConsent" label={t("settings.requireConsent")} hint={t("settings.requireConsentHint")} defaultChecked={fields.requireConsent.initialValue === "on"} />
        </fieldset>
        <button type="submit" className="button">
          {t("settings.save")}
        </button>
      </Form>
    </section>
  );
}
