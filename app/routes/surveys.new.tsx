import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { audit } from "~/auth/audit.server";
import { requireUser } from "~/auth/guard.server";
import { listAntennas, listSectors } from "~/catalogue/catalogue.server";
import { getFormProps } from "@conform-to/react";
import { codeOptions, Field, FormMessage, SelectField, useSchemaForm } from "~/components/forms";
import { getDb } from "~/db/db.server";
import type { Locale } from "~/db/values";
import { isAppError } from "~/http/errors";
import { parseForm } from "~/http/forms";
import { readForm, refuseForm } from "~/http/forms.server";
import { createNewSurvey } from "~/surveys/new-survey.server";
import { newSurveyForm } from "~/surveys/survey-forms";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "surveys:edit");
  const db = await getDb();
  const [antennas, sectors] = await Promise.all([listAntennas(db), listSectors(db)]);
  return { antennas, sectors };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "surveys:edit");
  const submission = parseForm(await readForm(request), newSurveyForm);
  if (submission.status !== "success") return refuseForm(submission);
  const db = await getDb();
  try {
    const survey = await createNewSurvey(db, submission.value, { createdBy: user.id });
    await audit(db, { userId: user.id, action: "survey.create", target: survey.slug, detail: { source: submission.value.source } });
    return redirect(`/surveys/${survey.slug}?created=1`);
  } catch (error) {
    if (isAppError(error)) return refuseForm(submission, { fields: error.fields ?? { _: error.code }, status: error.status });
    throw error;
  }
}

export default function NewSurvey() {
  const { t, i18n } = useTranslation("staff");
  const locale = i18n.language as Locale;
  const { antennas, sectors } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm(newSurveyForm, { id: "new-survey", lastResult: useActionData<typeof action>()?.result, defaultValue: { source: "template" } });
  const title = fields.title.getFieldset();
  return (
    <section aria-labelledby="new-title" className="stack-lg narrow-wide">
      <h1 id="new-title">{t("new.title")}</h1>
      {form.status === "error" ? <FormMessage tone="error">{t("common:errors.invalid_request")}</FormMessage> : null}
      <Form method="post" className="stack-lg" {...getFormProps(form)}>
        <fieldset className="stack">
          <legend>{t("new.source")}</legend>
          <label className="choice">
            <input type="radio" name="source" value="template" defaultChecked />
            <span>
              <strong>{t("new.template")}</strong>
              <span className="hint">{t("new.templateHint")}</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="source" value="blank" />
            <span>
              <strong>{t("new.blank")}</strong>
              <span className="hint">{t("new.blankHint")}</span>
            </span>
          </label>
        </fieldset>
        <SelectField id="new-antenna" label={t("fields.antenna")} name="antenna" field={fields.antenna} emptyLabel={t("new.allAntennas")} options={codeOptions(antennas, locale)} />
        <SelectField id="new-sector" label={t("fields.sector")} name="sector" field={fields.sector} emptyLabel={t("new.allSectors")} options={codeOptions(sectors, locale)} />
        <fieldset className="stack">
          <legend>{t("new.titleLegend")}</legend>
          <p className="hint">{t("new.titleHint")}</p>
          <Field label={t("fields.titleFr")} field={title.fr} lang="fr" />
          <Field label={t("fields.titleNl")} field={title.nl} lang="nl" />
          <Field label={t("fields.titleEn")} field={title.en} lang="en" />
        </fieldset>
        <Field label={t("fields.slug")} hint={t("new.slugHint")} field={fields.slug} pattern="[a-z0-9]+(-[a-z0-9]+)*" />
        <button type="submit" className="button">
          {t("new.create")}
        </button>
      </Form>
    </section>
  );
}
