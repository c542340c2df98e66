import { useTranslation } from "react-i18next";
import { ProtectionNotice } from "~/components/results/protection";
import type { RecommendationQuery, RecommendationsView as View } from "~/networking/load.server";
import { Programme } from "./programme";
import { ProposalList } from "./proposal-card";
import { type Option, SegmentPicker } from "./segment-picker";
import { MissingRoles, PartnerMeetings, TransversalThemes } from "./tables";
import { ThemeTable } from "./theme-table";

/** The recommendations of one view, as staff and share-link readers see them (the heading is the route's). */
export function RecommendationsView({
  view,
  query,
  search,
  antennas,
  sectors,
  maxK,
  csvHref,
  locked,
}: {
  view: View;
  query: RecommendationQuery;
  search: string;
  antennas: Option[];
  sectors: Option[];
  maxK: number;
  csvHref: string;
  locked?: { antenna?: boolean; sector?: boolean };
}) {
  const { t } = useTranslation("recommendations");
  const filtered = view.segment.antenna !== undefined || view.segment.sector !== undefined;
  const antennaLink = (antenna: string) => {
    const params = new URLSearchParams(search);
    params.set("antenna", antenna);
    return `?${params}`;
  };
  return (
    <>
      <ProtectionNotice minGroupSize={view.minGroupSize} {...view.protection} />

      <SegmentPicker key={search} antennas={antennas} sectors={sectors} value={query} maxK={maxK} locked={locked} />

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
              <a href={csvHref} download>
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
            <p className="hint">{t("proposals.turnoutNote")}</p>
            {view.proposals.length === 0 ? (
              <p>{t("proposals.empty", { count: view.minGroupSize })}</p>
            ) : (
              <ProposalList proposals={view.proposals} overview={view.segment.antenna === undefined} antennaLink={antennaLink} />
            )}
          </section>

          <Programme programme={view.programme} minGroupSize={view.minGroupSize} />
          <PartnerMeetings meetings={view.partnerMeetings} minGroupSize={view.minGroupSize} />
          <TransversalThemes pairs={view.transversalThemes} />
        </>
      )}
      <MissingRoles missing={view.missingRoles} />
    </>
  );
}
