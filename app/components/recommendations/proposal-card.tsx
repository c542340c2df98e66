import { useTranslation } from "react-i18next";
import type { ProposalView } from "~/networking/load.server";
import { percent } from "./theme-table";

const DETAILS = ["format", "slot", "venue", "frequency"] as const;

/** One proposed meeting: what, where, when, how often, for how many, and why. */
export function ProposalCard({ proposal, headingLevel = 3 }: { proposal: ProposalView; headingLevel?: 3 | 4 }) {
  const { t } = useTranslation("recommendations");
  const Heading = `h${headingLevel}` as const;
  return (
    <article className="card proposal-card">
      <Heading className="proposal-theme">{proposal.labels.theme}</Heading>
      <p className="participants">
        <strong>{t("proposals.participants", { count: proposal.participants })}</strong>
        <br />
        <span className="hint">
          {t("proposals.share", { percent: percent(proposal.share), low: percent(proposal.interval.low), high: percent(proposal.interval.high) })}
        </span>
      </p>
      <dl className="facts">
        {DETAILS.map((detail) =>
          proposal.labels[detail] === null ? null : (
            <div key={detail} className="fact">
              <dt>{t(`proposals.${detail}`)}</dt>
              <dd>{proposal.labels[detail]}</dd>
            </div>
          ),
        )}
      </dl>
      <p className="reasons-title">{t("proposals.why")}</p>
      <ul className="reasons">
        {proposal.reasons.map((reason, i) => (
          <li key={i}>{reason}</li>
        ))}
      </ul>
    </article>
  );
}
