import { describe, expect, it } from "vitest";
import { commentField, matrixField, parseIntent, parsePageForm, questionFields, rankField } from "./form-data";
import type { PageQuestion } from "./page-model.server";

const base = { title: "", required: false, readOnly: false, visible: true, errors: [] };
const choices = (...values: (string | number)[]) => values.map((value) => ({ value, text: String(value) }));

const QUESTIONS: PageQuestion[] = [
  { ...base, name: "frequency", type: "radiogroup", choices: choices("weekly", "monthly"), other: { value: "other", text: "Other", comment: "" } },
  { ...base, name: "antenna", type: "dropdown", choices: choices("bru", "gen") },
  { ...base, name: "themes", type: "checkbox", choices: [...choices("fair-pricing", "digital-tools"), { value: "none", text: "None", exclusive: true }], other: { value: "other", text: "Other", comment: "" }, value: [] },
  { ...base, name: "interest", type: "rating", choices: choices(1, 2, 3, 4, 5) },
  { ...base, name: "formats", type: "ranking", choices: choices("afterwork", "breakfast", "picnic"), value: [] },
  { ...base, name: "places", type: "matrix", rows: choices("kop", "online"), columns: choices("yes", "no"), eachRowRequired: false, value: {} },
  { ...base, name: "mornings", type: "boolean", labelTrue: "Yes", labelFalse: "No", valueTrue: true, valueFalse: false },
  { ...base, name: "age", type: "text", inputType: "number" },
  { ...base, name: "email", type: "text", inputType: "email" },
  { ...base, name: "suggestion", type: "comment" },
];

const form = (entries: [string, string][]): FormData => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};

describe("reading a submitted survey page", () => {
  it("turns every field into the SurveyJS answer value of its question", () => {
    const { answers, cleared } = parsePageForm(
      form([
        ["frequency", "other"],
        [commentField("frequency"), "  Every other day "],
        ["antenna", "gen"],
        ["themes", "fair-pricing"],
        ["themes", "digital-tools"],
        ["interest", "4"],
        [rankField("formats", "picnic"), "1"],
        [rankField("formats", "afterwork"), "3"],
        [rankField("formats", "breakfast"), "2"],
        [matrixField("places", "kop"), "yes"],
        [matrixField("places", "online"), "no"],
        ["mornings", "false"],
        ["age", "42"],
        ["email", " member@example.be "],
        ["suggestion", "Un pique-nique"],
        ["intent", "next"],
      ]),
      QUESTIONS,
    );
    expect(answers).toEqual({
      frequency: "other",
      "frequency-Comment": "Every other day",
      antenna: "gen",
      themes: ["fair-pricing", "digital-tools"],
      interest: 4,
      formats: ["picnic", "breakfast", "afterwork"],
      places: { kop: "yes", online: "no" },
      mornings: false,
      age: 42,
      email: "member@example.be",
      suggestion: "Un pique-nique",
    });
    expect(cleared).toEqual(["themes-Comment"]);
  });

  it("lists the questions left empty, so that earlier answers are removed", () => {
    const { answers, cleared } = parsePageForm(form([["frequency", ""], ["age", "  "]]), QUESTIONS);
    expect(answers).toEqual({});
    expect(cleared).toEqual([
      "frequency",
      "frequency-Comment",
      "antenna",
      "themes",
      "themes-Comment",
      "interest",
      "formats",
      "places",
      "mornings",
      "age",
      "email",
      "suggestion",
    ]);
  });

  it("drops the text of 'other' when 'other' is not chosen", () => {
    const { answers } = parsePageForm(form([["frequency", "weekly"], [commentField("frequency"), "leftover"]]), QUESTIONS);
    expect(answers).toEqual({ frequency: "weekly" });
  });

  it("keeps values outside the choices as text for the answer checker to refuse", () => {
    const { answers } = parsePageForm(form([["antenna", "paris"], ["interest", "11"], ["age", "forty"]]), QUESTIONS);
    expect(answers).toMatchObject({ antenna: "paris", interest: "11", age: "forty" });
  });

  it("reads a decimal comma in a number field", () => {
    expect(parsePageForm(form([["age", "4,5"]]), QUESTIONS).answers.age).toBe(4.5);
  });

  it("orders a partial ranking with the unranked items last, in the order shown", () => {
    const { answers } = parsePageForm(form([[rankField("formats", "picnic"), "1"]]), QUESTIONS);
    expect(answers.formats).toEqual(["picnic", "afterwork", "breakfast"]);
  });

  it("refuses two items given the same rank, which would read as an order nobody gave", () => {
    const parsed = parsePageForm(form([["formats.afterwork", "1"], ["formats.breakfast", "1"], ["formats.picnic", "2"]]), QUESTIONS);
    expect(parsed.problems).toEqual({ formats: "rank_duplicate" });
    expect(parsePageForm(form([["formats.afterwork", "2"], ["formats.breakfast", "1"]]), QUESTIONS).problems).toBeUndefined();
  });

  it("ignores read-only questions, whose disabled fields are never submitted", () => {
    const readOnly = QUESTIONS.map((question) => ({ ...question, readOnly: true }));
    expect(parsePageForm(form([["age", "3"]]), readOnly)).toEqual({ answers: {}, cleared: [] });
  });

  it("maps yes and no to the boolean question's own values", () => {
    const custom: PageQuestion = { ...base, name: "consent", type: "boolean", labelTrue: "Oui", labelFalse: "Non", valueTrue: "yes", valueFalse: "no", value: "yes" };
    expect(parsePageForm(form([["consent", "true"]]), [custom]).answers).toEqual({ consent: "yes" });
    expect(questionFields(custom)).toEqual({ consent: ["true"] });
  });

  it("gives back the form fields of each answer, and reading them returns the answers", () => {
    const answered: PageQuestion[] = [
      { ...base, name: "frequency", type: "radiogroup", choices: choices("weekly"), other: { value: "other", text: "Other", comment: "Daily" }, value: "other" },
      { ...base, name: "themes", type: "checkbox", choices: choices("a", "b"), value: ["a", "b"] },
      { ...base, name: "interest", type: "rating", choices: choices(1, 2, 3), value: 2 },
      { ...base, name: "formats", type: "ranking", choices: choices("x", "y", "z"), value: ["z", "x", "y"] },
      { ...base, name: "places", type: "matrix", rows: choices("kop"), columns: choices("yes", "no"), eachRowRequired: false, value: { kop: "no" } },
      { ...base, name: "mornings", type: "boolean", labelTrue: "Yes", labelFalse: "No", valueTrue: true, valueFalse: false, value: false },
      { ...base, name: "age", type: "text", inputType: "number", value: 40 },
    ];
    const fields = Object.assign({}, ...answered.map(questionFields)) as Record<string, string[]>;
    expect(fields).toEqual({
      frequency: ["other"],
      "frequency-Comment": ["Daily"],
      themes: ["a", "b"],
      interest: ["2"],
      "formats.z": ["1"],
      "formats.x": ["2"],
      "formats.y": ["3"],
      "places.kop": ["no"],
      mornings: ["false"],
      age: ["40"],
    });
    const entries = Object.entries(fields).flatMap(([name, values]) => values.map((value) => [name, value] as const));
    expect(parsePageForm(entries, answered).answers).toEqual({
      frequency: "other",
      "frequency-Comment": "Daily",
      themes: ["a", "b"],
      interest: 2,
      formats: ["z", "x", "y"],
      places: { kop: "no" },
      mornings: false,
      age: 40,
    });
  });

  it("tells which button was pressed, and takes Enter in a field for next", () => {
    expect(parseIntent(form([["intent", "later"]]))).toBe("later");
    expect(parseIntent(form([["intent", "previous"]]))).toBe("previous");
    expect(parseIntent(form([["intent", "bogus"]]))).toBe("next");
    expect(parseIntent(form([]))).toBe("next");
  });
});
