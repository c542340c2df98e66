import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RecommendationsView } from "~/components/recommendations/recommendations-view";
import { pickerOptions } from "~/catalogue/catalogue.server";
import { MAX_PROGRAMME_SIZE, requireRecommendations } from "~/networking/load.server";
import { displayText } from "~/surveys/localizable";
import styles from "~/styles/recommendations.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.heading} · Maillage` : "Maillage" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, survey, locale, query, view } = await requireRecommendations(request, { slug: params.slug });
  const search = new URL(request.url).search;
  return {
    heading: displayText(survey.title, locale),
    slug: survey.slug,
    query,
    search,
    view,
    ...(await pickerOptions(db, { targets: survey, locale })),
    maxK: MAX_PROGRAMME_SIZE,
  };
}

export default function Recommendations() {
  const { t } = useTranslation("recommendations");
  const { heading, slug, search, view, ...rest } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg recommendations">
      <p className="no-print">
        <Link to={`/surveys/${slug}`}>← {t("back")}</Link>
      </p>
      <header className="stack">
        <h1>{t("title")}</h1>
        <p className="lead">{heading}</p>
        <p>{t("intro", { count: view.minGroupSize })}</p>
      </header>
      <RecommendationsView view={view} search={search} csvHref={`/surveys/${slug}/recommendations.csv${search}`} {...rest} />
    </div>
  );
}
