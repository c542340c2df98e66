import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { audit } from "~/auth/audit.server";
import { requireUser } from "~/auth/guard.server";
import { listAntennas, listSectors } from "~/catalogue/catalogue.server";
import { codeOptions, Field, FormMessage, SelectField } from "~/components/forms";
import { getDb } from "~/db/db.server";
import type { Locale } from "~/db/values";
import { zodFields } from "~/http/api.server";
import { isAppError } from "~/http/errors";
import { createNewSurvey, newSurveySchema } from "~/surveys/new-survey.server";
import { readForm } from "~/http/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "surveys:edit");
  const db = await getDb();
  const [antennas, sectors] = await Promise.all([listAntennas(db), listSectors(db)]);
  return { antennas, sectors };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "surveys:edit");
  const parsed = newSurveySchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ fields: zodFields(parsed.error) }, { status: 400 });
  const db = await getDb();
  try {
    const survey = await createNewSurvey(db, parsed.data, { createdBy: user.id });
    await audit(db, { userId: user.id, action: "survey.create", target: survey.slug, detail: { source: parsed.data.source } });
    return redirect(`/surveys/${survey.slug}?created=1`);
  } catch (error) {
    if (isAppError(error)) return data({ fields: error.fields ?? { _: error.code } }, { status: error.status });
    throw error;
  }
}

export default function NewSurvey() {
  const { t, i18n } = useTranslation("staff");
  const locale = i18n.language as Locale;
  const { antennas, sectors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = (name: string) => (result?.fields?.[name] ? t(`common:errors.${result.fields[name]}`) : null);
  return (
    <section aria-labelledby="new-title" className="stack-lg narrow-wide">
      <h1 id="new-title">{t("new.title")}</h1>
      {result?.fields ? <FormMessage tone="error">{t("common:errors.invalid_request")}</FormMessage> : null}
      <Form method="post" className="stack-lg">
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
        <SelectField id="new-antenna" label={t("fields.antenna")} name="antenna" defaultValue="" emptyLabel={t("new.allAntennas")} options={codeOptions(antennas, locale)} />
        <SelectField id="new-sector" label={t("fields.sector")} name="sector" defaultValue="" emptyLabel={t("new.allSectors")} options={codeOptions(sectors, locale)} />
        <fieldset className="stack">
          <legend>{t("new.titleLegend")}</legend>
          <p className="hint">{t("new.titleHint")}</p>
          <Field label={t("fields.titleFr")} name="title.fr" lang="fr" maxLength={300} error={error("title.fr")} />
          <Field label={t("fields.titleNl")} name="title.nl" lang="nl" maxLength={300} />
          <Field label={t("fields.titleEn")} name="title.en" lang="en" maxLength={300} />
        </fieldset>
        <Field label={t("fields.slug")} hint={t("new.slugHint")} name="slug" pattern="[a-z0-9]+(-[a-z0-9]+)*" maxLength={60} error={error("slug")} />
        <button type="submit" className="button">
          {t("new.create")}
        </button>
      </Form>
    </section>
  );
}
