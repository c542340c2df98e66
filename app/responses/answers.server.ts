import { type QuestionInfo, listQuestions } from "~/surveys/definition.server";
import { createModel, type Model, type SurveyJson } from "~/surveys/survey-core.server";
import { isEmptyAnswer } from "./empty-answer";

// The server trusts nothing the browser sends (DESIGN.md): every answer is
// checked against the survey version. survey-core's validate() would accept a
// value outside the choices, so the shape checks are ours; survey-core only
// decides what is visible and required.

export type AnswerProblem =
  | "unknown_question"
  | "invalid_answer"
  | "not_a_choice"
  | "too_many_choices"
  | "too_few_choices"
  | "too_long"
  | "out_of_range"
  | "required";

export type AnswerCheck = { ok: true; answers: Record<string, unknown> } | { ok: false; fields: Record<string, AnswerProblem> };

export const TEXT_MAX = 1000;
export const COMMENT_MAX = 5000;
const OTHER_TEXT_MAX = 500;

type Value = string | number | boolean;
const isScalar = (v: unknown): v is Value => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/**
 * Checks and cleans a member's answers. Empty values are dropped; on
 * completion, answers to questions the member could not see are dropped too
 * (as SurveyJS does) and every visible required question must be answered.
 */
export function checkAnswers({
  definition,
  answers,
  complete,
  questions = listQuestions(definition),
}: {
  definition: SurveyJson;
  answers: Record<string, unknown>;
  complete: boolean;
  questions?: QuestionInfo[];
}): AnswerCheck {
  const byName = questionsByName(questions);
  // Prototype-free records: a key like "__proto__" stays a plain key.
  const fields: Record<string, AnswerProblem> = Object.create(null);
  const clean: Record<string, unknown> = Object.create(null);
  const numberLimits = memo(limitsByDefinition, definition, numericLimits);

  for (const [key, value] of Object.entries(answers)) {
    if (isEmptyAnswer(value)) continue;
    // PostgreSQL's JSONB refuses NUL characters: refuse them here, as a member's mistake.
    if (JSON.stringify(value).includes("\\u0000")) {
      fields[key] = "invalid_answer";
      continue;
    }
    const commentOf = key.endsWith("-Comment") ? byName.get(key.slice(0, -"-Comment".length)) : undefined;
    if (commentOf) {
      if (!commentOf.specialValues.includes("other")) fields[key] = "unknown_question";
      else if (typeof value !== "string") fields[key] = "invalid_answer";
      else if ([...value].length > OTHER_TEXT_MAX) fields[key] = "too_long";
      else clean[key] = value;
      continue;
    }
    const question = byName.get(key);
    if (!question) {
      fields[key] = "unknown_question";
      continue;
    }
    const problem = checkValue(question, value, numberLimits.get(key));
    if (problem) fields[key] = problem;
    else clean[key] = value;
  }
  // "Other" needs its text, and the text needs "other".
  for (const question of questions) {
    const chosen = clean[question.name];
    const picked = Array.isArray(chosen) ? chosen.includes("other") : chosen === "other";
    if (!picked && clean[`${question.name}-Comment`] !== undefined) delete clean[`${question.name}-Comment`];
    if (complete && picked && clean[`${question.name}-Comment`] === undefined && !fields[question.name]) {
      fields[`${question.name}-Comment`] = "required";
    }
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields: { ...fields } };
  if (!complete) return { ok: true, answers: { ...clean } };

  // Without any condition, every question is visible and required as written: no model to run.
  if (!memo(dynamicDefinitions, definition, hasConditions)) {
    for (const question of questions) if (question.required && isEmptyAnswer(clean[question.name])) fields[question.name] = "required";
    return Object.keys(fields).length > 0 ? { ok: false, fields: { ...fields } } : { ok: true, answers: { ...clean } };
  }
  const model = completionModel(definition);
  model.data = clean;
  for (const question of model.getAllQuestions(false, true)) {
    const visible = question.isVisible && (question.page?.isVisible ?? true);
    if (!visible) {
      delete clean[question.name];
      delete clean[`${question.name}-Comment`];
      continue;
    }
    if (question.isRequired && isEmptyAnswer(clean[question.name])) fields[question.name] = "required";
  }
  return Object.keys(fields).length > 0 ? { ok: false, fields: { ...fields } } : { ok: true, answers: { ...clean } };
}

// Building a survey-core model takes milliseconds, so each definition object
// keeps one (the submission path passes the same object for a survey
// version). Safe to share: checkAnswers is synchronous, and setting `data`
// replaces every value of the previous check.
const models = new WeakMap<SurveyJson, Model>();
const limitsByDefinition = new WeakMap<SurveyJson, ReturnType<typeof numericLimits>>();
const memo = <T>(cache: WeakMap<SurveyJson, T>, definition: SurveyJson, make: (definition: SurveyJson) => T): T => {
  let value = cache.get(definition);
  if (value === undefined) cache.set(definition, (value = make(definition)));
  return value;
};
const completionModel = (definition: SurveyJson) => memo(models, definition, (d) => createModel(d));
const dynamicDefinitions = new WeakMap<SurveyJson, boolean>();
/** Anything that can hide a question or change what is required: every `…If` expression, `visible: false`, triggers, calculated values. */
const hasConditions = (definition: SurveyJson) => /If"|"visible":false|"triggers"|"calculatedValues"/.test(JSON.stringify(definition));

// A survey version's question list is built once and shared (responses.server.ts), so
// its lookups are too: the submission path checks thousands of answers a second.
const byNames = new WeakMap<QuestionInfo[], Map<string, QuestionInfo>>();
function questionsByName(questions: QuestionInfo[]) {
  let byName = byNames.get(questions);
  if (!byName) byNames.set(questions, (byName = new Map(questions.map((q) => [q.name, q]))));
  return byName;
}
const allowedValues = new WeakMap<QuestionInfo, Set<Value>>();

function checkValue(question: QuestionInfo, value: unknown, limits?: { min?: number; max?: number }): AnswerProblem | null {
  let allowed = allowedValues.get(question);
  if (!allowed) allowedValues.set(question, (allowed = new Set<Value>([...question.choices.map((c) => c.value), ...question.specialValues])));
  const inChoices = (v: unknown) => isScalar(v) && allowed.has(v);
  switch (question.type) {
    case "radiogroup":
    case "dropdown":
    case "rating":
      return isScalar(value) ? (inChoices(value) ? null : "not_a_choice") : "invalid_answer";
    case "boolean":
      return isScalar(value) && question.choices.some((c) => c.value === value) ? null : "invalid_answer";
    case "checkbox":
    case "tagbox": {
      if (!Array.isArray(value) || !value.every(isScalar)) return "invalid_answer";
      if (new Set(value).size !== value.length) return "invalid_answer";
      if (!value.every(inChoices)) return "not_a_choice";
      if (value.includes("none") && value.length > 1) return "invalid_answer";
      if (question.maxSelectedChoices && value.length > question.maxSelectedChoices) return "too_many_choices";
      if (question.minSelectedChoices && value.length < question.minSelectedChoices) return "too_few_choices";
      return null;
    }
    case "ranking": {
      if (!Array.isArray(value) || !value.every(isScalar) || new Set(value).size !== value.length) return "invalid_answer";
      return value.every(inChoices) ? null : "not_a_choice";
    }
    case "matrix": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return "invalid_answer";
      const rows = new Set(question.rows.map((r) => String(r.value)));
      for (const [row, column] of Object.entries(value)) {
        if (!rows.has(row)) return "not_a_choice";
        if (!inChoices(column)) return "not_a_choice";
      }
      return null;
    }
    case "comment":
      if (typeof value !== "string") return "invalid_answer";
      return [...value].length > (question.maxLength ?? COMMENT_MAX) ? "too_long" : null;
    case "text": {
      if (question.inputType === "number") {
        const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
        if (!Number.isFinite(number)) return "invalid_answer";
        if ((limits?.min !== undefined && number < limits.min) || (limits?.max !== undefined && number > limits.max)) return "out_of_range";
        return null;
      }
      if (typeof value !== "string") return "invalid_answer";
      if ([...value].length > (question.maxLength ?? TEXT_MAX)) return "too_long";
      if (question.inputType === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return "invalid_answer";
      if (question.inputType === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return "invalid_answer";
      return null;
    }
    default:
      return "unknown_question";
  }
}

/** `min`/`max` of number inputs, read from the JSON (listQuestions does not carry them). */
function numericLimits(definition: SurveyJson): Map<string, { min?: number; max?: number }> {
  const limits = new Map<string, { min?: number; max?: number }>();
  const visit = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements as Record<string, unknown>[]) {
      if (element.type === "panel") visit(element.elements);
      if (element.inputType !== "number" || typeof element.name !== "string") continue;
      const min = Number(element.min);
      const max = Number(element.max);
      limits.set(element.name, {
        ...(element.min !== undefined && Number.isFinite(min) ? { min } : {}),
        ...(element.max !== undefined && Number.isFinite(max) ? { max } : {}),
      });
    }
  };
  for (const page of (definition.pages as { elements?: unknown }[] | undefined) ?? []) visit(page.elements);
  return limits;
}
