import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { surveyTargets } from "~/catalogue/catalogue.server";
import { codeOptions, Field, FormMessage, SelectField, useSchemaForm } from "~/components/forms";
import type { Locale } from "~/db/values";
import { isAppError } from "~/http/errors";
import { createShareLink, linkStatus, listShareLinks, revokeShareLink } from "~/results/share-links.server";
import { displayText } from "~/surveys/localizable";
import { requireSurvey } from "~/surveys/survey-action.server";
import { readForm, refuseForm } from "~/http/forms.server";
import { parseForm } from "~/http/forms";
import { shareLinkForm } from "~/results/share-forms";
import { getFormProps, type SubmissionResult } from "@conform-to/react";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, survey } = await requireSurvey(request, params.slug, "shares:manage");
  const [links, { antennas, sectors }] = await Promise.all([listShareLinks(db, { surveyId: survey.id }), surveyTargets(db, survey)]);
  return {
    survey: { slug: survey.slug, title: survey.title },
    links: links.map((link) => ({ ...link, status: linkStatus(link) })),
    antennas,
    sectors,
  };
}

type ActionResult = { created?: string; revoked?: boolean; error?: string; result?: SubmissionResult<string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, survey } = await requireSurvey(request, params.slug, "shares:manage");
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  if (text("intent") === "revoke") {
    const revoked = await revokeShareLink(db, { surveyId: survey.id, slug: survey.slug, id: text("id"), userId: user.id });
    return data<ActionResult>(revoked ? { revoked } : { error: "not_found" }, { status: revoked ? 200 : 404 });
  }
  const submission = parseForm(form, shareLinkForm);
  if (submission.status !== "success") return refuseForm(submission);
  try {
    const { token } = await createShareLink(db, { surveyId: survey.id, slug: survey.slug, userId: user.id, input: submission.value });
    // Shown once: only its hash is kept.
    return data<ActionResult>({ created: `${new URL(request.url).origin}/r/${token}` });
  } catch (error) {
    if (isAppError(error)) return refuseForm(submission, { error: error.code, fields: error.fields, status: error.status });
    throw error;
  }
}

export default function ShareLinks() {
  const { t, i18n } = useTranslation("results");
  const locale = i18n.language as Locale;
  const { survey, links, antennas, sectors } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const [form, fields] = useSchemaForm(shareLinkForm, { id: "new-share-link", lastResult: result?.result, defaultValue: { expiresOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) } });
  const date = (value: string | Date) => new Date(value).toLocaleDateString(locale, { dateStyle: "medium" });
  const names = Object.fromEntries([...antennas, ...sectors].map((entry) => [entry.code, entry.name[locale]]));
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  return (
    <section aria-labelledby="shares-title" className="stack-lg">
      <p>
        <Link to={`/surveys/${survey.slug}/results`}>← {displayText(survey.title, locale)}</Link>
      </p>
      <h1 id="shares-title">{t("share.title")}</h1>
      <p className="lead">{t("share.intro")}</p>
      {result?.created ? (
        <FormMessage tone="success">
          <p>{t("share.created")}</p>
          <p>
            <label htmlFor="created-link">{t("share.link")}</label>{" "}
            <input id="created-link" className="secret" readOnly value={result.created} size={60} data-testid="created-link" />
          </p>
        </FormMessage>
      ) : null}
      {result?.revoked ? <FormMessage tone="success">{t("share.revokedDone")}</FormMessage> : null}
      {result?.error ? <FormMessage tone="error">{t(`errors.${result.error}`, { defaultValue: t("common:errors.invalid_request") })}</FormMessage> : null}

      <Form method="post" className="stack narrow" {...getFormProps(form)}>
        <h2>{t("share.new")}</h2>
        <Field label={t("share.label")} field={fields.label} hint={t("share.labelHint")} errorNamespace="results" />
        <Field label={t("share.expiresOn")} field={fields.expiresOn} type="date" required min={tomorrow} errorNamespace="results" />
        <SelectField id="share-antenna" label={t("filters.antenna")} name="antenna" field={fields.antenna} errorNamespace="results" emptyLabel={t("share.anyAntenna")} options={codeOptions(antennas, locale)} />
        <SelectField id="share-sector" label={t("filters.sector")} name="sector" field={fields.sector} errorNamespace="results" emptyLabel={t("share.anySector")} options={codeOptions(sectors, locale)} />
        <button type="submit" name="intent" value="create" className="button">
          {t("share.create")}
        </button>
      </Form>

      <section aria-labelledby="links-title" className="stack">
        <h2 id="links-title">{t("share.list")}</h2>
        {links.length ? (
          <table>
            <caption className="visually-hidden">{t("share.list")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("share.label")}</th>
                <th scope="col">{t("share.scope")}</th>
                <th scope="col">{t("share.expiresOn")}</th>
                <th scope="col">{t("share.status")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("share.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {links.map((link) => (
                <tr key={link.id}>
                  <th scope="row">{link.label || "—"}</th>
                  <td>{[link.antenna, link.sector].filter((code): code is string => !!code).map((code) => names[code] ?? code).join(" · ") || t("share.whole")}</td>
                  <td>{date(link.expiresAt)}</td>
                  <td>{t(`share.statuses.${link.status}`)}</td>
                  <td>
                    {link.status === "active" ? (
                      <Form method="post">
                        <input type="hidden" name="id" value={link.id} />
                        <button type="submit" name="intent" value="revoke" className="button button-secondary">
                          {t("share.revoke")}
                          <span className="visually-hidden"> {link.label}</span>
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t("share.none")}</p>
        )}
      </section>
    </section>
  );
}
