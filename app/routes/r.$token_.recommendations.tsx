import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SharedPage } from "~/components/shared-page";
import { RecommendationsView } from "~/components/recommendations/recommendations-view";
import { pickerOptions } from "~/catalogue/catalogue.server";
import { loadSharedRecommendations, MAX_PROGRAMME_SIZE } from "~/networking/load.server";
import { displayText } from "~/surveys/localizable";
import styles from "~/styles/recommendations.css?url";

// A working group's read-only recommendations: no login, kept to the link's
// antenna and sector, beside the results the same link opens.
export const handle = { bare: true };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Maillage" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const shared = await loadSharedRecommendations(request, { token });
  const headers = { "Cache-Control": "no-store" };
  if (!shared) return data({ shared: null, base: "" }, { status: 404, headers });
  const { db, survey, link, locale, query, view } = shared;
  // The pickers offer only what the link allows.
  const options = await pickerOptions(db, { targets: survey, locale, locked: link });
  return data(
    {
      shared: {
        heading: displayText(survey.title, locale),
        query,
        search: new URL(request.url).search,
        view,
        ...options,
        maxK: MAX_PROGRAMME_SIZE,
        locked: { antenna: link.antenna !== null, sector: link.sector !== null },
      },
      base: `/r/${token}`,
    },
    { headers },
  );
}

export default function SharedRecommendations() {
  const { t } = useTranslation("recommendations");
  const { shared, base } = useLoaderData<typeof loader>();
  return (
    <SharedPage>
      {shared ? (
        <div className="stack-lg recommendations">
          <p className="no-print">
            <Link to={base}>← {t("shared.results")}</Link>
          </p>
          <header className="stack">
            <h1>{t("title")}</h1>
            <p className="lead">{shared.heading}</p>
            <p>{t("intro", { count: shared.view.minGroupSize })}</p>
          </header>
          <RecommendationsView {...shared} csvHref={`${base}/recommendations.csv${shared.search}`} />
        </div>
      ) : null}
    </SharedPage>
  );
}
