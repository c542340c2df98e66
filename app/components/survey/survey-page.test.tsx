import { createInstance } from "i18next";
import type { ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import en from "~/i18n/locales/en/member.json";
import fr from "~/i18n/locales/fr/member.json";
import nl from "~/i18n/locales/nl/member.json";
import type { PageModel, PageQuestion } from "~/responses/page-model.server";
import { SurveyPage } from "./survey-page";
import { ruleDecisions } from "./use-conditional-display";

function withTexts(locale: "fr" | "nl" | "en", children: ReactNode): string {
  const i18n = createInstance();
  void i18n.init({
    lng: locale,
    resources: { fr: { member: fr }, nl: { member: nl }, en: { member: en } },
    ns: ["member"],
    defaultNS: "member",
    initImmediate: false,
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  return renderToString(<I18nextProvider i18n={i18n}>{children}</I18nextProvider>);
}

const base = { required: false, readOnly: false, visible: true, errors: [] };
const choices = (...values: string[]) => values.map((value) => ({ value, text: `Text ${value}` }));

const QUESTIONS: PageQuestion[] = [
  { ...base, name: "frequency", title: "How often?", type: "radiogroup", required: true, choices: choices("weekly", "monthly"), other: { value: "other", text: "Other (describe)", comment: "" }, errors: ["Response required."] },
  { ...base, name: "themes", title: "Themes", description: "Pick a few", type: "checkbox", choices: [...choices("a", "b"), { value: "none", text: "None", exclusive: true }], value: ["b"], maxSelectedChoices: 2 },
  { ...base, name: "antenna", title: "Antenna", type: "dropdown", choices: choices("bru", "gen"), value: "gen" },
  { ...base, name: "interest", title: "Interest", type: "rating", choices: [1, 2, 3].map((value) => ({ value, text: String(value) })), minDescription: "Little", maxDescription: "A lot" },
  { ...base, name: "formats", title: "Formats", type: "ranking", choices: choices("x", "y"), value: ["y", "x"] },
  { ...base, name: "places", title: "Places", type: "matrix", rows: choices("kop", "online"), columns: choices("yes", "no"), eachRowRequired: false, value: { kop: "no" } },
  { ...base, name: "mornings", title: "Mornings?", type: "boolean", labelTrue: "Yes", labelFalse: "No", valueTrue: true, valueFalse: false, value: true },
  { ...base, name: "age", title: "Age", type: "text", inputType: "number", min: 16, max: 99, errors: ["The value should not be greater than 99"] },
  { ...base, name: "why", title: "Why?", type: "comment", maxLength: 300, visible: false },
  { ...base, name: "email", title: "Email", type: "text", inputType: "email", readOnly: true },
];

const MODEL: PageModel = {
  locale: "en",
  title: "Networking",
  description: "How you would like to meet",
  pageCount: 4,
  page: { index: 1, visibleIndex: 1, name: "details", title: "Details", isFirst: false, isLast: false, previousIndex: 0, nextIndex: 2 },
  questions: QUESTIONS,
  rules: [{ question: "why", visibleIf: "{frequency} = 'weekly'" }],
  ruleValues: {},
  pageErrors: {},
};

const page = (model: PageModel = MODEL, locale: "fr" | "nl" | "en" = "en") => withTexts(locale, <SurveyPage model={model} hiddenFields={{ responseId: "r-1" }} />);

/** The start tag of the element carrying this id. */
const tagWithId = (html: string, id: string): string => html.match(new RegExp(`<[a-z]+[^>]*id="${id}"[^>]*>`))?.[0] ?? "";

describe("the member's survey page", () => {
  it("is a real form posting to the server, with the route's hidden fields", () => {
    const html = page();
    expect(html).toMatch(/<form[^>]*method="post"/);
    expect(html).toContain('<input type="hidden" name="responseId" value="r-1"/>');
  });

  it("groups each choice question in a fieldset whose legend is the question", () => {
    const html = page();
    expect(html).toMatch(/<fieldset[^>]*><legend id="q-frequency-title"><span class="question-title">How often\?<\/span>/);
    for (const name of ["themes", "interest", "formats", "places", "mornings"]) expect(html).toContain(`<legend id="q-${name}-title">`);
  });

  it("labels every input, select and text area", () => {
    const html = page();
    const ids = [...html.matchAll(/<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*id="([^"]+)"/g)].map((match) => match[1]);
    const controls = [...html.matchAll(/<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*>/g)];
    expect(ids.length).toBe(controls.length);
    for (const id of ids) {
      const wrapped = new RegExp(`<label class="option"><input[^>]*id="${id}"`).test(html);
      expect(wrapped || html.includes(`for="${id}"`)).toBe(true);
    }
  });

  it("marks a required question in words, not only with colour", () => {
    expect(page()).toContain('<span class="question-required"> (required)</span>');
    expect(page(MODEL, "fr")).toContain("(obligatoire)");
    expect(page(MODEL, "nl")).toContain("(verplicht)");
  });

  it("ties errors and help to their controls and marks the controls invalid", () => {
    const html = page();
    expect(html).toMatch(/<fieldset class="question-group" aria-describedby="q-frequency-error">/);
    expect(tagWithId(html, "q-frequency-0")).toContain('aria-invalid="true"');
    expect(tagWithId(html, "q-age")).toMatch(/aria-describedby="q-age-hint q-age-error"/);
    expect(tagWithId(html, "q-age")).toContain('aria-invalid="true"');
    expect(html).toContain('id="q-age-hint">A number from 16 to 99.</p>');
    expect(html).toMatch(/aria-describedby="q-themes-description q-themes-hint"/);
    expect(tagWithId(html, "q-antenna")).not.toContain("aria-invalid");
  });

  it("announces a summary of the errors that links to each field", () => {
    const html = page();
    expect(html).toMatch(/<div class="error-summary" role="alert"[^>]*><h2 id="error-summary-title">2 answers need your attention<\/h2>/);
    expect(html).toContain('<a href="#q-frequency-0">How often?: Response required.</a>');
    expect(html).toContain('<a href="#q-age">Age: The value should not be greater than 99</a>');
    const calm = page({ ...MODEL, questions: QUESTIONS.map((question) => ({ ...question, errors: [] })) });
    expect(calm).not.toContain("error-summary");
  });

  it("shows the answers so far as the form's defaults", () => {
    const html = page();
    expect(tagWithId(html, "q-themes-1")).toContain("checked");
    expect(html).toMatch(/<select id="q-antenna"[^>]*>.*<option value="gen" selected="">/);
    expect(tagWithId(html, "q-places-0-1")).toContain("checked");
    expect(tagWithId(html, "q-mornings-0")).toContain("checked");
  });

  it("offers 'other' with a labelled text box in SurveyJS's comment field", () => {
    const html = page();
    expect(tagWithId(html, "q-frequency-2")).toContain('value="other"');
    expect(html).toContain('<label for="q-frequency-other-text">Other (describe) – Please specify</label>');
    expect(tagWithId(html, "q-frequency-other-text")).toContain('name="frequency-Comment"');
  });

  it("lets the member rank items with a select per item, in their current order", () => {
    const html = page();
    expect(html).toContain("Give each item a place");
    expect(tagWithId(html, "q-formats-0")).toContain('name="formats.y"');
    expect(html).toMatch(/<select id="q-formats-0"[^>]*aria-label="Place of “Text y”"[^>]*><option value="">No place<\/option><option value="1" selected="">1<\/option>/);
  });

  it("draws a matrix as one fieldset per row", () => {
    const html = page();
    expect(html).toContain('<fieldset class="matrix-row"><legend>Text kop</legend>');
    expect(tagWithId(html, "q-places-1-0")).toContain('name="places.online"');
  });

  it("renders a question hidden by its condition with its fields disabled, so nothing is sent for it", () => {
    const html = page();
    expect(html).toMatch(/<div class="question" id="q-why-block" data-question="why" hidden="">/);
    expect(tagWithId(html, "q-why")).toContain("disabled");
    expect(tagWithId(html, "q-email")).toContain("disabled");
  });

  it("shows the progress as text and as a progress bar", () => {
    const html = page();
    expect(html).toContain('<p id="survey-progress-text">Page 2 of 4</p><progress max="4" value="2" aria-labelledby="survey-progress-text">');
    expect(page(MODEL, "fr")).toContain("Page 2 sur 4");
    expect(page(MODEL, "nl")).toContain("Pagina 2 van 4");
  });

  it("offers next, previous and finish later in the middle, and submit only on the last page", () => {
    const middle = page();
    expect(middle).toMatch(/<button type="submit" name="intent" value="next" class="button">Next<\/button>/);
    expect(middle).toContain('value="previous"');
    expect(middle).toContain('value="later"');
    expect(middle).not.toContain('value="submit"');
    const last = page({ ...MODEL, page: { ...MODEL.page, isLast: true, nextIndex: null } }, "nl");
    expect(last).toMatch(/value="submit" class="button">Mijn antwoorden versturen<\/button>/);
    expect(last).not.toContain('value="next"');
    const first = page({ ...MODEL, page: { ...MODEL.page, isFirst: true, previousIndex: null } }, "fr");
    expect(first).not.toContain('value="previous"');
    expect(first).toContain("Terminer plus tard");
  });
});

describe("the browser's conditional display", () => {
  it("decides each rule from the answers, and leaves what it cannot evaluate to the server", () => {
    const rules = [
      { question: "why", visibleIf: "{frequency} = 'weekly'" },
      { question: "age", visibleIf: "age({birthdate}) > 18" },
    ];
    expect(ruleDecisions(rules, { frequency: "weekly" })).toEqual({ why: true });
    expect(ruleDecisions(rules, { frequency: "monthly" })).toEqual({ why: false });
  });
});
