import { useTranslation } from "react-i18next";
import type { ThemeView } from "~/networking/load.server";
import { formatPercent } from "~/results/numbers";

/** A share as a whole percentage, for sentences whose text places the % sign. */
export const percent = (share: number) => Math.round(100 * share);

/**
 * The theme ranking as a table, each share drawn as a bar with its 95 %
 * interval as a whisker. The bar is decoration: the same figures are in the cells.
 */
export function ThemeTable({ themes, minGroupSize }: { themes: ThemeView[]; minGroupSize: number }) {
  const { t, i18n } = useTranslation("recommendations");
  if (themes.length === 0) return <p>{t("themes.empty")}</p>;
  const withheld = themes.some((theme) => theme.count === null);
  return (
    <>
      <table className="theme-table">
        <caption>{t("themes.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("themes.theme")}</th>
            <th scope="col" className="numeric">
              {t("themes.count")}
            </th>
            <th scope="col">{t("themes.share")}</th>
            <th scope="col">{t("themes.interval")}</th>
          </tr>
        </thead>
        <tbody>
          {themes.map((theme) => (
            <tr key={theme.theme}>
              <th scope="row">{theme.label}</th>
              {theme.count === null ? (
                <td className="numeric muted" colSpan={3}>
                  {t("themes.lessThan", { count: theme.lessThan })}
                </td>
              ) : (
                <>
                  <td className="numeric">{theme.count.toLocaleString(i18n.language)}</td>
                  <td>
                    <span className="share-cell">
                      <span className="share-bar" aria-hidden="true">
                        <span className="share-fill" style={{ width: `${100 * theme.share}%` }} />
                        <span
                          className="share-interval"
                          style={{ left: `${100 * theme.interval.low}%`, width: `${100 * (theme.interval.high - theme.interval.low)}%` }}
                        />
                      </span>
                      <span className="numeric">{formatPercent(100 * theme.share, i18n.language)}</span>
                    </span>
                  </td>
                  <td>{t("themes.intervalText", { low: percent(theme.interval.low), high: percent(theme.interval.high) })}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {withheld ? <p className="hint">{t("themes.hiddenNote", { count: minGroupSize })}</p> : null}
    </>
  );
}
