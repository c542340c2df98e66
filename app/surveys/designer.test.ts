import { describe, expect, it } from "vitest";
import {
  addPage,
  addQuestion,
  answerExpression,
  deletePage,
  deleteQuestion,
  type Definition,
  type DesignerResult,
  designerPages,
  editItems,
  findQuestion,
  moveQuestion,
  QUESTION_KINDS,
  questionKind,
  readCondition,
  referencesTo,
  renamePage,
  setIntroduction,
  setCondition,
  toLocalizable,
  updateQuestion,
  valueFromText,
} from "./designer";
import { checkDefinition } from "./definition.server";
import { editableFields, questionChanges, questionFormValues, type QuestionPatch } from "./designer-forms";
import { createModel } from "./survey-core.server";

const t = (fr: string, nl: string, en: string) => ({ default: fr, nl, en });
const choice = (value: string, fr: string) => ({ value, text: t(fr, `${fr} (nl)`, `${fr} (en)`) });

/** Two pages: a single choice, a multiple choice, a yes/no and a text that depends on the first. */
const sample = (): Definition => ({
  title: t("Enquête", "Enquête", "Survey"),
  pages: [
    {
      name: "p1",
      elements: [
        { type: "radiogroup", name: "colour", title: t("Couleur", "Kleur", "Colour"), choices: [choice("red", "Rouge"), choice("blue", "Bleu"), choice("green", "Vert")] },
        { type: "checkbox", name: "pets", title: t("Animaux", "Dieren", "Pets"), choices: [choice("cat", "Chat"), choice("dog", "Chien")] },
      ],
    },
    {
      name: "p2",
      elements: [
        { type: "boolean", name: "member", title: t("Membre ?", "Lid?", "Member?") },
        { type: "comment", name: "why", title: t("Pourquoi ?", "Waarom?", "Why?"), visibleIf: "{colour} = 'red' and {member} = true" },
      ],
    },
  ],
});

const ok = (result: DesignerResult<object>): Definition => {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.error)}`);
  return result.definition;
};
const order = (definition: Definition) => designerPages(definition).map((page) => `${page.name}:${page.questions.map((q) => q.name).join(",")}`);
const errorOf = (result: DesignerResult<object>) => (result.ok ? undefined : result.error);
/** The question object inside the definition itself (findQuestion returns a copy), to prepare a case. */
const raw = (definition: Definition, name: string) =>
  (definition.pages as { elements: Record<string, unknown>[] }[]).flatMap((page) => page.elements).find((q) => q.name === name)!;

describe("setIntroduction", () => {
  it("writes the survey's introduction per language at the definition's root, and removes a blank one", () => {
    const written = ok(setIntroduction(sample(), { description: { fr: "Bonjour", nl: "Hallo", en: "" } }));
    expect(written.description).toEqual({ default: "Bonjour", nl: "Hallo" });
    expect(designerPages(written)).toEqual(designerPages(sample()));
    expect(ok(setIntroduction(written, { description: { fr: " ", nl: "", en: "" } })).description).toBeUndefined();
  });

  it("refuses an introduction over the limit", () => {
    expect(errorOf(setIntroduction(sample(), { description: { fr: "x".repeat(5000) } }))?.code).toBe("too_long");
  });
});

describe("pages", () => {
  it("adds a page with a fresh name and an optional title", () => {
    const result = addPage(sample(), { title: { fr: "Fin", nl: "Einde", en: "" } });
    expect(result.ok && result.name).toBe("page_3");
    expect(designerPages(ok(result)).at(-1)).toEqual({ name: "page_3", title: { default: "Fin", nl: "Einde" }, questions: [] });
  });

  it("renames a page's title per language and removes a blank title", () => {
    const named = ok(renamePage(sample(), { pageName: "p1", title: { fr: "Vous", nl: "Jij", en: "You" } }));
    expect(designerPages(named)[0]?.title).toEqual(t("Vous", "Jij", "You"));
    const blank = ok(renamePage(named, { pageName: "p1", title: { fr: "", nl: "", en: "" } }));
    expect(designerPages(blank)[0]?.title).toBeUndefined();
  });

  it.each([
    ["an unknown page", { pageName: "nope" }, "page_not_found"],
    ["a page with questions and nowhere to move them", { pageName: "p1" }, "page_not_empty"],
    ["a move to the page itself", { pageName: "p1", moveTo: "p1" }, "page_not_found"],
  ])("refuses to delete %s", (_, input, code) => {
    expect(errorOf(deletePage(sample(), input))?.code).toBe(code);
  });

  it("deletes an empty page, or moves its questions to the end of another page", () => {
    const withEmpty = ok(addPage(sample()));
    expect(order(ok(deletePage(withEmpty, { pageName: "page_3" })))).toEqual(order(sample()));
    expect(order(ok(deletePage(sample(), { pageName: "p1", moveTo: "p2" })))).toEqual(["p2:member,why,colour,pets"]);
  });

  it("keeps the last page", () => {
    const single = ok(deletePage(sample(), { pageName: "p1", moveTo: "p2" }));
    expect(errorOf(deletePage(single, { pageName: "p2" }))?.code).toBe("last_page");
  });

  it("reads questions at the root or under `questions` as pages of elements", () => {
    const pages = designerPages({ questions: [{ type: "text", name: "a" }], pages: [{ questions: [{ type: "text", name: "b" }] }] });
    expect(pages.map((p) => [p.name, p.questions.map((q) => q.name)])).toEqual([
      ["page_1", ["a"]],
      ["page_2", ["b"]],
    ]);
  });
});

describe("addQuestion", () => {
  it.each([
    ["single", { type: "radiogroup" }],
    ["multiple", { type: "checkbox" }],
    ["dropdown", { type: "dropdown" }],
    ["rating", { type: "rating", rateMin: 1, rateMax: 5 }],
    ["ranking", { type: "ranking" }],
    ["matrix", { type: "matrix" }],
    ["boolean", { type: "boolean" }],
    ["text", { type: "text" }],
    ["comment", { type: "comment" }],
    ["number", { type: "text", inputType: "number" }],
  ] as const)("adds a %s question with SurveyJS defaults that survey-core loads", (kind, expected) => {
    const result = addQuestion(sample(), { pageName: "p2", type: kind });
    const definition = ok(result);
    const question = findQuestion(definition, result.ok ? result.name : "");
    expect(question).toMatchObject({ ...expected, name: "question_5", title: { default: "Nouvelle question" } });
    expect(questionKind(question ?? {})).toBe(kind);
    expect(checkDefinition({ definition }).problems).toEqual([]);
  });

  it("covers every kind the designer offers", () => {
    expect(QUESTION_KINDS).toHaveLength(10);
  });

  it("skips generated names already taken", () => {
    const first = ok(addQuestion(sample(), { pageName: "p1", type: "text", name: "question_5" }));
    const second = addQuestion(first, { pageName: "p1", type: "text" });
    expect(second.ok && second.name).toBe("question_6");
  });

  it.each([
    ["an unknown page", { pageName: "nope", type: "text" as const }, "page_not_found"],
    ["a name taken in another case", { pageName: "p1", type: "text" as const, name: "Colour" }, "duplicate_name"],
    ["a name with a space", { pageName: "p1", type: "text" as const, name: "my question" }, "invalid_name"],
    ["a name starting with a digit", { pageName: "p1", type: "text" as const, name: "1st" }, "invalid_name"],
    ["a name with braces", { pageName: "p1", type: "text" as const, name: "a{b}" }, "invalid_name"],
  ])("refuses %s", (_, input, code) => {
    expect(errorOf(addQuestion(sample(), input))?.code).toBe(code);
  });
});

describe("updateQuestion", () => {
  it("writes titles and help texts per language, French under `default`", () => {
    const definition = ok(
      updateQuestion(sample(), "colour", {
        title: { fr: " Votre couleur ", nl: "Je kleur", en: "" },
        description: { fr: "Une seule", nl: "", en: "Just one" },
        required: true,
      }),
    );
    expect(findQuestion(definition, "colour")).toMatchObject({
      title: { default: "Votre couleur", nl: "Je kleur" },
      description: { default: "Une seule", en: "Just one" },
      isRequired: true,
    });
    expect(findQuestion(ok(updateQuestion(definition, "colour", { required: false })), "colour")?.isRequired).toBeUndefined();
  });

  it("keeps languages the designer does not edit", () => {
    const definition = sample();
    const colour = findQuestion(definition, "colour");
    expect(toLocalizable({ fr: "Couleur", nl: "Kleur", en: "" }, { ...(colour?.title as object), de: "Farbe" })).toEqual({ de: "Farbe", default: "Couleur", nl: "Kleur" });
  });

  it("sets and clears a role from the list", () => {
    const tagged = ok(updateQuestion(sample(), "pets", { role: "interest.theme" }));
    expect(findQuestion(tagged, "pets")?.role).toBe("interest.theme");
    expect(findQuestion(ok(updateQuestion(tagged, "pets", { role: null })), "pets")?.role).toBeUndefined();
  });

  it("replaces choices in the order given, keeping number values and other properties of kept choices", () => {
    const definition = sample();
    (raw(definition, "colour").choices as Record<string, unknown>[]).push({ value: 7, text: "Sept", visibleIf: "{pets} contains 'cat'" });
    const updated = ok(
      updateQuestion(definition, "colour", {
        choices: [
          { value: "7", text: { fr: "Sept", nl: "Zeven", en: "Seven" } },
          { value: "blue", text: { fr: "Bleu", nl: "Blauw", en: "Blue" } },
          { value: "", text: { fr: "Très foncé", nl: "", en: "" } },
        ],
      }),
    );
    expect(findQuestion(updated, "colour")?.choices).toEqual([
      { value: 7, text: t("Sept", "Zeven", "Seven"), visibleIf: "{pets} contains 'cat'" },
      { value: "blue", text: t("Bleu", "Blauw", "Blue") },
      { value: "tres-fonce", text: { default: "Très foncé" } },
    ]);
  });

  it("adds the other option with its three texts, and choice limits to a multiple choice", () => {
    const updated = ok(
      updateQuestion(sample(), "pets", {
        showOtherItem: true,
        otherText: { fr: "Autre", nl: "Andere", en: "Other" },
        minSelectedChoices: 1,
        maxSelectedChoices: 2,
      }),
    );
    expect(findQuestion(updated, "pets")).toMatchObject({ showOtherItem: true, otherText: t("Autre", "Andere", "Other"), minSelectedChoices: 1, maxSelectedChoices: 2 });
    const cleared = ok(updateQuestion(updated, "pets", { showOtherItem: false, minSelectedChoices: null, maxSelectedChoices: 0 }));
    expect(findQuestion(cleared, "pets")).not.toHaveProperty("maxSelectedChoices");
    expect(findQuestion(cleared, "pets")).not.toHaveProperty("showOtherItem");
  });

  it("writes a rating range, matrix rows and columns, number bounds and a text length", () => {
    let definition = sample();
    for (const [type, name] of [
      ["rating", "r"],
      ["matrix", "m"],
      ["number", "n"],
      ["text", "s"],
    ] as const) {
      definition = ok(addQuestion(definition, { pageName: "p2", type, name }));
    }
    definition = ok(updateQuestion(definition, "r", { rateMin: 0, rateMax: 10 }));
    definition = ok(updateQuestion(definition, "m", { rows: [{ value: "a", text: { fr: "A" } }], columns: [{ value: "x", text: { fr: "X" } }, { value: "y", text: { fr: "Y" } }] }));
    definition = ok(updateQuestion(definition, "n", { min: 0, max: 99 }));
    definition = ok(updateQuestion(definition, "s", { maxLength: 200 }));
    expect(findQuestion(definition, "r")).toMatchObject({ rateMin: 0, rateMax: 10 });
    expect(findQuestion(definition, "m")).toMatchObject({ rows: [{ value: "a" }], columns: [{ value: "x" }, { value: "y" }] });
    expect(findQuestion(definition, "n")).toMatchObject({ min: 0, max: 99 });
    expect(findQuestion(definition, "s")).toMatchObject({ maxLength: 200 });
    expect(checkDefinition({ definition }).problems).toEqual([]);
  });

  it.each<[string, string, QuestionPatch, string, string?]>([
    ["an empty French title", "colour", { title: { fr: " ", nl: "Kleur", en: "Colour" } }, "required_text", "title.fr"],
    ["a choice value with a quote", "colour", { choices: [{ value: "it's", text: {} }] }, "invalid_choice_value", "choices.0"],
    ["the same value twice", "colour", { choices: [{ value: "a", text: {} }, { value: "a", text: {} }] }, "duplicate_choice", "choices.1"],
    ["a choice with neither value nor text", "colour", { choices: [{ value: "", text: {} }] }, "invalid_choice_value", "choices.0"],
    ["no choices at all", "colour", { choices: [] }, "no_choices", "choices"],
    ["a role outside the list", "colour", { role: "profile.age" as never }, "invalid_role", "role"],
    ["a role on a text question", "why", { role: "interest.theme" }, "not_applicable", "role"],
    ["choices on a yes/no question", "member", { choices: [{ value: "a", text: {} }] }, "not_applicable", "choices"],
    ["a choice limit on a single choice", "colour", { maxSelectedChoices: 2 }, "not_applicable", "maxSelectedChoices"],
    ["more required choices than there are", "pets", { minSelectedChoices: 3 }, "invalid_range", "minSelectedChoices"],
    ["a minimum above the maximum", "pets", { minSelectedChoices: 2, maxSelectedChoices: 1 }, "invalid_range", "maxSelectedChoices"],
    ["a negative limit", "pets", { maxSelectedChoices: -1 }, "invalid_number", "maxSelectedChoices"],
    ["a new name already used", "colour", { name: "PETS" }, "duplicate_name", "name"],
    ["a new name with a dot", "colour", { name: "colour.2" }, "invalid_name", "name"],
  ])("refuses %s", (_, name, patch, code, field) => {
    expect(errorOf(updateQuestion(sample(), name, patch))).toMatchObject({ code, field, question: name });
  });

  it("labels a rating scale's two ends in each language, and the editor's form carries them there and back", () => {
    let definition = ok(addQuestion(sample(), { pageName: "p1", type: "rating", name: "r" }));
    const low = { fr: "Pas du tout", nl: "Helemaal niet", en: "Not at all" };
    const high = { fr: "Tout à fait", nl: "Helemaal wel", en: "Very much" };
    const question = findQuestion(definition, "r")!;
    expect(editableFields(question)).toEqual(expect.arrayContaining(["minRateDescription", "maxRateDescription"]));
    const values = { ...questionFormValues(question), minRateDescription: low, maxRateDescription: high };
    definition = ok(updateQuestion(definition, "r", questionChanges(question, values).patch));
    expect(findQuestion(definition, "r")).toMatchObject({ minRateDescription: { default: "Pas du tout", nl: "Helemaal niet", en: "Not at all" }, maxRateDescription: { default: "Tout à fait" } });
    expect(questionFormValues(findQuestion(definition, "r")!)).toMatchObject({ minRateDescription: low, maxRateDescription: high });
    expect(checkDefinition({ definition }).problems).toEqual([]);
    // Only a rating has ends.
    expect(errorOf(updateQuestion(sample(), "colour", { minRateDescription: low }))).toMatchObject({ code: "not_applicable", field: "minRateDescription" });
  });

  it("refuses a rating scale that is empty or too long", () => {
    const definition = ok(addQuestion(sample(), { pageName: "p1", type: "rating", name: "r" }));
    expect(errorOf(updateQuestion(definition, "r", { rateMin: 5, rateMax: 5 }))?.code).toBe("invalid_range");
    expect(errorOf(updateQuestion(definition, "r", { rateMin: 0, rateMax: 50 }))?.code).toBe("invalid_range");
    expect(errorOf(updateQuestion(definition, "r", { rateMin: 1.5 }))?.code).toBe("invalid_number");
  });

  it("refuses an unknown question", () => {
    expect(errorOf(updateQuestion(sample(), "nope", { required: true }))?.code).toBe("question_not_found");
  });

  it("renames a question and every condition that refers to it, in any case and with a path", () => {
    const definition = sample();
    raw(definition, "pets").visibleIf = "{COLOUR} notempty";
    raw(definition, "why").requiredIf = "{colour.length} > 0 and {colours} empty";
    const result = updateQuestion(definition, "colour", { name: "favourite" });
    expect(result.ok && result.name).toBe("favourite");
    const renamed = ok(result);
    expect(findQuestion(renamed, "why")).toMatchObject({
      visibleIf: "{favourite} = 'red' and {member} = true",
      requiredIf: "{favourite.length} > 0 and {colours} empty",
    });
    expect(findQuestion(renamed, "pets")?.visibleIf).toBe("{favourite} notempty");
    expect(findQuestion(renamed, "colour")).toBeUndefined();
  });
});

describe("moveQuestion", () => {
  it.each([
    ["up within a page", "pets", "up", ["p1:pets,colour", "p2:member,why"]],
    ["down within a page", "member", "down", ["p1:colour,pets", "p2:why,member"]],
    ["up from the top of a page to the end of the previous one", "member", "up", ["p1:colour,pets,member", "p2:why"]],
    ["down from the bottom of a page to the start of the next one", "pets", "down", ["p1:colour", "p2:pets,member,why"]],
  ] as const)("moves a question %s", (_, name, direction, expected) => {
    expect(order(ok(moveQuestion(sample(), { name, direction })))).toEqual(expected);
  });

  it.each([
    ["the first question up", "colour", "up"],
    ["the last question down", "why", "down"],
  ] as const)("cannot move %s", (_, name, direction) => {
    expect(errorOf(moveQuestion(sample(), { name, direction }))?.code).toBe("cannot_move");
  });

  it("leaves the definition it was given untouched", () => {
    const definition = sample();
    const before = JSON.stringify(definition);
    moveQuestion(definition, { name: "pets", direction: "up" });
    expect(JSON.stringify(definition)).toBe(before);
  });
});

describe("deleteQuestion", () => {
  it("deletes a question nothing refers to", () => {
    expect(order(ok(deleteQuestion(sample(), { name: "pets" })))).toEqual(["p1:colour", "p2:member,why"]);
  });

  it("refuses to delete a question a condition refers to, and says which", () => {
    expect(errorOf(deleteQuestion(sample(), { name: "colour" }))).toEqual({ code: "question_referenced", question: "colour", references: ["why"] });
  });

  it("removes the conditions that refer to it when asked, and survey-level triggers with them", () => {
    const definition = { ...sample(), triggers: [{ type: "complete", expression: "{colour} = 'blue'" }, { type: "complete", expression: "{member} = false" }] };
    expect(referencesTo(definition, "colour")).toEqual(["survey", "why"]);
    const result = ok(deleteQuestion(definition, { name: "colour", removeConditions: true }));
    expect(findQuestion(result, "why")).not.toHaveProperty("visibleIf");
    expect(result.triggers).toEqual([{ type: "complete", expression: "{member} = false" }]);
  });

  it("does not take a longer name for the one deleted", () => {
    const definition = sample();
    raw(definition, "why").visibleIf = "{colours} = 'red'";
    expect(referencesTo(definition, "colour")).toEqual([]);
  });
});

describe("conditions", () => {
  // Each case: the answer chosen in the form, the expression written, and an answer that shows the question.
  it.each([
    ["a single choice", "colour", "blue", "{colour} = 'blue'", { colour: "blue" }, { colour: "red" }],
    ["a multiple choice", "pets", "dog", "{pets} contains 'dog'", { pets: ["cat", "dog"] }, { pets: ["cat"] }],
    ["a yes/no question", "member", "true", "{member} = true", { member: true }, { member: false }],
    ["a yes/no question answered no", "member", "false", "{member} = false", { member: false }, { member: true }],
  ])("turns \"show when %s has an answer\" into an expression survey-core evaluates", (_, question, value, expression, shows, hides) => {
    const definition = ok(addQuestion(sample(), { pageName: "p2", type: "text", name: "follow" }));
    const conditioned = ok(setCondition(definition, { name: "follow", condition: { kind: "answer", question, value } }));
    expect(findQuestion(conditioned, "follow")?.visibleIf).toBe(expression);
    expect(readCondition(expression)).toEqual({ kind: "answer", question, value });
    const model = createModel(conditioned);
    model.data = shows;
    expect(model.getQuestionByName("follow").isVisible).toBe(true);
    model.data = hides;
    expect(model.getQuestionByName("follow").isVisible).toBe(false);
  });

  it("compares a rating with a bare number", () => {
    const definition = ok(addQuestion(sample(), { pageName: "p1", type: "rating", name: "score" }));
    expect(answerExpression(definition, { question: "score", value: "4" })).toEqual({ ok: true, expression: "{score} = 4" });
  });

  it("keeps any other SurveyJS expression as it is written", () => {
    const conditioned = ok(setCondition(sample(), { name: "pets", condition: { kind: "expression", expression: " {colour} anyof ['red', 'blue'] " } }));
    expect(findQuestion(conditioned, "pets")?.visibleIf).toBe("{colour} anyof ['red', 'blue']");
    expect(readCondition("{colour} anyof ['red', 'blue']")).toEqual({ kind: "expression", expression: "{colour} anyof ['red', 'blue']" });
  });

  it("removes the condition", () => {
    expect(findQuestion(ok(setCondition(sample(), { name: "why", condition: { kind: "none" } })), "why")).not.toHaveProperty("visibleIf");
  });

  it.each([
    ["an answer the question does not offer", { kind: "answer", question: "colour", value: "pink" }, "condition_value_unknown"],
    ["a question that does not exist", { kind: "answer", question: "nope", value: "x" }, "condition_source_not_found"],
    ["a free-text question as the source", { kind: "answer", question: "why", value: "x" }, "condition_source_unsupported"],
    ["the question itself", { kind: "answer", question: "pets", value: "cat" }, "condition_self"],
    ["an expression on the question itself", { kind: "expression", expression: "{Pets} notempty" }, "condition_self"],
    ["an expression naming an unknown question", { kind: "expression", expression: "{colour} = 'red' or {size} > 2" }, "unknown_reference"],
    ["an empty expression", { kind: "expression", expression: "  " }, "invalid_expression"],
  ] as const)("refuses %s", (_, condition, code) => {
    expect(errorOf(setCondition(sample(), { name: "pets", condition }))?.code).toBe(code);
  });

  it("names the unknown questions of an expression", () => {
    expect(errorOf(setCondition(sample(), { name: "pets", condition: { kind: "expression", expression: "{size} > 2" } }))?.references).toEqual(["size"]);
  });
});

describe("editItems", () => {
  it.each([
    ["moves an item up", { action: "up", index: 1 }, ["b", "a", "c"]],
    ["moves an item down", { action: "down", index: 1 }, ["a", "c", "b"]],
    ["deletes an item", { action: "delete", index: 0 }, ["b", "c"]],
    ["leaves the first item where it is when moved up", { action: "up", index: 0 }, ["a", "b", "c"]],
    ["ignores an index outside the list", { action: "delete", index: 9 }, ["a", "b", "c"]],
  ] as const)("%s", (_, action, expected) => {
    expect(editItems(["a", "b", "c"], action)).toEqual(expected);
  });
});

it("makes a choice value from the French text", () => {
  expect(valueFromText("Très souvent, l'été !")).toBe("tres-souvent-l-ete");
});
