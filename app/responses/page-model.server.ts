// One page of a survey as the member sees it, computed by survey-core on the
// server (DESIGN.md: the member page is server-rendered; survey-core never
// reaches the browser). The result is plain data: the loader sends it to the
// page, the components draw it, form-data.ts reads the submitted form back.
import "survey-core/i18n/french";
import "survey-core/i18n/dutch";
import type { Locale } from "~/db/values";
import { conditionVariables } from "~/surveys/expressions";
import { createModel, type Model, type SurveyJson } from "~/surveys/survey-core.server";

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

/** Builds the view of one survey page for a member, in their language, from the answers so far. */
export function buildPageModel({ definition, locale, answers, pageIndex, errors = {}, showValidation = false }: BuildPageModelInput): PageModel {
  const model = createModel(definition, locale);
  model.data = structuredClone(answers);
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

  const previous = visiblePages[visibleIndex - 1];
  const next = visiblePages[visibleIndex + 1];
  return {
    locale,
    title: model.title ?? "",
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

function pickPage(model: Model, visiblePages: SurveyPage[], pageIndex: number): SurveyPage {
  const visible = new Set(visiblePages);
  const after = model.pages.slice(Math.max(0, pageIndex)).find((page) => visible.has(page));
  const chosen = after ?? visiblePages[visiblePages.length - 1];
  if (!chosen) throw new Error("This survey has no visible page for these answers.");
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
        ...(value !== undefined ? { value } : {}),
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
        ...(value !== undefined ? { value } : {}),
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
