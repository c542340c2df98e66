import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { MissingRoleView, PairView, PartnerMeetingView } from "~/networking/load.server";
import { formatNumber } from "~/results/numbers";

type Row = { key: string; label: ReactNode; figures: ReactNode[] };

/** A captioned table: one named row per item, then its figures right-aligned. */
function FigureTable({ caption, columns, rows, className }: { caption: string; columns: string[]; rows: Row[]; className?: string }) {
  const [first, ...figures] = columns;
  return (
    <table className={className}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          {figures.map((column) => (
            <th key={column} scope="col" className="numeric">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            {row.figures.map((figure, i) => (
              <td key={i} className="numeric">
                {figure}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Partner meetings ("projet cherche partenaire"): per antenna, skills offered by some and sought by others. */
export function PartnerMeetings({ meetings, minGroupSize }: { meetings: PartnerMeetingView[]; minGroupSize: number }) {
  const { t } = useTranslation("recommendations");
  // One table per antenna, in name order; within it, the engine's order (the most balanced pairs first).
  const byAntenna = new Map<string | null, PartnerMeetingView[]>();
  for (const meeting of meetings) byAntenna.set(meeting.labels.antenna, [...(byAntenna.get(meeting.labels.antenna) ?? []), meeting]);
  const groups = [...byAntenna].sort(([a], [b]) => (a ?? "").localeCompare(b ?? ""));
  const columns = [t("partners.skill"), t("partners.offers"), t("partners.needs"), t("partners.matches")];
  return (
    <section aria-labelledby="partners-title" className="stack reco-section">
      <h2 id="partners-title">{t("partners.heading")}</h2>
      <p>{t("partners.intro")}</p>
      {meetings.length === 0 ? <p>{t("partners.empty", { count: minGroupSize })}</p> : null}
      <div className="partner-tables">
        {groups.map(([antenna, rows]) => (
          <FigureTable
            key={antenna ?? ""}
            className="partner-table"
            caption={antenna === null ? t("partners.captionAll") : t("partners.caption", { antenna })}
            columns={columns}
            rows={rows.map((meeting) => ({ key: meeting.skill, label: meeting.labels.skill, figures: [meeting.offers, meeting.needs, meeting.matches] }))}
          />
        ))}
      </div>
    </section>
  );
}

/** Theme pairs chosen together far more often than chance: ideas for cross-sector groups. */
export function TransversalThemes({ pairs }: { pairs: PairView[] }) {
  const { t, i18n } = useTranslation("recommendations");
  return (
    <section aria-labelledby="pairs-title" className="stack reco-section">
      <h2 id="pairs-title">{t("pairs.heading")}</h2>
      <p>{t("pairs.intro")}</p>
      {pairs.length === 0 ? (
        <p>{t("pairs.empty")}</p>
      ) : (
        <FigureTable
          caption={t("pairs.caption")}
          columns={[t("pairs.themes"), t("pairs.together"), t("pairs.lift")]}
          rows={pairs.map((pair) => ({
            key: pair.themes.join("+"),
            label: `${pair.labels[0]} + ${pair.labels[1]}`,
            figures: [pair.together, `× ${formatNumber(pair.lift, i18n.language)}`],
          }))}
        />
      )}
    </section>
  );
}

/** What the survey's questions do not allow, in plain words. */
export function MissingRoles({ missing }: { missing: MissingRoleView[] }) {
  const { t } = useTranslation("recommendations");
  if (missing.length === 0) return null;
  return (
    <section aria-labelledby="missing-title" className="stack reco-section reco-notes">
      <h2 id="missing-title">{t("notes.heading")}</h2>
      <ul>
        {missing.map((role) => (
          <li key={role.role}>{role.message}</li>
        ))}
      </ul>
    </section>
  );
}
