import { useTranslation } from "react-i18next";
import type { ProgrammeView } from "~/networking/load.server";

/** Up to k proposals reaching the most distinct members, with how much of the group they reach and how good greedy is. */
export function Programme({ programme, minGroupSize }: { programme: ProgrammeView | null; minGroupSize: number }) {
  const { t } = useTranslation("recommendations");
  if (!programme || programme.proposals.length === 0) {
    return (
      <section aria-labelledby="programme-title" className="stack reco-section">
        <h2 id="programme-title">{t("programme.emptyHeading")}</h2>
        <p>{t("programme.empty")}</p>
      </section>
    );
  }
  const size = programme.proposals.length;
  return (
    <section aria-labelledby="programme-title" className="stack reco-section programme">
      <h2 id="programme-title">{t("programme.heading", { count: size })}</h2>
      <p>{t("programme.intro")}</p>
      <ol className="programme-list">
        {programme.proposals.map((proposal) => (
          <li key={`${proposal.antenna}/${proposal.theme}/${proposal.format}/${proposal.slot}`}>
            <strong>{proposal.labels.theme}</strong>
            {[proposal.labels.antenna ?? t("proposals.online"), proposal.labels.format, proposal.labels.slot, proposal.labels.venue, proposal.labels.frequency]
              .filter((label): label is string => label !== null)
              .map((label) => ` · ${label}`)
              .join("")}{" "}
            <span className="hint">({t("proposals.participants", { count: proposal.participants })})</span>
          </li>
        ))}
      </ol>
      {programme.reasons.length > 0 ? (
        programme.reasons.map((reason, i) => (
          <p key={i} className="programme-reach">
            {reason}
          </p>
        ))
      ) : (
        <p>{t("programme.hidden", { count: minGroupSize })}</p>
      )}
      <p className="hint">{programme.greedyNote}</p>
    </section>
  );
}
