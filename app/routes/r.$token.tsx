import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SharedPage } from "~/components/shared-page";
import { ResultsView } from "~/components/results/results-view";
import { getDb } from "~/db/db.server";
import { getLocale } from "~/i18n/i18n.server";
import { loadResultsView } from "~/results/questions.server";
import { resolveSharedSurvey } from "~/results/share-links.server";
import resultsStyles from "~/styles/results.css?url";

// A working group's read-only view: no login, the link's restriction applies
// to every filter, nothing can be changed. The token is in the path only.
export const handle = { bare: true };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: resultsStyles }];
export const meta: MetaFunction = () => [{ title: "Maillage" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const shared = await resolveSharedSurvey(db, { token: params.token ?? "" });
  if (!shared) return data({ view: null, base: "" }, { status: 404, headers: { "Cache-Control": "no-store" } });
  const view = await loadResultsView(db, { survey: shared.survey, params: new URL(request.url).searchParams, restriction: shared.link, locale: await getLocale(request) });
  return data({ view, base: `/r/${params.token}` }, { headers: { "Cache-Control": "no-store" } });
}

export default function SharedResults() {
  const { t } = useTranslation("recommendations");
  const { view, base } = useLoaderData<typeof loader>();
  return (
    <SharedPage>
      {view ? (
        <>
          <p className="no-print share-other-page">
            <Link to={`${base}/recommendations`}>{t("share.recommendations")}</Link>
          </p>
          <ResultsView view={view} base={base} exports={{ csv: `${base}/results.csv`, xlsx: `${base}/results.xlsx` }} />
        </>
      ) : null}
    </SharedPage>
  );
}
