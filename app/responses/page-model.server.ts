// One page of a survey as the member sees it, computed by survey-core on the
// server (DESIGN.md: the member page is server-rendered; survey-core never
// reaches the browser). The result is plain data: the loader sends it to the
// page, the components draw it, form-data.ts reads the submitted form back.
import "survey-core/i18n/french";
import "survey-core/i18n/dutch";
import type { Locale } from "~/db/values";
import { conditionVariables } from "~/surveys/expressions";
import { createModel, type Model, type SurveyJson } from "~/surveys/survey-core.server";
import { isEmptyAnswer } from "./empty-answer";

// survey-core's default locale is set to French in survey-core.server.ts, so
// that English models read `en` texts and French members get French messages.

export type ChoiceValue = string | number | boolean;

export type PageChoice = {
  value: ChoiceValue;
  text: string;
  /** "None", "Refuse to answer", "Don't know": selecting it clears the other choices. */
  exclusive?: boolean;
};

/** The "Other (describe)" item of a choice question and the text the member wrote. */
export type OtherChoice = { value: ChoiceValue; text: string; placeholder?: string; comment: string };

type QuestionBase = {
  name: string;
  title: string;
  description?: string;
  required: boolean;
  /** `enableIf` is false or the question is read-only: shown, not editable, not submitted. */
  readOnly: boolean;
  /** False for a question hidden now whose `visibleIf` reads this page's answers: rendered hidden, shown by the browser. */
  visible: boolean;
  errors: string[];
};

type SingleChoice = { choices: PageChoice[]; other?: OtherChoice; placeholder?: string; value?: ChoiceValue };

export type PageQuestion =
  | (QuestionBase & SingleChoice & { type: "radiogroup" })
  | (QuestionBase & SingleChoice & { type: "dropdown" })
  | (QuestionBase & {
      type: "checkbox";
      choices: PageChoice[];
      other?: OtherChoice;
      value: ChoiceValue[];
      minSelectedChoices?: number;
      maxSelectedChoices?: number;
    })
  | (QuestionBase & { type: "rating"; choices: PageChoice[]; minDescription?: string; maxDescription?: string; value?: ChoiceValue })
  | (QuestionBase & { type: "ranking"; choices: PageChoice[]; value: ChoiceValue[] })
  | (QuestionBase & { type: "matrix"; rows: PageChoice[]; columns: PageChoice[]; eachRowRequired: boolean; value: Record<string, ChoiceValue> })
  | (QuestionBase & { type: "boolean"; labelTrue: string; labelFalse: string; valueTrue: ChoiceValue; valueFalse: ChoiceValue; value?: ChoiceValue })
  | (QuestionBase & {
      type: "text";
      inputType: string;
      min?: string | number;
      max?: string | number;
      step?: string | number;
      maxLength?: number;
      placeholder?: string;
      value?: string | number;
    })
  | (QuestionBase & { type: "comment"; maxLength?: number; placeholder?: string; rows?: number; value?: string });

export type PageQuestionType = PageQuestion["type"];

/** A `visibleIf` the browser re-evaluates as the member answers (server remains the authority). */
export type ConditionalRule = { question: string; visibleIf: string };

export type PageModel = {
  locale: Locale;
  title: string;
  description?: string;
  /** Number of pages visible with the current answers. */
  pageCount: number;
  page: {
    /** Index in the definition's pages (stable while answers change). */
    index: number;
    /** Position among the visible pages, from 0: "page visibleIndex + 1 of pageCount". */
    visibleIndex: number;
    name: string;
    title?: string;
    description?: string;
    isFirst: boolean;
    isLast: boolean;
    /** Definition index of the previous / next visible page, null at either end. */
    previousIndex: number | null;
    nextIndex: number | null;
  };
  questions: PageQuestion[];
  rules: ConditionalRule[];
  /** Answers from other pages that the rules read, so the browser evaluates them fully. */
  ruleValues: Record<string, unknown>;
  /** survey-core's validation of this page in the member's language (required, validators), by question name. */
  pageErrors: Record<string, string[]>;
};

export type BuildPageModelInput = {
  definition: SurveyJson;
  locale: Locale;
  answers: Record<string, unknown>;
  /** Index of the wanted page in the definition; a hidden page gives way to the next visible one. */
  pageIndex: number;
  /** Errors from the answer checker, by question name, shown next to their question. */
  errors?: Record<string, string[]>;
  /** Also show survey-core's own errors next to the questions (after a submission). */
  showValidation?: boolean;
  /** The survey's own title (set by staff), which members and the preview see instead of the definition's. */
  title?: string;
};

type SurveyQuestion = ReturnType<Model["getAllQuestions"]>[number];
type SurveyPage = Model["visiblePages"][number];
type Item = { value: unknown; text: string };
type SelectQuestion = SurveyQuestion & {
  visibleChoices: Item[];
  otherItem: Item;
  noneItem: Item;
  refuseItem?: Item;
  dontKnowItem?: Item;
  selectAllItem?: Item;
  otherText: string;
  otherPlaceholder?: string;
  comment?: string;
  placeholder?: string;
  minSelectedChoices?: number;
  maxSelectedChoices?: number;
};

// Building a survey-core model takes about 10 ms (measured on the template):
// each definition object keeps one per language, and a request only sets the
// answers. Safe to share: buildPageModel is synchronous, setting `data`
// replaces every value of the previous page, and the page is validated anew.
// The member page passes the one definition object of a survey version
// (responses.server.ts, surveyVersion), so no member request builds a model.
const models = new WeakMap<SurveyJson, Map<Locale, Model>>();
function modelFor(definition: SurveyJson, locale: Locale): Model {
  let byLocale = models.get(definition);
  if (!byLocale) models.set(definition, (byLocale = new Map()));
  let model = byLocale.get(locale);
  if (!model) byLocale.set(locale, (model = createModel(definition, locale)));
  return model;
}

/**
 * Every question of a page as a form post is read back (form-data.ts), the
 * same for any answers: built once per definition. The member's own list of
 * what they saw (SHOWN_FIELD) picks among them, so an autosave needs no model.
 */
const pageQuestionLists = new WeakMap<SurveyJson, PageQuestion[][]>();
export function pageQuestions(definition: SurveyJson, pageIndex: number): PageQuestion[] {
  let pages = pageQuestionLists.get(definition);
  if (!pages) {
    const model = createModel(definition, "fr");
    pages = model.pages.map((page) => page.questions.map((question) => describeQuestion(question, [])));
    pageQuestionLists.set(definition, pages);
  }
  return pages[pageIndex] ?? [];
}

/** What a member's post needs to know of a page before moving on: where the member may go, and what is wrong or newly shown. */
type PageCheck = {
  index: number;
  previousIndex: number | null;
  nextIndex: number | null;
  /** survey-core's validation of the page, by question name. */
  pageErrors: Record<string, string[]>;
  /** The questions of the page visible with these answers. */
  visible: string[];
};

/** The page's own state with these answers, in the member's language: buildPageModel's first half, without drawing the questions. */
function pageState({ definition, locale, answers, pageIndex }: Pick<BuildPageModelInput, "definition" | "locale" | "answers" | "pageIndex">) {
  const model = modelFor(definition, locale);
  applyAnswers(model, answers);
  const visiblePages = model.visiblePages;
  const page = pickPage(model, visiblePages, pageIndex);
  const visibleIndex = visiblePages.indexOf(page);
  model.currentPage = page;
  // validate(true) is what fills each question's `errors`; without the callback flag they stay empty.
  page.validate(true, false);
  const pageErrors: Record<string, string[]> = {};
  const onPage = page.questions.filter((question) => question.isVisible || readsPage(question, page));
  for (const question of onPage) {
    const texts = question.isVisible ? question.errors.map((error) => error.getText()) : [];
    if (texts.length > 0) pageErrors[question.name] = texts;
  }
  const previous = visiblePages[visibleIndex - 1];
  const next = visiblePages[visibleIndex + 1];
  return { model, visiblePages, page, visibleIndex, onPage, pageErrors, previous, next };
}

/** Anything that can hide a page or a question, or make one required: the model must run for them. */
const dynamic = (json: unknown) => /If"|"visible":false|"triggers"|"calculatedValues"/.test(JSON.stringify(json));
const staticSurveys = new WeakMap<SurveyJson, boolean[] | null>();

/**
 * For a survey with no condition, the pages that survey-core would check only
 * for their required answers and for limits the answer checker enforces too
 * when the page is saved (numbers, lengths, how many choices): those are
 * checked here without a model. Null when the survey has conditions.
 */
function staticPages(definition: SurveyJson): boolean[] | null {
  if (staticSurveys.has(definition)) return staticSurveys.get(definition)!;
  const pages = (definition.pages as unknown[] | undefined) ?? [];
  const plain = (page: unknown, index: number) =>
    !/"validators"|"eachRowRequired"/.test(JSON.stringify(page)) &&
    pageQuestions(definition, index).length > 0;
  // A page without questions is hidden by survey-core: the next page would not be index + 1.
  const found = dynamic(definition) || pages.some((_, index) => pageQuestions(definition, index).length === 0) ? null : pages.map(plain);
  staticSurveys.set(definition, found);
  return found;
}

/** Whether a page is checked from its own answers alone (no condition anywhere, nothing but required answers for survey-core to find). */
export const isStaticPage = (definition: SurveyJson, pageIndex: number): boolean => staticPages(definition)?.[pageIndex] === true;

const isAnswered = (value: unknown) => !isEmptyAnswer(value);

/**
 * Checks a page the member posted (a redirect needs no more): cheaper than
 * buildPageModel, and without survey-core at all on a page with nothing for
 * it to find but a missing required answer, when none is missing.
 */
export function checkPage(input: Pick<BuildPageModelInput, "definition" | "locale" | "answers" | "pageIndex">): PageCheck {
  const pages = staticPages(input.definition);
  const index = Math.min(Math.max(0, input.pageIndex), (pages?.length ?? 1) - 1);
  if (pages?.[index]) {
    const questions = pageQuestions(input.definition, index);
    const complete = questions.every((question) => {
      const value = input.answers[question.name];
      if (question.required && !isAnswered(value)) return false;
      // "Other" wants its text: survey-core's own message says so.
      const other = "other" in question ? question.other : undefined;
      const otherChosen = other !== undefined && (Array.isArray(value) ? value.includes(other.value) : value === other.value);
      return !otherChosen || isAnswered(input.answers[`${question.name}-Comment`]);
    });
    if (complete) {
      return {
        index,
        previousIndex: index > 0 ? index - 1 : null,
        nextIndex: index < pages.length - 1 ? index + 1 : null,
        pageErrors: {},
        visible: questions.map((question) => question.name),
      };
    }
  }
  const { model, page, onPage, pageErrors, previous, next } = pageState(input);
  return {
    index: model.pages.indexOf(page),
    previousIndex: previous ? model.pages.indexOf(previous) : null,
    nextIndex: next ? model.pages.indexOf(next) : null,
    pageErrors,
    visible: onPage.filter((question) => question.isVisible).map((question) => question.name),
  };
}

/** The answers a shared model holds now, as they were set. */
const heldAnswers = new WeakMap<Model, Record<string, unknown>>();
const COMMENT = "-Comment";

/**
 * Gives a shared model these answers: only the values that differ from the
 * ones it holds are set or cleared (setting `data` whole re-runs every
 * condition of the survey: about 2 ms on the template, against microseconds).
 */
function applyAnswers(model: Model, answers: Record<string, unknown>): void {
  const held = heldAnswers.get(model);
  if (!held) {
    model.data = structuredClone(answers);
    heldAnswers.set(model, structuredClone(answers));
    return;
  }
  // An empty answer is no answer, as `data` reads it.
  const given = (value: unknown) => (value === null || value === "" || (Array.isArray(value) && value.length === 0) ? undefined : value);
  const names = new Set([...Object.keys(held), ...Object.keys(answers)]);
  for (const name of names) {
    if (name.endsWith(COMMENT)) continue;
    const next = given(answers[name]);
    if (JSON.stringify(next) === JSON.stringify(given(held[name]))) continue;
    if (next === undefined) model.clearValue(name);
    else model.setValue(name, structuredClone(next));
  }
  // Comments after the values: survey-core drops an "other" text while "other" is not chosen.
  for (const name of names) {
    if (!name.endsWith(COMMENT)) continue;
    const next = given(answers[name]);
    model.setComment(name.slice(0, -COMMENT.length), next === undefined ? "" : String(next));
  }
  heldAnswers.set(model, structuredClone(answers));
}

/** Builds the view of one survey page for a member, in their language, from the answers so far. */
export function buildPageModel({ definition, locale, answers, pageIndex, errors = {}, showValidation = false, title }: BuildPageModelInput): PageModel {
  const { model, visiblePages, page, visibleIndex, onPage, pageErrors, previous, next } = pageState({ definition, locale, answers, pageIndex });

  const questions = onPage.map((question) => {
    const shown = [...(showValidation ? (pageErrors[question.name] ?? []) : []), ...(errors[question.name] ?? [])];
    return describeQuestion(question, [...new Set(shown)]);
  });
  const rules = onPage
    .filter((question) => question.visibleIf && readsPage(question, page))
    .map((question) => ({ question: question.name, visibleIf: question.visibleIf }));
  const pageNames = new Set(page.questions.map((question) => question.name));
  const ruleValues: Record<string, unknown> = {};
  for (const rule of rules) {
    for (const name of conditionVariables(rule.visibleIf)) {
      if (!pageNames.has(name) && answers[name] !== undefined) ruleValues[name] = answers[name];
    }
  }

  return {
    locale,
    title: title ?? model.title ?? "",
    ...optionalText("description", model.description),
    pageCount: visiblePages.length,
    page: {
      index: model.pages.indexOf(page),
      visibleIndex,
      name: page.name,
      ...optionalText("title", page.title),
      ...optionalText("description", page.description),
      isFirst: !previous,
      isLast: !next,
      previousIndex: previous ? model.pages.indexOf(previous) : null,
      nextIndex: next ? model.pages.indexOf(next) : null,
    },
    questions,
    rules,
    ruleValues,
    pageErrors,
  };
}

/** No page of the survey is visible with these answers (a blank survey has none at all). */
export class NoVisiblePageError extends Error {
  override name = "NoVisiblePageError";
  constructor() {
    super("This survey has no visible page for these answers.");
  }
}

/** What a survey without any question shows: its title over an empty first and last page (the staff preview of a blank survey). */
export function blankPageModel({ locale, title }: { locale: Locale; title: string }): PageModel {
  return {
    locale,
    title,
    pageCount: 1,
    page: { index: 0, visibleIndex: 0, name: "page1", isFirst: true, isLast: true, previousIndex: null, nextIndex: null },
    questions: [],
    rules: [],
    ruleValues: {},
    pageErrors: {},
  };
}

function pickPage(model: Model, visiblePages: SurveyPage[], pageIndex: number): SurveyPage {
  const visible = new Set(visiblePages);
  const after = model.pages.slice(Math.max(0, pageIndex)).find((page) => visible.has(page));
  const chosen = after ?? visiblePages[visiblePages.length - 1];
  if (!chosen) throw new NoVisiblePageError();
  return chosen;
}

/** True when the question's `visibleIf` reads an answer given on the same page. */
function readsPage(question: SurveyQuestion, page: SurveyPage): boolean {
  if (!question.visibleIf) return false;
  const names = new Set(page.questions.map((other) => other.name.toLowerCase()));
  return conditionVariables(question.visibleIf).some((name) => names.has(name.toLowerCase()));
}

const optionalText = <K extends string>(key: K, text: string | undefined | null): Partial<Record<K, string>> =>
  text ? ({ [key]: text } as Record<K, string>) : {};

const optionalNumber = <K extends string>(key: K, value: unknown): Partial<Record<K, number>> =>
  typeof value === "number" && value > 0 ? ({ [key]: value } as Record<K, number>) : {};

// survey-core hands out its own observable arrays and objects; JSON keeps only the data.
const plain = <T,>(value: unknown): T | undefined => (value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as T));

const isChoiceValue = (value: unknown): value is ChoiceValue =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean";

const choice = (item: Item, exclusive = false): PageChoice => ({
  value: isChoiceValue(item.value) ? item.value : String(item.value),
  text: item.text,
  ...(exclusive ? { exclusive } : {}),
});

function describeQuestion(question: SurveyQuestion, errors: string[]): PageQuestion {
  const base: QuestionBase = {
    name: question.name,
    title: question.title,
    ...optionalText("description", question.description),
    required: question.isRequired,
    readOnly: question.isReadOnly,
    visible: question.isVisible,
    errors,
  };
  const type = question.getType();
  switch (type) {
    case "radiogroup":
    case "dropdown":
    case "checkbox":
    case "tagbox": {
      const select = question as SelectQuestion;
      const { choices, other } = selectChoices(select);
      if (type === "radiogroup" || type === "dropdown") {
        const value = plain<ChoiceValue>(question.value);
        return {
          ...base,
          type,
          choices,
          ...(other ? { other } : {}),
          ...(type === "dropdown" ? optionalText("placeholder", select.placeholder) : {}),
          ...(value !== undefined ? { value } : {}),
        };
      }
      return {
        ...base,
        type: "checkbox",
        choices,
        ...(other ? { other } : {}),
        value: plain<ChoiceValue[]>(question.value) ?? [],
        ...optionalNumber("minSelectedChoices", select.minSelectedChoices),
        ...optionalNumber("maxSelectedChoices", select.maxSelectedChoices),
      };
    }
    case "rating": {
      const rating = question as SurveyQuestion & { visibleRateValues: Item[]; minRateDescription?: string; maxRateDescription?: string };
      const value = plain<ChoiceValue>(question.value);
      return {
        ...base,
        type: "rating",
        choices: rating.visibleRateValues.map((item) => choice(item)),
        ...optionalText("minDescription", rating.minRateDescription),
        ...optionalText("maxDescription", rating.maxRateDescription),
        ...(value !== undefined ? { value } : {}),
      };
    }
    case "ranking":
      return {
        ...base,
        type: "ranking",
        choices: (question as SelectQuestion).visibleChoices.map((item) => choice(item)),
        value: plain<ChoiceValue[]>(question.value) ?? [],
      };
    case "matrix": {
      const matrix = question as SurveyQuestion & { visibleRows: { item: Item }[]; visibleColumns: Item[]; eachRowRequired: boolean };
      return {
        ...base,
        type: "matrix",
        rows: matrix.visibleRows.map((row) => choice(row.item)),
        columns: matrix.visibleColumns.map((column) => choice(column)),
        eachRowRequired: matrix.eachRowRequired,
        value: plain<Record<string, ChoiceValue>>(question.value) ?? {},
      };
    }
    case "boolean": {
      const boolean = question as SurveyQuestion & { labelTrue: string; labelFalse: string; valueTrue?: unknown; valueFalse?: unknown };
      const value = plain<ChoiceValue>(question.value);
      return {
        ...base,
        type: "boolean",
        labelTrue: boolean.labelTrue,
        labelFalse: boolean.labelFalse,
        valueTrue: isChoiceValue(boolean.valueTrue) ? boolean.valueTrue : true,
        valueFalse: isChoiceValue(boolean.valueFalse) ? boolean.valueFalse : false,
        ...(value !== undefined ? { value } : {}),
      };
    }
    case "comment": {
      const comment = question as SurveyQuestion & { rows?: number; placeholder?: string; getMaxLength(): unknown };
      const value = plain<string>(question.value);
      return {
        ...base,
        type: "comment",
        ...optionalNumber("maxLength", comment.getMaxLength()),
        ...optionalText("placeholder", comment.placeholder),
        ...optionalNumber("rows", comment.rows),
        ...(value !== undefined && value !== "" ? { value } : {}),
      };
    }
    default: {
      // "text" and anything the definition checker let through read as a text field.
      const text = question as SurveyQuestion & {
        inputType?: string;
        renderedMin?: unknown;
        renderedMax?: unknown;
        step?: unknown;
        placeholder?: string;
        getMaxLength?: () => unknown;
      };
      const value = plain<string | number>(question.value);
      const bound = <K extends string>(key: K, limit: unknown): Partial<Record<K, string | number>> =>
        typeof limit === "number" || (typeof limit === "string" && limit !== "") ? ({ [key]: limit } as Record<K, string | number>) : {};
      return {
        ...base,
        type: "text",
        inputType: text.inputType || "text",
        ...bound("min", text.renderedMin),
        ...bound("max", text.renderedMax),
        ...bound("step", text.step),
        ...optionalNumber("maxLength", text.getMaxLength?.()),
        ...optionalText("placeholder", text.placeholder),
        ...(value !== undefined && value !== "" ? { value } : {}),
      };
    }
  }
}

function selectChoices(question: SelectQuestion): { choices: PageChoice[]; other?: OtherChoice } {
  const exclusiveItems = [question.noneItem, question.refuseItem, question.dontKnowItem];
  const choices = question.visibleChoices
    // "Select all" needs a script to tick the others; without JavaScript it would be a trap.
    .filter((item) => item !== question.otherItem && item !== question.selectAllItem)
    .map((item) => choice(item, exclusiveItems.includes(item)));
  if (!question.visibleChoices.includes(question.otherItem)) return { choices };
  return {
    choices,
    other: {
      ...choice(question.otherItem),
      ...optionalText("placeholder", question.otherPlaceholder),
      comment: question.comment ?? "",
    },
  };
}

// Offline pages (docs/decisions/010-service-worker.md): every page of the survey
// as a phone needs it to go on without the network, its conditions left for the
// browser's small evaluator (app/components/survey/offline-pages.ts). What only
// survey-core can redo (a text that quotes an answer, choices filtered by an
// answer, a panel's condition) marks its page as needing the server.

/** A question as the phone draws it offline, with the conditions it re-evaluates. */
export type OfflineQuestion = PageQuestion & {
  visibleIf?: string;
  enableIf?: string;
  requiredIf?: string;
  /** survey-core's "answer required" text for this question, in the member's language. */
  requiredText: string;
};

export type OfflinePage = {
  /** Index in the definition's pages. */
  index: number;
  name: string;
  title?: string;
  description?: string;
  visibleIf?: string;
  /** Every question that can show on the page, visible or not for the answers so far. */
  questions: OfflineQuestion[];
  /** Something on the page depends on answers in a way only survey-core computes: offline, the phone waits for the server. */
  needsServer?: true;
};

export type OfflineSurvey = {
  pages: OfflinePage[];
  /** The response's answers as the server has them. */
  answers: Record<string, unknown>;
  /** When the server drew the page (ms): a phone's copy of the answers newer than that wins over them. */
  renderedAt: number;
};

// The phone evaluates these (its evaluator declines what it cannot decide); the server checks validators.
const PHONE_KEYS = new Set(["visibleIf", "enableIf", "requiredIf", "validators"]);
/** Whether a text or expression of this element (its conditions in `skip` aside) quotes an answer: `{name}`. */
function readsAnswers(json: unknown, skip: ReadonlySet<string> = new Set()): boolean {
  if (typeof json === "string") return /\{[^{}]+\}/.test(json);
  if (Array.isArray(json)) return json.some((item) => readsAnswers(item));
  if (json && typeof json === "object") return Object.entries(json).some(([key, value]) => !skip.has(key) && readsAnswers(value));
  return false;
}

type OfflineQuestionInput = SurveyQuestion & { requiredIf?: string; requiredErrorText?: string };

function offlineQuestion(question: OfflineQuestionInput): OfflineQuestion {
  return {
    ...describeQuestion(question, []),
    ...optionalText("visibleIf", question.visibleIf),
    ...optionalText("enableIf", question.enableIf),
    ...optionalText("requiredIf", question.requiredIf),
    requiredText: question.requiredErrorText || question.getLocalizationString("requiredError"),
  };
}

function offlinePage(model: Model, page: SurveyPage): OfflinePage | null {
  // A page hidden for good (no condition) never shows.
  if (!page.visibleIf && !page.visible) return null;
  const shown = page.questions.filter((question) => question.visibleIf || question.visible) as OfflineQuestionInput[];
  const needsServer =
    readsAnswers(page.toJSON(), new Set(["elements", "visibleIf"])) ||
    shown.some((question) => {
      if (readsAnswers(question.toJSON(), PHONE_KEYS)) return true;
      for (let parent = question.parent; parent && parent !== page; parent = parent.parent) {
        const panel = parent as typeof parent & { visibleIf?: string; enableIf?: string; requiredIf?: string; visible: boolean };
        if (panel.visibleIf || panel.enableIf || panel.requiredIf || !panel.visible) return true;
      }
      return false;
    });
  return {
    index: model.pages.indexOf(page),
    name: page.name,
    ...optionalText("title", page.title),
    ...optionalText("description", page.description),
    ...optionalText("visibleIf", page.visibleIf),
    questions: shown.map(offlineQuestion),
    ...(needsServer ? { needsServer: true as const } : {}),
  };
}

// What a survey version's pages are offline depends only on the definition and the language.
const offlinePages = new WeakMap<SurveyJson, Map<Locale, OfflinePage[] | null>>();

function pagesOffline(definition: SurveyJson, locale: Locale): OfflinePage[] | null {
  let byLocale = offlinePages.get(definition);
  if (!byLocale) offlinePages.set(definition, (byLocale = new Map()));
  let pages = byLocale.get(locale);
  if (pages === undefined) {
    const model = createModel(definition, locale);
    // Triggers and calculated values change answers as others are given; other page modes reshape the pages.
    const reshaped = model.triggers.length > 0 || model.calculatedValues.length > 0 || model.questionsOnPageMode !== "standard" || model.firstPageIsStartPage;
    pages = reshaped ? null : model.pages.map((page) => offlinePage(model, page)).filter((page) => page !== null);
    byLocale.set(locale, pages);
  }
  return pages;
}

/**
 * Every page of the survey for the member's phone, so that offline it goes on
 * to the next page (or back) from what it already has; undefined when the
 * survey changes its own answers (triggers, calculated values), which only
 * the server can follow.
 */
export function buildOfflineSurvey({ definition, locale, answers }: { definition: SurveyJson; locale: Locale; answers: Record<string, unknown> }): OfflineSurvey | undefined {
  const pages = pagesOffline(definition, locale);
  return pages ? { pages, answers, renderedAt: Date.now() } : undefined;
}
