// The member page is a plain HTML form (it works without JavaScript), so its
// fields are strings: this module turns them into SurveyJS answer values for
// the questions of one page, and answer values back into field values for
// the form's defaults. Pure: the server's action and the browser's local
// copy of the answers use the same code.
import type { ChoiceValue, PageChoice, PageQuestion } from "./page-model.server";

/** What a submit button asks for; "later" saves without submitting (finish later). */
export const PAGE_INTENTS = ["next", "previous", "submit", "later"] as const;
export type PageIntent = (typeof PAGE_INTENTS)[number];
export const INTENT_FIELD = "intent";
/** The questions of the page the member saw, names joined by commas: one revealed since is shown before moving on. */
export const SHOWN_FIELD = "shown";

/** SurveyJS keeps the text of "Other (describe)" beside the answer, in `<name>-Comment`. */
export const commentField = (question: string): string => `${question}-Comment`;
/** One radio group per matrix row: `<name>.<row>` (question names never contain a dot). */
export const matrixField = (question: string, row: ChoiceValue): string => `${question}.${String(row)}`;
/** One rank select per ranked item: `<name>.<item>`. */
export const rankField = (question: string, item: ChoiceValue): string => `${question}.${String(item)}`;

export type FormEntries = FormData | Iterable<readonly [string, FormDataEntryValue]>;
/** Field name → the values the form holds for it (several for checkboxes). */
export type FormFields = Record<string, string[]>;

export type ParsedPage = {
  /** Answer values by SurveyJS name, `<name>-Comment` included. */
  answers: Record<string, unknown>;
  /** Names the member left empty on this page: their earlier answers are to be removed. */
  cleared: string[];
  /** What the form itself gets wrong, by question: an error code (`errors.<code>`), e.g. two items given one rank. */
  problems?: Record<string, string>;
};

function collect(entries: FormEntries): FormFields {
  const fields: FormFields = {};
  for (const [name, value] of entries) {
    if (typeof value === "string") (fields[name] ??= []).push(value);
  }
  return fields;
}

/** The choice whose value reads as this field value; unknown values stay text for the answer checker to refuse. */
const choiceValue = (choices: readonly PageChoice[], field: string): ChoiceValue =>
  choices.find((choice) => String(choice.value) === field)?.value ?? field;

const filled = (values: string[] | undefined): string[] => (values ?? []).map((value) => value.trim()).filter((value) => value !== "");

/**
 * Reads a submitted page: one answer per question shown on it, read-only
 * questions excepted (a disabled field is not submitted, so its silence
 * means nothing).
 */
export function parsePageForm(entries: FormEntries, questions: readonly PageQuestion[]): ParsedPage {
  const fields = collect(entries);
  const answers: Record<string, unknown> = {};
  const cleared: string[] = [];
  const problems: Record<string, string> = {};
  const set = (name: string, value: unknown) => {
    const empty = value === undefined || (Array.isArray(value) && value.length === 0) || (typeof value === "object" && value !== null && Object.keys(value).length === 0);
    if (empty) cleared.push(name);
    else answers[name] = value;
  };

  for (const question of questions) {
    if (question.readOnly) continue;
    const own = filled(fields[question.name]);
    switch (question.type) {
      case "radiogroup":
      case "dropdown":
      case "checkbox": {
        const choices = question.other ? [...question.choices, question.other] : question.choices;
        const values = own.map((field) => choiceValue(choices, field));
        set(question.name, question.type === "checkbox" ? [...new Set(values)] : values[0]);
        if (question.other) {
          const chosen = values.some((value) => String(value) === String(question.other?.value));
          set(commentField(question.name), chosen ? filled(fields[commentField(question.name)])[0] : undefined);
        }
        break;
      }
      case "rating":
        set(question.name, own[0] === undefined ? undefined : choiceValue(question.choices, own[0]));
        break;
      case "boolean":
        set(question.name, own[0] === "true" ? question.valueTrue : own[0] === "false" ? question.valueFalse : undefined);
        break;
      case "matrix": {
        const value: Record<string, ChoiceValue> = {};
        for (const row of question.rows) {
          const column = filled(fields[matrixField(question.name, row.value)])[0];
          if (column !== undefined) value[String(row.value)] = choiceValue(question.columns, column);
        }
        set(question.name, value);
        break;
      }
      case "ranking": {
        const rankOf = (item: ChoiceValue) => filled(fields[rankField(question.name, item)])[0];
        // Each rank goes to one item: two items ranked alike would read as an order nobody gave.
        const ranks = question.choices.map((choice) => rankOf(choice.value)).filter((rank) => rank !== undefined);
        if (new Set(ranks).size !== ranks.length) problems[question.name] = "rank_duplicate";
        set(question.name, readRanking(question.choices, rankOf));
        break;
      }
      case "text": {
        const text = own[0];
        const number = question.inputType === "number" && text !== undefined ? Number(text.replace(",", ".")) : NaN;
        set(question.name, Number.isFinite(number) ? number : text);
        break;
      }
      case "comment":
        set(question.name, filled(fields[question.name])[0]);
        break;
    }
  }
  return Object.keys(problems).length ? { answers, cleared, problems } : { answers, cleared };
}

/**
 * The member's ranks become SurveyJS's ordered list: ranked items by rank,
 * unranked ones in the order shown; nothing ranked is no answer (ties are
 * refused by parsePageForm; kept in the order shown meanwhile).
 */
function readRanking(choices: readonly PageChoice[], rankOf: (item: ChoiceValue) => string | undefined): ChoiceValue[] | undefined {
  const ranked = choices.map((choice, index) => ({ value: choice.value, index, rank: Number(rankOf(choice.value)) }));
  if (!ranked.some((item) => Number.isFinite(item.rank))) return undefined;
  const rank = (item: (typeof ranked)[number]) => (Number.isFinite(item.rank) ? item.rank : Infinity);
  return ranked.sort((a, b) => rank(a) - rank(b) || a.index - b.index).map((item) => item.value);
}

/** The inverse: the field values that show a question's current answer in the form. */
export function questionFields(question: PageQuestion): FormFields {
  const fields: FormFields = {};
  const put = (name: string, value: unknown) => {
    if (value === undefined || value === null || value === "") return;
    (fields[name] ??= []).push(String(value));
  };
  switch (question.type) {
    case "checkbox":
      for (const value of question.value) put(question.name, value);
      break;
    case "ranking":
      question.value.forEach((item, index) => put(rankField(question.name, item), index + 1));
      break;
    case "matrix":
      for (const [row, column] of Object.entries(question.value)) put(matrixField(question.name, row), column);
      break;
    case "boolean":
      if (question.value !== undefined) put(question.name, String(question.value) === String(question.valueTrue));
      break;
    default:
      put(question.name, question.value);
  }
  if ((question.type === "radiogroup" || question.type === "dropdown" || question.type === "checkbox") && question.other) {
    put(commentField(question.name), question.other.comment);
  }
  return fields;
}

/** The button the member pressed; "next" when the form was sent another way (Enter in a field). */
export function parseIntent(entries: FormEntries): PageIntent {
  const value = collect(entries)[INTENT_FIELD]?.[0];
  return (PAGE_INTENTS as readonly string[]).includes(value ?? "") ? (value as PageIntent) : "next";
}
