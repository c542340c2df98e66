import { useContext } from "react";
import { useTranslation } from "react-i18next";
import type { FreeText, FreeTextWithheld } from "~/results/results.server";
import { formatNumber } from "~/results/numbers";
import { BarChart } from "./chart";
import { MinGroupSize } from "./figures";

/**
 * The one list of a question's written answers, with the words that recur
 * across them: in no meaningful order and with nothing about their writers
 * (language, antenna, date), so that no text can be traced back.
 */
export function FreeTextList({ freeText, title }: { freeText: FreeText | FreeTextWithheld; title: string }) {
  const { t, i18n } = useTranslation("results");
  const minGroupSize = useContext(MinGroupSize);
  if ("withheld" in freeText) return <p className="refusal-inline">{t(`freeTextWithheld.${freeText.withheld}`, { count: minGroupSize })}</p>;
  if (!freeText.answers.length) return null;
  const keywords = freeText.keywords.slice(0, 15);
  return (
    <div className="free-text stack">
      {keywords.length ? (
        <div className="figures">
          <BarChart
            spec={{ horizontal: true, labels: keywords.map((k) => k.word), datasets: [{ label: t("table.mentions"), data: keywords.map((k) => k.count) }], unit: "count" }}
            label={t("chart.keywords", { title })}
          />
          <table>
            <caption>{t("table.captionKeywords", { title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("table.word")}</th>
                <th scope="col" className="numeric">{t("table.mentions")}</th>
              </tr>
            </thead>
            <tbody>
              {keywords.map((keyword) => (
                <tr key={keyword.word}>
                  <th scope="row">{keyword.word}</th>
                  <td className="numeric">{formatNumber(keyword.count, i18n.language, { fractionDigits: 0 })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <section className="free-text-group">
        <h3>{t("freeTextCount", { count: freeText.answers.length })}</h3>
        <ul>
          {freeText.answers.map((text, index) => (
            <li key={index}>{text}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
