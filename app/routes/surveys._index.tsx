import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { codeOptions, SelectField } from "~/components/forms";
import { requireUser } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { listAntennas, listSectors } from "~/catalogue/catalogue.server";
import { StatusBadge } from "~/components/survey-status";
import { getDb } from "~/db/db.server";
import type { Locale } from "~/db/values";
import { displayText } from "~/surveys/localizable";
import { listSurveys } from "~/surveys/surveys.server";
import { EFFECTIVE_STATUSES, type EffectiveStatus } from "~/surveys/status";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "surveys:read");
  const url = new URL(request.url);
  const status = url.searchParams.get("status");
  const filters = {
    antenna: url.searchParams.get("antenna") || undefined,
    sector: url.searchParams.get("sector") || undefined,
    status: (EFFECTIVE_STATUSES as readonly string[]).includes(status ?? "") ? (status as EffectiveStatus) : undefined,
  };
  const db = await getDb();
  const [surveys, antennas, sectors] = await Promise.all([listSurveys(db, filters), listAntennas(db), listSectors(db)]);
  return {
    canEdit: can(user, "surveys:edit"),
    filters,
    antennas,
    sectors,
    surveys: surveys.map((s) => ({
      slug: s.slug,
      title: s.title,
      status: s.effectiveStatus,
      antennas: s.antennas,
      sectors: s.sectors,
      responseCount: s.responseCount,
      updatedAt: s.updatedAt,
    })),
  };
}

export default function SurveyList() {
  const { t, i18n } = useTranslation("staff");
  const locale = i18n.language as Locale;
  const { surveys, antennas, sectors, filters, canEdit } = useLoaderData<typeof loader>();
  const antennaName = new Map(antennas.map((a) => [a.code, a.name[locale]]));
  const sectorName = new Map(sectors.map((s) => [s.code, s.name[locale]]));
  const targets = (codes: string[], names: Map<string, string>) =>
    codes.length === 0 ? t("list.everyone") : codes.map((c) => names.get(c) ?? c).join(", ");
  return (
    <section aria-labelledby="surveys-title" className="stack-lg">
      <div className="title-row">
        <h1 id="surveys-title">{t("list.title")}</h1>
        {canEdit ? (
          <Link className="button" to="/surveys/new">
            {t("list.new")}
          </Link>
        ) : null}
      </div>
      <Form method="get" className="filters" aria-label={t("list.filters")}>
        <SelectField id="filter-antenna" label={t("fields.antenna")} name="antenna" defaultValue={filters.antenna ?? ""} emptyLabel={t("list.all")} options={codeOptions(antennas, locale)} />
        <SelectField id="filter-sector" label={t("fields.sector")} name="sector" defaultValue={filters.sector ?? ""} emptyLabel={t("list.all")} options={codeOptions(sectors, locale)} />
        <div className="field">
          <label htmlFor="filter-status">{t("fields.status")}</label>
          <select id="filter-status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">{t("list.all")}</option>
            {EFFECTIVE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          {t("list.filter")}
        </button>
      </Form>
      {surveys.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t("list.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("fields.title")}</th>
              <th scope="col">{t("fields.status")}</th>
              <th scope="col">{t("fields.antennas")}</th>
              <th scope="col">{t("fields.sectors")}</th>
              <th scope="col" className="numeric">
                {t("list.responses")}
              </th>
            </tr>
          </thead>
          <tbody>
            {surveys.map((survey) => (
              <tr key={survey.slug}>
                <td>
                  <Link to={`/surveys/${survey.slug}`}>{displayText(survey.title, locale)}</Link>
                  <div className="hint">
                    <code>{survey.slug}</code>
                  </div>
                </td>
                <td>
                  <StatusBadge status={survey.status} />
                </td>
                <td>{targets(survey.antennas, antennaName)}</td>
                <td>{targets(survey.sectors, sectorName)}</td>
                <td className="numeric">{survey.responseCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
