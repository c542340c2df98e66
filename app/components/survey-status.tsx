import { useTranslation } from "react-i18next";
import type { EffectiveStatus } from "~/surveys/status";

export function StatusBadge({ status }: { status: EffectiveStatus }) {
  const { t } = useTranslation("staff");
  return <span className={`badge badge-${status}`}>{t(`status.${status}`)}</span>;
}
