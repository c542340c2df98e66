// Checks a SurveyJS definition before it is saved or published (issue 3):
// survey-core must load it, its structure must be one our renderer, answer
// checker and results handle, every offered language must have every text,
// and role-tagged questions must have the shape the recommendations read.
// Bad input gives problems as values, never an exception.
import { LOCALES, type Locale } from "~/db/values";
import { MARKUP } from "./markup";
import { textIn } from "./localizable";
import { isQuestionRole, type LocalizableText, type QuestionRole, type RoleQuestion } from "./roles";
import { createModel, definitionErrors, Serializer, type Model, type SurveyJson } from "./survey-core.server";

export const DEFINITION_LIMITS = { bytes: 256 * 1024, pages: 40, questions: 150, choices: 200 } as const;

/** Question types the member page renders and the answer checker understands. */
export const SUPPORTED_QUESTION_TYPES = [
  "radiogroup",
  "checkbox",
  "dropdown",
  "tagbox",
  "rating",
  "ranking",
  "matrix",
  "boolean",
  "text",
  "comment",
] as const;
export type SupportedQuestionType = (typeof SUPPORTED_QUESTION_TYPES)[number];

export const TEXT_INPUT_TYPES = ["text", "number", "email", "tel", "url", "date"] as const;
const CHOICE_TYPES: readonly string[] = ["radiogroup", "dropdown", "checkbox", "tagbox"];
const MULTIPLE_TYPES: readonly string[] = ["checkbox", "tagbox"];
// Choices loaded from elsewhere would leave the answer checker and the results
// without a fixed list of values.
const REFUSED_PROPERTIES = ["choicesByUrl", "choicesFromQuestion"];
// One question per respondent profile, and one frequency: the engine reads them as single values.
const SINGLE_VALUE_ROLES: readonly QuestionRole[] = ["profile.antenna", "profile.sector", "preference.frequency"];
const UNIQUE_ROLES: readonly QuestionRole[] = ["profile.antenna", "profile.sector"];

const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export const DEFINITION_PROBLEM_CODES = [
  "invalid_json",
  "not_an_object",
  "too_large",
  "survey_core",
  "no_questions",
  "too_many_pages",
  "too_many_questions",
  "too_many_choices",
  "invalid_element",
  "invalid_name",
  "duplicate_name",
  "unsupported_type",
  "unsupported_input_type",
  "unsupported_property",
  "invalid_choice_value",
  "duplicate_choice",
  "markup",
  "role_unknown",
  "role_not_choice",
  "role_single_value",
  "role_no_choices",
  "role_unknown_code",
  "role_duplicate",
] as const;
export type DefinitionProblemCode = (typeof DEFINITION_PROBLEM_CODES)[number];

/**
 * One reason a definition cannot be saved. `path` names the place (`themes`,
 * `themes.choices.design`, `survey.title`); `message` is survey-core's own text
 * for `survey_core` and the parser's for `invalid_json`.
 */
export type DefinitionProblem = {
  code: DefinitionProblemCode;
  path?: string;
  locale?: Locale;
  type?: string;
  value?: string;
  role?: string;
  limit?: number;
  message?: string;
};

export const TEXT_KINDS = [
  "title",
  "description",
  "choice",
  "row",
  "column",
  "rateValue",
  "otherText",
  "noneText",
  "refuseText",
  "dontKnowText",
  "selectAllText",
  "minRateDescription",
  "maxRateDescription",
  "validator",
  "placeholder",
  "label",
  "completedHtml",
  "text",
] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

export type MissingText = { locale: Locale; path: string; kind: TextKind };
export type Completeness = { total: number; present: number };

export type DefinitionCheck = {
  /** No problems: the definition can be saved as a draft. */
  valid: boolean;
  /** Valid and every offered language has every text: it can be published. */
  publishable: boolean;
  problems: DefinitionProblem[];
  missing: MissingText[];
  /** Per offered language: how many texts there are and how many are written. */
  completeness: Partial<Record<Locale, Completeness>>;
};

/** Codes of the antennas and sectors the definition may name. */
export type Catalogue = { antennas: readonly string[]; sectors: readonly string[] };

type Question = ReturnType<Model["getAllQuestions"]>[number];
type LocString = { getJson(): unknown };
type Item = { value: unknown; locText: LocString };
type TextEntry = { path: string; kind: TextKind; text: LocalizableText | null; required: boolean };

/**
 * Checks a definition (parsed JSON, or JSON text from an import) for the given
 * offered languages. `title` is the survey's title when it is kept beside the
 * definition (path `title`); it then counts as a text that every language needs.
 * Catalogue codes are checked only when a catalogue is given.
 */
export function checkDefinition({
  definition,
  title,
  locales = LOCALES,
  catalogue,
}: {
  definition: unknown;
  title?: LocalizableText;
  locales?: readonly Locale[];
  catalogue?: Catalogue;
}): DefinitionCheck {
  const parsed = parseDefinition(definition);
  if (!parsed.ok) return refused(parsed.problem, locales);
  const json = parsed.definition;

  const problems = checkStructure(json);
  try {
    const { modelProblems, missing, completeness } = checkModel({ json, title, locales, catalogue });
    problems.push(...modelProblems);
    const valid = problems.length === 0;
    return { valid, publishable: valid && missing.length === 0, problems, missing, completeness };
  } catch (error) {
    // survey-core throws on some shapes it cannot read at all (a numeric `type`).
    problems.push({ code: "survey_core", message: errorMessage(error) });
    return { valid: false, publishable: false, problems, missing: [], completeness: emptyCompleteness(locales) };
  }
}

function checkModel({
  json,
  title,
  locales,
  catalogue,
}: {
  json: SurveyJson;
  title?: LocalizableText;
  locales: readonly Locale[];
  catalogue?: Catalogue;
}): { modelProblems: DefinitionProblem[]; missing: MissingText[]; completeness: Partial<Record<Locale, Completeness>> } {
  const problems: DefinitionProblem[] = [];
  const model = createModel(json);
  const messages = definitionErrors(model);
  model.jsonErrors?.forEach((error, index) => {
    const name = (error.element as { name?: unknown } | undefined)?.name;
    const property = (error as { propertyName?: unknown }).propertyName;
    const path = [typeof name === "string" ? name : undefined, typeof property === "string" ? property : undefined].filter(Boolean).join(".");
    problems.push({ code: "survey_core", ...(path ? { path } : {}), message: messages[index] ?? error.message });
  });

  const questions = model.getAllQuestions(false, true);
  for (const question of questions) problems.push(...checkChoices(question));
  problems.push(...checkRoles(questions, catalogue));

  const texts = collectTexts(model);
  if (title !== undefined) texts.unshift({ path: "title", kind: "title", text: title, required: true });
  problems.push(...markupProblems(texts));
  return { modelProblems: problems, ...translationCompleteness(texts, locales) };
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : shown(error));

/** Any JSON value as text for a problem report; String() throws on objects without a prototype. */
function shown(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

type Parsed = { ok: true; definition: SurveyJson } | { ok: false; problem: DefinitionProblem };

function parseDefinition(definition: unknown): Parsed {
  let value = definition;
  if (typeof definition === "string") {
    if (Buffer.byteLength(definition) > DEFINITION_LIMITS.bytes) return tooLarge();
    try {
      value = JSON.parse(definition);
    } catch (error) {
      return { ok: false, problem: { code: "invalid_json", message: errorMessage(error) } };
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, problem: { code: "not_an_object" } };
  }
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(value));
  } catch (error) {
    // A cyclic or otherwise unserialisable object cannot be stored as JSON.
    return { ok: false, problem: { code: "invalid_json", message: errorMessage(error) } };
  }
  if (size > DEFINITION_LIMITS.bytes) return tooLarge();
  return { ok: true, definition: value as SurveyJson };
}

const tooLarge = (): Parsed => ({ ok: false, problem: { code: "too_large", limit: DEFINITION_LIMITS.bytes } });

const emptyCompleteness = (locales: readonly Locale[]): Partial<Record<Locale, Completeness>> =>
  Object.fromEntries(locales.map((locale) => [locale, { total: 0, present: 0 }]));

const refused = (problem: DefinitionProblem, locales: readonly Locale[]): DefinitionCheck => ({
  valid: false,
  publishable: false,
  problems: [problem],
  missing: [],
  completeness: emptyCompleteness(locales),
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The raw elements of each page; SurveyJS also accepts `questions` for `elements`, and elements at the root. */
function rawPages(json: SurveyJson): unknown[][] {
  const elementsOf = (container: Record<string, unknown>): unknown[] => {
    const elements = container.elements ?? container.questions;
    return Array.isArray(elements) ? elements : [];
  };
  const pages = Array.isArray(json.pages) ? json.pages.filter(isRecord).map(elementsOf) : [];
  const root = elementsOf(json);
  return root.length > 0 ? [root, ...pages] : pages;
}

// Read on the raw JSON: survey-core drops an element of unknown type, and
// only reports "incorrect type" on the page without naming it.
function checkStructure(json: SurveyJson): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const pages = rawPages(json);
  if (pages.length > DEFINITION_LIMITS.pages) problems.push({ code: "too_many_pages", limit: DEFINITION_LIMITS.pages });
  const seen = new Set<string>();
  let count = 0;
  pages.forEach((elements, pageIndex) =>
    elements.forEach((element, elementIndex) => {
      count += 1;
      const fallbackPath = `pages.${pageIndex}.elements.${elementIndex}`;
      if (!isRecord(element)) {
        problems.push({ code: "invalid_element", path: fallbackPath });
        return;
      }
      const name = typeof element.name === "string" ? element.name : undefined;
      const path = name ?? fallbackPath;
      const type = typeof element.type === "string" ? element.type : "";
      if (!(SUPPORTED_QUESTION_TYPES as readonly string[]).includes(type)) problems.push({ code: "unsupported_type", path, type });
      if (name === undefined || !NAME_PATTERN.test(name)) problems.push({ code: "invalid_name", path, ...(name ? { value: name } : {}) });
      else if (seen.has(name)) problems.push({ code: "duplicate_name", path: name, value: name });
      if (name) seen.add(name);
      if (type === "text" && element.inputType !== undefined && !(TEXT_INPUT_TYPES as readonly unknown[]).includes(element.inputType)) {
        problems.push({ code: "unsupported_input_type", path, type: shown(element.inputType) });
      }
      for (const property of REFUSED_PROPERTIES) {
        if (element[property] !== undefined) problems.push({ code: "unsupported_property", path: `${path}.${property}` });
      }
    }),
  );
  if (count === 0) problems.push({ code: "no_questions" });
  if (count > DEFINITION_LIMITS.questions) problems.push({ code: "too_many_questions", limit: DEFINITION_LIMITS.questions });
  return problems;
}

/** The lists of values a question offers, by property name. */
function itemLists(question: Question): { property: "choices" | "rows" | "columns" | "rateValues"; items: Item[] }[] {
  const lists: { property: "choices" | "rows" | "columns" | "rateValues"; items: Item[] }[] = [];
  for (const property of ["choices", "rows", "columns", "rateValues"] as const) {
    const items = (question as unknown as Record<string, unknown>)[property];
    if (Array.isArray(items) && items.length > 0) lists.push({ property, items: items as Item[] });
  }
  return lists;
}

/** The extra items SurveyJS adds to a choice question, with the text each needs. */
const SPECIAL_ITEMS = [
  { flag: "showOtherItem", kind: "otherText", item: "otherItem" },
  { flag: "showNoneItem", kind: "noneText", item: "noneItem" },
  { flag: "showRefuseItem", kind: "refuseText", item: "refuseItem" },
  { flag: "showDontKnowItem", kind: "dontKnowText", item: "dontKnowItem" },
] as const;

function specialItems(question: Question): { kind: (typeof SPECIAL_ITEMS)[number]["kind"]; value: string }[] {
  const record = question as unknown as Record<string, unknown>;
  return SPECIAL_ITEMS.filter(({ flag }) => record[flag] === true).map(({ kind, item }) => ({
    kind,
    value: shown((record[item] as { value?: unknown } | undefined)?.value ?? ""),
  }));
}

function checkChoices(question: Question): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const { property, items } of itemLists(question)) {
    const path = `${question.name}.${property}`;
    if (items.length > DEFINITION_LIMITS.choices) problems.push({ code: "too_many_choices", path, limit: DEFINITION_LIMITS.choices });
    const seen = new Set(property === "choices" ? specialItems(question).map((special) => special.value) : []);
    for (const { value } of items) {
      if ((typeof value !== "string" && typeof value !== "number") || String(value).trim() === "") {
        problems.push({ code: "invalid_choice_value", path, value: shown(value) });
      } else if (seen.has(String(value))) {
        problems.push({ code: "duplicate_choice", path: `${path}.${value}`, value: String(value) });
      } else seen.add(String(value));
    }
  }
  return problems;
}

const roleOf = (question: Question): unknown => (question as unknown as { role?: unknown }).role;

function checkRoles(questions: Question[], catalogue?: Catalogue): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const taken = new Set<string>();
  for (const question of questions) {
    const role = roleOf(question);
    if (role === undefined || role === null || role === "") continue;
    const path = question.name;
    if (!isQuestionRole(role)) {
      problems.push({ code: "role_unknown", path, role: shown(role) });
      continue;
    }
    const type = question.getType();
    if (!CHOICE_TYPES.includes(type)) {
      problems.push({ code: "role_not_choice", path, role, type });
      continue;
    }
    if (MULTIPLE_TYPES.includes(type) && SINGLE_VALUE_ROLES.includes(role)) problems.push({ code: "role_single_value", path, role, type });
    if (UNIQUE_ROLES.includes(role) && taken.has(role)) problems.push({ code: "role_duplicate", path, role });
    taken.add(role);
    const values = choiceItems(question).map((item) => shown(item.value));
    if (values.length === 0) problems.push({ code: "role_no_choices", path, role });
    const known = !catalogue ? undefined : role === "profile.antenna" ? catalogue.antennas : role === "profile.sector" ? catalogue.sectors : undefined;
    for (const value of known ? values.filter((v) => !known.includes(v)) : []) {
      problems.push({ code: "role_unknown_code", path: `${path}.choices.${value}`, role, value });
    }
  }
  return problems;
}

const choiceItems = (question: Question): Item[] => {
  const choices = (question as unknown as { choices?: unknown }).choices;
  return Array.isArray(choices) ? (choices as Item[]) : [];
};

const jsonOf = (text: LocString | undefined): LocalizableText | null => {
  const json = text?.getJson();
  return typeof json === "string" || isRecord(json) ? (json as LocalizableText) : null;
};

const ITEM_KINDS = { choices: "choice", rows: "row", columns: "column", rateValues: "rateValue" } as const;
const PROPERTY_KINDS: Record<string, TextKind> = {
  title: "title",
  description: "description",
  minRateDescription: "minRateDescription",
  maxRateDescription: "maxRateDescription",
  placeholder: "placeholder",
  label: "label",
  completedHtml: "completedHtml",
  otherText: "otherText",
  noneText: "noneText",
  refuseText: "refuseText",
  dontKnowText: "dontKnowText",
  selectAllText: "selectAllText",
};
// Localizable properties that are not texts a member reads.
const NOT_TEXTS = new Set(["logo", "questionTitleTemplate"]);

/** Every localizable property written in the definition, plus those a member would otherwise see untranslated. */
function propertyTexts(owner: object, prefix: string, required: readonly string[]): TextEntry[] {
  const entries: TextEntry[] = [];
  for (const property of Serializer.getPropertiesByObj(owner)) {
    if (!property.isLocalizable || NOT_TEXTS.has(property.name) || !["string", "text", "html"].includes(property.type)) continue;
    const loc = (owner as Record<string, unknown>)[property.serializationProperty] as LocString | undefined;
    const text = jsonOf(loc);
    const isRequired = required.includes(property.name);
    if (text === null && !isRequired) continue;
    entries.push({ path: `${prefix}.${property.name}`, kind: PROPERTY_KINDS[property.name] ?? "text", text, required: isRequired });
  }
  return entries;
}

// Texts are read from the model rather than the raw JSON, so that SurveyJS
// shorthands ("value|text" choices, `questions` for `elements`) count too.
function collectTexts(model: Model): TextEntry[] {
  const entries = propertyTexts(model, "survey", []);
  for (const page of model.pages) entries.push(...propertyTexts(page, `pages.${page.name}`, []));
  for (const question of model.getAllQuestions(false, true)) {
    const name = question.name;
    const specials = specialItems(question).map((special) => special.kind);
    entries.push(...propertyTexts(question, name, ["title", ...specials]));
    for (const { property, items } of itemLists(question)) {
      for (const item of items) {
        // A number is the same in every language (1 to 5 on a scale); any other value needs its text.
        const text = jsonOf(item.locText);
        if (text === null && typeof item.value === "number") continue;
        entries.push({ path: `${name}.${property}.${shown(item.value)}`, kind: ITEM_KINDS[property], text, required: true });
      }
    }
    const validators = (question as unknown as { validators?: { locText?: LocString }[] }).validators ?? [];
    validators.forEach((validator, index) => {
      const text = jsonOf(validator.locText);
      if (text !== null) entries.push({ path: `${name}.validators.${index}`, kind: "validator", text, required: false });
    });
  }
  return entries;
}

const localeOfKey = (key: string): Locale | undefined =>
  key === "default" ? "fr" : (LOCALES as readonly string[]).includes(key) ? (key as Locale) : undefined;

function markupProblems(texts: TextEntry[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const { path, text } of texts) {
    const written: [string, unknown][] = typeof text === "string" ? [["default", text]] : Object.entries(text ?? {});
    for (const [key, value] of written) {
      if (typeof value !== "string" || !MARKUP.test(value)) continue;
      const locale = localeOfKey(key);
      problems.push({ code: "markup", path, ...(locale ? { locale } : {}) });
    }
  }
  return problems;
}

function translationCompleteness(texts: TextEntry[], locales: readonly Locale[]) {
  const missing: MissingText[] = [];
  const completeness: Partial<Record<Locale, Completeness>> = {};
  for (const locale of locales) {
    let present = 0;
    for (const { path, kind, text } of texts) {
      if (textIn(text, locale) !== undefined) present += 1;
      else missing.push({ locale, path, kind });
    }
    completeness[locale] = { total: texts.length, present };
  }
  return { missing, completeness };
}

/** A question as the answer checker and the results read it. */
export type QuestionInfo = {
  name: string;
  type: string;
  page: string;
  title: LocalizableText;
  required: boolean;
  role?: QuestionRole;
  /** checkbox, tagbox and ranking answers are arrays. */
  multiple: boolean;
  inputType?: string;
  choices: { value: string | number | boolean; text: LocalizableText }[];
  rows: { value: string | number; text: LocalizableText }[];
  /** Values SurveyJS adds beside the choices: "other", "none", "refused", "dontknow". */
  specialValues: string[];
  minSelectedChoices?: number;
  maxSelectedChoices?: number;
  maxLength?: number;
  /** A number input's bounds, when the question sets them. */
  min?: number;
  max?: number;
};

const itemsOf = (items: Item[]): { value: string | number; text: LocalizableText }[] =>
  items
    .filter((item): item is Item & { value: string | number } => typeof item.value === "string" || typeof item.value === "number")
    .map((item) => ({ value: item.value, text: jsonOf(item.locText) ?? String(item.value) }));

const positive = (value: unknown): number | undefined => (typeof value === "number" && value > 0 ? value : undefined);

/**
 * The questions of a definition with their types and values, in page order. A
 * rating lists its visible scale as choices, a matrix its columns as choices and
 * its rows as rows, a boolean its two values.
 */
export function listQuestions(definition: SurveyJson): QuestionInfo[] {
  const model = createModel(definition);
  return model.getAllQuestions(false, true).map((question) => {
    const record = question as unknown as Record<string, unknown>;
    const type = question.getType();
    const role = roleOf(question);
    let choices: QuestionInfo["choices"] = itemsOf(choiceItems(question));
    if (type === "rating") choices = itemsOf((record.visibleRateValues as Item[] | undefined) ?? []);
    if (type === "matrix") choices = itemsOf((record.columns as Item[] | undefined) ?? []);
    if (type === "boolean") {
      choices = [
        { value: (record.valueTrue as string | undefined) ?? true, text: jsonOf(record.locLabelTrue as LocString) ?? "" },
        { value: (record.valueFalse as string | undefined) ?? false, text: jsonOf(record.locLabelFalse as LocString) ?? "" },
      ];
    }
    const info: QuestionInfo = {
      name: question.name,
      type,
      page: question.page?.name ?? "",
      title: jsonOf(question.locTitle) ?? question.name,
      required: question.isRequired,
      multiple: [...MULTIPLE_TYPES, "ranking"].includes(type),
      choices,
      rows: type === "matrix" ? itemsOf((record.rows as Item[] | undefined) ?? []) : [],
      specialValues: specialItems(question).map((special) => special.value),
    };
    if (isQuestionRole(role)) info.role = role;
    if (type === "text") info.inputType = typeof record.inputType === "string" ? record.inputType : "text";
    const min = positive(record.minSelectedChoices);
    const max = positive(record.maxSelectedChoices);
    const maxLength = positive(record.maxLength);
    if (min !== undefined) info.minSelectedChoices = min;
    if (max !== undefined) info.maxSelectedChoices = max;
    if (maxLength !== undefined) info.maxLength = maxLength;
    if (type === "text" && info.inputType === "number") {
      const bound = (value: unknown) => (value === "" || value == null || !Number.isFinite(Number(value)) ? undefined : Number(value));
      const [low, high] = [bound(record.min), bound(record.max)];
      if (low !== undefined) info.min = low;
      if (high !== undefined) info.max = high;
    }
    return info;
  });
}

/** The role-tagged choice questions of a definition, as the recommendation engine reads them. */
export function roleQuestions(definition: SurveyJson): RoleQuestion[] {
  return listQuestions(definition).flatMap(({ name, type, role, multiple, choices, title }) =>
    role && CHOICE_TYPES.includes(type)
      ? [{ name, role, multiple, title, choices: choices.map((choice) => ({ value: String(choice.value), text: choice.text })) }]
      : [],
  );
}
