import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "~/auth/permissions";
import { ResultsView } from "~/components/results/results-view";
import { getLocale } from "~/i18n/i18n.server";
import { loadResultsView } from "~/results/questions.server";
import { requireSurvey } from "~/surveys/survey-action.server";
import resultsStyles from "~/styles/results.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resultsStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, survey } = await requireSurvey(request, params.slug, "results:read");
  const view = await loadResultsView(db, { survey, params: new URL(request.url).searchParams, locale: await getLocale(request), received: true });
  return { view, canShare: can(user, "shares:manage") };
}

export default function SurveyResults() {
  const { t } = useTranslation("results");
  const { view, canShare } = useLoaderData<typeof loader>();
  const base = `/surveys/${view.survey.slug}`;
  return (
    <>
      <p className="no-print">
        <Link to={base}>← {view.survey.title}</Link>
        {canShare ? (
          <>
            {" · "}
            <Link to={`${base}/shares`}>{t("share.manage")}</Link>
          </>
        ) : null}
      </p>
      <ResultsView view={view} base={`${base}/results`} exports={{ csv: `${base}/results.csv`, xlsx: `${base}/results.xlsx` }} />
    </>
  );
}
