import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEMO_ANTENNAS, DEMO_SECTORS } from "~/demo/catalogue";
import { LOCALES } from "~/db/values";
import {
  checkDefinition,
  DEFINITION_LIMITS,
  DEFINITION_PROBLEM_CODES,
  listQuestions,
  roleQuestions,
  TEXT_KINDS,
  type DefinitionProblem,
} from "./definition.server";
import { networkingTemplate } from "./template";

const catalogue = { antennas: DEMO_ANTENNAS.map((a) => a.code), sectors: DEMO_SECTORS.map((s) => s.code) };
const t = (fr: string, nl: string, en: string) => ({ default: fr, nl, en });

/** A one-page survey around the given questions, fully translated unless they are not. */
const survey = (...elements: Record<string, unknown>[]) => ({
  title: t("Enquête", "Enquête", "Survey"),
  pages: [{ name: "p1", elements }],
});
const colour = (extra: Record<string, unknown> = {}) => ({
  type: "radiogroup",
  name: "colour",
  title: t("Couleur", "Kleur", "Colour"),
  choices: [
    { value: "red", text: t("Rouge", "Rood", "Red") },
    { value: "blue", text: t("Bleu", "Blauw", "Blue") },
  ],
  ...extra,
});

const codes = (problems: DefinitionProblem[]) => problems.map((problem) => problem.code);

describe("checkDefinition", () => {
  it("accepts the networking template with every text in French, Dutch and English", () => {
    const result = checkDefinition({ definition: networkingTemplate().definition, catalogue });
    expect(result.problems).toEqual([]);
    expect(result.missing).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.publishable).toBe(true);
    for (const locale of LOCALES) {
      const count = result.completeness[locale];
      expect(count?.total).toBeGreaterThan(100);
      expect(count?.present).toBe(count?.total);
    }
  });

  it("lists a missing Dutch choice text with its path, and counts it against Dutch only", () => {
    const { definition } = networkingTemplate();
    const themes = (definition.pages as { elements: { name: string; choices: { value: string; text: Record<string, string> }[] }[] }[])
      .flatMap((page) => page.elements)
      .find((question) => question.name === "themes");
    const design = themes?.choices.find((choice) => choice.value === "design");
    delete design?.text.nl;

    const result = checkDefinition({ definition, catalogue });
    expect(result.missing).toEqual([{ locale: "nl", path: "themes.choices.design", kind: "choice" }]);
    expect(result.valid).toBe(true);
    expect(result.publishable).toBe(false);
    expect(result.completeness.nl?.present).toBe((result.completeness.nl?.total ?? 0) - 1);
    expect(result.completeness.fr?.present).toBe(result.completeness.fr?.total);
  });

  it.each([
    ["a page title", { title: t("Page", "", "Page") }, {}, "pages.p1.title", "title"],
    ["a question description", {}, { description: t("Aide", "", "Help") }, "colour.description", "description"],
    ["the text of the other item", {}, { showOtherItem: true, otherText: t("Autre", "", "Other") }, "colour.otherText", "otherText"],
    ["a validator message", {}, { type: "text", validators: [{ type: "numeric", text: t("Un nombre", "", "A number") }] }, "colour.validators.0", "validator"],
    ["a rating's bottom label", {}, { type: "rating", minRateDescription: t("Pas du tout", "", "Not at all") }, "colour.minRateDescription", "minRateDescription"],
  ])("lists a missing Dutch text in %s", (_what, page, question, expectedPath, kind) => {
    const { choices: _choices, ...withoutChoices } = colour();
    const base = "type" in question ? withoutChoices : colour();
    const definition = { title: t("Enquête", "Enquête", "Survey"), pages: [{ name: "p1", ...page, elements: [{ ...base, ...question }] }] };
    const result = checkDefinition({ definition });
    expect(result.problems).toEqual([]);
    expect(result.missing).toEqual([{ locale: "nl", path: expectedPath, kind }]);
  });

  it("lists the rows and columns of a matrix that lack a translation", () => {
    const matrix = {
      type: "matrix",
      name: "grid",
      title: t("Grille", "Rooster", "Grid"),
      rows: [{ value: "speed", text: t("Rapidité", "Snelheid", "Speed") }, "price"],
      columns: [{ value: 1, text: t("Bien", "Goed", "") }],
    };
    const result = checkDefinition({ definition: survey(matrix) });
    expect(result.missing).toEqual([
      { locale: "fr", path: "grid.rows.price", kind: "row" },
      { locale: "nl", path: "grid.rows.price", kind: "row" },
      { locale: "en", path: "grid.rows.price", kind: "row" },
      { locale: "en", path: "grid.columns.1", kind: "column" },
    ]);
  });

  it("counts a plain string as the French text only", () => {
    const result = checkDefinition({ definition: { ...survey(colour()), title: "Enquête" } });
    expect(result.missing).toEqual([
      { locale: "nl", path: "survey.title", kind: "title" },
      { locale: "en", path: "survey.title", kind: "title" },
    ]);
  });

  it("requires the survey's own title, kept beside the definition, in every language", () => {
    const result = checkDefinition({ definition: survey(colour()), title: { default: "Enquête", en: "Survey" } });
    expect(result.missing).toEqual([{ locale: "nl", path: "title", kind: "title" }]);
    expect(checkDefinition({ definition: survey(colour()), title: t("Enquête", "<i>Enquête</i>", "Survey") }).problems).toEqual([
      { code: "markup", path: "title", locale: "nl" },
    ]);
  });

  it("does not require a title inside the definition", () => {
    const { title: _title, ...untitled } = survey(colour());
    expect(checkDefinition({ definition: untitled }).publishable).toBe(true);
  });

  it("requires an untitled question's title and an other item's text in every language, since members would see a name or an English default", () => {
    const result = checkDefinition({ definition: survey(colour({ title: undefined, showOtherItem: true })) });
    expect(result.missing.map((m) => `${m.locale}:${m.path}`)).toEqual([
      "fr:colour.title",
      "fr:colour.otherText",
      "nl:colour.title",
      "nl:colour.otherText",
      "en:colour.title",
      "en:colour.otherText",
    ]);
  });

  it("needs no text for the numbers of a rating scale but does for a word value", () => {
    const rating = { type: "rating", name: "score", title: t("Note", "Score", "Score"), rateValues: [1, 2, "lots"] };
    const result = checkDefinition({ definition: survey(rating) });
    expect(result.missing.map((m) => m.path)).toEqual(["score.rateValues.lots", "score.rateValues.lots", "score.rateValues.lots"]);
  });

  it("reads SurveyJS's value|text shorthand as a French choice text", () => {
    const result = checkDefinition({ definition: survey(colour({ choices: ["red|Rouge"] })) });
    expect(result.missing).toEqual([
      { locale: "nl", path: "colour.choices.red", kind: "choice" },
      { locale: "en", path: "colour.choices.red", kind: "choice" },
    ]);
  });

  it("checks only the offered languages", () => {
    const result = checkDefinition({ definition: survey(colour({ title: { default: "Couleur", nl: "Kleur" } })), locales: ["fr", "nl"] });
    expect(result.publishable).toBe(true);
    expect(Object.keys(result.completeness)).toEqual(["fr", "nl"]);
  });

  it.each(["html", "expression", "image", "imagepicker", "file", "signaturepad", "panel", "paneldynamic", "matrixdynamic", "multipletext"])(
    "refuses a %s question",
    (type) => {
      const result = checkDefinition({ definition: survey(colour(), { type, name: "extra", html: "<p>hi</p>" }) });
      expect(result.valid).toBe(false);
      expect(result.problems).toContainEqual({ code: "unsupported_type", path: "extra", type });
    },
  );

  it.each(["radiogroup", "checkbox", "dropdown", "tagbox", "ranking"])("accepts a %s question", (type) => {
    expect(checkDefinition({ definition: survey(colour({ type })) }).problems).toEqual([]);
  });

  it("accepts yes/no, short text, number, long text, rating and single-choice matrix questions", () => {
    const definition = survey(
      { type: "boolean", name: "yes", title: t("Oui ?", "Ja?", "Yes?") },
      { type: "text", name: "short", title: t("Court", "Kort", "Short") },
      { type: "text", name: "count", inputType: "number", title: t("Nombre", "Aantal", "Number"), validators: [{ type: "numeric", minValue: 0 }] },
      { type: "comment", name: "long", title: t("Long", "Lang", "Long") },
      { type: "rating", name: "rate", title: t("Note", "Score", "Rating") },
      { type: "matrix", name: "grid", title: t("Grille", "Rooster", "Grid"), rows: [{ value: "a", text: t("A", "A", "A") }], columns: [1, 2] },
    );
    const result = checkDefinition({ definition });
    expect(result.problems).toEqual([]);
    expect(result.publishable).toBe(true);
  });

  it("refuses a text input type the member page does not render", () => {
    const result = checkDefinition({ definition: survey({ type: "text", name: "hue", inputType: "color", title: t("Teinte", "Tint", "Hue") }) });
    expect(result.problems).toEqual([{ code: "unsupported_input_type", path: "hue", type: "color" }]);
  });

  it("refuses choices loaded from a URL", () => {
    const result = checkDefinition({ definition: survey(colour({ choicesByUrl: { url: "https://example.org/choices" } })) });
    expect(codes(result.problems)).toContain("unsupported_property");
    expect(result.problems).toContainEqual({ code: "unsupported_property", path: "colour.choicesByUrl" });
  });

  it("refuses HTML markup in a title, naming the text and its language", () => {
    const result = checkDefinition({ definition: survey(colour({ title: t("Couleur", "Kleur", "<b>Colour</b>") })) });
    expect(result.problems).toEqual([{ code: "markup", path: "colour.title", locale: "en" }]);
  });

  it.each([
    ["an image with a handler", '<img src=x onerror="alert(1)">'],
    ["a closing tag", "fin</p>"],
    ["a comment", "<!-- hidden -->"],
  ])("refuses markup written as %s in a choice", (_what, markup) => {
    const result = checkDefinition({ definition: survey(colour({ choices: [{ value: "red", text: t(markup, "Rood", "Red") }] })) });
    expect(result.problems).toEqual([{ code: "markup", path: "colour.choices.red", locale: "fr" }]);
  });

  it("does not take comparisons or hearts for markup", () => {
    const result = checkDefinition({ definition: survey(colour({ description: t("moins de 5 < 10 <3", "a < b", "x > y") })) });
    expect(result.problems).toEqual([]);
  });

  it("refuses an unknown property with survey-core's own message", () => {
    const result = checkDefinition({ definition: survey(colour({ colour: "blue" })) });
    expect(result.problems).toEqual([{ code: "survey_core", path: "colour.colour", message: "Unknown property in class 'radiogroup': 'colour'." }]);
  });

  it("refuses an unknown property of the survey itself", () => {
    const result = checkDefinition({ definition: { ...survey(colour()), theme: "dark" } });
    expect(result.problems).toEqual([{ code: "survey_core", path: "theme", message: "Unknown property in class 'survey': 'theme'." }]);
  });

  it("refuses two questions with the same name", () => {
    const result = checkDefinition({ definition: survey(colour(), colour()) });
    expect(result.problems).toEqual([{ code: "duplicate_name", path: "colour", value: "colour" }]);
  });

  it("finds duplicate names across pages and in the `questions` spelling", () => {
    const definition = { title: t("E", "E", "E"), pages: [{ name: "a", elements: [colour()] }, { name: "b", questions: [colour()] }] };
    expect(codes(checkDefinition({ definition }).problems)).toEqual(["duplicate_name"]);
  });

  it.each(["", "1st", "with space", "a.b", "x{y}", "é"])("refuses the question name %j", (name) => {
    const result = checkDefinition({ definition: survey(colour({ name })) });
    expect(codes(result.problems)).toContain("invalid_name");
  });

  it("refuses a survey without questions", () => {
    expect(codes(checkDefinition({ definition: { title: t("E", "E", "E"), pages: [{ name: "p", elements: [] }] } }).problems)).toEqual(["no_questions"]);
  });

  it("refuses a choice value given twice, including the value of the other item", () => {
    const choices = [{ value: "red", text: t("Rouge", "Rood", "Red") }, { value: "red", text: t("Rouge", "Rood", "Red") }, { value: "other", text: t("Autre", "Ander", "Other") }];
    const result = checkDefinition({ definition: survey(colour({ choices, showOtherItem: true, otherText: t("Autre", "Ander", "Other") })) });
    expect(result.problems).toEqual([
      { code: "duplicate_choice", path: "colour.choices.red", value: "red" },
      { code: "duplicate_choice", path: "colour.choices.other", value: "other" },
    ]);
  });

  it("refuses a definition over the size limit, as an object or as JSON text", () => {
    const definition = { ...survey(colour()), description: "x".repeat(DEFINITION_LIMITS.bytes) };
    expect(checkDefinition({ definition }).problems).toEqual([{ code: "too_large", limit: DEFINITION_LIMITS.bytes }]);
    expect(checkDefinition({ definition: JSON.stringify(definition) }).problems).toEqual([{ code: "too_large", limit: DEFINITION_LIMITS.bytes }]);
  });

  it("refuses too many questions and too many choices", () => {
    const many = Array.from({ length: DEFINITION_LIMITS.questions + 1 }, (_, i) => colour({ name: `q${i}` }));
    expect(codes(checkDefinition({ definition: survey(...many) }).problems)).toEqual(["too_many_questions"]);
    const choices = Array.from({ length: DEFINITION_LIMITS.choices + 1 }, (_, i) => ({ value: `c${i}`, text: t("c", "c", "c") }));
    expect(checkDefinition({ definition: survey(colour({ choices })) }).problems).toEqual([
      { code: "too_many_choices", path: "colour.choices", limit: DEFINITION_LIMITS.choices },
    ]);
  });

  it("parses JSON text and refuses text that is not JSON with the parser's message", () => {
    expect(checkDefinition({ definition: JSON.stringify(survey(colour())) }).publishable).toBe(true);
    const result = checkDefinition({ definition: "{ title: " });
    expect(result.valid).toBe(false);
    expect(result.problems[0]?.code).toBe("invalid_json");
    expect(result.problems[0]?.message).toMatch(/JSON/);
    expect(result.completeness).toEqual({ fr: { total: 0, present: 0 }, nl: { total: 0, present: 0 }, en: { total: 0, present: 0 } });
  });

  it.each([null, 42, [], "[1, 2]", "true"])("refuses %j, which is not an object", (definition) => {
    expect(checkDefinition({ definition }).problems).toEqual([{ code: "not_an_object" }]);
  });

  it("never throws, whatever JSON it is given", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (definition) => {
        expect(typeof checkDefinition({ definition }).valid).toBe("boolean");
      }),
      { numRuns: 200 },
    );
  });

  it("never throws on survey-shaped JSON with odd questions", () => {
    const element = fc.dictionary(
      fc.constantFrom("type", "name", "title", "choices", "rows", "columns", "role", "showOtherItem", "validators", "rateValues", "elements"),
      fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.oneof(fc.string(), fc.integer(), fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 })),
    );
    fc.assert(
      fc.property(fc.array(element, { maxLength: 5 }), (elements) => {
        expect(typeof checkDefinition({ definition: { pages: [{ name: "p", elements }] } }).valid).toBe("boolean");
      }),
      { numRuns: 200 },
    );
  });
});

describe("role checks", () => {
  const antenna = (extra: Record<string, unknown> = {}) => ({
    type: "dropdown",
    name: "antenna",
    role: "profile.antenna",
    title: t("Antenne", "Antenne", "Antenna"),
    choices: [{ value: "bru", text: t("Bruxelles", "Brussel", "Brussels") }],
    ...extra,
  });

  it("accepts a theme question with several answers and a single-answer antenna question", () => {
    const result = checkDefinition({ definition: survey(antenna(), colour({ type: "checkbox", role: "interest.theme" })), catalogue });
    expect(result.problems).toEqual([]);
  });

  it.each([
    ["an unknown role", colour({ role: "interest.colour" }), { code: "role_unknown", path: "colour", role: "interest.colour" }],
    ["a role on a text question", { type: "text", name: "colour", role: "need.skill", title: t("a", "b", "c") }, { code: "role_not_choice", path: "colour", role: "need.skill", type: "text" }],
    ["a role on a rating", { type: "rating", name: "colour", role: "preference.format", title: t("a", "b", "c") }, { code: "role_not_choice", path: "colour", role: "preference.format", type: "rating" }],
    ["an antenna question with several answers", antenna({ type: "checkbox" }), { code: "role_single_value", path: "antenna", role: "profile.antenna", type: "checkbox" }],
    ["a frequency question with several answers", colour({ type: "tagbox", role: "preference.frequency" }), { code: "role_single_value", path: "colour", role: "preference.frequency", type: "tagbox" }],
    ["a role question without choices", colour({ role: "offer.skill", choices: [] }), { code: "role_no_choices", path: "colour", role: "offer.skill" }],
    ["an antenna code outside the catalogue", antenna({ choices: [{ value: "paris", text: t("Paris", "Parijs", "Paris") }] }), { code: "role_unknown_code", path: "antenna.choices.paris", role: "profile.antenna", value: "paris" }],
  ])("refuses %s", (_what, question, problem) => {
    const result = checkDefinition({ definition: survey(question), catalogue });
    expect(result.problems).toEqual([problem]);
  });

  it("refuses a second question about the member's antenna", () => {
    const result = checkDefinition({ definition: survey(antenna(), antenna({ name: "antenna2" })), catalogue });
    expect(result.problems).toEqual([{ code: "role_duplicate", path: "antenna2", role: "profile.antenna" }]);
  });

  it("leaves antenna and sector codes unchecked when no catalogue is given", () => {
    const result = checkDefinition({ definition: survey(antenna({ choices: [{ value: "paris", text: t("Paris", "Parijs", "Paris") }] })) });
    expect(result.problems).toEqual([]);
  });
});

describe("roleQuestions", () => {
  it("gives the engine the template's nine role questions with their values and texts", () => {
    const questions = roleQuestions(networkingTemplate().definition);
    expect(questions.map((q) => [q.name, q.role, q.multiple])).toEqual([
      ["antenna", "profile.antenna", false],
      ["sector", "profile.sector", false],
      ["themes", "interest.theme", true],
      ["formats", "preference.format", true],
      ["venues", "preference.venue", true],
      ["slots", "availability.slot", true],
      ["frequency", "preference.frequency", false],
      ["offers", "offer.skill", true],
      ["needs", "need.skill", true],
    ]);
    expect(questions[0]?.choices[0]).toEqual({ value: "bru", text: { default: "Bruxelles", nl: "Brussel", en: "Brussels" } });
    expect(questions[0]?.title).toMatchObject({ nl: "Bij welke antenne ben je aangesloten?" });
  });

  it("turns numeric and shorthand choices into string values", () => {
    const question = colour({ role: "interest.theme", type: "checkbox", choices: [1, "red|Rouge"] });
    expect(roleQuestions(survey(question))[0]?.choices).toEqual([
      { value: "1", text: "1" },
      { value: "red", text: "Rouge" },
    ]);
  });

  it("ignores questions without a role and roles on questions without choices", () => {
    const definition = survey(colour(), { type: "text", name: "note", role: "need.skill", title: t("a", "b", "c") });
    expect(roleQuestions(definition)).toEqual([]);
  });
});

describe("listQuestions", () => {
  it("lists every question with its page, type and values", () => {
    const definition = survey(
      colour({ isRequired: true, showOtherItem: true, showNoneItem: true }),
      { type: "checkbox", name: "many", title: "x", choices: ["a", "b"], maxSelectedChoices: 1 },
      { type: "rating", name: "rate", title: "x", rateMax: 3 },
      { type: "matrix", name: "grid", title: "x", rows: ["r1", "r2"], columns: ["c1"] },
      { type: "boolean", name: "yes", title: "x" },
      { type: "text", name: "age", title: "x", inputType: "number" },
      { type: "comment", name: "free", title: "x", maxLength: 500 },
    );
    const questions = listQuestions(definition);
    expect(questions.map((q) => [q.name, q.type, q.page, q.multiple, q.choices.map((c) => c.value)])).toEqual([
      ["colour", "radiogroup", "p1", false, ["red", "blue"]],
      ["many", "checkbox", "p1", true, ["a", "b"]],
      ["rate", "rating", "p1", false, [1, 2, 3]],
      ["grid", "matrix", "p1", false, ["c1"]],
      ["yes", "boolean", "p1", false, [true, false]],
      ["age", "text", "p1", false, []],
      ["free", "comment", "p1", false, []],
    ]);
    expect(questions[0]).toMatchObject({ required: true, specialValues: ["other", "none"] });
    expect(questions[1]?.maxSelectedChoices).toBe(1);
    expect(questions[3]?.rows.map((r) => r.value)).toEqual(["r1", "r2"]);
    expect(questions[5]?.inputType).toBe("number");
    expect(questions[6]?.maxLength).toBe(500);
  });
});

describe("surveys messages", () => {
  it.each(LOCALES)("explain every problem code and every kind of text in %s", (locale) => {
    const file = path.join(__dirname, "..", "i18n", "locales", locale, "surveys.json");
    const messages = JSON.parse(readFileSync(file, "utf8")) as { definition: { problem: Record<string, string>; kind: Record<string, string> } };
    expect(Object.keys(messages.definition.problem).sort()).toEqual([...DEFINITION_PROBLEM_CODES].sort());
    expect(Object.keys(messages.definition.kind).sort()).toEqual([...TEXT_KINDS].sort());
  });
});
