import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SHOWN_FIELD } from "~/responses/form-data";
import { buildOfflineSurvey, buildPageModel, type OfflineSurvey, type PageModel } from "~/responses/page-model.server";
import { networkingTemplate } from "~/surveys/template";
import { hiddenFieldsFor, missingAnswers, neighbourPage, offlinePageModel, shownOn, visiblePages, withErrors } from "./offline-pages";

const t = (en: string) => ({ default: `${en} (fr)`, nl: `${en} (nl)`, en });
const choices = (...values: (string | number)[]) => values.map((value) => ({ value, text: t(String(value)) }));

// Page and question conditions reading this page and others, enableIf and requiredIf.
const DEFINITION = {
  locale: "fr",
  pages: [
    {
      name: "profile",
      elements: [
        { type: "radiogroup", name: "member", title: t("Member?"), isRequired: true, choices: choices("yes", "no") },
        { type: "dropdown", name: "role", title: t("Role"), visibleIf: "{member} = 'yes'", choices: choices("a", "b", "c") },
      ],
    },
    {
      name: "since",
      visibleIf: "{member} = 'yes'",
      elements: [
        { type: "text", inputType: "number", name: "since", title: t("Since") },
        { type: "boolean", name: "mentor", title: t("Mentor?"), enableIf: "{since} < 2015" },
      ],
    },
    {
      name: "meet",
      elements: [
        { type: "checkbox", name: "formats", title: t("Formats"), choices: choices("afterwork", "breakfast", "walk") },
        { type: "comment", name: "walkWhere", title: t("Where?"), visibleIf: "{formats} contains 'walk'" },
        { type: "comment", name: "veteran", title: t("What changed?"), visibleIf: "{since} < 2015", requiredIf: "{mentor} = true" },
        { type: "rating", name: "rate", title: t("Rate"), visibleIf: "{role} = 'b' or {role} = 'c'", rateMin: 1, rateMax: 5 },
      ],
    },
    { name: "walk", visibleIf: "{formats} contains 'walk'", elements: [{ type: "text", name: "distance", title: t("How far?"), isRequired: true }] },
    { name: "end", elements: [{ type: "comment", name: "suggestion", title: t("Anything else?") }] },
  ],
};

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const answersArbitrary = fc
  .record({
    member: maybe(fc.constantFrom("yes", "no")),
    role: maybe(fc.constantFrom("a", "b", "c")),
    since: maybe(fc.constantFrom(2000, 2014, 2015, 2020)),
    mentor: maybe(fc.boolean()),
    formats: maybe(fc.subarray(["afterwork", "breakfast", "walk"], { minLength: 1 })),
    walkWhere: maybe(fc.constant("In the woods")),
    veteran: maybe(fc.constant("More antennas")),
    rate: maybe(fc.integer({ min: 1, max: 5 })),
    distance: maybe(fc.constant("5 km")),
  })
  .map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)));

/** What the member sees of a page: which page, where it sits, which questions in which state, and their rules. */
const seen = (model: PageModel) => ({
  page: model.page,
  pageCount: model.pageCount,
  title: model.title,
  questions: model.questions.map(({ errors: _errors, ...question }) => question),
  rules: model.rules,
  ruleValues: model.ruleValues,
});

const offlineOf = (definition: Record<string, unknown>, locale: "fr" | "nl" | "en" = "en"): OfflineSurvey => {
  const survey = buildOfflineSurvey({ definition, locale, answers: {} });
  if (!survey) throw new Error("no offline pages");
  return survey;
};

describe("pages drawn on the phone without the network", () => {
  it("are the pages survey-core draws, whatever the answers, in each language", () => {
    for (const locale of ["fr", "nl", "en"] as const) {
      const offline = offlineOf(DEFINITION, locale);
      fc.assert(
        fc.property(answersArbitrary, fc.integer({ min: 0, max: 4 }), (answers, wanted) => {
          const server = buildPageModel({ definition: DEFINITION, locale, answers, pageIndex: wanted });
          const first = buildPageModel({ definition: DEFINITION, locale, answers: {}, pageIndex: 0 });
          const phone = offlinePageModel(offline, first, answers, wanted);
          expect(phone && seen(phone)).toEqual(seen(server));
        }),
        { numRuns: 100 },
      );
    }
  });

  it("go forward and back through the pages survey-core shows", () => {
    const offline = offlineOf(DEFINITION);
    fc.assert(
      fc.property(answersArbitrary, fc.integer({ min: 0, max: 4 }), (answers, from) => {
        const server = buildPageModel({ definition: DEFINITION, locale: "en", answers, pageIndex: from });
        const at = server.page.index;
        expect(neighbourPage(offline, answers, at, "next")).toBe(server.page.nextIndex);
        expect(neighbourPage(offline, answers, at, "previous")).toBe(server.page.previousIndex);
      }),
      { numRuns: 150 },
    );
  });

  it("stop at the answers survey-core requires, with its words", () => {
    const offline = offlineOf(DEFINITION);
    fc.assert(
      fc.property(answersArbitrary, fc.integer({ min: 0, max: 4 }), (answers, wanted) => {
        const server = buildPageModel({ definition: DEFINITION, locale: "en", answers, pageIndex: wanted, showValidation: true });
        const missing = missingAnswers(offline, server, answers);
        const required = Object.fromEntries(Object.entries(server.pageErrors).filter(([, texts]) => texts.includes("Response required.")));
        expect(missing).toEqual(required);
      }),
      { numRuns: 150 },
    );
  });

  it("show the errors next to their questions", () => {
    const offline = offlineOf(DEFINITION);
    const model = offlinePageModel(offline, buildPageModel({ definition: DEFINITION, locale: "en", answers: {}, pageIndex: 0 }), {}, 0)!;
    const shown = withErrors(model, missingAnswers(offline, model, {}));
    expect(shown.questions.find((question) => question.name === "member")?.errors).toEqual(["Response required."]);
    expect(shown.questions.find((question) => question.name === "role")?.errors).toEqual([]);
  });

  it("cover the template, every page", () => {
    const { definition } = networkingTemplate({ antennas: ["lie"] });
    const offline = offlineOf(definition as Record<string, unknown>);
    const first = buildPageModel({ definition: definition as Record<string, unknown>, locale: "en", answers: {}, pageIndex: 0 });
    expect(visiblePages(offline, {})).toEqual([0, 1, 2, 3, 4]);
    for (const index of [0, 1, 2, 3, 4]) {
      const server = buildPageModel({ definition: definition as Record<string, unknown>, locale: "en", answers: { antenna: "lie", themes: ["design"] }, pageIndex: index });
      expect(seen(offlinePageModel(offline, first, { antenna: "lie", themes: ["design"] }, index)!)).toEqual(seen(server));
    }
  });

  it("are left to the server when the phone cannot follow", () => {
    const page = (elements: unknown[], extra: Record<string, unknown> = {}) => ({ locale: "fr", pages: [{ name: "a", elements: [{ type: "text", name: "q1", title: t("Q1") }] }, { name: "b", elements, ...extra }] });
    const first = (definition: Record<string, unknown>) => buildPageModel({ definition, locale: "en", answers: {}, pageIndex: 0 });
    const drawn = (definition: Record<string, unknown>) => offlinePageModel(offlineOf(definition), first(definition), { q1: "x" }, 1);
    // A title that quotes an answer, choices filtered by one, a function the evaluator does not know, a panel's condition.
    expect(drawn(page([{ type: "text", name: "q2", title: t("Hello {q1}") }]))).toBeNull();
    expect(drawn(page([{ type: "checkbox", name: "q2", title: t("Q2"), choices: choices("x", "y"), choicesVisibleIf: "{item} != {q1}" }]))).toBeNull();
    expect(drawn(page([{ type: "text", name: "q2", title: t("Q2"), visibleIf: "age({q1}) > 18" }]))).toBeNull();
    expect(drawn(page([{ type: "panel", name: "p", visibleIf: "{q1} = 'x'", elements: [{ type: "text", name: "q2", title: t("Q2") }] }]))).toBeNull();
    expect(drawn(page([{ type: "text", name: "q2", title: t("Q2") }], { visibleIf: "age({q1}) > 18" }))).toBeNull();
    // What the phone can follow it draws; validators stay the server's.
    expect(drawn(page([{ type: "text", name: "q2", title: t("Q2"), visibleIf: "{q1} = 'x'", validators: [{ type: "expression", expression: "{q2} != {q1}" }] }]))?.page.name).toBe("b");
    // Triggers and calculated values change answers: no page is drawn offline.
    expect(buildOfflineSurvey({ definition: { ...page([]), triggers: [{ type: "complete", expression: "{q1} = 'x'" }] }, locale: "en", answers: {} })).toBeUndefined();
    expect(buildOfflineSurvey({ definition: { ...page([]), calculatedValues: [{ name: "v", expression: "{q1}" }] }, locale: "en", answers: {} })).toBeUndefined();
  });

  it("carry the route's hidden fields of the page they show", () => {
    const offline = offlineOf(DEFINITION);
    const first = buildPageModel({ definition: DEFINITION, locale: "en", answers: {}, pageIndex: 0 });
    const meet = offlinePageModel(offline, first, { formats: ["walk"] }, 2)!;
    expect(hiddenFieldsFor({ page: "0", responseId: "r-1", [SHOWN_FIELD]: "member" }, meet)).toEqual({ page: "2", responseId: "r-1", [SHOWN_FIELD]: "formats,walkWhere" });
    expect(hiddenFieldsFor({ responseId: "r-1" }, meet)).toEqual({ responseId: "r-1" });
  });

  it("name the questions a page left offline showed, and none of a page the answers now hide", () => {
    const offline = offlineOf(DEFINITION);
    const first = buildPageModel({ definition: DEFINITION, locale: "en", answers: {}, pageIndex: 0 });
    expect(shownOn(offline, first, { member: "yes", since: 2000, formats: ["walk"] }, 2)).toEqual(["formats", "walkWhere", "veteran"]);
    expect(shownOn(offline, first, { member: "no" }, 1)).toBeNull();
    // A page the phone cannot draw: the questions it has answers for.
    const quoting = { locale: "fr", pages: [{ name: "a", elements: [{ type: "text", name: "q1", title: t("Q1") }] }, { name: "b", elements: [{ type: "text", name: "q2", title: t("Hello {q1}") }, { type: "text", name: "q3", title: t("Q3") }] }] };
    expect(shownOn(offlineOf(quoting), first, { q1: "x", q2: "y" }, 1)).toEqual(["q2"]);
  });
});
