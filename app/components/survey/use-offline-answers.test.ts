import { afterEach, describe, expect, it } from "vitest";
import { parsePageForm, SHOWN_FIELD } from "~/responses/form-data";
import { buildOfflineSurvey, buildPageModel, type OfflineSurvey, type PageQuestion } from "~/responses/page-model.server";
import { networkingTemplate } from "~/surveys/template";
import { shownOn } from "./offline-pages";
import { fieldsFor, type KeptAnswers, keptPageBody, mergeAnswers, readKept, startingAnswers, storageKey } from "./use-offline-answers";

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

describe("the phone's copy against the page the server drew", () => {
  const offline: OfflineSurvey = { pages: [], answers: { antenna: "bru", themes: ["a"] }, renderedAt: 1_000 };
  const kept = (extra: Partial<KeptAnswers>): KeptAnswers => ({ page: 1, answers: { antenna: "gen" }, pending: false, ...extra });

  it("without the pages, puts back only answers not yet sent", () => {
    expect(startingAnswers(kept({ pending: true }), undefined)).toEqual({ answers: { antenna: "gen" }, restore: true, older: false });
    expect(startingAnswers(kept({}), undefined)).toEqual({ answers: { antenna: "gen" }, restore: false, older: false });
  });

  it("takes the server's answers from a page drawn after the copy", () => {
    expect(startingAnswers(kept({ asOf: 900 }), offline)).toEqual({ answers: offline.answers, restore: false, older: false });
    expect(startingAnswers(null, offline)).toEqual({ answers: offline.answers, restore: false, older: false });
  });

  it("puts answers not yet sent over the server's", () => {
    expect(startingAnswers(kept({ asOf: 900, pending: true }), offline)).toEqual({ answers: { antenna: "gen", themes: ["a"] }, restore: true, older: false });
  });

  it("keeps its own answers over a page drawn before them (the worker's copy), sent or not", () => {
    expect(startingAnswers(kept({ asOf: 1_500 }), offline)).toEqual({ answers: { antenna: "gen" }, restore: true, older: true });
  });
});

describe("pages left offline, sent once back online", () => {
  const { definition } = networkingTemplate({ antennas: ["lie"] });
  const survey = buildOfflineSurvey({ definition: definition as Record<string, unknown>, locale: "en", answers: {} })!;
  const answers = { antenna: "lie", sector: "design", themes: ["design", "fair-pricing"], formats: ["working-breakfast"], frequency: "weekly", suggestion: "A breakfast" };

  it("carry the page, the questions seen on it and exactly the answers the phone has", () => {
    const current = buildPageModel({ definition: definition as Record<string, unknown>, locale: "en", answers: {}, pageIndex: 4 });
    const live: [string, string][] = [["responseId", "r-1"], ["page", "4"], ["consent", "on"], ["suggestion", "typed here"], [SHOWN_FIELD, "offers,needs,suggestion"]];
    for (const index of [0, 1, 2, 3]) {
      const shown = shownOn(survey, current, answers, index)!;
      const body = keptPageBody(live, current.questions, survey, answers, { index, shown });
      expect(body.get("page")).toBe(String(index));
      expect(body.get("intent")).toBe("autosave");
      expect(body.get("responseId")).toBe("r-1");
      expect(body.get("consent")).toBe("on");
      // The shown page's own fields come from the phone's copy, not from the form on screen.
      expect(body.getAll("suggestion")).toEqual(["A breakfast"]);
      // As the server reads an autosave: the questions of that page the member saw.
      const { questions } = buildPageModel({ definition: definition as Record<string, unknown>, locale: "en", answers, pageIndex: index });
      expect(body.get(SHOWN_FIELD)).toBe(questions.map((question) => question.name).join(","));
      const onPage = Object.fromEntries(Object.entries(answers).filter(([name]) => questions.some((question) => question.name === name)));
      expect(parsePageForm(body, questions.filter((question) => shown.includes(question.name))).answers).toEqual(onPage);
    }
  });
});

describe("the copy read back from storage", () => {
  const store = new Map<string, string>();
  globalThis.localStorage = { getItem: (key: string) => store.get(key) ?? null } as Storage;
  afterEach(() => store.clear());

  it("keeps the pages left offline and when it was last the newest", () => {
    store.set("k", JSON.stringify({ page: 2, answers: { a: 1 }, pending: true, unsent: [0, "x", 1], asOf: 42 }));
    expect(readKept("k")).toEqual({ page: 2, answers: { a: 1 }, pending: true, unsent: [0, 1], asOf: 42 });
  });

  it("reads an older copy, and nothing from junk", () => {
    store.set("old", JSON.stringify({ page: 0, answers: {}, pending: false }));
    store.set("junk", "{not json");
    expect(readKept("old")).toEqual({ page: 0, answers: {}, pending: false });
    expect(readKept("junk")).toBeNull();
  });
});
