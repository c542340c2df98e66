// A determined reader against the privacy rule (DESIGN.md, "Privacy rule";
// docs/decisions/009): every attack of issue 10, done by code that reads only
// what the API, the CSV export, the share link and the recommendations release,
// on a planted survey whose small groups it tries to recover (plant.ts).
//
// Each attack runs three times and prints what it recovered exactly:
//  - unprotected (exact counts of every view of at least k, texts in every view):
//    it must recover nearly everything, or it proves nothing;
//  - chance: the released noise alone (attacks.ts), averaged over many draws;
//  - Maillage: the test fails when the attack does better than chance, beyond
//    three binomial standard deviations (and two points for rounding).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../app";
import { testDrivers } from "../db";
import type { Db } from "~/db/client.server";
import { action as invite } from "~/routes/api.surveys.$slug.invitations";
import { action as respond } from "~/routes/api.surveys.$slug.responses";
import { loader as recommendations } from "~/routes/api.surveys.$slug.recommendations";
import {
  ChanceReader,
  type Context,
  ExactReader,
  exactHits,
  nonZeroHits,
  FIGURE_ATTACKS,
  type FigureAttack,
  freeTextDifferences,
  type Reader,
  chanceOfCancelling,
  targets,
} from "./attacks";
import { AppReader, plantSurvey, staffAccount, type Staff, useAppDatabase } from "./harness";
import { answersOf, FIGURES, GROUPS, K, type Person, plantPeople, random, truth } from "./plant";

const CONTEXT: Context = { antennas: ["bru", "lie", "cha", "gen", "nam"], sectors: ["design", "musique", "artisanat", "numerique"], locales: ["fr", "nl", "en"] };
const CHANCE_DRAWS = 12;

/** The test's bar: chance plus three binomial standard deviations and two points. */
const bar = (chance: number, trials: number) => chance + 3 * Math.sqrt((chance * (1 - chance)) / trials) + 0.02;

const percent = (rate: number) => `${(100 * rate).toFixed(1)} %`;

function report(name: string, lines: Record<string, string | number>) {
  console.log(`[privacy attack] ${name}: ${Object.entries(lines).map(([key, value]) => `${key} ${value}`).join(" · ")}`);
}

describe.each(testDrivers)("a determined reader against the privacy rule on %s", (driver) => {
  let db: Db;
  let close: () => Promise<void>;
  let staff: Staff;
  const people = plantPeople();

  beforeAll(async () => {
    ({ db, close } = await useAppDatabase(driver));
    staff = await staffAccount(db, `attacker-${driver}@attacks.test`);
  }, 60_000);
  afterAll(async () => close?.());

  it("plants the small groups the attacks look for", () => {
    const sizes = Object.fromEntries(GROUPS.map((group) => [group.name, people.filter(group.members).length]));
    expect(sizes).toEqual({ smallAntenna: 3, pair: 2, speaker: 1, month: 3 });
    // Everyone outside Brussels works in design but the pair: inclusion–exclusion gives the pair.
    expect(people.filter((p) => p.antenna !== "bru" && p.sector !== "design")).toEqual(people.filter(GROUPS[1]!.members));
  });

  describe("on the figures of one moment", () => {
    let maillage: Reader;
    beforeAll(async () => {
      const slug = `attacks-${driver}`;
      const { share } = await plantSurvey(db, { slug, people, staff });
      maillage = new AppReader(db, slug, staff, share);
    }, 60_000);

    it.each(FIGURE_ATTACKS.map((attack) => [attack.name, attack] as [string, FigureAttack]))("%s does no better than chance", async (_, attack) => {
      const expected = targets(people, attack.groups, attack.figures);
      const unprotected = exactHits(await attack.run(new ExactReader(people), CONTEXT), expected) / expected.size;
      let chanceHits = 0;
      let chanceNonZero = 0;
      for (let draw = 0; draw < CHANCE_DRAWS; draw++) {
        const estimates = await attack.run(new ChanceReader(people, 1000 + draw), CONTEXT);
        chanceHits += exactHits(estimates, expected);
        chanceNonZero += nonZeroHits(estimates, expected).hits;
      }
      const chance = chanceHits / (CHANCE_DRAWS * expected.size);
      const estimates = await attack.run(maillage, CONTEXT);
      const real = exactHits(estimates, expected);
      const nonZero = nonZeroHits(estimates, expected);
      report(attack.name, {
        targets: `${expected.size} figures of ${attack.groups.join(", ")}`,
        unprotected: percent(unprotected),
        chance: percent(chance),
        "Maillage recovered": `${real} (${percent(real / expected.size)})`,
        "non-zero figures": `${nonZero.hits} of ${nonZero.of} (chance ${percent(chanceNonZero / (CHANCE_DRAWS * Math.max(1, nonZero.of)))})`,
      });
      // The attack works: without protection it gives the small groups back.
      expect(unprotected).toBeGreaterThan(0.9);
      expect(real / expected.size).toBeLessThanOrEqual(bar(chance, expected.size));
    }, 120_000);

    it("the programme's two overlapping proposals give their overlap no better than its adjustments allow", async () => {
      const response = await call(recommendations, { path: `/api/surveys/attacks-${driver}/recommendations?k=2`, params: { slug: `attacks-${driver}` }, headers: staff.headers });
      const body = (await response.json()) as { programme: { proposals: { antenna: string | null; theme: string; format: string; slot: string; participants: number }[]; reached: number | null } | null };
      const chosen = body.programme?.proposals ?? [];
      expect(chosen.length).toBe(2);
      // Those a meeting fits: its antenna's (or, online, whoever accepts meeting online), who chose its theme, and whom its format and slot suit (or who skipped them).
      const fits = (person: (typeof people)[number], question: string, value: string) => {
        const list = (person.answers[question] as string[] | undefined) ?? [];
        return list.length === 0 || list.includes(value);
      };
      const members = (p: (typeof chosen)[number]) =>
        people.filter(
          (person) =>
            (p.antenna === null ? fits(person, "venues", "online") : person.antenna === p.antenna) &&
            ((person.answers.themes as string[] | undefined) ?? []).includes(p.theme) &&
            fits(person, "formats", p.format) &&
            fits(person, "slots", p.slot),
        );
      const [first, second] = [members(chosen[0]!), members(chosen[1]!)];
      const overlap = first.filter((person) => second.includes(person)).length;
      // The attacker's overlap: p1 + p2 − reach. Exactly right only if the three adjustments cancel.
      const estimate = body.programme!.reached === null ? null : chosen[0]!.participants + chosen[1]!.participants - body.programme!.reached;
      const chance = chanceOfCancelling([1, 1, -1]);
      report("a programme's overlapping proposals", { overlap: `true ${overlap}, estimated ${estimate ?? "none (reach withheld)"}`, chance: percent(chance) });
      // One figure cannot test a rate: what it must show is that the adjustments are there at all.
      const exact = [first.length, second.length, new Set([...first, ...second]).size];
      const released = [chosen[0]!.participants, chosen[1]!.participants, body.programme!.reached];
      for (const [i, value] of released.entries()) if (value !== null) expect(Math.abs(value - exact[i]!)).toBeLessThanOrEqual(2);
    });

    it("set differences of the free-text lists name the small groups' texts no better than a pick from the one list", async () => {
      const texts = (group: (typeof GROUPS)[number]) => people.filter(group.members).map((person) => person.answers.suggestion as string);
      const speaker = texts(GROUPS.find((g) => g.name === "speaker")!);
      const namur = texts(GROUPS.find((g) => g.name === "smallAntenna")!);
      const score = (named: { speaker: string[]; smallAntenna: string[] }) =>
        named.speaker.filter((text) => speaker.includes(text)).length + named.smallAntenna.filter((text) => namur.includes(text)).length;
      const unprotected = score(await freeTextDifferences(new ExactReader(people), CONTEXT));
      const named = await freeTextDifferences(maillage, CONTEXT);
      const whole = (await maillage.view({})).texts ?? [];
      // Chance: naming as many texts at random from the only list, the whole survey's.
      const chance = (named.speaker.length * speaker.length + named.smallAntenna.length * namur.length) / Math.max(1, whole.length);
      const real = score(named);
      report("set differences of free texts", { targets: `${speaker.length + namur.length} texts`, unprotected, chance: chance.toFixed(2), "Maillage recovered": real });
      expect(unprotected).toBe(speaker.length + namur.length);
      // Texts come in one list only: no filtered view lists any, so there is nothing to subtract.
      for (const filters of [{ locale: "nl" }, { antenna: "gen" }, { antenna: "cha" }, { antenna: "bru" }]) expect((await maillage.view(filters)).texts).toBeNull();
      expect(whole.length).toBeGreaterThan(40);
      expect(real).toBeLessThanOrEqual(Math.ceil(chance + 3 * Math.sqrt(chance)));
    });
  });

  it("reading before and after each of ten new answers tells those members' answers no better than guessing from the figures before", async () => {
    const slug = `before-after-${driver}`;
    const { share } = await plantSurvey(db, { slug, people, staff });
    const maillage = new AppReader(db, slug, staff, share);
    const next = random(99);
    const newcomers: Person[] = Array.from({ length: 10 }, (_, i) => {
      const antenna = i % 2 ? "bru" : "lie";
      return { antenna, sector: "design", locale: "fr", month: "2026-11", answers: answersOf(next, { antenna, sector: "design" }, false) };
    });
    const options = FIGURES.filter((figure) => figure !== "n");
    // The attacker's guess for one newcomer: what rose in their antenna's view, else what most members chose.
    const guess = (before: Map<string, number | null>, after: Map<string, number | null>, n: number | null) =>
      new Map(
        options.map((figure) => {
          const [b, a] = [before.get(figure), after.get(figure)];
          if (typeof b === "number" && typeof a === "number" && a !== b) return [figure, a > b ? 1 : 0];
          return [figure, n && typeof b === "number" && b / n >= 0.5 ? 1 : 0];
        }),
      );
    const score = (guessed: Map<string, number>, person: Person) => options.filter((figure) => guessed.get(figure) === (truth([person]).get(figure) ? 1 : 0)).length;
    let real = 0;
    let chance = 0;
    let unprotected = 0;
    const arrived: Person[] = [...people];
    let before = await maillage.view({ antenna: "lie" });
    let beforeBru = await maillage.view({ antenna: "bru" });
    for (const person of newcomers) {
      const response = await call(respond, { method: "POST", params: { slug }, json: { id: randomUUID(), locale: "fr", answers: person.answers, complete: true } });
      expect(response.status).toBe(201);
      const own = person.antenna === "lie" ? before : beforeBru;
      const exactBefore = new ExactReader(arrived).view({ antenna: person.antenna });
      arrived.push(person);
      const after = await maillage.view({ antenna: person.antenna });
      real += score(guess(own.figures, after.figures, own.figures.get("n") ?? null), person);
      chance += score(guess(own.figures, own.figures, own.figures.get("n") ?? null), person);
      const exactAfter = await new ExactReader(arrived).view({ antenna: person.antenna });
      unprotected += score(guess((await exactBefore).figures, exactAfter.figures, (await exactBefore).figures.get("n") ?? null), person);
      if (person.antenna === "lie") before = after;
      else beforeBru = after;
    }
    const trials = newcomers.length * options.length;
    report("before and after one answer", { targets: `${trials} answers of 10 newcomers`, unprotected: percent(unprotected / trials), chance: percent(chance / trials), "Maillage recovered": `${real} (${percent(real / trials)})` });
    expect(unprotected / trials).toBeGreaterThan(0.99);
    expect(real / trials).toBeLessThanOrEqual(bar(chance / trials, trials));
  }, 120_000);

  it("padding a public survey with five invented answers gives the real members' figures no better than chance; an invitation-only survey cannot be padded", async () => {
    const slug = `padding-${driver}`;
    const { share } = await plantSurvey(db, { slug, people, staff });
    const maillage = new AppReader(db, slug, staff, share);
    expect((await maillage.view({ antenna: "nam" })).refused).toBe(true);
    const padded: Person[] = Array.from({ length: K }, () => ({
      antenna: "nam",
      sector: "design",
      locale: "fr",
      month: "2026-11",
      answers: { antenna: "nam", sector: "design", themes: ["design"], formats: ["afterwork"], venues: ["online"], slots: ["weekend"], frequency: "weekly" },
    }));
    for (const fake of padded) {
      const response = await call(respond, { method: "POST", params: { slug }, json: { id: randomUUID(), locale: "fr", answers: fake.answers, complete: true }, address: "198.51.100.9" });
      expect(response.status).toBe(201);
    }
    const namur = people.filter((person) => person.antenna === "nam");
    const expected = new Map(FIGURES.map((figure) => [`smallAntenna|${figure}`, truth(namur).get(figure)!]));
    const known = truth(padded);
    const attack = async (reader: Reader) => {
      const view = await reader.view({ antenna: "nam" });
      return new Map(FIGURES.map((figure) => [`smallAntenna|${figure}`, (view.refused ? (K - 1) / 2 : (view.figures.get(figure) ?? (K - 1) / 2)) - known.get(figure)!]));
    };
    const everyone = [...people, ...padded];
    const unprotected = exactHits(await attack(new ExactReader(everyone)), expected) / expected.size;
    let chanceHits = 0;
    for (let draw = 0; draw < CHANCE_DRAWS; draw++) chanceHits += exactHits(await attack(new ChanceReader(everyone, 2000 + draw)), expected);
    const chance = chanceHits / (CHANCE_DRAWS * expected.size);
    const opened = await maillage.view({ antenna: "nam" });
    const real = exactHits(await attack(maillage), expected);
    report("padding with invented answers", { targets: `${expected.size} figures of Namur`, unprotected: percent(unprotected), chance: percent(chance), "Maillage recovered": `${real} (${percent(real / expected.size)})` });
    expect(opened.refused).toBe(false);
    expect(unprotected).toBeGreaterThan(0.9);
    expect(real / expected.size).toBeLessThanOrEqual(bar(chance, expected.size));

    // By invitation: an invented answer needs an unused invitation, which an outsider does not have.
    const closed = `padding-invitation-${driver}`;
    await plantSurvey(db, { slug: closed, people, staff, access: "invitation" });
    for (const fake of padded) {
      const response = await call(respond, { method: "POST", params: { slug: closed }, json: { id: randomUUID(), locale: "fr", answers: fake.answers, complete: true } });
      expect(response.status).toBe(403);
    }
    // A made-up invitation token does no better.
    const forged = await call(respond, { method: "POST", params: { slug: closed }, json: { id: randomUUID(), locale: "fr", answers: padded[0]!.answers, complete: true, invitation: randomUUID() + randomUUID() } });
    expect(forged.status).toBe(403);
    const invitationOnly = new AppReader(db, closed, staff, share);
    expect((await invitationOnly.view({ antenna: "nam" })).refused).toBe(true);
    // Staff can hand out invitations, and each works once only.
    const handed = await call(invite, { method: "POST", params: { slug: closed }, json: { count: 1, antenna: "nam" }, headers: staff.headers });
    const [link] = ((await handed.json()) as { links: string[] }).links;
    const invitation = new URL(link!).searchParams.get("i")!;
    const first = await call(respond, { method: "POST", params: { slug: closed }, json: { id: randomUUID(), locale: "fr", answers: padded[0]!.answers, complete: true, invitation } });
    const second = await call(respond, { method: "POST", params: { slug: closed }, json: { id: randomUUID(), locale: "fr", answers: padded[0]!.answers, complete: true, invitation } });
    expect([first.status, second.status]).toEqual([201, 409]);
  }, 120_000);
});
