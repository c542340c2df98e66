import { useTranslation } from "react-i18next";
import type { QuestionLabels } from "~/results/questions.server";
import { shareOf } from "~/results/privacy";
import type { QuestionResult } from "~/results/results.server";
import { BarChart, type ChartSpec } from "./chart";
import { byCount, percentAxisMax, sortedBy } from "./chart-data";
import { FreeTextList } from "./free-text";
import { Figure, HiddenNotes, type Shown, useDecimal, usePercent } from "./figures";

/** One question: a chart fitting its type beside the table of its figures. */
export function QuestionBlock({ question, labels }: { question: QuestionResult; labels: QuestionLabels | undefined }) {
  const { t } = useTranslation("results");
  const title = labels?.title ?? question.name;
  const id = `q-${question.name}`;
  return (
    <section className="question-block" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="question-n">
        {question.n !== null ? t("answered", { count: question.n }) : <Figure shown={{ count: null, lessThan: question.lessThan ?? 0 }} />}
      </p>
      <QuestionBody question={question} labels={labels} title={title} />
    </section>
  );
}

function QuestionBody({ question, labels, title }: { question: QuestionResult; labels: QuestionLabels | undefined; title: string }) {
  const { t } = useTranslation("results");
  const label = (value: string) => labels?.choices[value] ?? (value === "other" ? t("other") : value);
  switch (question.type) {
    case "single":
    case "multiple":
    case "boolean":
      return (
        <>
          <ChoiceFigures question={question} title={title} label={label} />
          {question.freeText ? <FreeTextList freeText={question.freeText} title={t("otherAnswers")} /> : null}
        </>
      );
    case "rating":
      return <CountsPerValue question={question} title={title} label={label} chart="chart.rating" caption="table.caption" first="table.value" />;
    case "ranking":
      return <RankingFigures question={question} title={title} label={label} />;
    case "matrix":
      return <MatrixFigures question={question} title={title} label={label} rowLabel={(row) => labels?.rows[row] ?? row} />;
    case "number":
      // Counts per band only: never a raw value, sum, minimum or maximum.
      return <CountsPerValue question={question} title={title} label={label} chart="chart.bands" caption="table.captionBands" first="table.band" />;
    case "text":
      return question.freeText ? <FreeTextList freeText={question.freeText} title={title} /> : null;
  }
}

type Figures = { question: QuestionResult; title: string; label: (value: string) => string };

/** Share of the question's respondents, in percent (at most 100: both figures are adjusted); null when either is withheld. */
const percentOf = (count: number | null, n: number | null) => {
  const share = shareOf(count, n);
  return share === null ? null : 100 * share;
};

function ChoiceFigures({ question, title, label }: Figures) {
  const { t } = useTranslation("results");
  // Answers read largest first, in the chart and the table beside it; withheld ones last.
  const sorted = { ...question, options: byCount(question.options) };
  const shares = sorted.options.map((option) => percentOf(option.count, question.n));
  const spec: ChartSpec = {
    horizontal: true,
    labels: sorted.options.map((option) => label(option.value)),
    datasets: [{ label: t("table.share"), data: shares }],
    unit: "percent",
    max: percentAxisMax(shares),
  };
  return (
    <div className="figures">
      <BarChart spec={spec} label={t("chart.choices", { title })} />
      <div>
        <CountsTable question={sorted} label={label} caption={t(question.type === "multiple" ? "table.captionMultiple" : "table.caption", { title })} first={t("table.option")} />
        <HiddenNotes figures={question.options} />
      </div>
    </div>
  );
}

/** Respondents and their share per option: the figures of a choice, yes/no or rating question. */
function CountsTable({ question, label, caption, first }: { question: QuestionResult; label: (value: string) => string; caption: string; first: string }) {
  const { t } = useTranslation("results");
  const percent = usePercent();
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col" className="numeric">{t("table.count")}</th>
          <th scope="col" className="numeric">{t("table.share")}</th>
        </tr>
      </thead>
      <tbody>
        {question.options.map((option) => (
          <tr key={option.value}>
            <th scope="row">{label(option.value)}</th>
            <td className="numeric"><Figure shown={option} /></td>
            <td className="numeric">{percent(percentOf(option.count, question.n))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Respondents per value as columns, then the table: a rating (with its mean) or a number's bands. */
function CountsPerValue({ question, title, label, chart, caption, first }: Figures & { chart: string; caption: string; first: string }) {
  const { t } = useTranslation("results");
  const decimal = useDecimal();
  const spec: ChartSpec = {
    horizontal: false,
    labels: question.options.map((option) => label(option.value)),
    datasets: [{ label: t("table.count"), data: question.options.map((option) => option.count) }],
    unit: "count",
  };
  return (
    <div className="figures">
      <BarChart spec={spec} label={t(chart, { title })} />
      <div>
        {question.type === "rating" ? (
          <p className="mean">{question.mean != null ? t("mean", { value: decimal(question.mean) }) : t("meanHidden")}</p>
        ) : null}
        <CountsTable question={question} label={label} caption={t(caption, { title })} first={t(first)} />
        <HiddenNotes figures={question.options} />
      </div>
    </div>
  );
}

function RankingFigures({ question, title, label }: Figures) {
  const { t } = useTranslation("results");
  const percent = usePercent();
  const decimal = useDecimal();
  // Best mean rank first, in the chart and the table; items with no released figure last.
  const ranks = sortedBy(question.ranks ?? [], (rank) => rank.meanRank, "smallest");
  const spec: ChartSpec = {
    horizontal: true,
    labels: ranks.map((rank) => label(rank.value)),
    datasets: [{ label: t("table.meanRank"), data: ranks.map((rank) => rank.meanRank) }],
    unit: "rank",
    min: 0,
  };
  return (
    <div className="figures">
      <BarChart spec={spec} label={t("chart.ranking", { title })} />
      <div>
        <table>
          <caption>{t("table.captionRanking", { title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("table.item")}</th>
              <th scope="col" className="numeric">{t("table.meanRank")}</th>
              <th scope="col" className="numeric">{t("table.firstPlaces")}</th>
              <th scope="col" className="numeric">{t("table.firstShare")}</th>
            </tr>
          </thead>
          <tbody>
            {ranks.map(({ value, meanRank: rank }) => {
              const option = question.options.find((o) => o.value === value) ?? { value, count: 0 };
              return (
                <tr key={value}>
                  <th scope="row">{label(value)}</th>
                  <td className="numeric">{rank != null ? decimal(rank) : <Figure shown={{ count: null, hidden: "statistic" }} />}</td>
                  <td className="numeric"><Figure shown={option} /></td>
                  <td className="numeric">{percent(percentOf(option.count, question.n))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <HiddenNotes figures={[...question.options, ...ranks.filter((rank) => rank.meanRank === null).map(() => ({ count: null, hidden: "statistic" }) as Shown)]} />
      </div>
    </div>
  );
}

function MatrixFigures({ question, title, label, rowLabel }: Figures & { rowLabel: (row: string) => string }) {
  const { t } = useTranslation("results");
  const rows = question.rows ?? [];
  const columns = rows[0]?.options.map((option) => option.value) ?? [];
  const spec: ChartSpec = {
    horizontal: true,
    stacked: true,
    labels: rows.map((row) => rowLabel(row.row)),
    datasets: columns.map((column) => ({ label: label(column), data: rows.map((row) => percentOf(row.options.find((o) => o.value === column)?.count ?? null, row.n)) })),
    unit: "percent",
    max: 100,
  };
  return (
    <div className="figures figures-wide">
      <BarChart spec={spec} label={t("chart.matrix", { title })} />
      <div>
        <table>
          <caption>{t("table.caption", { title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("table.row")}</th>
              {columns.map((column) => (
                <th scope="col" className="numeric" key={column}>{label(column)}</th>
              ))}
              <th scope="col" className="numeric">{t("table.respondents")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.row}>
                <th scope="row">{rowLabel(row.row)}</th>
                {row.options.map((option) => (
                  <td className="numeric" key={option.value}><Figure shown={option} /></td>
                ))}
                <td className="numeric"><Figure shown={row.n !== null ? { count: row.n } : { count: null, lessThan: row.lessThan ?? 0 }} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        <HiddenNotes figures={rows.flatMap((row) => row.options)} />
      </div>
    </div>
  );
}

