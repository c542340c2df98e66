import { describe, expect, it } from "vitest";
import { networkingTemplate } from "~/surveys/template";
import { checkAnswers } from "./answers.server";

const t = (fr: string) => ({ default: fr, nl: fr, en: fr });
const definition = {
  pages: [
    {
      name: "p1",
      elements: [
        { type: "radiogroup", name: "color", title: t("Couleur"), isRequired: true, showOtherItem: true, choices: ["red", "blue"] },
        { type: "checkbox", name: "tags", title: t("Tags"), choices: ["a", "b", "c", "d"], maxSelectedChoices: 2, showNoneItem: true },
        { type: "rating", name: "score", title: t("Note"), rateMin: 1, rateMax: 5 },
        { type: "ranking", name: "order", title: t("Ordre"), choices: ["x", "y", "z"] },
        { type: "matrix", name: "grid", title: t("Grille"), rows: ["r1", "r2"], columns: ["c1", "c2"] },
        { type: "boolean", name: "agree", title: t("D'accord") },
        { type: "text", name: "age", title: t("Âge"), inputType: "number", min: 16, max: 99 },
        { type: "text", name: "city", title: t("Ville"), maxLength: 20 },
        { type: "comment", name: "notes", title: t("Notes") },
        { type: "text", name: "why", title: t("Pourquoi bleu ?"), visibleIf: "{color} = 'blue'", isRequired: true },
      ],
    },
  ],
};
const check = (answers: Record<string, unknown>, complete = false) => checkAnswers({ definition, answers, complete });

describe("the answer checker", () => {
  it("accepts well-formed answers of every type and drops empty ones", () => {
    const result = check({
      color: "red",
      tags: ["a", "c"],
      score: 4,
      order: ["z", "x", "y"],
      grid: { r1: "c2", r2: "c1" },
      agree: true,
      age: 42,
      city: "Liège",
      notes: "",
    });
    expect(result).toEqual({
      ok: true,
      answers: { color: "red", tags: ["a", "c"], score: 4, order: ["z", "x", "y"], grid: { r1: "c2", r2: "c1" }, agree: true, age: 42, city: "Liège" },
    });
  });

  it.each([
    ["an unknown question", { hacker: "x" }, "hacker", "unknown_question"],
    ["a prototype key", JSON.parse('{"__proto__": {"polluted": 1}}'), "__proto__", "unknown_question"],
    ["a value outside the choices", { color: "green" }, "color", "not_a_choice"],
    ["an object for a single choice", { color: { value: "red" } }, "color", "invalid_answer"],
    ["a string for a multiple choice", { tags: "a" }, "tags", "invalid_answer"],
    ["a repeated option", { tags: ["a", "a"] }, "tags", "invalid_answer"],
    ["too many options", { tags: ["a", "b", "c"] }, "tags", "too_many_choices"],
    ["'none' with another option", { tags: ["none", "a"] }, "tags", "invalid_answer"],
    ["a rating off the scale", { score: 6 }, "score", "not_a_choice"],
    ["a ranking with an unknown item", { order: ["x", "w"] }, "order", "not_a_choice"],
    ["a matrix with an unknown row", { grid: { r9: "c1" } }, "grid", "not_a_choice"],
    ["a matrix with an unknown column", { grid: { r1: "c9" } }, "grid", "not_a_choice"],
    ["a yes/no that is neither", { agree: "maybe" }, "agree", "invalid_answer"],
    ["a number below its minimum", { age: 3 }, "age", "out_of_range"],
    ["a number that is not one", { age: "old" }, "age", "invalid_answer"],
    ["a text over its length", { city: "x".repeat(21) }, "city", "too_long"],
    ["a long text over the limit", { notes: "x".repeat(5001) }, "notes", "too_long"],
    ["an 'other' text without 'other'", { "tags-Comment": "x" }, "tags-Comment", "unknown_question"],
    ["a NUL character in a text", { city: "Li\u0000ge" }, "city", "invalid_answer"],
    ["an 'other' text too long", { color: "other", "color-Comment": "x".repeat(501) }, "color-Comment", "too_long"],
  ])("refuses %s", (_name, answers, field, problem) => {
    const result = check(answers as Record<string, unknown>);
    expect(result.ok).toBe(false);
    expect(result.ok ? {} : result.fields).toMatchObject({ [field]: problem });
  });

  it("on completion requires the visible required questions, not the hidden ones", () => {
    expect(check({}, true)).toEqual({ ok: false, fields: { color: "required" } });
    expect(check({ color: "red" }, true)).toEqual({ ok: true, answers: { color: "red" } });
    expect(check({ color: "blue" }, true)).toEqual({ ok: false, fields: { why: "required" } });
    // A hidden question's answer is dropped on completion, as SurveyJS does.
    expect(check({ color: "red", why: "left over" }, true)).toEqual({ ok: true, answers: { color: "red" } });
  });

  it("asks for the 'other' text on completion and keeps it", () => {
    expect(check({ color: "other" }, true)).toEqual({ ok: false, fields: { "color-Comment": "required" } });
    expect(check({ color: "other", "color-Comment": "violet" }, true)).toEqual({ ok: true, answers: { color: "other", "color-Comment": "violet" } });
  });

  it("accepts a complete answer to the networking template", () => {
    const { definition: template } = networkingTemplate({ antennas: ["lie"] });
    const answers = { antenna: "lie", sector: "design", themes: ["design", "fair-pricing"], formats: ["afterwork"], slots: ["mon-morning"], frequency: "monthly" };
    const result = checkAnswers({ definition: template, answers, complete: true });
    expect(result).toMatchObject({ ok: true });
  });
});
