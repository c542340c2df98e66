import { describe, expect, it } from "vitest";
import { buildPageModel, type PageQuestion } from "./page-model.server";

const t = (fr: string, nl: string, en: string) => ({ default: fr, nl, en });

// Every question type the designer offers, a page shown only to some members
// and conditions within a page.
const DEFINITION = {
  title: t("Faire réseau", "Netwerken", "Networking"),
  description: t("Vos envies de rencontres", "Hoe wil je anderen ontmoeten", "How you would like to meet"),
  pages: [
    {
      name: "profile",
      title: t("Vous", "Jij", "You"),
      elements: [
        {
          type: "radiogroup",
          name: "frequency",
          title: t("À quel rythme ?", "Hoe vaak?", "How often?"),
          description: t("Une seule réponse", "Eén antwoord", "One answer"),
          isRequired: true,
          choices: [
            { value: "weekly", text: t("Chaque semaine", "Elke week", "Every week") },
            { value: "monthly", text: t("Chaque mois", "Elke maand", "Every month") },
          ],
          showOtherItem: true,
        },
        {
          type: "comment",
          name: "weeklyWhy",
          title: t("Pourquoi chaque semaine ?", "Waarom elke week?", "Why every week?"),
          visibleIf: "{frequency} = 'weekly'",
          maxLength: 500,
        },
        {
          type: "checkbox",
          name: "themes",
          title: t("Thèmes", "Thema's", "Themes"),
          choices: [
            { value: "fair-pricing", text: t("Juste prix", "Eerlijke prijs", "Fair price") },
            { value: "digital-tools", text: t("Outils numériques", "Digitale tools", "Digital tools") },
          ],
          showNoneItem: true,
          maxSelectedChoices: 2,
        },
        { type: "dropdown", name: "antenna", title: t("Antenne", "Antenne", "Antenna"), choices: ["bru", "gen"] },
        { type: "tagbox", name: "sectors", title: t("Secteurs", "Sectoren", "Sectors"), choices: ["music", "it"] },
      ],
    },
    {
      name: "weekly",
      visibleIf: "{frequency} = 'weekly'",
      elements: [{ type: "boolean", name: "mornings", title: t("Le matin ?", "'s Ochtends?", "Mornings?"), labelTrue: t("Oui", "Ja", "Yes"), labelFalse: t("Non", "Nee", "No") }],
    },
    {
      name: "details",
      elements: [
        { type: "rating", name: "interest", title: t("Intérêt", "Interesse", "Interest"), rateMin: 1, rateMax: 5, minRateDescription: t("Peu", "Weinig", "Little"), maxRateDescription: t("Beaucoup", "Veel", "A lot") },
        { type: "ranking", name: "formats", title: t("Formats", "Formats", "Formats"), choices: ["afterwork", "breakfast", "picnic"] },
        {
          type: "matrix",
          name: "places",
          title: t("Lieux", "Plekken", "Places"),
          columns: [{ value: "yes", text: t("Oui", "Ja", "Yes") }, { value: "no", text: t("Non", "Nee", "No") }],
          rows: [{ value: "kop", text: t("La KOP", "De KOP", "The KOP") }, { value: "online", text: t("En ligne", "Online", "Online") }],
        },
        { type: "text", name: "age", title: t("Âge", "Leeftijd", "Age"), inputType: "number", min: 16, max: 99 },
        { type: "text", name: "email", title: t("Courriel", "E-mail", "Email"), inputType: "email", validators: [{ type: "email" }], enableIf: "{interest} > 2" },
      ],
    },
  ],
};

const question = (questions: PageQuestion[], name: string): PageQuestion => {
  const found = questions.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no question ${name}`);
  return found;
};

describe("the page model", () => {
  it("gives the survey's and the questions' texts in the member's language, French being SurveyJS's default", () => {
    const titles = (["fr", "nl", "en"] as const).map((locale) => {
      const model = buildPageModel({ definition: DEFINITION, locale, answers: {}, pageIndex: 0 });
      const frequency = question(model.questions, "frequency");
      return [model.title, model.page.title, frequency.title, frequency.type === "radiogroup" ? frequency.choices[0]?.text : null];
    });
    expect(titles).toEqual([
      ["Faire réseau", "Vous", "À quel rythme ?", "Chaque semaine"],
      ["Netwerken", "Jij", "Hoe vaak?", "Elke week"],
      ["Networking", "You", "How often?", "Every week"],
    ]);
  });

  it("words survey-core's own items in the member's language", () => {
    const other = (locale: "fr" | "nl" | "en") => {
      const frequency = question(buildPageModel({ definition: DEFINITION, locale, answers: {}, pageIndex: 0 }).questions, "frequency");
      return frequency.type === "radiogroup" ? frequency.other?.text : undefined;
    };
    expect([other("fr"), other("nl"), other("en")]).toEqual(["Autre (préciser)", "Anders, nl.", "Other (describe)"]);
  });

  it("reports required answers and validators in French, Dutch and English", () => {
    const messages = (["fr", "nl", "en"] as const).map((locale) => {
      const model = buildPageModel({ definition: DEFINITION, locale, answers: { email: "nope", interest: 4 }, pageIndex: 2 });
      const first = buildPageModel({ definition: DEFINITION, locale, answers: {}, pageIndex: 0 });
      return [first.pageErrors.frequency?.[0], model.pageErrors.email?.[0]];
    });
    expect(messages[0]?.[0]).toMatch(/réponse|requis|obligatoire/i);
    expect(messages[0]?.[1]).toMatch(/adresse/i);
    expect(messages[1]?.[0]).toMatch(/antwoord|verplicht|vereist/i);
    expect(messages[1]?.[1]).toMatch(/e-mailadres/i);
    expect(messages[2]?.[0]).toMatch(/response required/i);
    expect(messages[2]?.[1]).toMatch(/e-mail address/i);
  });

  it("shows survey-core's errors and the answer checker's next to their question only when asked", () => {
    const quiet = buildPageModel({ definition: DEFINITION, locale: "en", answers: {}, pageIndex: 0, errors: { antenna: ["Not one of the choices"] } });
    expect(question(quiet.questions, "frequency").errors).toEqual([]);
    expect(question(quiet.questions, "antenna").errors).toEqual(["Not one of the choices"]);
    const checked = buildPageModel({ definition: DEFINITION, locale: "en", answers: {}, pageIndex: 0, showValidation: true });
    expect(question(checked.questions, "frequency").errors).toEqual(checked.pageErrors.frequency);
    expect(checked.pageErrors.frequency?.length).toBe(1);
  });

  it("asks for the text of 'other' when it is chosen without one", () => {
    const model = buildPageModel({ definition: DEFINITION, locale: "fr", answers: { frequency: "other" }, pageIndex: 0 });
    expect(model.pageErrors.frequency?.[0]).toMatch(/Autre/);
    const written = buildPageModel({ definition: DEFINITION, locale: "fr", answers: { frequency: "other", "frequency-Comment": "Tous les jours" }, pageIndex: 0 });
    expect(written.pageErrors.frequency).toBeUndefined();
    const frequency = question(written.questions, "frequency");
    expect(frequency.type === "radiogroup" && frequency.other).toMatchObject({ value: "other", comment: "Tous les jours" });
  });

  it("keeps a question whose condition reads this page, hidden, with its rule for the browser", () => {
    const before = buildPageModel({ definition: DEFINITION, locale: "fr", answers: {}, pageIndex: 0 });
    expect(question(before.questions, "weeklyWhy").visible).toBe(false);
    expect(before.rules).toEqual([{ question: "weeklyWhy", visibleIf: "{frequency} = 'weekly'" }]);
    const after = buildPageModel({ definition: DEFINITION, locale: "fr", answers: { frequency: "weekly" }, pageIndex: 0 });
    expect(question(after.questions, "weeklyWhy").visible).toBe(true);
  });

  it("skips a page hidden by the answers when counting and navigating", () => {
    const monthly = buildPageModel({ definition: DEFINITION, locale: "fr", answers: { frequency: "monthly" }, pageIndex: 0 });
    expect(monthly.pageCount).toBe(2);
    expect(monthly.page).toMatchObject({ index: 0, visibleIndex: 0, isFirst: true, isLast: false, previousIndex: null, nextIndex: 2 });
    const weekly = buildPageModel({ definition: DEFINITION, locale: "fr", answers: { frequency: "weekly" }, pageIndex: 0 });
    expect(weekly.pageCount).toBe(3);
    expect(weekly.page.nextIndex).toBe(1);
    const last = buildPageModel({ definition: DEFINITION, locale: "fr", answers: { frequency: "weekly" }, pageIndex: 2 });
    expect(last.page).toMatchObject({ index: 2, visibleIndex: 2, isFirst: false, isLast: true, previousIndex: 1, nextIndex: null });
  });

  it("moves to the next visible page when the wanted one is hidden", () => {
    const model = buildPageModel({ definition: DEFINITION, locale: "fr", answers: { frequency: "monthly" }, pageIndex: 1 });
    expect(model.page).toMatchObject({ index: 2, visibleIndex: 1, previousIndex: 0, isLast: true });
  });

  it("describes each question type with its choices, limits and current value", () => {
    const first = buildPageModel({
      definition: DEFINITION,
      locale: "en",
      answers: { themes: ["fair-pricing"], antenna: "gen", sectors: ["it"] },
      pageIndex: 0,
    });
    expect(question(first.questions, "themes")).toMatchObject({
      type: "checkbox",
      value: ["fair-pricing"],
      maxSelectedChoices: 2,
      choices: [{ value: "fair-pricing", text: "Fair price" }, { value: "digital-tools" }, { value: "none", text: "None", exclusive: true }],
    });
    expect(question(first.questions, "antenna")).toMatchObject({ type: "dropdown", value: "gen" });
    expect(question(first.questions, "sectors")).toMatchObject({ type: "checkbox", value: ["it"] });
    expect(question(first.questions, "weeklyWhy")).toMatchObject({ type: "comment", maxLength: 500 });

    const weekly = buildPageModel({ definition: DEFINITION, locale: "nl", answers: { frequency: "weekly", mornings: true }, pageIndex: 1 });
    expect(question(weekly.questions, "mornings")).toMatchObject({ type: "boolean", labelTrue: "Ja", labelFalse: "Nee", valueTrue: true, valueFalse: false, value: true });

    const details = buildPageModel({
      definition: DEFINITION,
      locale: "en",
      answers: { interest: 2, formats: ["picnic", "afterwork", "breakfast"], places: { kop: "yes" }, age: 40 },
      pageIndex: 2,
    });
    expect(question(details.questions, "interest")).toMatchObject({ type: "rating", value: 2, minDescription: "Little", maxDescription: "A lot" });
    const interest = question(details.questions, "interest");
    expect(interest.type === "rating" && interest.choices.map((choice) => choice.value)).toEqual([1, 2, 3, 4, 5]);
    expect(question(details.questions, "formats")).toMatchObject({ type: "ranking", value: ["picnic", "afterwork", "breakfast"] });
    expect(question(details.questions, "places")).toMatchObject({
      type: "matrix",
      rows: [{ value: "kop", text: "The KOP" }, { value: "online", text: "Online" }],
      columns: [{ value: "yes", text: "Yes" }, { value: "no", text: "No" }],
      value: { kop: "yes" },
    });
    expect(question(details.questions, "age")).toMatchObject({ type: "text", inputType: "number", min: 16, max: 99, value: 40 });
    expect(question(details.questions, "email")).toMatchObject({ type: "text", inputType: "email", readOnly: true });
  });

  it("is plain data that survives JSON, as a loader sends it", () => {
    const model = buildPageModel({ definition: DEFINITION, locale: "fr", answers: { formats: ["picnic"], places: { kop: "no" } }, pageIndex: 2 });
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it("passes the browser the answers from other pages that this page's rules read", () => {
    const definition = {
      pages: [
        { name: "a", elements: [{ type: "radiogroup", name: "antenna", choices: ["bru", "gen"] }] },
        {
          name: "b",
          elements: [
            { type: "boolean", name: "kop" },
            { type: "comment", name: "why", visibleIf: "{kop} = true and {antenna} = 'bru'" },
          ],
        },
      ],
    };
    const model = buildPageModel({ definition, locale: "fr", answers: { antenna: "bru" }, pageIndex: 1 });
    expect(model.ruleValues).toEqual({ antenna: "bru" });
  });
});

describe("the survey-core model each definition keeps", () => {
  it("gives every page the view a fresh model would, whatever pages and answers were built before", () => {
    const cases: { answers: Record<string, unknown>; pageIndex: number; showValidation?: boolean }[] = [
      { answers: {}, pageIndex: 0, showValidation: true },
      { answers: { frequency: "weekly", weeklyWhy: "Pour voir du monde" }, pageIndex: 0 },
      { answers: { frequency: "other", "frequency-Comment": "Chaque lundi" }, pageIndex: 1, showValidation: true },
      { answers: { frequency: "monthly" }, pageIndex: 2 },
      { answers: {}, pageIndex: 1 },
      { answers: { frequency: "weekly" }, pageIndex: 0, showValidation: true },
    ];
    for (const locale of ["fr", "nl", "en"] as const) {
      for (const { answers, pageIndex, showValidation } of [...cases, ...[...cases].reverse()]) {
        const shared = buildPageModel({ definition: DEFINITION, locale, answers, pageIndex, showValidation });
        const fresh = buildPageModel({ definition: structuredClone(DEFINITION), locale, answers, pageIndex, showValidation });
        expect(shared).toEqual(fresh);
      }
    }
  });
});

describe("a shared model given answer after answer", () => {
  it("draws each page as a fresh model would, on random sequences of answers to the template", async () => {
    const fc = (await import("fast-check")).default;
    const { networkingTemplate } = await import("~/surveys/template");
    const definition = networkingTemplate().definition as Record<string, unknown>;
    const some = (values: string[]) => fc.subarray(values, { maxLength: Math.min(3, values.length) });
    const answers = fc.record(
      {
        antenna: fc.constantFrom("bru", "lie", "nam"),
        sector: fc.constantFrom("design", "musique"),
        themes: some(["design", "musique", "fair-pricing", "other"]),
        "themes-Comment": fc.constantFrom("Des ateliers", "Un apéro"),
        formats: some(["afterwork", "working-breakfast"]),
        frequency: fc.constantFrom("weekly", "monthly"),
        suggestion: fc.constantFrom("Plus de rencontres", ""),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(answers, fc.integer({ min: 0, max: 4 }), fc.constantFrom("fr", "nl", "en" as const)), { minLength: 1, maxLength: 8 }), (steps) => {
        for (const [given, pageIndex, locale] of steps) {
          const shared = buildPageModel({ definition, locale, answers: given, pageIndex, showValidation: true });
          const fresh = buildPageModel({ definition: structuredClone(definition), locale, answers: given, pageIndex, showValidation: true });
          expect(shared).toEqual(fresh);
        }
      }),
      // Each run builds up to 16 models of the whole template: 40 runs keep it well inside CI's time on a shared machine.
      { numRuns: 40 },
    );
  }, 120_000);
});

describe("checking a posted page", () => {
  it("agrees with survey-core on where the member goes and whether anything is wrong, with or without a model", async () => {
    const fc = (await import("fast-check")).default;
    const { checkPage } = await import("./page-model.server");
    const { networkingTemplate } = await import("~/surveys/template");
    for (const definition of [networkingTemplate().definition as Record<string, unknown>, DEFINITION]) {
      const answers = fc.record(
        {
          antenna: fc.constantFrom("bru", "lie"),
          sector: fc.constantFrom("design", ""),
          themes: fc.constantFrom(["design"], [], ["other"]),
          "themes-Comment": fc.constantFrom("Des ateliers", ""),
          frequency: fc.constantFrom("weekly", "monthly", "other"),
          "frequency-Comment": fc.constantFrom("Chaque lundi", ""),
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(answers, fc.integer({ min: 0, max: 4 }), (given, pageIndex) => {
          const check = checkPage({ definition, locale: "fr", answers: given, pageIndex });
          const model = buildPageModel({ definition, locale: "fr", answers: given, pageIndex, showValidation: true });
          expect([check.index, check.previousIndex, check.nextIndex]).toEqual([model.page.index, model.page.previousIndex, model.page.nextIndex]);
          expect(Object.keys(check.pageErrors).sort()).toEqual(Object.keys(model.pageErrors).sort());
          expect(check.visible).toEqual(model.questions.filter((question) => question.visible).map((question) => question.name));
        }),
        { numRuns: 150 },
      );
    }
  });
});
