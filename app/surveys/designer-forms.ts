// The question editor's form, in one schema: the action parses the post with it
// and the browser validates with it (components/designer/question-editor.tsx).
// Its output is the patch designer.ts's updateQuestion applies; which of its
// fields a question has is `applies`, by SurveyJS type. Field names follow
// conform's paths: `title.fr`, `choices[2].text.nl`, `rateMin`.
import { z } from "zod";
import { LOCALES } from "~/db/values";
import {
  applies,
  type Condition,
  type ItemAction,
  type ItemInput,
  QUESTION_KINDS,
  QUESTION_NAME_PATTERN,
  readCondition,
  TEXT_LIMITS,
  textsOf,
} from "./designer";
import { QUESTION_ROLES } from "./roles";
import { surveyTitleFields } from "./survey-forms";

const text = (max: number) => z.string().trim().max(max, "too_long").optional();
/** One text in each language; a language left empty is unwritten. */
const texts = (max: number) => z.object({ fr: text(max), nl: text(max), en: text(max) }).default({});

const item = z.object({ value: z.string().trim().max(100, "too_long").default(""), text: texts(TEXT_LIMITS.item) });
const isBlank = (row: ItemInput) => row.value === "" && LOCALES.every((locale) => !row.text[locale]);
/** A table's rows; the empty row the editor offers at the end, or any row left wholly blank, is no row. */
const items = z
  .array(item.optional())
  .default([])
  .transform((rows): ItemInput[] => rows.flatMap((row) => (row === undefined || isBlank(row) ? [] : [row])));

const number = (code: string) => z.number({ invalid_type_error: code });
/** A limit where empty (or 0, for SurveyJS) means none. */
const count = number("invalid_number").int("invalid_number").min(0, "invalid_number").max(10_000, "invalid_number").nullable().default(null);
const scalePoint = number("invalid_number").int("invalid_number").min(-1000, "invalid_number").max(1000, "invalid_number").optional();
const bound = number("invalid_number").finite("invalid_number").nullable().default(null);

/** The question's own settings: each field is one of `updateQuestion`'s, `applies` says for which types. */
export const questionFields = z.object({
  name: z.string().trim().regex(QUESTION_NAME_PATTERN, "name_format"),
  title: texts(TEXT_LIMITS.title).refine((title) => Boolean(title.fr), { message: "required_text", path: ["fr"] }),
  description: texts(TEXT_LIMITS.title),
  required: z.boolean().default(false),
  role: z.enum(QUESTION_ROLES, { message: "unknown_role" }).nullable().default(null),
  choices: items,
  showOtherItem: z.boolean().default(false),
  otherText: texts(TEXT_LIMITS.item),
  minSelectedChoices: count,
  maxSelectedChoices: count,
  rateMin: scalePoint,
  rateMax: scalePoint,
  /** What the scale's two ends mean ("not at all", "very much"). */
  minRateDescription: texts(TEXT_LIMITS.item),
  maxRateDescription: texts(TEXT_LIMITS.item),
  rows: items,
  columns: items,
  min: bound,
  max: bound,
  maxLength: count,
});

/** `choices:up:2`, `rows:delete:0`, `columns:add`: the row buttons of the editor's tables. */
const itemAction = z
  .string()
  .regex(/^(choices|rows|columns):(up|down|delete|add)(?::(\d{1,3}))?$/, "invalid_value")
  .transform((text) => {
    const [list, action, index] = text.split(":");
    return { list: list as ItemAction["list"], action: action as ItemAction["action"] | "add", index: Number(index ?? -1) };
  })
  .optional();

/** The whole editor form: the question's fields, when it shows, and which question and version it edits. */
export const questionForm = questionFields.extend({
  question: z.string().max(64),
  /** The question's fingerprint when the page was drawn: a save over someone else's change is refused. */
  stamp: z.string().max(64).default(""),
  /** Cancel on a question just added: it goes. */
  discard: z.literal("1").optional(),
  itemAction,
  /** One select says when the question shows: "" always, "expression" the field below, else "question=answer". */
  condition: z.string().max(200).default(""),
  conditionExpression: z.string().trim().max(TEXT_LIMITS.expression, "too_long").default(""),
});

export type QuestionForm = z.output<typeof questionForm>;
export type QuestionField = keyof typeof questionFields.shape;
/** What `updateQuestion` applies: an absent field is left as it is, `null` removes a limit or a role. */
export type QuestionPatch = Partial<z.output<typeof questionFields>>;

/** The fields the editor shows for this question, in the form's order. */
export const editableFields = (question: Record<string, unknown>): QuestionField[] =>
  questionFields.keyof().options.filter((field) => applies(field, { ...question, type: String(question.type ?? ""), name: "" }));

const itemsOf = (list: unknown): ItemInput[] =>
  (Array.isArray(list) ? list : []).map((row) =>
    typeof row === "object" && row !== null ? { value: String((row as { value?: unknown }).value ?? ""), text: textsOf((row as { text?: unknown }).text) } : { value: String(row), text: {} },
  );
const numberOf = (value: unknown) => (typeof value === "number" ? value : null);

/** A saved question as the editor's first values. */
export function questionFormValues(question: Record<string, unknown>): Omit<QuestionForm, "stamp" | "discard" | "itemAction"> {
  const condition = readCondition(question.visibleIf);
  const rating = question.type === "rating";
  return {
    question: String(question.name ?? ""),
    name: String(question.name ?? ""),
    title: { fr: "", nl: "", en: "", ...textsOf(question.title) },
    description: { fr: "", nl: "", en: "", ...textsOf(question.description) },
    required: question.isRequired === true,
    role: QUESTION_ROLES.find((role) => role === question.role) ?? null,
    choices: itemsOf(question.choices),
    rows: itemsOf(question.rows),
    columns: itemsOf(question.columns),
    showOtherItem: question.showOtherItem === true,
    otherText: { fr: "", nl: "", en: "", ...textsOf(question.otherText) },
    minSelectedChoices: numberOf(question.minSelectedChoices),
    maxSelectedChoices: numberOf(question.maxSelectedChoices),
    rateMin: numberOf(question.rateMin ?? (rating ? 1 : undefined)) ?? undefined,
    rateMax: numberOf(question.rateMax ?? (rating ? 5 : undefined)) ?? undefined,
    minRateDescription: { fr: "", nl: "", en: "", ...textsOf(question.minRateDescription) },
    maxRateDescription: { fr: "", nl: "", en: "", ...textsOf(question.maxRateDescription) },
    min: numberOf(question.min),
    max: numberOf(question.max),
    maxLength: numberOf(question.maxLength),
    condition: condition.kind === "answer" ? `${condition.question}=${condition.value}` : condition.kind === "expression" ? "expression" : "",
    conditionExpression: condition.kind === "expression" ? condition.expression : typeof question.visibleIf === "string" ? question.visibleIf : "",
  };
}

/** The patch and the condition a parsed form asks for, limited to the fields this question has. */
export function questionChanges(question: Record<string, unknown>, form: Omit<QuestionForm, "stamp" | "discard" | "itemAction">): { patch: QuestionPatch; condition: Condition } {
  const patch: QuestionPatch = {};
  for (const field of editableFields(question)) {
    // A scale keeps its ends when a field is left empty.
    if ((field === "rateMin" || field === "rateMax") && form[field] === undefined) continue;
    Object.assign(patch, { [field]: form[field] });
  }
  const [source = "", ...rest] = form.condition.split("=");
  const condition: Condition =
    form.condition === "" ? { kind: "none" } : form.condition === "expression" ? { kind: "expression", expression: form.conditionExpression } : { kind: "answer", question: source, value: rest.join("=") };
  return { patch, condition };
}

// ---------------------------------------------------------------------------
// The designer's other forms, one schema each, by intent

const questionName = z.string().max(64);
const pageName = z.string().max(64);

/** The survey's title and its introduction, edited together above the first page. */
export const introductionForm = z.object({ title: surveyTitleFields, description: texts(TEXT_LIMITS.title) });
/** A page's title, for a new page or a page renamed (`page`). */
export const pageForm = z.object({ page: pageName.optional(), title: texts(TEXT_LIMITS.title) });
/** A page deleted, its questions moved to another page first when it has any. */
export const deletePageForm = z.object({ page: pageName, moveTo: pageName.optional() });
export const addQuestionForm = z.object({ page: pageName, type: z.enum(QUESTION_KINDS, { message: "not_applicable" }) });
export const moveQuestionForm = z.object({ question: questionName, direction: z.enum(["up", "down"]) });
/** `removeConditions`: the conditions of other questions that test this one go too. */
export const deleteQuestionForm = z.object({ question: questionName, removeConditions: z.literal("1").optional() });
