// The member's page of a survey (DESIGN.md "Surveys"): a real <form> drawn
// from the page model the server computed with survey-core. It works without
// JavaScript; with it, questions appear and hide as the member answers, and
// (on the member's page) answers are kept on the phone and autosaved.
import { type FormHTMLAttributes, type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { INTENT_FIELD } from "~/responses/form-data";
import type { PageModel } from "~/responses/page-model.server";
import { hiddenFieldsFor } from "./offline-pages";
import { firstControlId } from "./question-parts";
import { SurveyQuestion } from "./questions";
import { useConditionalDisplay } from "./use-conditional-display";
import { type KeepOptions, useOfflineAnswers } from "./use-offline-answers";

export type SurveyPageProps = {
  model: PageModel;
  /** Where the form posts; the current URL when left out. */
  action?: string;
  /** Hidden fields the route needs back (response id, page index…). */
  hiddenFields?: Record<string, string>;
  /** Extra attributes for the <form> (a Remix fetcher's needs, data attributes). */
  formProps?: Omit<FormHTMLAttributes<HTMLFormElement>, "action" | "method" | "children">;
  /** Shown above the buttons (a saved-at note, an offline message). */
  children?: ReactNode;
  /** The member's response to keep on the phone and autosave; the preview saves nothing. */
  keep?: KeepOptions;
};

export function SurveyPage({ model: served, action, hiddenFields: fields = {}, formProps, children, keep }: SurveyPageProps) {
  const { t } = useTranslation("member");
  const form = useRef<HTMLFormElement>(null);
  // Offline, Next and Previous draw the next page on the phone in place of the server's (use-offline-answers.ts).
  const [offlinePage, setOfflinePage] = useState<PageModel | null>(null);
  const model = offlinePage ?? served;
  const hiddenFields = offlinePage ? hiddenFieldsFor(fields, model) : fields;
  useConditionalDisplay(form, model);
  const saveStatus = useOfflineAnswers(form, keep, model, setOfflinePage);
  const current = model.page.visibleIndex + 1;
  const titleId = "survey-title";
  return (
    <form
      ref={form}
      method="post"
      action={action}
      className="survey-page"
      aria-labelledby={titleId}
      // The worker keeps a copy of the member's pages only (public/sw.js).
      data-offline-survey={keep ? "" : undefined}
      // Our own errors, in the member's language, replace the browser's bubbles.
      noValidate
      {...formProps}
    >
      <header className="survey-header">
        <h1 id={titleId}>{model.title}</h1>
        {model.description && model.page.visibleIndex === 0 ? <p className="survey-description">{model.description}</p> : null}
        <Progress current={current} total={model.pageCount} />
      </header>
      <ErrorSummary model={model} />
      {model.page.title ? <h2 className="page-title">{model.page.title}</h2> : null}
      {model.page.description ? <p className="page-description">{model.page.description}</p> : null}
      {Object.entries(hiddenFields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="questions">
        {model.questions.map((question) => (
          <SurveyQuestion key={question.name} question={question} />
        ))}
      </div>
      {children}
      {keep ? (
        // Present from the first render, so a screen reader announces its changes.
        <p className="save-status" role="status" data-status={saveStatus}>
          {saveStatus === "idle" ? "" : t(`save_status.${saveStatus}`)}
        </p>
      ) : null}
      <div className="page-actions">
        {/* The forward button comes first: Enter in a field presses it. */}
        <button type="submit" name={INTENT_FIELD} value={model.page.isLast ? "submit" : "next"} className="button">
          {model.page.isLast ? t("submit") : t("next")}
        </button>
        {model.page.isFirst ? null : (
          <button type="submit" name={INTENT_FIELD} value="previous" className="button button-secondary">
            {t("previous")}
          </button>
        )}
        <button type="submit" name={INTENT_FIELD} value="later" className="link-button finish-later" aria-describedby="finish-later-hint">
          {t("later")}
        </button>
        <p className="question-hint" id="finish-later-hint">
          {t("later_hint")}
        </p>
      </div>
    </form>
  );
}

export function Progress({ current, total }: { current: number; total: number }) {
  const { t } = useTranslation("member");
  return (
    <div className="survey-progress">
      <p id="survey-progress-text">{t("progress", { current, total })}</p>
      <progress max={total} value={current} aria-labelledby="survey-progress-text" />
    </div>
  );
}

/** Every error of the page at the top, announced at once, each linking to its field. */
export function ErrorSummary({ model }: { model: PageModel }) {
  const { t } = useTranslation("member");
  const summary = useRef<HTMLDivElement>(null);
  const wrong = model.questions.filter((question) => question.visible && question.errors.length > 0);
  // A page that arrives with errors takes the member (and their screen reader) straight to the list.
  useEffect(() => summary.current?.focus(), []);
  if (wrong.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={summary}>
      <h2 id="error-summary-title">{t("errors_title", { count: wrong.length })}</h2>
      <ul>
        {wrong.map((question) => (
          <li key={question.name}>
            <a href={`#${firstControlId(question)}`}>
              {`${question.title}: ${question.errors.join(" ")}`}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
