import { useContext } from "react";
import { useTranslation } from "react-i18next";
import type { ResultsViewData } from "~/results/questions.server";
import { BarChart, type ChartSpec } from "./chart";
import { byCount, percentAxisMax } from "./chart-data";
import { Figure, HiddenNotes, MinGroupSize, type Shown, usePercent } from "./figures";


type Comparison = NonNullable<ResultsViewData["comparison"]>;

/**
 * Two or more antennas (or sectors) beside the whole cooperative, or a
 * cross-table (the view cut by the answers to one question), as shares with
 * 95 % Wilson intervals; a group under the threshold is refused whole.
 */
export function ComparisonView({ comparison, labels, names }: { comparison: Comparison; labels: ResultsViewData["labels"]; names: Record<string, string> }) {
  const { t } = useTranslation("results");
  const minGroupSize = useContext(MinGroupSize);
  const percent = usePercent();
  const withheld: Shown = { count: null, lessThan: minGroupSize };
  // A cross-table's columns are the answers to one question, beside the whole view.
  const cross = comparison.dimension === "answer" ? comparison.by : undefined;
  const segmentName = (value: string | null) =>
    value === null ? t(cross ? "cross.all" : "compare.whole") : cross ? (labels[cross]?.choices[value] ?? (value === "other" ? t("other") : value)) : (names[value] ?? value);
  const shown = comparison.segments.filter((segment) => !segment.suppressed);
  const questions = shown[0]?.questions ?? [];
  return (
    <section className="comparison stack" aria-labelledby="comparison-title">
      <h2 id="comparison-title">{cross ? t("cross.title", { question: labels[cross]?.title ?? cross }) : t(comparison.dimension === "sector" ? "compare.title.sector" : "compare.title.antenna")}</h2>
      <p className="hint">{t(cross ? "cross.intro" : "compare.intro", { count: minGroupSize })}</p>
      <ul className="segment-list">
        {comparison.segments.map((segment) => (
          <li key={segment.value ?? "all"}>
            <strong>{segmentName(segment.value)}</strong>{" "}
            {segment.suppressed ? <span className="refusal-inline">{t(`refused.${segment.reason}`, { count: minGroupSize })}</span> : t("respondents", { count: segment.n ?? 0 })}
          </li>
        ))}
      </ul>
      {questions.map((question) => {
        const label = (value: string) => labels[question.name]?.choices[value] ?? (value === "other" ? t("other") : value);
        const title = labels[question.name]?.title ?? question.name;
        // Choices read largest first (by the first group's count, withheld ones last); scales keep their order.
        const nominal = question.type === "single" || question.type === "multiple" || question.type === "boolean";
        const values = (nominal ? byCount(question.options) : question.options).map((option) => option.value);
        if (!values.length) return null;
        const cell = (segmentIndex: number, value: string) => shown[segmentIndex]?.questions.find((q) => q.name === question.name)?.options.find((o) => o.value === value);
        const tops = shown.flatMap((_, index) => values.map((value) => 100 * (cell(index, value)?.interval?.high ?? cell(index, value)?.share ?? 0)));
        const spec: ChartSpec = {
          horizontal: true,
          labels: values.map(label),
          datasets: shown.map((segment, index) => ({
            label: segmentName(segment.value),
            data: values.map((value) => {
              const share = cell(index, value)?.share;
              return share == null ? null : share * 100;
            }),
            intervals: values.map((value) => cell(index, value)?.interval ?? null),
          })),
          unit: "percent",
          max: percentAxisMax(tops),
        };
        return (
          <section key={question.name} className="question-block" aria-labelledby={`cmp-${question.name}`}>
            <h3 id={`cmp-${question.name}`}>{title}</h3>
            <div className="figures figures-wide">
              <BarChart spec={spec} label={t("chart.compare", { title })} />
              <div>
                <table>
                  <caption>{t("table.captionCompare", { title })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("table.option")}</th>
                      {shown.map((segment) => (
                        <th scope="col" className="numeric" key={segment.value ?? "all"}>
                          {segmentName(segment.value)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {values.map((value) => (
                      <tr key={value}>
                        <th scope="row">{label(value)}</th>
                        {shown.map((segment, index) => {
                          const option = cell(index, value);
                          return (
                            <td className="numeric" key={segment.value ?? "all"}>
                              {option?.share != null && option.interval ? (
                                <>
                                  {percent(option.share * 100)}
                                  <span className="interval"> ({t("compare.interval", { low: percent(option.interval.low * 100), high: percent(option.interval.high * 100) })})</span>
                                </>
                              ) : option ? (
                                <Figure shown={option.count === null ? withheld : { count: option.count }} />
                              ) : (
                                "—"
                              )}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
                <HiddenNotes
                  figures={shown.flatMap((_, index) =>
                    values.map((value) => {
                      const option = cell(index, value);
                      return option?.count === null ? withheld : { count: 0 };
                    }),
                  )}
                />
              </div>
            </div>
          </section>
        );
      })}
    </section>
  );
}
