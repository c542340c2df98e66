import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "~/auth/permissions";
import { surveyTargets } from "~/catalogue/catalogue.server";
import { codeOptions, Field, SelectField, useSchemaForm } from "~/components/forms";
import type { Locale } from "~/db/values";
import { audit } from "~/auth/audit.server";
import { invitationsForm, MAX_INVITATIONS_AT_ONCE } from "~/responses/invitation-forms";
import { eraseUnusedInvitations, invitationStats } from "~/responses/invitations.server";
import { getFormProps } from "@conform-to/react";
import { surveyLink } from "~/responses/links";
import { displayText } from "~/surveys/localizable";
import { requireSurvey } from "~/surveys/survey-action.server";
import { readForm } from "~/http/forms.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, survey } = await requireSurvey(request, params.slug, "surveys:read");
  const [{ antennas, sectors }, stats] = await Promise.all([surveyTargets(db, survey), invitationStats(db, { surveyId: survey.id })]);
  return {
    survey: { slug: survey.slug, title: survey.title, access: survey.access, status: survey.effectiveStatus },
    link: surveyLink(new URL(request.url).origin, survey.slug),
    antennas,
    sectors,
    stats,
    canInvite: can(user, "invitations:create"),
    max: MAX_INVITATIONS_AT_ONCE,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, survey } = await requireSurvey(request, params.slug, "invitations:create");
  const form = await readForm(request);
  if (form.get("intent") !== "erase-unused") throw new Response("Bad request", { status: 400 });
  const erased = await eraseUnusedInvitations(db, { surveyId: survey.id });
  await audit(db, { userId: user.id, action: "invitations.erase-unused", target: survey.slug, detail: { erased } });
  return redirect(`/surveys/${survey.slug}/share?erased=${erased}`);
}

export default function ShareSurvey() {
  const { t, i18n } = useTranslation("staff");
  const locale = i18n.language as Locale;
  const { survey, link, antennas, sectors, stats, canInvite, max } = useLoaderData<typeof loader>();
  const base = `/surveys/${survey.slug}`;
  const [invitationForm, invitationFields] = useSchemaForm(invitationsForm, { id: "invitations", defaultValue: { count: 20 } });
  return (
    <section aria-labelledby="share-title" className="stack-lg">
      <p>
        <Link to={base}>← {displayText(survey.title, locale)}</Link>
      </p>
      <h1 id="share-title">{t("share.title")}</h1>
      {survey.status !== "open" ? <p className="message message-error">{t("share.notOpen")}</p> : null}

      {survey.access === "public" ? (
        <section aria-labelledby="link-title" className="stack">
          <h2 id="link-title">{t("share.publicLink")}</h2>
          <p>
            <a href={link} data-testid="public-link">
              {link}
            </a>
          </p>
          <div className="qr-row">
            <img src={`${base}/qr.svg`} alt={t("share.qrAlt", { link })} width={200} height={200} />
            <ul className="stack">
              <li>
                <a href={`${base}/qr.svg`} download>
                  {t("share.downloadSvg")}
                </a>
              </li>
              <li>
                <a href={`${base}/qr.png`} download>
                  {t("share.downloadPng")}
                </a>
              </li>
            </ul>
          </div>
          <h3>{t("share.posters")}</h3>
          <ul className="cards">
            {antennas.map((a) => (
              <li key={a.code} className="card">
                <Link to={`${base}/poster/${a.code}`}>{t("share.posterFor", { antenna: a.name[locale] })}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p>{t("share.invitationOnly")}</p>
      )}

      <section aria-labelledby="invitations-title" className="stack narrow-wide">
        <h2 id="invitations-title">{t("share.invitations")}</h2>
        <p>{t("share.invitationsIntro")}</p>
        <p data-testid="invitation-stats">{t("share.invitationStats", { created: stats.created, used: stats.used })}</p>
        {canInvite ? (
          <Form method="post" action={`${base}/invitations.csv`} reloadDocument className="stack" {...getFormProps(invitationForm)}>
            <Field label={t("share.count")} field={invitationFields.count} type="number" min={1} max={max} required />
            <SelectField id="inv-antenna" label={t("fields.antenna")} name="antenna" field={invitationFields.antenna} emptyLabel={t("share.noAntenna")} options={codeOptions(antennas, locale)} />
            <SelectField id="inv-sector" label={t("fields.sector")} name="sector" field={invitationFields.sector} emptyLabel={t("share.noSector")} options={codeOptions(sectors, locale)} />
            <p className="hint">{t("share.csvHint")}</p>
            <button type="submit" className="button">
              {t("share.generate")}
            </button>
          </Form>
        ) : null}
        {canInvite && stats.created > stats.used ? (
          <Form method="post">
            <input type="hidden" name="intent" value="erase-unused" />
            <button type="submit" className="button button-secondary">
              {t("share.eraseUnused", { count: stats.created - stats.used })}
            </button>
          </Form>
        ) : null}
      </section>
    </section>
  );
}
