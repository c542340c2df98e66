import i18next from "i18next";
import { describe, expect, it } from "vitest";
import en from "~/i18n/locales/en/networking.json";
import fr from "~/i18n/locales/fr/networking.json";
import nl from "~/i18n/locales/nl/networking.json";
import { releaseCount } from "~/results/cell-key";
import { recommend } from "./engine";
import { choiceLabels, formatReasons, NETWORKING_NAMESPACE, type Translate } from "./reasons";
import { roleQuestion } from "./sample-survey";
import type { Respondent } from "./types";

const questions = [
  roleQuestion("antenna", "profile.antenna", false, ["lie"]),
  roleQuestion("themes", "interest.theme", true, ["interior-design", "music"]),
  roleQuestion("formats", "preference.format", true, ["working-breakfast", "meet-and-connect"]),
  roleQuestion("slots", "availability.slot", true, ["mon-morning"]),
  roleQuestion("rhythm", "preference.frequency", false, ["weekly"]),
];
questions[0]!.choices[0]!.text = { default: "Liège", nl: "Luik", en: "Liège" };
questions[1]!.choices[0]!.text = { default: "Design d'intérieur", nl: "Interieurontwerp", en: "Interior design" };
questions[2]!.choices[0]!.text = { default: "Petit-déjeuner de travail", nl: "Werkontbijt", en: "Working breakfast" };
questions[2]!.choices[1]!.text = { default: "Meet & connect", nl: "Meet & connect", en: "Meet & connect" };
questions[3]!.choices[0]!.text = { default: "Lundi matin", nl: "Maandagvoormiddag", en: "Monday morning" };
questions[4]!.choices[0]!.text = { default: "Chaque semaine", nl: "Elke week", en: "Every week" };

const person = (themes: string[], formats: string[], slots: string[]): Respondent => ({
  antenna: "lie",
  sector: null,
  answers: { antenna: "lie", themes, formats, slots, rhythm: "weekly" },
});
const respondents = [
  ...Array.from({ length: 15 }, () => person(["interior-design"], ["working-breakfast"], ["mon-morning"])),
  ...Array.from({ length: 2 }, () => person(["interior-design"], ["working-breakfast"], [])),
  ...Array.from({ length: 6 }, () => person(["interior-design"], ["meet-and-connect"], [])),
  ...Array.from({ length: 8 }, () => person(["music"], [], [])),
];

/** The figure released for `count` members without record keys (key 0), as in this pure call. */
const released = (count: number, minGroupSize = 5) => releaseCount({ count, cellKey: 0, minGroupSize });

async function translator(lng: "fr" | "nl" | "en"): Promise<Translate> {
  const instance = i18next.createInstance();
  await instance.init({ lng, resources: { fr: { networking: fr }, nl: { networking: nl }, en: { networking: en } }, defaultNS: NETWORKING_NAMESPACE });
  return (key, options) => instance.t(key, options);
}

describe("reasons", () => {
  const result = recommend({ questions, respondents, minGroupSize: 5, segment: { antenna: "lie" } });
  if (result.suppressed) throw new Error("segment suppressed");
  const reasons = result.proposals[0]!.reasons;

  it.each([
    ["en", (theme: number, format: number, slot: number) => [`In Liège, ${theme} members want to meet around “Interior design”.`, `${format} of them like this format or have no preference: Working breakfast.`, `${slot} of those are free at this time or did not say when: Monday morning.`, "100% of them choose this rhythm: Every week."]],
    ["fr", (theme: number, format: number, slot: number) => [`À Liège, ${theme} membres veulent se retrouver autour du thème « Design d'intérieur ».`, `Parmi ces membres, ${format} apprécient la formule « Petit-déjeuner de travail » ou n'ont pas de préférence.`, `${slot} de ces personnes sont disponibles à ce moment ou ne l'ont pas précisé : Lundi matin.`, "100 % d'entre elles choisissent ce rythme : Chaque semaine."]],
    ["nl", (theme: number, format: number, slot: number) => [`In Luik willen ${theme} leden elkaar ontmoeten rond het thema “Interieurontwerp”.`, `Daarvan zien ${format} leden deze formule zitten of hebben ze geen voorkeur: Werkontbijt.`, `Van hen kunnen er ${slot} op dit moment, of gaven geen moment op: Maandagvoormiddag.`, "100% van hen kiest dit ritme: Elke week."]],
  ] as const)("read as a chain of released figures in %s, with the survey's own labels", async (locale, expected) => {
    // 23 chose the theme, 17 of them the format, and the slot fits all 17 (two said nothing of when): each told as the cell key method releases it.
    const sentences = formatReasons(reasons, { t: await translator(locale), label: choiceLabels(questions, locale) });
    expect(sentences).toEqual(expected(released(23)!, released(17)!, released(17)!));
  });

  it("keep labels as plain text, for the API and CSV", async () => {
    const label = choiceLabels(questions, "en");
    const [sentence] = formatReasons([{ key: "reason.format", params: { count: 12, format: "meet-and-connect" } }], { t: await translator("en"), label });
    expect(sentence).toBe("12 of them like this format or have no preference: Meet & connect.");
  });

  it("exist in every language for every key the engine writes", async () => {
    const keys = [
      ...["reason.theme", "reason.theme_antenna", "reason.theme_sector", "reason.theme_antenna_sector", "reason.format", "reason.slot", "reason.venue"],
      ...["programme.reached", "partner.offers", "partner.offers_antenna", "partner.needs", "pair.together"],
    ];
    const missing = ["antenna", "sector", "theme", "format", "venue", "frequency", "slot", "offer", "need"].map((role) => `missing.${role}`);
    for (const locale of ["fr", "nl", "en"] as const) {
      const t = await translator(locale);
      for (const key of keys) expect(t(key, { count: 7 }), `${locale} ${key}`).not.toBe(key);
      for (const key of [...missing, "reason.frequency"]) expect(t(key, {}), `${locale} ${key}`).not.toBe(key);
    }
  });
});
