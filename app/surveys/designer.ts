// Pure edits of a SurveyJS definition for the survey designer (issue 3). Each
// operation takes a definition and returns a new one or a typed error the page
// explains; no I/O and no survey-core here, so tests and the browser can use it.
import { LOCALES, type Locale } from "~/db/values";
import { textIn } from "./localizable";
import type { QuestionPatch } from "./designer-forms";
import { isQuestionRole, type LocalizableText } from "./roles";

export type Definition = Record<string, unknown>;
/** A text as the designer's forms hold it: one field per language, blank when unwritten. */
export type Texts = Partial<Record<Locale, string>>;
export type ItemInput = { value: string; text: Texts };

export const QUESTION_KINDS = ["single", "multiple", "dropdown", "rating", "ranking", "matrix", "boolean", "text", "comment", "number"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const isQuestionKind = (value: unknown): value is QuestionKind =>
  typeof value === "string" && (QUESTION_KINDS as readonly string[]).includes(value);

// Same rule as the definition check: a name is used in expressions as {name}.
export const QUESTION_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
// Values end up quoted inside expressions ({q} = 'value'): no quotes, braces or markup.
export const CHOICE_VALUE_PATTERN = /^[^'"{}<>\\[\]\s](?:[^'"{}<>\\[\]]{0,98}[^'"{}<>\\[\]\s])?$/;
export const TEXT_LIMITS = { title: 1000, item: 300, expression: 1000 } as const;

export const DESIGNER_ERROR_CODES = [
  "page_not_found",
  "question_not_found",
  "last_page",
  "page_not_empty",
  "invalid_name",
  "duplicate_name",
  "cannot_move",
  "question_referenced",
  "not_applicable",
  "required_text",
  "too_long",
  "invalid_choice_value",
  "duplicate_choice",
  "no_choices",
  "invalid_number",
  "invalid_range",
  "invalid_role",
  "condition_source_not_found",
  "condition_source_unsupported",
  "condition_self",
  "condition_value_unknown",
  "invalid_expression",
  "unknown_reference",
] as const;
export type DesignerErrorCode = (typeof DESIGNER_ERROR_CODES)[number];

/** Why an edit was refused: `field` names the form field, `references` the questions whose conditions use the one concerned. */
export type DesignerError = {
  code: DesignerErrorCode;
  question?: string;
  page?: string;
  field?: string;
  value?: string;
  references?: string[];
};
export type DesignerResult<Extra = unknown> = ({ ok: true; definition: Definition } & Extra) | { ok: false; error: DesignerError };

type Element = Record<string, unknown> & { type: string; name: string };
type Page = Record<string, unknown> & { name: string; elements: Element[] };
type Draft = { rest: Definition; pages: Page[] };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

// ---------------------------------------------------------------------------
// Reading a definition

/**
 * A deep copy with every question inside a named page's `elements`: SurveyJS
 * also accepts `questions` for `elements` and questions at the root.
 */
function draftOf(definition: Definition): Draft {
  const rest = structuredClone(definition) as Definition;
  const elementsOf = (container: Record<string, unknown>): Element[] => {
    const list = container.elements ?? container.questions;
    delete container.elements;
    delete container.questions;
    return (Array.isArray(list) ? list : []).filter(isRecord).map((element) => ({
      ...element,
      type: typeof element.type === "string" ? element.type : "",
      name: typeof element.name === "string" ? element.name : "",
    }));
  };
  const pages: Page[] = (Array.isArray(rest.pages) ? rest.pages : []).filter(isRecord).map((page) => {
    const elements = elementsOf(page);
    return { ...page, name: typeof page.name === "string" ? page.name : "", elements };
  });
  const root = elementsOf(rest);
  if (root.length > 0) pages.unshift({ name: "", elements: root });
  delete rest.pages;
  if (pages.length === 0) pages.push({ name: "", elements: [] });
  for (const page of pages) {
    if (!page.name) page.name = freeName(pages.map((p) => p.name).filter(Boolean), "page");
  }
  return { rest, pages };
}

const definitionOf = ({ rest, pages }: Draft): Definition => ({ ...rest, pages });

/** Applies an edit to a copy; the edit returns an error to refuse, or extra results. */
function edit<Extra extends object = object>(
  definition: Definition,
  change: (draft: Draft) => DesignerError | Extra | void,
): DesignerResult<Extra> {
  const draft = draftOf(definition);
  const outcome = change(draft);
  if (outcome && "code" in outcome && typeof outcome.code === "string") return { ok: false, error: outcome as DesignerError };
  return { ok: true, definition: definitionOf(draft), ...((outcome ?? {}) as Extra) };
}

/** The pages of a definition with their questions, in order (a normalised copy). */
export function designerPages(definition: Definition): { name: string; title?: LocalizableText; questions: Element[] }[] {
  return draftOf(definition).pages.map((page) => ({
    name: page.name,
    ...(isText(page.title) ? { title: page.title } : {}),
    questions: page.elements,
  }));
}

export function findQuestion(definition: Definition, name: string): Element | undefined {
  return draftOf(definition)
    .pages.flatMap((page) => page.elements)
    .find((element) => element.name === name);
}

function locate(draft: Draft, name: string): { page: Page; pageIndex: number; index: number; element: Element } | undefined {
  for (const [pageIndex, page] of draft.pages.entries()) {
    const index = page.elements.findIndex((element) => element.name === name);
    const element = page.elements[index];
    if (element) return { page, pageIndex, index, element };
  }
  return undefined;
}

const allNames = (draft: Draft): string[] => draft.pages.flatMap((page) => page.elements.map((element) => element.name));
// SurveyJS compares question names without regard to case.
const nameTaken = (names: string[], name: string) => names.some((n) => n.toLowerCase() === name.toLowerCase());

/** `prefix_N` with the smallest N above the count that no name uses yet. */
function freeName(names: string[], prefix: string): string {
  for (let n = names.length + 1; ; n += 1) {
    const candidate = `${prefix}_${n}`;
    if (!nameTaken(names, candidate)) return candidate;
  }
}

const isText = (value: unknown): value is LocalizableText => typeof value === "string" || isRecord(value);

/** What the designer calls a question's type; undefined for SurveyJS types it does not offer. */
export function questionKind(question: { type?: unknown; inputType?: unknown }): QuestionKind | undefined {
  switch (question.type) {
    case "radiogroup":
      return "single";
    case "checkbox":
    case "tagbox":
      return "multiple";
    case "text":
      return question.inputType === "number" ? "number" : "text";
    case "dropdown":
    case "rating":
    case "ranking":
    case "matrix":
    case "boolean":
    case "comment":
      return question.type;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------
// Texts

/** A form's three fields as a SurveyJS localizable string (French under `default`); other languages already there are kept. */
export function toLocalizable(texts: Texts, previous?: unknown): LocalizableText | undefined {
  const result: Record<string, string> = {};
  if (isRecord(previous)) {
    for (const [key, value] of Object.entries(previous)) {
      if (typeof value === "string" && !["default", "fr", ...LOCALES].includes(key)) result[key] = value;
    }
  }
  for (const locale of LOCALES) {
    const value = texts[locale]?.trim();
    if (value) result[locale === "fr" ? "default" : locale] = value;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

/** A localizable string as the designer's three fields. */
export function textsOf(text: unknown): Texts {
  if (!isText(text)) return {};
  return Object.fromEntries(LOCALES.map((locale) => [locale, textIn(text, locale) ?? ""]));
}

function setText(holder: Record<string, unknown>, property: string, texts: Texts): void {
  const value = toLocalizable(texts, holder[property]);
  if (value === undefined) delete holder[property];
  else holder[property] = value;
}

const tooLong = (texts: Texts, limit: number) => LOCALES.find((locale) => (texts[locale]?.trim().length ?? 0) > limit);

// ---------------------------------------------------------------------------
// Pages

export function addPage(definition: Definition, { title }: { title?: Texts } = {}): DesignerResult<{ name: string }> {
  return edit<{ name: string }>(definition, (draft) => {
    const name = freeName(
      draft.pages.map((page) => page.name),
      "page",
    );
    const page: Page = { name, elements: [] };
    if (title) setText(page, "title", title);
    draft.pages.push(page);
    return { name };
  });
}

/**
 * The survey's introduction, shown to members above the first page (the
 * definition's `description`; its title is the survey's own, in its settings).
 */
export function setIntroduction(definition: Definition, { description }: { description: Texts }): DesignerResult {
  return edit(definition, (draft) => {
    const long = tooLong(description, TEXT_LIMITS.title);
    if (long) return { code: "too_long", field: `description.${long}` };
    setText(draft.rest, "description", description);
  });
}

export function renamePage(definition: Definition, { pageName, title }: { pageName: string; title: Texts }): DesignerResult {
  return edit(definition, (draft) => {
    const page = draft.pages.find((p) => p.name === pageName);
    if (!page) return { code: "page_not_found", page: pageName };
    const long = tooLong(title, TEXT_LIMITS.title);
    if (long) return { code: "too_long", page: pageName, field: `title.${long}` };
    setText(page, "title", title);
  });
}

/** Deletes an empty page, or one whose questions move to the end of `moveTo`; the last page stays. */
export function deletePage(definition: Definition, { pageName, moveTo }: { pageName: string; moveTo?: string }): DesignerResult {
  return edit(definition, (draft) => {
    const index = draft.pages.findIndex((p) => p.name === pageName);
    const page = draft.pages[index];
    if (!page) return { code: "page_not_found", page: pageName };
    if (draft.pages.length === 1) return { code: "last_page", page: pageName };
    if (page.elements.length > 0) {
      if (!moveTo) return { code: "page_not_empty", page: pageName, value: String(page.elements.length) };
      const target = draft.pages.find((p) => p.name === moveTo && p !== page);
      if (!target) return { code: "page_not_found", page: moveTo, field: "moveTo" };
      target.elements.push(...page.elements);
    }
    draft.pages.splice(index, 1);
  });
}

// ---------------------------------------------------------------------------
// Questions

const t3 = (fr: string, nl: string, en: string) => ({ default: fr, nl, en });
// Generic labels are the same idea in every language, so they come translated;
// the title does not, so the counters show the translations still to write.
const items = (prefix: string, count: number, label: (n: number) => LocalizableText) =>
  Array.from({ length: count }, (_, i) => ({ value: `${prefix}_${i + 1}`, text: label(i + 1) }));
const options = (count: number) => items("option", count, (n) => t3(`Option ${n}`, `Optie ${n}`, `Option ${n}`));

function newQuestion(kind: QuestionKind, name: string): Element {
  const base = { name, title: { default: "Nouvelle question" } };
  switch (kind) {
    case "single":
      return { type: "radiogroup", ...base, choices: options(3) };
    case "multiple":
      return { type: "checkbox", ...base, choices: options(3) };
    case "dropdown":
      return { type: "dropdown", ...base, choices: options(3) };
    case "ranking":
      return { type: "ranking", ...base, choices: options(3) };
    case "rating":
      return { type: "rating", ...base, rateMin: 1, rateMax: 5 };
    case "matrix":
      return {
        type: "matrix",
        ...base,
        rows: items("row", 2, (n) => t3(`Ligne ${n}`, `Rij ${n}`, `Row ${n}`)),
        columns: items("column", 3, (n) => t3(`Colonne ${n}`, `Kolom ${n}`, `Column ${n}`)),
      };
    case "boolean":
      return { type: "boolean", ...base };
    case "number":
      return { type: "text", inputType: "number", ...base };
    case "text":
    case "comment":
      return { type: kind, ...base };
  }
}

/** Adds a question of this kind at the end of a page, named `question_N` unless a name is given. */
export function addQuestion(
  definition: Definition,
  { pageName, type, name }: { pageName: string; type: QuestionKind; name?: string },
): DesignerResult<{ name: string }> {
  return edit<{ name: string }>(definition, (draft) => {
    const page = draft.pages.find((p) => p.name === pageName);
    if (!page) return { code: "page_not_found", page: pageName };
    if (!isQuestionKind(type)) return { code: "not_applicable", field: "type", value: String(type) };
    const names = allNames(draft);
    const chosen = name?.trim() || freeName(names, "question");
    if (!QUESTION_NAME_PATTERN.test(chosen)) return { code: "invalid_name", field: "name", value: chosen };
    if (nameTaken(names, chosen)) return { code: "duplicate_name", field: "name", value: chosen };
    page.elements.push(newQuestion(type, chosen));
    return { name: chosen };
  });
}

const CHOICE_TYPES = ["radiogroup", "checkbox", "dropdown", "tagbox", "ranking"];
const OTHER_TYPES = ["radiogroup", "checkbox", "dropdown", "tagbox"];
const ROLE_TYPES = ["radiogroup", "checkbox", "dropdown", "tagbox"];
const MULTIPLE_TYPES = ["checkbox", "tagbox"];

/** Which patch fields each question accepts, by SurveyJS type (`number` is a text with inputType number). */
export function applies(field: keyof QuestionPatch, element: Element): boolean {
  const type = element.type === "text" && element.inputType === "number" ? "number" : element.type;
  switch (field) {
    case "choices":
      return CHOICE_TYPES.includes(type);
    case "showOtherItem":
    case "otherText":
      return OTHER_TYPES.includes(type);
    case "role":
      return ROLE_TYPES.includes(type);
    case "minSelectedChoices":
    case "maxSelectedChoices":
      return MULTIPLE_TYPES.includes(type);
    case "rateMin":
    case "rateMax":
    case "minRateDescription":
    case "maxRateDescription":
      return type === "rating";
    case "rows":
    case "columns":
      return type === "matrix";
    case "min":
    case "max":
      return type === "number";
    case "maxLength":
      return type === "text" || type === "comment";
    default:
      return true;
  }
}

/** A value from the French text when only texts were written: "Très souvent" → "tres-souvent". */
export function valueFromText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

/** Checks and writes a list of items, keeping each kept item's other properties and number values. */
function writeItems(previous: unknown, list: ItemInput[], field: string): Record<string, unknown>[] | DesignerError {
  const before = (Array.isArray(previous) ? previous : []).map((item) => (isRecord(item) ? item : { value: item }));
  const seen = new Set<string>();
  const written: Record<string, unknown>[] = [];
  for (const [index, input] of list.entries()) {
    const value = input.value.trim() || valueFromText(input.text.fr ?? "") || valueFromText(input.text.en ?? "") || valueFromText(input.text.nl ?? "");
    if (!CHOICE_VALUE_PATTERN.test(value)) return { code: "invalid_choice_value", field: `${field}.${index}`, value };
    if (seen.has(value)) return { code: "duplicate_choice", field: `${field}.${index}`, value };
    const long = tooLong(input.text, TEXT_LIMITS.item);
    if (long) return { code: "too_long", field: `${field}.${index}.${long}` };
    seen.add(value);
    const old = before.find((item) => String(item.value) === value);
    const item: Record<string, unknown> = { ...old, value: typeof old?.value === "number" ? old.value : value };
    setText(item, "text", input.text);
    written.push(item);
  }
  return written;
}

const isCount = (value: number) => Number.isInteger(value) && value >= 0 && value <= 10_000;

/** Saves the question editor's form: texts per language, options, limits, role, and a new name (conditions follow it). */
export function updateQuestion(definition: Definition, name: string, patch: QuestionPatch): DesignerResult<{ name: string }> {
  return edit<{ name: string }>(definition, (draft) => {
    const found = locate(draft, name);
    if (!found) return { code: "question_not_found", question: name };
    const q = found.element;
    for (const field of Object.keys(patch) as (keyof QuestionPatch)[]) {
      if (patch[field] !== undefined && !applies(field, q)) return { code: "not_applicable", question: name, field };
    }
    const fail = (error: Omit<DesignerError, "question">): DesignerError => ({ question: name, ...error });

    if (patch.title) {
      if (!patch.title.fr?.trim()) return fail({ code: "required_text", field: "title.fr" });
      const long = tooLong(patch.title, TEXT_LIMITS.title);
      if (long) return fail({ code: "too_long", field: `title.${long}` });
      setText(q, "title", patch.title);
    }
    if (patch.description) {
      const long = tooLong(patch.description, TEXT_LIMITS.title);
      if (long) return fail({ code: "too_long", field: `description.${long}` });
      setText(q, "description", patch.description);
    }
    if (patch.required !== undefined) {
      if (patch.required) q.isRequired = true;
      else delete q.isRequired;
    }
    if (patch.role !== undefined) {
      if (patch.role === null) delete q.role;
      else if (!isQuestionRole(patch.role)) return fail({ code: "invalid_role", field: "role", value: String(patch.role) });
      else q.role = patch.role;
    }
    for (const field of ["choices", "rows", "columns"] as const) {
      const list = patch[field];
      if (!list) continue;
      const written = writeItems(q[field], list, field);
      if (!Array.isArray(written)) return fail(written);
      if (written.length === 0) return fail({ code: "no_choices", field });
      q[field] = written;
    }
    if (patch.showOtherItem !== undefined) {
      if (patch.showOtherItem) q.showOtherItem = true;
      else delete q.showOtherItem;
    }
    if (patch.otherText) setText(q, "otherText", patch.otherText);

    for (const field of ["minSelectedChoices", "maxSelectedChoices", "maxLength"] as const) {
      const value = patch[field];
      if (value === undefined) continue;
      if (value !== null && !isCount(value)) return fail({ code: "invalid_number", field });
      // 0 means "no limit" in SurveyJS for each of these.
      if (value === null || value === 0) delete q[field];
      else q[field] = value;
    }
    const count = Array.isArray(q.choices) ? q.choices.length + (q.showOtherItem ? 1 : 0) : 0;
    const minSelected = typeof q.minSelectedChoices === "number" ? q.minSelectedChoices : 0;
    const maxSelected = typeof q.maxSelectedChoices === "number" ? q.maxSelectedChoices : 0;
    if (minSelected > count) return fail({ code: "invalid_range", field: "minSelectedChoices" });
    if (maxSelected > 0 && minSelected > maxSelected) return fail({ code: "invalid_range", field: "maxSelectedChoices" });

    for (const field of ["minRateDescription", "maxRateDescription"] as const) {
      const labels = patch[field];
      if (!labels) continue;
      const long = tooLong(labels, TEXT_LIMITS.item);
      if (long) return fail({ code: "too_long", field: `${field}.${long}` });
      setText(q, field, labels);
    }
    for (const field of ["rateMin", "rateMax"] as const) {
      const value = patch[field];
      if (value === undefined) continue;
      if (!Number.isInteger(value) || Math.abs(value) > 1000) return fail({ code: "invalid_number", field });
      q[field] = value;
    }
    if (q.type === "rating") {
      const rateMin = typeof q.rateMin === "number" ? q.rateMin : 1;
      const rateMax = typeof q.rateMax === "number" ? q.rateMax : 5;
      // A scale a member can read on a phone: 2 to 21 points.
      if (rateMax <= rateMin || rateMax - rateMin > 20) return fail({ code: "invalid_range", field: "rateMax" });
    }
    for (const field of ["min", "max"] as const) {
      const value = patch[field];
      if (value === undefined) continue;
      if (value !== null && !Number.isFinite(value)) return fail({ code: "invalid_number", field });
      if (value === null) delete q[field];
      else q[field] = value;
    }
    if (typeof q.min === "number" && typeof q.max === "number" && q.min > q.max) return fail({ code: "invalid_range", field: "max" });

    const newName = patch.name?.trim();
    if (newName && newName !== name) {
      if (!QUESTION_NAME_PATTERN.test(newName)) return fail({ code: "invalid_name", field: "name", value: newName });
      if (nameTaken(allNames(draft).filter((n) => n !== name), newName)) return fail({ code: "duplicate_name", field: "name", value: newName });
      q.name = newName;
      renameReferences(draft, name, newName);
      return { name: newName };
    }
    return { name };
  });
}

/** Moves a question one place up or down; at the edge of a page it goes to the end of the previous page or the start of the next. */
export function moveQuestion(definition: Definition, { name, direction }: { name: string; direction: "up" | "down" }): DesignerResult {
  return edit(definition, (draft) => {
    const found = locate(draft, name);
    if (!found) return { code: "question_not_found", question: name };
    const { page, pageIndex, index, element } = found;
    const step = direction === "up" ? -1 : 1;
    const neighbour = page.elements[index + step];
    if (neighbour) {
      page.elements[index + step] = element;
      page.elements[index] = neighbour;
      return;
    }
    const target = draft.pages[pageIndex + step];
    if (!target) return { code: "cannot_move", question: name };
    page.elements.splice(index, 1);
    if (direction === "up") target.elements.push(element);
    else target.elements.unshift(element);
  });
}

/**
 * Deletes a question. When other questions' conditions use it, it is refused
 * with their names, unless `removeConditions` also removes those conditions.
 */
export function deleteQuestion(definition: Definition, { name, removeConditions = false }: { name: string; removeConditions?: boolean }): DesignerResult {
  return edit(definition, (draft) => {
    const found = locate(draft, name);
    if (!found) return { code: "question_not_found", question: name };
    const references = referencesTo(definitionOf(draft), name);
    if (references.length > 0 && !removeConditions) return { code: "question_referenced", question: name, references };
    found.page.elements.splice(found.index, 1);
    if (references.length > 0) removeReferences(draft, name);
  });
}

// ---------------------------------------------------------------------------
// Expressions and conditions

// Properties holding SurveyJS expressions: visibleIf, enableIf, requiredIf,
// choicesVisibleIf, defaultValueExpression, a trigger's `expression`…
const isExpressionKey = (key: string) => /(If|Expression)$/.test(key) || key === "expression";
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
// {name}, {name.row}, {name[0]}: SurveyJS reads variable names without regard to case.
const referencePattern = (name: string) => new RegExp(`\\{(\\s*)${escapeRegExp(name)}(\\s*(?:[.\\[][^}]*)?)\\}`, "gi");

/** The question names an expression refers to, in order of appearance, each once. */
export function referencedNames(expression: string): string[] {
  const names = [...expression.matchAll(/\{\s*([A-Za-z][A-Za-z0-9_-]*)\s*(?:[.[][^}]*)?\}/g)].map((match) => match[1] ?? "");
  return [...new Set(names)];
}

type ExpressionVisitor = (value: string, key: string, holder: Record<string, unknown> | unknown[]) => void;

function walkExpressions(node: unknown, visit: ExpressionVisitor): void {
  if (Array.isArray(node)) {
    for (const item of [...node]) walkExpressions(item, visit);
  } else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === "string" && isExpressionKey(key)) visit(value, key, node);
      else walkExpressions(value, visit);
    }
  }
}

const mentions = (expression: string, name: string) => referencePattern(name).test(expression);

/** The questions (or pages, or "survey") whose expressions use this question, itself excepted. */
export function referencesTo(definition: Definition, name: string): string[] {
  const draft = draftOf(definition);
  const owners: string[] = [];
  const scan = (owner: string, node: unknown) => {
    let found = false;
    walkExpressions(node, (value) => {
      found ||= mentions(value, name);
    });
    if (found && owner !== name && !owners.includes(owner)) owners.push(owner);
  };
  scan("survey", draft.rest);
  for (const page of draft.pages) {
    const { elements, ...own } = page;
    scan(page.name, own);
    for (const element of elements) scan(element.name, element);
  }
  return owners;
}

// A trigger or a conditional closing text without its expression would apply
// always, so such an entry goes whole; elsewhere only the property goes.
function removeReferences(draft: Draft, name: string): void {
  const strip: ExpressionVisitor = (value, key, holder) => {
    if (!Array.isArray(holder) && mentions(value, name)) delete holder[key];
  };
  for (const [key, value] of Object.entries(draft.rest)) {
    if (!Array.isArray(value)) continue;
    draft.rest[key] = value.filter((entry) => !(isRecord(entry) && typeof entry.expression === "string" && mentions(entry.expression, name)));
  }
  walkExpressions(draft.rest, strip);
  walkExpressions(draft.pages, strip);
}

function renameReferences(draft: Draft, from: string, to: string): void {
  const rename: ExpressionVisitor = (value, key, holder) => {
    if (Array.isArray(holder)) return;
    holder[key] = value.replace(referencePattern(from), (_match, before: string, after: string) => `{${before}${to}${after}}`);
  };
  walkExpressions(draft.pages, rename);
  walkExpressions(draft.rest, rename);
}

/** A question's display condition: none, the common "when X has answer Y", or any SurveyJS expression. */
export type Condition = { kind: "none" } | { kind: "answer"; question: string; value: string } | { kind: "expression"; expression: string };

/** An answer a condition can test, with the text members see (null: the designer's own "yes"/"no"). */
export type ConditionAnswer = { value: string; text: LocalizableText | null };
export type ConditionSource = { name: string; title: LocalizableText | null; test: "equals" | "contains"; answers: ConditionAnswer[] };

/** Questions that the condition form can test (choices, yes/no, rating), with their answers. */
export function conditionSource(element: Record<string, unknown>): ConditionSource | undefined {
  const name = typeof element.name === "string" ? element.name : "";
  const title = isText(element.title) ? element.title : null;
  const listed = (list: unknown): ConditionAnswer[] =>
    (Array.isArray(list) ? list : []).map((item) =>
      isRecord(item) ? { value: String(item.value), text: isText(item.text) ? item.text : null } : { value: String(item), text: null },
    );
  switch (element.type) {
    case "radiogroup":
    case "dropdown":
      return { name, title, test: "equals", answers: listed(element.choices) };
    case "checkbox":
    case "tagbox":
      return { name, title, test: "contains", answers: listed(element.choices) };
    case "boolean":
      return {
        name,
        title,
        test: "equals",
        answers: [
          { value: "true", text: isText(element.labelTrue) ? element.labelTrue : null },
          { value: "false", text: isText(element.labelFalse) ? element.labelFalse : null },
        ],
      };
    case "rating": {
      if (Array.isArray(element.rateValues) && element.rateValues.length > 0) return { name, title, test: "equals", answers: listed(element.rateValues) };
      const min = typeof element.rateMin === "number" ? element.rateMin : 1;
      const max = typeof element.rateMax === "number" ? element.rateMax : 5;
      const step = typeof element.rateStep === "number" && element.rateStep > 0 ? element.rateStep : 1;
      const answers: ConditionAnswer[] = [];
      for (let v = min; v <= max && answers.length < 100; v += step) answers.push({ value: String(v), text: null });
      return { name, title, test: "equals", answers };
    }
    default:
      return undefined;
  }
}

/** Every question the condition form can offer for `name` (all testable questions but itself). */
export function conditionSources(definition: Definition, name: string): ConditionSource[] {
  return designerPages(definition)
    .flatMap((page) => page.questions)
    .filter((element) => element.name !== name)
    .flatMap((element) => conditionSource(element) ?? []);
}

/** The SurveyJS expression for "X has answer Y": `{X} = 'Y'`, `{X} contains 'Y'` for a multiple choice, `{X} = true` for yes/no. */
export function answerExpression(
  definition: Definition,
  { question, value }: { question: string; value: string },
): { ok: true; expression: string } | { ok: false; error: DesignerError } {
  const element = findQuestion(definition, question);
  if (!element) return { ok: false, error: { code: "condition_source_not_found", field: "conditionQuestion", value: question } };
  const source = conditionSource(element);
  if (!source) return { ok: false, error: { code: "condition_source_unsupported", field: "conditionQuestion", value: question } };
  const quotable = !(value.includes("'") && value.includes('"'));
  if (!quotable || !source.answers.some((answer) => answer.value === value)) {
    return { ok: false, error: { code: "condition_value_unknown", field: "conditionValue", value } };
  }
  const listed: unknown[] = [element.choices, element.rateValues].find(Array.isArray) ?? [];
  const original = listed.map((item) => (isRecord(item) ? item.value : item)).find((v) => String(v) === value);
  // Yes/no answers compare with true/false and numbers bare: SurveyJS does not equate 'true' with true.
  const bare = element.type === "boolean" || typeof original === "number" || (element.type === "rating" && original === undefined);
  const operand = bare ? value : value.includes("'") ? `"${value}"` : `'${value}'`;
  return { ok: true, expression: `{${question}} ${source.test === "contains" ? "contains" : "="} ${operand}` };
}

/** Reads an expression back into the form's common case when it is one, else as a plain expression. */
export function readCondition(expression: unknown): Condition {
  if (typeof expression !== "string" || expression.trim() === "") return { kind: "none" };
  const match = expression.match(/^\s*\{([A-Za-z][A-Za-z0-9_-]*)\}\s*(?:=|==|contains)\s*(?:'([^']*)'|"([^"]*)"|(true|false|-?\d+(?:\.\d+)?))\s*$/);
  if (!match?.[1]) return { kind: "expression", expression };
  return { kind: "answer", question: match[1], value: match[2] ?? match[3] ?? match[4] ?? "" };
}

/**
 * Sets when a question is shown (its `visibleIf`). An expression must only name
 * existing questions and not the question itself; its syntax is survey-core's
 * to judge, on the server.
 */
export function setCondition(definition: Definition, { name, condition }: { name: string; condition: Condition }): DesignerResult {
  let expression: string | undefined;
  if (condition.kind === "answer") {
    if (condition.question === name) return { ok: false, error: { code: "condition_self", question: name, field: "conditionQuestion" } };
    const built = answerExpression(definition, condition);
    if (!built.ok) return { ok: false, error: { question: name, ...built.error } };
    expression = built.expression;
  } else if (condition.kind === "expression") {
    expression = condition.expression.trim();
    if (!expression) return { ok: false, error: { code: "invalid_expression", question: name, field: "conditionExpression" } };
    if (expression.length > TEXT_LIMITS.expression) return { ok: false, error: { code: "too_long", question: name, field: "conditionExpression" } };
  }
  return edit(definition, (draft) => {
    const found = locate(draft, name);
    if (!found) return { code: "question_not_found", question: name };
    if (expression === undefined) {
      delete found.element.visibleIf;
      return;
    }
    const names = allNames(draft);
    const used = referencedNames(expression);
    if (used.some((n) => n.toLowerCase() === name.toLowerCase())) return { code: "condition_self", question: name, field: "conditionExpression" };
    const unknown = used.filter((n) => !nameTaken(names, n));
    if (unknown.length > 0) return { code: "unknown_reference", question: name, field: "conditionExpression", references: unknown };
    found.element.visibleIf = expression;
  });
}

// ---------------------------------------------------------------------------
// Small list edits for the editor's item tables (choices, rows, columns)

export type ItemAction = { list: "choices" | "rows" | "columns"; action: "up" | "down" | "delete"; index: number };

/** Moves an item one place, or deletes it; an impossible move leaves the list as it is. */
export function editItems<T>(list: readonly T[], { action, index }: Pick<ItemAction, "action" | "index">): T[] {
  const copy = [...list];
  const item = copy[index];
  if (item === undefined) return copy;
  if (action === "delete") {
    copy.splice(index, 1);
    return copy;
  }
  const target = action === "up" ? index - 1 : index + 1;
  const other = copy[target];
  if (other === undefined) return copy;
  copy[target] = item;
  copy[index] = other;
  return copy;
}

// ---------------------------------------------------------------------------
// What the designer page shows

/** Counts of texts written in one language, out of those needed. */
export type Count = { total: number; present: number };
export type QuestionSummary = {
  name: string;
  type: string;
  kind: QuestionKind | null;
  title: LocalizableText | null;
  role: string | null;
  required: boolean;
  condition: Condition;
  completeness: Partial<Record<Locale, Count>>;
};
export type PageSummary = { name: string; title: LocalizableText | null; questions: QuestionSummary[] };
