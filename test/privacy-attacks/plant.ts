// The planted data set of the privacy attacks: a survey of about 230 members
// in which four small groups hide among large ones, and the exact figures of
// those groups, which the attacks try to recover from what Maillage releases.
//
//   smallAntenna  the 3 members of Namur, among antennas of 40 to 60
//   pair          the 2 musicians of Liège (every other Liège member works in design)
//   speaker       the one Dutch speaker of Charleroi
//   month         the 3 members who answered in October, between September and November
//
// Everyone outside Brussels works in design but the pair, so that
// whole − Brussels − design + Brussels × design is the pair (inclusion–exclusion).

import { mulberry32 } from "~/networking/synthetic";

/** The survey's minimum group size in every attack. */
export const K = 5;

export const MONTHS = ["2026-09", "2026-10", "2026-11"] as const;
export type Month = (typeof MONTHS)[number];

/** The questions whose figures the attacks go after, with their choice values (the networking template's). */
export const TARGET_QUESTIONS = {
  themes: ["arts-scene", "audiovisuel", "musique", "arts-plastiques", "design", "formation", "numerique", "artisanat", "communication", "ecriture", "conseil", "fair-pricing", "social-protection", "finding-work", "digital-tools", "third-places", "collective-projects", "sustainability", "cooperative-life", "wellbeing", "international"],
  formats: ["afterwork", "working-breakfast", "meet-and-connect", "minibus-trip", "forest-walk", "park-picnic", "street-art-tour", "shared-workspace-visit", "partner-meeting", "experience-forum", "trade-fair"],
  venues: ["shared-space", "workshop", "antenna-office", "partner-space", "outdoors", "online"],
  frequency: ["weekly", "monthly", "quarterly", "occasional"],
} as const;
export type TargetQuestion = keyof typeof TARGET_QUESTIONS;

export type Person = {
  antenna: string;
  sector: string;
  locale: "fr" | "nl" | "en";
  month: Month;
  answers: Record<string, unknown>;
};

export type Group = { name: "smallAntenna" | "pair" | "speaker" | "month"; describe: string; members: (person: Person) => boolean };

export const GROUPS: Group[] = [
  { name: "smallAntenna", describe: "the 3 members of Namur", members: (p) => p.antenna === "nam" },
  { name: "pair", describe: "the 2 musicians of Liège", members: (p) => p.antenna === "lie" && p.sector === "musique" },
  { name: "speaker", describe: "the one Dutch speaker of Charleroi", members: (p) => p.antenna === "cha" && p.locale === "nl" },
  { name: "month", describe: "the 3 who answered in October", members: (p) => p.month === "2026-10" },
];

/** The same plant on every run: the synthetic generator's seeded PRNG. */
export const random = mulberry32;

const pickSome = (next: () => number, values: readonly string[], min: number, max: number): string[] => {
  const count = min + Math.floor(next() * (max - min + 1));
  const pool = [...values];
  const chosen: string[] = [];
  while (chosen.length < count && pool.length) chosen.push(pool.splice(Math.floor(next() * pool.length), 1)[0]!);
  return chosen;
};

/** A member's answers to the networking template, valid for its answer checker. */
export function answersOf(next: () => number, { antenna, sector }: { antenna: string; sector: string }, withText: boolean): Record<string, unknown> {
  return {
    antenna,
    sector,
    themes: pickSome(next, TARGET_QUESTIONS.themes, 1, 3),
    formats: pickSome(next, TARGET_QUESTIONS.formats, 1, 3),
    venues: pickSome(next, TARGET_QUESTIONS.venues, 1, 2),
    slots: pickSome(next, ["mon-morning", "tue-evening", "thu-lunch", "weekend"], 1, 2),
    frequency: TARGET_QUESTIONS.frequency[Math.floor(next() * 4)]!,
    ...(withText ? { suggestion: `Idée ${Math.floor(next() * 1e9).toString(36)} pour ${antenna}` } : {}),
  };
}

/** The planted members. Every small group's member writes a suggestion (the free-text attacks look for them). */
export function plantPeople(seed = 7): Person[] {
  const next = random(seed);
  const people: Person[] = [];
  const add = (count: number, antenna: string, sector: () => string, locale: () => Person["locale"], month: () => Month, small = false) => {
    for (let i = 0; i < count; i++) {
      const s = sector();
      people.push({ antenna, sector: s, locale: locale(), month: month(), answers: answersOf(next, { antenna, sector: s }, small || next() < 0.4) });
    }
  };
  const bulkMonth = (): Month => (next() < 0.5 ? "2026-09" : "2026-11");
  const frOrEn = (): Person["locale"] => (next() < 0.8 ? "fr" : "en");
  const mixed = () => ["design", "musique", "artisanat", "numerique"][Math.floor(next() * 4)]!;
  add(57, "bru", mixed, frOrEn, bulkMonth);
  // Two meetings the recommendations will propose, whose participants overlap by 3: a programme
  // of both reaches their union, and p1 + p2 − reach would be that small overlap.
  const join = (person: Person, theme: string, format: string, slot: string, venue: string) => {
    for (const [question, value] of [["themes", theme], ["formats", format], ["slots", slot], ["venues", venue]] as const) {
      const list = person.answers[question] as string[];
      if (!list.includes(value)) list.push(value);
    }
  };
  people.slice(0, 16).forEach((person) => join(person, "fair-pricing", "afterwork", "thu-lunch", "shared-space"));
  people.slice(13, 29).forEach((person) => join(person, "digital-tools", "working-breakfast", "mon-morning", "workshop"));
  // The month's few: three Brussels designers who answered in October.
  add(3, "bru", () => "design", () => "fr", () => "2026-10", true);
  add(43, "lie", () => "design", frOrEn, bulkMonth);
  add(2, "lie", () => "musique", () => "fr", bulkMonth, true);
  add(39, "cha", () => "design", () => (next() < 0.85 ? "fr" : "en"), bulkMonth);
  add(1, "cha", () => "design", () => "nl", bulkMonth, true);
  add(40, "gen", () => "design", () => "nl", bulkMonth);
  add(3, "nam", () => "design", () => "fr", bulkMonth, true);
  return people;
}

export type Filters = { antenna?: string; sector?: string; locale?: string; from?: Month; to?: Month };

export const inView = (person: Person, view: Filters) =>
  (view.antenna === undefined || person.antenna === view.antenna) &&
  (view.sector === undefined || person.sector === view.sector) &&
  (view.locale === undefined || person.locale === view.locale) &&
  (view.from === undefined || person.month >= view.from) &&
  (view.to === undefined || person.month <= view.to);

/** Every figure an attack may target: "n", then "<question>:<value>". */
export const FIGURES: string[] = ["n", ...Object.entries(TARGET_QUESTIONS).flatMap(([question, values]) => values.map((value) => `${question}:${value}`))];

/** Whether a person is counted in a figure. */
export function counts(person: Person, figure: string): boolean {
  if (figure === "n") return true;
  const [question, value] = figure.split(":") as [TargetQuestion, string];
  const answer = person.answers[question];
  return Array.isArray(answer) ? answer.includes(value) : answer === value;
}

/** The exact figures of a set of people. */
export function truth(people: Person[]): Map<string, number> {
  return new Map(FIGURES.map((figure) => [figure, people.filter((person) => counts(person, figure)).length]));
}
