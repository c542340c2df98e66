// The next page without the network (docs/decisions/010-service-worker.md):
// from every page of the survey the server embedded in the member page, the
// phone draws the page the server would draw, with the answers it keeps. Page
// and question conditions run in the small evaluator; whatever it declines
// (or a page marked as needing the server) gives null, and the phone waits
// for the network as before. The server, with survey-core, stays the authority.
import { SHOWN_FIELD } from "~/responses/form-data";
import type { OfflinePage, OfflineQuestion, OfflineSurvey, PageModel, PageQuestion } from "~/responses/page-model.server";
import { conditionVariables, evaluateCondition } from "~/surveys/expressions";
import { ruleDecisions } from "./use-conditional-display";
import { isEmptyAnswer } from "~/responses/empty-answer";

type Answers = Record<string, unknown>;
type QuestionState = { visible: boolean; readOnly: boolean; required: boolean };

/** A condition's result: true or false, undefined when there is none, null when only survey-core can tell. */
const run = (expression: string | undefined, answers: Answers): boolean | null | undefined =>
  expression ? (evaluateCondition(expression, answers) ?? null) : undefined;

/** Whether a question shows, is editable and required with these answers; null when the evaluator cannot say. */
export function questionState(question: OfflineQuestion, answers: Answers): QuestionState | null {
  const visible = run(question.visibleIf, answers);
  const enabled = run(question.enableIf, answers);
  const required = run(question.requiredIf, answers);
  if (visible === null || enabled === null || required === null) return null;
  return { visible: visible ?? true, readOnly: enabled === undefined ? question.readOnly : !enabled, required: required ?? question.required };
}

/** A page shows when its condition holds and one of its questions shows (as survey-core decides). */
function pageVisible(page: OfflinePage, answers: Answers): boolean | null {
  const own = run(page.visibleIf, answers);
  if (own === null) return null;
  if (own === false) return false;
  let unknown = false;
  for (const question of page.questions) {
    const state = questionState(question, answers);
    if (state?.visible) return true;
    if (!state) unknown = true;
  }
  return unknown ? null : false;
}

/** Definition indexes of the pages visible with these answers, in order; null when one cannot be decided. */
export function visiblePages(survey: OfflineSurvey, answers: Answers): number[] | null {
  const visible: number[] = [];
  for (const page of survey.pages) {
    const shown = pageVisible(page, answers);
    if (shown === null) return null;
    if (shown) visible.push(page.index);
  }
  return visible;
}

/** The page Next or Previous leads to from `from`; null at either end or when the phone cannot tell. */
export function neighbourPage(survey: OfflineSurvey, answers: Answers, from: number, direction: "next" | "previous"): number | null {
  const visible = visiblePages(survey, answers) ?? [];
  const found = direction === "next" ? visible.find((index) => index > from) : visible.filter((index) => index < from).pop();
  return found ?? null;
}

/** A question drawn with the kept answer (the inverse of reading the form). */
function withAnswer(question: OfflineQuestion, state: QuestionState, answers: Answers): PageQuestion {
  const given = Object.prototype.hasOwnProperty.call(answers, question.name);
  const kept = given ? answers[question.name] : "value" in question ? question.value : undefined;
  const value =
    question.type === "checkbox" || question.type === "ranking"
      ? Array.isArray(kept) ? kept : []
      : question.type === "matrix"
        ? kept && typeof kept === "object" ? kept : {}
        : kept;
  const comment = answers[`${question.name}-Comment`];
  const other = "other" in question && question.other ? { other: { ...question.other, comment: typeof comment === "string" ? comment : "" } } : {};
  const { visibleIf: _visibleIf, enableIf: _enableIf, requiredIf: _requiredIf, requiredText: _requiredText, ...drawn } = question;
  return { ...drawn, ...state, ...(value === undefined ? {} : { value }), ...other, errors: [] } as PageQuestion;
}

/**
 * The page the server would show for `wanted` with these answers (the next
 * visible one when it is hidden), in the shape the server sends; null when
 * the phone cannot draw it faithfully.
 */
export function offlinePageModel(survey: OfflineSurvey, current: PageModel, answers: Answers, wanted: number): PageModel | null {
  const visible = visiblePages(survey, answers);
  if (!visible || visible.length === 0) return null;
  const index = visible.find((candidate) => candidate >= wanted) ?? visible[visible.length - 1]!;
  const page = survey.pages.find((candidate) => candidate.index === index);
  if (!page || page.needsServer) return null;
  const states = page.questions.map((question) => ({ question, state: questionState(question, answers) }));
  if (states.some(({ state }) => !state)) return null;

  // As on the server: a hidden question is drawn (hidden) only when this page's answers can reveal it.
  const names = new Set(page.questions.map((question) => question.name.toLowerCase()));
  const readsPage = (question: OfflineQuestion) => !!question.visibleIf && conditionVariables(question.visibleIf).some((name) => names.has(name.toLowerCase()));
  const onPage = states.filter(({ question, state }) => state!.visible || readsPage(question));
  const rules = onPage.filter(({ question }) => readsPage(question)).map(({ question }) => ({ question: question.name, visibleIf: question.visibleIf! }));
  const pageNames = new Set(page.questions.map((question) => question.name));
  const ruleValues: Answers = {};
  for (const rule of rules) {
    for (const name of conditionVariables(rule.visibleIf)) if (!pageNames.has(name) && answers[name] !== undefined) ruleValues[name] = answers[name];
  }

  const position = visible.indexOf(index);
  return {
    locale: current.locale,
    title: current.title,
    ...(current.description ? { description: current.description } : {}),
    pageCount: visible.length,
    page: {
      index,
      visibleIndex: position,
      name: page.name,
      ...(page.title ? { title: page.title } : {}),
      ...(page.description ? { description: page.description } : {}),
      isFirst: position === 0,
      isLast: position === visible.length - 1,
      previousIndex: visible[position - 1] ?? null,
      nextIndex: visible[position + 1] ?? null,
    },
    questions: onPage.map(({ question, state }) => withAnswer(question, state!, answers)),
    rules,
    ruleValues,
    pageErrors: {},
  };
}


/**
 * The required questions of the shown page left unanswered, with survey-core's
 * own text: offline, Next stops there as the server would. Other checks
 * (validators, choice counts) wait for the server, which makes them on completion.
 */
export function missingAnswers(survey: OfflineSurvey, model: PageModel, answers: Answers): Record<string, string[]> {
  const decisions = ruleDecisions(model.rules, { ...model.ruleValues, ...answers });
  const missing: Record<string, string[]> = {};
  for (const question of model.questions) {
    const offline = survey.pages.flatMap((page) => page.questions).find((candidate) => candidate.name === question.name);
    const state = offline ? questionState(offline, answers) : null;
    const visible = decisions[question.name] ?? state?.visible ?? question.visible;
    const required = state?.required ?? question.required;
    const readOnly = state?.readOnly ?? question.readOnly;
    if (offline && visible && required && !readOnly && isEmptyAnswer(answers[question.name])) missing[question.name] = [offline.requiredText];
  }
  return missing;
}

/** The same page with these errors next to their questions (and in the summary at the top). */
export const withErrors = (model: PageModel, errors: Record<string, string[]>): PageModel => ({
  ...model,
  questions: model.questions.map((question) => ({ ...question, errors: errors[question.name] ?? [] })),
});

/** The route's hidden fields that follow the page drawn offline: its index, and the questions the member sees on it. */
export function hiddenFieldsFor(fields: Record<string, string>, model: PageModel): Record<string, string> {
  const shown = model.questions.filter((question) => question.visible).map((question) => question.name);
  return {
    ...fields,
    ...("page" in fields ? { page: String(model.page.index) } : {}),
    ...(SHOWN_FIELD in fields ? { [SHOWN_FIELD]: shown.join(",") } : {}),
  };
}

/**
 * The questions the member saw on a page left offline, which its autosave names
 * (the server reads those): the visible ones; null when the answers now hide the
 * page (survey-core drops what it hides); the answered ones when the phone cannot tell.
 */
export function shownOn(survey: OfflineSurvey, current: PageModel, answers: Answers, index: number): string[] | null {
  const drawn = offlinePageModel(survey, current, answers, index);
  if (drawn) return drawn.page.index === index ? drawn.questions.filter((question) => question.visible).map((question) => question.name) : null;
  const page = survey.pages.find((candidate) => candidate.index === index);
  return (page?.questions ?? []).filter((question) => answers[question.name] !== undefined).map((question) => question.name);
}
