import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SelectField } from "~/components/forms";
import { LOCALE_NAMES, SUPPORTED_LOCALES } from "~/i18n/config";
import type { ResultsViewData } from "~/results/questions.server";
import { ComparisonView } from "./comparison";
import { MinGroupSize } from "./figures";
import { ProtectionNotice } from "./protection";
import { QuestionBlock } from "./question-block";

type Named = { code: string; name: string };

/**
 * The results page body, the same for staff, readers and share links: filters
 * (a GET form that works without JavaScript), exports, comparison, and one
 * block per question. Wrapped as a print report whose header repeats on every page.
 */
export function ResultsView({ view, base, exports }: { view: ResultsViewData; base: string; exports: { csv: string; xlsx?: string } }) {
  const { t } = useTranslation("results");
  const { results, query } = view;
  const names = Object.fromEntries([...view.antennas, ...view.sectors].map((entry) => [entry.code, entry.name]));
  const filtersUsed = [
    // "Antenne : Liège" in French, "Antenna: Liège" in English: the spacing is the language's.
    t("filters.pair", { label: t("filters.antenna"), value: query.antenna ? (names[query.antenna] ?? query.antenna) : t("filters.all") }),
    t("filters.pair", { label: t("filters.sector"), value: query.sector ? (names[query.sector] ?? query.sector) : t("filters.all") }),
    t("filters.pair", {
      label: t("filters.locale"),
      value: query.locale && query.locale in LOCALE_NAMES ? LOCALE_NAMES[query.locale as keyof typeof LOCALE_NAMES] : t("filters.all"),
    }),
    query.from || query.to ? t("filters.period", { from: query.from ?? "…", to: query.to ?? "…" }) : null,
  ].filter((text) => text !== null);
  return (
    <MinGroupSize.Provider value={view.survey.minGroupSize}>
      <div className="report">
        <div className="report-header" aria-hidden="true">
          <strong>{view.survey.title}</strong> — {filtersUsed.join(" · ")}
        </div>
        <div className="report-body stack-lg">
          {/* Printed first, as the report's cover: the survey, the view, the date and how figures are protected. */}
          <header className="report-cover stack" data-testid="report-cover">
            <h1 id="results-title">{t("title", { survey: view.survey.title })}</h1>
            <p className="respondents" data-testid="respondents">
              {results.suppressed ? t("respondentsHidden") : t("respondents", { count: results.n })}
            </p>
            {results.received !== undefined ? (
              <p className="received" data-testid="received">
                {t("received", { count: results.received })}
              </p>
            ) : null}
            <p className="filters-used">
              <span className="visually-hidden">{t("filters.used")}: </span>
              {filtersUsed.join(" · ")}
            </p>
            <PrintedOn />
            <ProtectionNotice
              minGroupSize={view.survey.minGroupSize}
              batch={results.suppressed ? view.survey.minGroupSize : results.release.batch}
              access={view.survey.access}
              releasedAt={results.suppressed ? null : results.release.releasedAt}
            />
          </header>
          <Filters view={view} base={base} />
          {!results.suppressed ? (
            <nav aria-label={t("export.title")} className="no-print">
              <ul className="export-links">
                <li>
                  <a className="button button-secondary" href={`${exports.csv}${view.search}`} download>
                    {t("export.csv")}
                  </a>
                </li>
                {exports.xlsx ? (
                  <li>
                    <a className="button button-secondary" href={`${exports.xlsx}${view.search}`} download>
                      {t("export.xlsx")}
                    </a>
                  </li>
                ) : null}
              </ul>
              <p className="hint">{t("export.hint")}</p>
            </nav>
          ) : null}
          <Compare view={view} base={base} />
          {view.comparison ? <ComparisonView comparison={view.comparison} labels={view.labels} names={names} /> : null}
          {results.suppressed ? (
            <div className="message message-error refusal" role="status" data-testid="refusal">
              <h2>{t("refused.title")}</h2>
              <p>{t(`refused.${results.reason}`, { count: results.minGroupSize })}</p>
            </div>
          ) : (
            results.questions.map((question) => <QuestionBlock key={question.name} question={question} labels={view.labels[question.name]} />)
          )}
        </div>
      </div>
    </MinGroupSize.Provider>
  );
}

/** The day the report is printed, on its cover only (the page itself always shows the latest figures). */
function PrintedOn() {
  const { t, i18n } = useTranslation("results");
  const day = new Date().toLocaleDateString(i18n.language, { dateStyle: "long", timeZone: "Europe/Brussels" });
  // The server's day and the browser's may differ around midnight: the browser's wins.
  return (
    <p className="print-only printed-on" suppressHydrationWarning>
      {t("print.printedOn", { date: day })}
    </p>
  );
}

function Select({ name, label, options, value, locked }: { name: string; label: string; options: Named[]; value?: string; locked: boolean }) {
  const { t } = useTranslation("results");
  return (
    <SelectField
      id={`filter-${name}`}
      name={name}
      label={label}
      emptyLabel={locked ? null : t("filters.all")}
      defaultValue={value}
      options={options.map((o) => ({ value: o.code, label: o.name }))}
    />
  );
}

function Filters({ view, base }: { view: ResultsViewData; base: string }) {
  const { t } = useTranslation("results");
  const { query, restriction } = view;
  return (
    <Form method="get" action={base} className="no-print results-filters" aria-labelledby="filters-title">
      <h2 id="filters-title">{t("filters.title")}</h2>
      {restriction.antenna || restriction.sector ? <p className="hint">{t("filters.restricted")}</p> : null}
      <div className="filters">
        <Select name="antenna" label={t("filters.antenna")} options={view.antennas} value={query.antenna} locked={!!restriction.antenna} />
        <Select name="sector" label={t("filters.sector")} options={view.sectors} value={query.sector} locked={!!restriction.sector} />
        <Select
          name="locale"
          label={t("filters.locale")}
          options={SUPPORTED_LOCALES.filter((locale) => view.survey.locales.includes(locale)).map((locale) => ({ code: locale, name: LOCALE_NAMES[locale] }))}
          value={query.locale}
          locked={false}
        />
        <SelectField
          id="filter-by"
          name="by"
          label={t("filters.by")}
          emptyLabel={t("filters.noCut")}
          defaultValue={view.by}
          options={view.questions.filter((question) => question.cross).map((question) => ({ value: question.name, label: view.labels[question.name]?.title ?? question.name }))}
        />
        <div className="field">
          <label htmlFor="filter-from">{t("filters.from")}</label>
          <input id="filter-from" type="month" name="from" defaultValue={query.from} pattern="\d{4}-\d{2}" placeholder="2025-01" />
        </div>
        <div className="field">
          <label htmlFor="filter-to">{t("filters.to")}</label>
          <input id="filter-to" type="month" name="to" defaultValue={query.to} pattern="\d{4}-\d{2}" placeholder="2025-12" />
        </div>
        <button type="submit" className="button">
          {t("filters.apply")}
        </button>
      </div>
      <p className="hint">{t("filters.monthsHint")}</p>
      <p className="hint">{t("filters.byHint", { count: view.survey.minGroupSize })}</p>
    </Form>
  );
}

/** The current filters, minus the compared dimension, carried by a comparison form. */
function KeptFilters({ view, without }: { view: ResultsViewData; without: "antenna" | "sector" }) {
  return (
    <>
      {Object.entries(view.query)
        .filter(([name, value]) => name !== without && value !== undefined)
        .map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={String(value)} />
        ))}
    </>
  );
}

function Compare({ view, base }: { view: ResultsViewData; base: string }) {
  const { t } = useTranslation("results");
  const dimensions = (["antenna", "sector"] as const).filter((dimension) => !view.restriction[dimension]);
  if (!dimensions.length) return null;
  const chosen = new Set(view.compare?.values ?? []);
  return (
    <details className="no-print compare-forms" open={!!view.compare}>
      <summary>{t("compare.open")}</summary>
      <p className="hint">{t("compare.pick")}</p>
      {dimensions.map((dimension) => {
        const entries = dimension === "antenna" ? view.antennas : view.sectors;
        return (
          <Form method="get" action={base} key={dimension} className="stack">
            <KeptFilters view={view} without={dimension} />
            <input type="hidden" name="compare" value={dimension} />
            <fieldset>
              <legend>{t(`compare.legend.${dimension}`)}</legend>
              <div className="checkbox-grid">
                {entries.map((entry) => (
                  <label className="choice" key={entry.code}>
                    <input type="checkbox" name="segments" value={entry.code} defaultChecked={view.compare?.dimension === dimension && chosen.has(entry.code)} />
                    <span>{entry.name}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <button type="submit" className="button button-secondary">
              {t(`compare.submit.${dimension}`)}
            </button>
          </Form>
        );
      })}
    </details>
  );
}
