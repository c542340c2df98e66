import { describe, expect, it } from "vitest";
import { DEMO_ANTENNAS, DEMO_SECTORS } from "~/demo/catalogue";
import { LOCALES, type Locale } from "~/db/values";
import { checkDefinition } from "./definition.server";
import { displayText } from "./localizable";
import { QUESTION_ROLES, type LocalizableText } from "./roles";
import { createModel } from "./survey-core.server";
import { MAX_THEMES, networkingTemplate } from "./template";

type Question = {
  type: string;
  name: string;
  role?: string;
  title: LocalizableText;
  isRequired?: boolean;
  maxSelectedChoices?: number;
  showOtherItem?: boolean;
  defaultValue?: unknown;
  choices?: { value: string; text: LocalizableText }[];
};
type Page = { name: string; elements: Question[] };

const pagesOf = (definition: Record<string, unknown>) => definition.pages as Page[];
const questionsOf = (definition: Record<string, unknown>) => pagesOf(definition).flatMap((page) => page.elements);
const question = (name: string, definition = networkingTemplate().definition): Question => {
  const found = questionsOf(definition).find((q) => q.name === name);
  if (!found) throw new Error(`no question ${name}`);
  return found;
};
const values = (name: string) => question(name).choices?.map((choice) => choice.value) ?? [];

describe("networking template", () => {
  it("asks the questions of action 3.1, each of the right type and role", () => {
    expect(questionsOf(networkingTemplate().definition).map((q) => [q.name, q.type, q.role])).toEqual([
      ["antenna", "dropdown", "profile.antenna"],
      ["sector", "dropdown", "profile.sector"],
      ["themes", "checkbox", "interest.theme"],
      ["formats", "checkbox", "preference.format"],
      ["venues", "checkbox", "preference.venue"],
      ["slots", "checkbox", "availability.slot"],
      ["frequency", "radiogroup", "preference.frequency"],
      ["offers", "checkbox", "offer.skill"],
      ["needs", "checkbox", "need.skill"],
      ["suggestion", "comment", undefined],
    ]);
  });

  it("covers every role the recommendations read", () => {
    const roles = questionsOf(networkingTemplate().definition).map((q) => q.role);
    expect(QUESTION_ROLES.filter((role) => !roles.includes(role))).toEqual([]);
  });

  it("fits a phone: five short pages", () => {
    const pages = pagesOf(networkingTemplate().definition);
    expect(pages).toHaveLength(5);
    for (const page of pages) expect(page.elements.length).toBeLessThanOrEqual(3);
  });

  it("requires the antenna and the themes, and caps the themes", () => {
    const required = questionsOf(networkingTemplate().definition).filter((q) => q.isRequired).map((q) => q.name);
    expect(required).toEqual(["antenna", "themes"]);
    expect(question("themes").maxSelectedChoices).toBe(MAX_THEMES);
  });

  it("lists the antennas and sectors by their catalogue codes", () => {
    expect(values("antenna")).toEqual(["bru", "ant", "gen", "lie", "cha", "nam", "mon"]);
    expect(values("sector")).toEqual(DEMO_SECTORS.map((sector) => sector.code));
    expect(question("antenna").choices?.[0]?.text).toEqual({ default: "Bruxelles", nl: "Brussel", en: "Brussels" });
  });

  it("offers the sectors and transversal themes as themes", () => {
    expect(values("themes")).toEqual([
      ...DEMO_SECTORS.map((sector) => sector.code),
      "fair-pricing",
      "social-protection",
      "finding-work",
      "digital-tools",
      "third-places",
      "collective-projects",
      "sustainability",
      "cooperative-life",
      "wellbeing",
      "international",
    ]);
  });

  it("keeps the values of formats, venues, slots and frequencies stable", () => {
    expect(values("formats")).toEqual([
      "afterwork",
      "working-breakfast",
      "meet-and-connect",
      "minibus-trip",
      "forest-walk",
      "park-picnic",
      "street-art-tour",
      "shared-workspace-visit",
      "partner-meeting",
      "experience-forum",
      "trade-fair",
    ]);
    expect(values("venues")).toEqual(["shared-space", "workshop", "antenna-office", "partner-space", "outdoors", "online"]);
    const days = ["mon", "tue", "wed", "thu", "fri"];
    const parts = ["morning", "lunch", "afternoon", "evening"];
    expect(values("slots")).toEqual([...days.flatMap((day) => parts.map((part) => `${day}-${part}`)), "weekend"]);
    expect(values("frequency")).toEqual(["weekly", "monthly", "quarterly", "occasional"]);
  });

  it("matches offers with needs over one list of skills", () => {
    expect(values("offers")).toEqual(values("needs"));
    expect(values("offers")).toEqual(expect.arrayContaining(["accounting-admin", "graphic-design", "legal-advice", "funding", "equipment", "workspace", "client-network"]));
  });

  it("uses unique lowercase-hyphen values in every question", () => {
    for (const q of questionsOf(networkingTemplate().definition)) {
      const list = q.choices?.map((choice) => choice.value) ?? [];
      expect(new Set(list).size, q.name).toBe(list.length);
      for (const value of list) expect(value, q.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });

  it("passes the definition check, with every text in every language", () => {
    const { definition, title } = networkingTemplate();
    const catalogue = { antennas: DEMO_ANTENNAS.map((a) => a.code), sectors: DEMO_SECTORS.map((s) => s.code) };
    const result = checkDefinition({ definition, title, catalogue });
    expect(result.problems).toEqual([]);
    expect(result.missing).toEqual([]);
  });

  it("writes each language its own way rather than copying French", () => {
    for (const q of questionsOf(networkingTemplate().definition)) {
      expect(displayText(q.title, "nl")).not.toBe(displayText(q.title, "fr"));
      expect(displayText(q.title, "en")).not.toBe(displayText(q.title, "nl"));
    }
  });

  it("tells members, in each language, that answers are anonymous and small groups are never shown", () => {
    const description = networkingTemplate().definition.description as LocalizableText;
    expect(displayText(description, "fr")).toMatch(/anonymes.*moins de 5/);
    expect(displayText(description, "nl")).toMatch(/anoniem.*minder dan 5/);
    expect(displayText(description, "en")).toMatch(/anonymous.*fewer than 5/);
  });

  it.each(LOCALES)("loads in survey-core and reads in %s", (locale: Locale) => {
    const { definition } = networkingTemplate();
    const model = createModel(definition, locale);
    expect(model.jsonErrors ?? []).toEqual([]);
    expect(model.title).toBe(displayText(definition.title as LocalizableText, locale));
    const themes = model.getQuestionByName("themes");
    expect(themes.title).toBe(displayText(question("themes").title, locale));
    const choice = (themes as unknown as { choices: { value: string; text: string }[] }).choices.find((c) => c.value === "fair-pricing");
    expect(choice?.text).toBe({ fr: "Fixer un juste prix pour son travail", nl: "Een eerlijke prijs vragen voor je werk", en: "Charging a fair price for your work" }[locale]);
    expect((model.getQuestionByName("sector") as unknown as { otherText: string }).otherText).toBe(
      { fr: "Un autre secteur", nl: "Een andere sector", en: "Another sector" }[locale],
    );
  });

  it("preselects the antenna of a survey for exactly one antenna, and keeps the others listed", () => {
    const antenna = question("antenna", networkingTemplate({ antennas: ["lie"] }).definition);
    expect(antenna.defaultValue).toBe("lie");
    expect(antenna.choices).toHaveLength(DEMO_ANTENNAS.length);
  });

  it.each([[[]], [["bru", "lie"]], [["paris"]]])("preselects no antenna for the targets %j", (antennas) => {
    expect(question("antenna", networkingTemplate({ antennas }).definition).defaultValue).toBeUndefined();
  });

  it("takes the antennas and sectors of a given catalogue, in the sector themes too", () => {
    const catalogue = {
      antennas: [{ code: "ark", name: { fr: "Arlon", nl: "Aarlen", en: "Arlon" } }],
      sectors: [{ code: "cirque", name: { fr: "Cirque", nl: "Circus", en: "Circus" } }],
    };
    const { definition } = networkingTemplate({ antennas: ["ark"], catalogue });
    expect(question("antenna", definition)).toMatchObject({ defaultValue: "ark", choices: [{ value: "ark", text: { default: "Arlon", nl: "Aarlen", en: "Arlon" } }] });
    expect(question("sector", definition).choices?.map((c) => c.value)).toEqual(["cirque"]);
    expect(question("themes", definition).choices?.[0]?.value).toBe("cirque");
  });

  it("returns a fresh copy each time, with no text shared between questions", () => {
    const first = networkingTemplate();
    const sectorText = question("sector", first.definition).choices?.[0]?.text as Record<string, string>;
    sectorText.nl = "gewijzigd";
    first.title = "changed";
    expect((question("themes", first.definition).choices?.[0]?.text as Record<string, string>).nl).toBe("Podiumkunsten");
    const second = networkingTemplate();
    expect((question("sector", second.definition).choices?.[0]?.text as Record<string, string>).nl).toBe("Podiumkunsten");
    expect(second.title).toMatchObject({ default: expect.stringContaining("Faire réseau") });
  });
});
