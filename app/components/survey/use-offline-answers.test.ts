import { describe, expect, it } from "vitest";
import { parsePageForm } from "~/responses/form-data";
import type { PageQuestion } from "~/responses/page-model.server";
import { fieldsFor, mergeAnswers, storageKey } from "./use-offline-answers";

const base = { required: false, readOnly: false, visible: true, errors: [] };
const choices = (...values: string[]) => values.map((value) => ({ value, text: value }));

const QUESTIONS: PageQuestion[] = [
  { ...base, name: "frequency", title: "How often?", type: "radiogroup", choices: choices("weekly", "monthly"), other: { value: "other", text: "Other", comment: "" } },
  { ...base, name: "themes", title: "Themes", type: "checkbox", choices: choices("a", "b", "c"), value: [] },
  { ...base, name: "antenna", title: "Antenna", type: "dropdown", choices: choices("bru", "gen") },
  { ...base, name: "interest", title: "Interest", type: "rating", choices: [1, 2, 3].map((value) => ({ value, text: String(value) })) },
  { ...base, name: "formats", title: "Formats", type: "ranking", choices: choices("x", "y", "z"), value: [] },
  { ...base, name: "places", title: "Places", type: "matrix", rows: choices("kop", "online"), columns: choices("yes", "no"), eachRowRequired: false, value: {} },
  { ...base, name: "mornings", title: "Mornings?", type: "boolean", labelTrue: "Yes", labelFalse: "No", valueTrue: true, valueFalse: false },
  { ...base, name: "age", title: "Age", type: "text", inputType: "number" },
  { ...base, name: "why", title: "Why?", type: "comment" },
];

/** The form a browser would submit for these answers, read back as the server reads it. */
const roundTrip = (answers: Record<string, unknown>) => {
  const entries = QUESTIONS.flatMap((question) => Object.entries(fieldsFor(question, answers)).flatMap(([name, values]) => values.map((value) => [name, value] as const)));
  return parsePageForm(entries, QUESTIONS).answers;
};

describe("answers kept on the phone", () => {
  it("are keyed by survey and response", () => {
    expect(storageKey({ slug: "reseau", responseId: "r-1" })).toBe("maillage:answers:reseau:r-1");
  });

  it("merge a page's answers over the earlier pages' and drop the ones emptied", () => {
    const merged = mergeAnswers({ antenna: "bru", themes: ["a"], why: "old" }, { answers: { themes: ["b"], age: 40 }, cleared: ["why"] });
    expect(merged).toEqual({ antenna: "bru", themes: ["b"], age: 40 });
  });

  it.each([
    ["every type answered", { frequency: "other", "frequency-Comment": "twice a year", themes: ["a", "c"], antenna: "gen", interest: 3, formats: ["z", "x", "y"], places: { kop: "yes", online: "no" }, mornings: false, age: 42, why: "To meet people" }],
    ["a few answered", { frequency: "weekly", mornings: true }],
    ["nothing answered", {}],
  ])("go back into the form exactly as they were: %s", (_, answers) => {
    expect(roundTrip(answers)).toEqual(answers);
  });
});
