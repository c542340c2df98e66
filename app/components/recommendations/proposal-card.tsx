import { useTranslation } from "react-i18next";
import type { ProposalView } from "~/networking/load.server";
import { percent } from "./theme-table";

/** One proposed meeting: where, what, when, how often, in which language, for how many, and why. */
export function ProposalCard({ proposal, headingLevel = 3 }: { proposal: ProposalView; headingLevel?: 3 | 4 }) {
  const { t } = useTranslation("recommendations");
  const Heading = `h${headingLevel}` as const;
  const { labels, alternatives } = proposal;
  const facts: [string, string | null][] = [
    ["antenna", labels.antenna ?? t("proposals.online")],
    ["format", labels.format],
    ["slot", labels.slot],
    ["startsAt", proposal.startsAt],
    ["venue", labels.venue],
    ["frequency", labels.frequency && (proposal.frequencyShare === null ? labels.frequency : t("proposals.rhythmShare", { frequency: labels.frequency, percent: percent(proposal.frequencyShare) }))],
    ["languages", labels.languages.length ? labels.languages.join(", ") : null],
    ["otherSlot", labels.alternativeSlot && alternatives.slot && t("proposals.withCount", { value: labels.alternativeSlot, count: alternatives.slot.participants })],
    ["otherVenue", labels.alternativeVenue && alternatives.venue && t("proposals.withCount", { value: labels.alternativeVenue, count: alternatives.venue.accepts })],
  ];
  return (
    <article className="card proposal-card">
      <Heading className="proposal-theme">{labels.theme}</Heading>
      <p className="participants">
        <strong>{t("proposals.participants", { count: proposal.participants })}</strong>
        <br />
        <span className="turnout">{t("proposals.turnout", { low: proposal.turnout.low, high: proposal.turnout.high })}</span>
        <br />
        <span className="hint">
          {t("proposals.share", { percent: percent(proposal.share), low: percent(proposal.interval.low), high: percent(proposal.interval.high) })}
        </span>
      </p>
      <dl className="facts">
        {facts.map(([name, value]) =>
          value === null ? null : (
            <div key={name} className="fact">
              <dt>{t(`proposals.${name}`)}</dt>
              <dd>{value}</dd>
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

/**
 * The proposals of a view. With an antenna, its list; without, an overview:
 * each antenna's best proposals under its name, linking to its own page, then
 * those online open to every antenna.
 */
export function ProposalList({ proposals, overview, antennaLink }: { proposals: ProposalView[]; overview: boolean; antennaLink: (antenna: string) => string }) {
  const { t } = useTranslation("recommendations");
  if (!overview) {
    return (
      <ul className="proposal-list">
        {proposals.map((proposal) => (
          <li key={`${proposal.antenna}/${proposal.theme}`}>
            <ProposalCard proposal={proposal} />
          </li>
        ))}
      </ul>
    );
  }
  const groups = new Map<string | null, ProposalView[]>();
  for (const proposal of proposals) groups.set(proposal.antenna, [...(groups.get(proposal.antenna) ?? []), proposal]);
  // Antennas by their best proposal (the engine's order), online last.
  const ordered = [...groups].sort(([a], [b]) => Number(a === null) - Number(b === null));
  return (
    <div className="stack proposal-overview">
      <p>{t("proposals.overview")}</p>
      {ordered.map(([antenna, list]) => {
        const name = antenna === null ? t("proposals.onlineHeading") : (list[0]!.labels.antenna ?? antenna);
        return (
          <section key={antenna ?? "online"} className="stack antenna-proposals" aria-label={name}>
            <h3>{name}</h3>
            {antenna === null ? <p className="hint">{t("proposals.onlineIntro")}</p> : null}
            <ul className="proposal-list">
              {list.map((proposal) => (
                <li key={proposal.theme}>
                  <ProposalCard proposal={proposal} headingLevel={4} />
                </li>
              ))}
            </ul>
            {antenna === null ? null : (
              <p className="no-print">
                <a href={antennaLink(antenna)}>{t("proposals.seeAntenna", { antenna: name })}</a>
              </p>
            )}
          </section>
        );
      })}
    </div>
  );
}
