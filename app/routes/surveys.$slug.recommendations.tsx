import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProtectionNotice } from "~/components/results/protection";
import { listAntennas, listSectors, localizedName } from "~/catalogue/catalogue.server";
import { ProposalCard } from "~/components/recommendations/proposal-card";
import { Programme } from "~/components/recommendations/programme";
import { SegmentPicker } from "~/components/recommendations/segment-picker";
import { MissingRoles, PartnerMeetings, TransversalThemes } from "~/components/recommendations/tables";
import { ThemeTable } from "~/components/recommendations/theme-table";
import { MAX_PROGRAMME_SIZE, requireRecommendations } from "~/networking/load.server";
import { displayText } from "~/surveys/localizable";
import styles from "~/styles/recommendations.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.heading} · Maillage` : "Maillage" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, survey, locale, query, view } = await requireRecommendations(request, { slug: params.slug });
  const [antennas, sectors] = await Promise.all([listAntennas(db), listSectors(db)]);
  // The picker offers the survey's targets (or the whole catalogue), never the codes found in answers: those would tell who answered.
  const pick = <T extends { code: string; name: { fr: string; nl: string; en: string } }>(all: T[], targeted: string[]) =>
    all.filter((entry) => targeted.length === 0 || targeted.includes(entry.code)).map((entry) => ({ code: entry.code, name: localizedName(entry.name, locale) }));
  return {
    heading: displayText(survey.title, locale),
    slug: survey.slug,
    query,
    search: new URL(request.url).search,
    view,
    antennas: pick(antennas, survey.antennas),
    sectors: pick(sectors, survey.sectors),
    maxK: MAX_PROGRAMME_SIZE,
  };
}

export default function Recommendations() {
  const { t } = useTranslation("recommendations");
  const { heading, slug, query, search, view, antennas, sectors, maxK } = useLoaderData<typeof loader>();
  const filtered = view.segment.antenna !== undefined || view.segment.sector !== undefined;
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

      <ProtectionNotice minGroupSize={view.minGroupSize} {...view.protection} />

      <SegmentPicker key={search} antennas={antennas} sectors={sectors} value={query} maxK={maxK} />

      {view.suppressed ? (
        <section aria-labelledby="refused-title" className="message reco-refused">
          <h2 id="refused-title">{t("notes.refused")}</h2>
          <p>{view.message}</p>
        </section>
      ) : (
        <>
          <div className="reco-summary">
            <p>
              <strong>{t(filtered ? "segment.some" : "segment.all", { count: view.n })}</strong>
            </p>
            <p className="no-print">
              <a href={`/surveys/${slug}/recommendations.csv${search}`} download>
                {t("actions.csv")}
              </a>
            </p>
            <p className="hint no-print">{t("actions.print")}</p>
          </div>

          <section aria-labelledby="themes-title" className="stack reco-section">
            <h2 id="themes-title">{t("themes.heading")}</h2>
            <ThemeTable themes={view.themes} minGroupSize={view.minGroupSize} />
          </section>

          <section aria-labelledby="proposals-title" className="stack reco-section">
            <h2 id="proposals-title">{t("proposals.heading")}</h2>
            <p>{t("proposals.intro")}</p>
            {view.proposals.length === 0 ? (
              <p>{t("proposals.empty", { count: view.minGroupSize })}</p>
            ) : (
              <ul className="proposal-list">
                {view.proposals.map((proposal) => (
                  <li key={proposal.theme}>
                    <ProposalCard proposal={proposal} />
                  </li>
                ))}
              </ul>
            )}
          </section>

          <Programme programme={view.programme} minGroupSize={view.minGroupSize} />
          <PartnerMeetings meetings={view.partnerMeetings} minGroupSize={view.minGroupSize} />
          <TransversalThemes pairs={view.transversalThemes} />
        </>
      )}
      <MissingRoles missing={view.missingRoles} />
    </div>
  );
}
