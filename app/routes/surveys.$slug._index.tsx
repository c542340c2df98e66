import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { audit } from "~/auth/audit.server";
import { can } from "~/auth/permissions";
import { listAntennas, listSectors } from "~/catalogue/catalogue.server";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { codeOptions, Field, FormMessage, IntentButton, SelectField, useSchemaForm } from "~/components/forms";
import { StatusBadge } from "~/components/survey-status";
import type { Locale } from "~/db/values";
import { isAppError } from "~/http/errors";
import { surveyFields } from "~/surveys/api.server";
import { displayText } from "~/surveys/localizable";
import { publishSurvey } from "~/surveys/publish.server";
import { backTo, requireSurvey } from "~/surveys/survey-action.server";
import { countResponses, duplicateSurvey, setSurveyStatus } from "~/surveys/surveys.server";
import { duplicateForm } from "~/surveys/survey-forms";
import { readForm } from "~/http/forms.server";
import { parseForm } from "~/http/forms";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, survey } = await requireSurvey(request, params.slug, "surveys:read");
  const [antennas, sectors, answered] = await Promise.all([listAntennas(db), listSectors(db), countResponses(db, { surveyId: survey.id })]);
  return {
    canEdit: can(user, "surveys:edit"),
    canShare: can(user, "shares:manage"),
    canExportAll: can(user, "data:export"),
    survey: surveyFields(survey),
    answered,
    antennas,
    sectors,
  };
}

type Problem = { code: string; path?: string; locale?: string; message?: string; type?: string; value?: string; role?: string; limit?: number };
type Missing = { locale: string; path: string; kind: string };
type Refusal = { error: string; fields?: Record<string, string>; problems: Problem[]; missing: Missing[]; result?: SubmissionResult<string[]> };
const refuse = (refusal: Partial<Refusal> & { error: string }, status: number) =>
  data<Refusal>({ problems: [], missing: [], ...refusal }, { status });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, survey } = await requireSurvey(request, params.slug, "surveys:edit");
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "publish") {
      await publishSurvey(db, survey);
      await audit(db, { userId: user.id, action: "survey.publish", target: survey.slug, detail: { version: survey.currentVersion } });
      return backTo(survey.slug, "published");
    }
    if (intent === "close" || intent === "archive") {
      await setSurveyStatus(db, { surveyId: survey.id, status: intent === "close" ? "closed" : "archived" });
      await audit(db, { userId: user.id, action: `survey.${intent}`, target: survey.slug });
      return backTo(survey.slug, intent === "close" ? "closed" : "archived");
    }
    if (intent === "duplicate") {
      const submission = parseForm(form, duplicateForm);
      if (submission.status !== "success") return refuse({ error: "invalid_request", result: submission.reply() }, 400);
      const { slug, antenna, sector } = submission.value;
      const copy = await duplicateSurvey(db, {
        surveyId: survey.id,
        slug,
        antennas: antenna ? [antenna] : [],
        sectors: sector ? [sector] : [],
        createdBy: user.id,
      });
      await audit(db, { userId: user.id, action: "survey.duplicate", target: copy.slug, detail: { from: survey.slug } });
      return backTo(copy.slug, "duplicated");
    }
    return refuse({ error: "invalid_request" }, 400);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return refuse(
      {
        error: error.code,
        fields: error.fields,
        problems: (error.details?.problems ?? []) as Problem[],
        missing: (error.details?.missing ?? []) as Missing[],
      },
      error.status,
    );
  }
}

export default function SurveyOverview() {
  const { t, i18n } = useTranslation("staff");
  const locale = i18n.language as Locale;
  const { survey, canEdit, canShare, canExportAll, answered, antennas, sectors } = useLoaderData<typeof loader>();
  const result = useActionData<Refusal>();
  const [duplicate, duplicateFields] = useSchemaForm(duplicateForm, { id: "duplicate", lastResult: result?.result, defaultValue: { slug: `${survey.slug}-2` } });
  const [params] = useSearchParams();
  const done = params.get("done") ?? (params.get("created") ? "created" : null);
  const names = (codes: string[], list: { code: string; name: Record<Locale, string> }[]) =>
    codes.length === 0 ? t("list.everyone") : codes.map((c) => list.find((x) => x.code === c)?.name[locale] ?? c).join(", ");
  const date = (value: string | Date | null) => (value ? new Date(value).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" }) : "—");
  const base = `/surveys/${survey.slug}`;
  return (
    <section aria-labelledby="survey-title" className="stack-lg">
      <p>
        <Link to="/surveys">← {t("list.title")}</Link>
      </p>
      <div className="title-row">
        <h1 id="survey-title">{displayText(survey.title, locale)}</h1>
        <StatusBadge status={survey.status} />
      </div>
      {done ? <FormMessage tone="success">{t(`overview.done.${done}`, { defaultValue: "" }) || t("overview.done.saved")}</FormMessage> : null}
      {result?.error ? (
        <FormMessage tone="error">
          <p>{t(`common:errors.${result.error}`)}</p>
          {result.problems?.length ? (
            <ul>
              {result.problems.map((p, i) => (
                <li key={i}>
                  {t(`surveys:definition.problem.${p.code}`, { ...p, defaultValue: p.code })}
                </li>
              ))}
            </ul>
          ) : null}
          {result.missing?.length ? (
            <>
              <p>{t("overview.missingTexts", { count: result.missing.length })}</p>
              <ul className="missing-texts">
                {result.missing.map((m, i) => (
                  <li key={i}>
                    <span lang="en">{m.locale.toUpperCase()}</span> · <code>{m.path}</code> ({t(`surveys:definition.kind.${m.kind}`, { defaultValue: m.kind })})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </FormMessage>
      ) : null}

      <dl className="facts">
        <dt>{t("fields.slug")}</dt>
        <dd>
          <code>{survey.slug}</code>
        </dd>
        <dt>{t("fields.antennas")}</dt>
        <dd>{names(survey.antennas, antennas)}</dd>
        <dt>{t("fields.sectors")}</dt>
        <dd>{names(survey.sectors, sectors)}</dd>
        <dt>{t("fields.locales")}</dt>
        <dd>{survey.locales.map((l) => l.toUpperCase()).join(" · ")}</dd>
        <dt>{t("fields.access")}</dt>
        <dd>{t(`access.${survey.access}`)}</dd>
        <dt>{t("fields.anonymous")}</dt>
        <dd>{survey.anonymous ? t("overview.yes") : t("overview.no")}</dd>
        <dt>{t("fields.minGroupSize")}</dt>
        <dd>{survey.minGroupSize}</dd>
        <dt>{t("fields.opensAt")}</dt>
        <dd>{date(survey.opensAt)}</dd>
        <dt>{t("fields.closesAt")}</dt>
        <dd>{date(survey.closesAt)}</dd>
        <dt>{t("overview.version")}</dt>
        <dd>{survey.version}</dd>
        <dt>{t("overview.answers")}</dt>
        <dd>{answered}</dd>
      </dl>

      <nav aria-label={t("overview.tools")}>
        <ul className="cards">
          {canEdit ? (
            <>
              <li className="card">
                <Link to={`${base}/edit`}>{t("overview.edit")}</Link>
              </li>
              <li className="card">
                <Link to={`${base}/settings`}>{t("overview.settings")}</Link>
              </li>
            </>
          ) : null}
          <li className="card">
            <Link to={`${base}/preview`}>{t("overview.preview")}</Link>
          </li>
          <li className="card">
            <Link to={`${base}/share`}>{t("overview.share")}</Link>
          </li>
          <li className="card">
            <Link to={`${base}/results`}>{t("overview.results")}</Link>
          </li>
          <li className="card">
            <Link to={`${base}/recommendations`}>{t("overview.recommendations")}</Link>
          </li>
          {canShare ? (
            <li className="card">
              <Link to={`${base}/shares`}>{t("overview.shares")}</Link>
            </li>
          ) : null}
          {canExportAll ? (
            <li className="card">
              <a href={`${base}/export.json`} download>
                {t("overview.exportAll")}
              </a>
            </li>
          ) : null}
        </ul>
      </nav>

      {canEdit ? (
        <section aria-labelledby="lifecycle-title" className="stack">
          <h2 id="lifecycle-title">{t("overview.lifecycle")}</h2>
          <div className="inline-form">
            {survey.status === "draft" || survey.status === "closed" ? (
              <IntentButton intent="publish">{survey.status === "draft" ? t("overview.publish") : t("overview.reopen")}</IntentButton>
            ) : null}
            {survey.status === "open" || survey.status === "scheduled" ? (
              <IntentButton intent="close" secondary>
                {t("overview.close")}
              </IntentButton>
            ) : null}
            {survey.status === "closed" || survey.status === "draft" ? (
              <IntentButton intent="archive" secondary>
                {t("overview.archive")}
              </IntentButton>
            ) : null}
          </div>
        </section>
      ) : null}

      {canEdit ? (
        <section aria-labelledby="duplicate-title" className="stack narrow">
          <h2 id="duplicate-title">{t("overview.duplicate")}</h2>
          <p>{t("overview.duplicateHint")}</p>
          <Form method="post" className="stack" {...getFormProps(duplicate)}>
            <input type="hidden" name="intent" value="duplicate" />
            <Field label={t("fields.slug")} field={duplicateFields.slug} required pattern="[a-z0-9]+(-[a-z0-9]+)*" error={result?.fields?.slug ? t(`common:errors.${result.fields.slug}`) : null} />
            <SelectField id="dup-antenna" label={t("fields.antenna")} name="antenna" field={duplicateFields.antenna} emptyLabel={t("new.allAntennas")} options={codeOptions(antennas, locale)} />
            <SelectField id="dup-sector" label={t("fields.sector")} name="sector" field={duplicateFields.sector} emptyLabel={t("new.allSectors")} options={codeOptions(sectors, locale)} />
            <button type="submit" className="button button-secondary">
              {t("overview.duplicateSubmit")}
            </button>
          </Form>
        </section>
      ) : null}
    </section>
  );
}
