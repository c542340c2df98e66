import { useTranslation } from "react-i18next";

/**
 * How the figures are protected, in plain words (DESIGN.md: readers are told
 * that figures are adjusted by up to 2 and refreshed in batches, and why), and
 * whether the survey's answers could have been padded.
 */
export function ProtectionNotice({
  minGroupSize,
  batch,
  access,
  releasedAt,
}: {
  minGroupSize: number;
  batch: number;
  access: "public" | "invitation";
  releasedAt?: string | null;
}) {
  const { t, i18n } = useTranslation("results");
  const date = releasedAt ? new Date(releasedAt).toLocaleString(i18n.language, { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Brussels" }) : null;
  return (
    <aside className="protection-note" aria-labelledby="protection-title" data-testid="protection-note">
      <h2 id="protection-title">{t("protection.title")}</h2>
      <p>{t("protection.adjusted", { count: minGroupSize })}</p>
      <p>{t("protection.batches", { count: batch })}</p>
      <p data-testid="access-note">{t(access === "invitation" ? "protection.invitation" : "protection.public")}</p>
      {date ? <p className="hint">{t("protection.releasedAt", { date })}</p> : null}
    </aside>
  );
}
