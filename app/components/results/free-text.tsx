import { useContext } from "react";
import { useTranslation } from "react-i18next";
import type { FreeText } from "~/results/results.server";
import { LOCALE_NAMES, isLocale } from "~/i18n/config";
import { BarChart } from "./chart";
import { MinGroupSize } from "./figures";

/** Written answers grouped by language, with the words that recur across them. */
export function FreeTextList({ freeText, title }: { freeText: FreeText | null; title: string }) {
  const { t } = useTranslation("results");
  const minGroupSize = useContext(MinGroupSize);
  if (freeText === null) return <p className="refusal-inline">{t("freeTextHidden", { count: minGroupSize })}</p>;
  if (!freeText.answers.length) return null;
  const byLocale = new Map<string, string[]>();
  for (const answer of freeText.answers) byLocale.set(answer.locale, [...(byLocale.get(answer.locale) ?? []), answer.text]);
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
                  <td className="numeric">{keyword.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {[...byLocale].map(([locale, texts]) => (
        <section key={locale} className="free-text-group">
          <h3>
            {isLocale(locale) ? LOCALE_NAMES[locale] : locale} ({texts.length})
          </h3>
          <ul lang={locale}>
            {texts.map((text, index) => (
              <li key={index}>{text}</li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
