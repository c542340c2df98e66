import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cellKeyOf, RECORD_KEY_RANGE, releaseCount } from "~/results/cell-key";
import { recommend } from "./engine";
import { roleQuestion, templateSizedQuestions } from "./sample-survey";
import { hypergeometricUpperTail, lnFactorial } from "./significance";
import { generateRespondents, mulberry32 } from "./synthetic";
import type { Respondent } from "./types";

// A survey small enough to try every programme: 2 antennas × 2 themes × 2 formats × 2 slots, and online.
const VALUES = { antenna: ["bru", "lie"], themes: ["a", "b"], formats: ["x", "y"], slots: ["s1", "s2"], venues: ["online", "room"] } as const;
const QUESTIONS = [
  roleQuestion("antenna", "profile.antenna", false, [...VALUES.antenna]),
  roleQuestion("themes", "interest.theme", true, [...VALUES.themes]),
  roleQuestion("formats", "preference.format", true, [...VALUES.formats]),
  roleQuestion("slots", "availability.slot", true, [...VALUES.slots]),
  roleQuestion("venues", "preference.venue", true, [...VALUES.venues]),
];

/** Each member ticks a random subset of each question (an empty one is a skipped question). */
function respondentsFrom(seed: number, count: number): Respondent[] {
  const random = mulberry32(seed);
  const some = (values: readonly string[]) => values.filter(() => random() < 0.5);
  return Array.from({ length: count }, () => {
    const antenna = VALUES.antenna[Math.floor(random() * 2)]!;
    const answers = { antenna, themes: some(VALUES.themes), formats: some(VALUES.formats), slots: some(VALUES.slots), venues: some(VALUES.venues) };
    return { antenna, sector: null, answers, recordKey: Math.floor(random() * RECORD_KEY_RANGE) };
  });
}

// The oracle, written without the engine's bitsets.
const fits = (member: Respondent, question: string, value: string) => {
  const ticked = member.answers[question] as string[];
  return ticked.length === 0 || ticked.includes(value);
};
const releasedOf = (group: Respondent[], minGroupSize: number) =>
  releaseCount({ count: group.length, cellKey: cellKeyOf(group.map((member) => member.recordKey ?? 0)), minGroupSize });
const told = (group: Respondent[], minGroupSize: number) => group.length >= minGroupSize && releasedOf(group, minGroupSize) !== null;

type Meeting = { antenna: string | null; theme: string; format: string; slot: string; members: Respondent[] };

/** Every meeting whose figures can be told: each antenna's, and online ones open to all who accept meeting online. */
function feasibleMeetings(respondents: Respondent[], minGroupSize: number): Meeting[] {
  const meetings: Meeting[] = [];
  for (const antenna of [...VALUES.antenna, null]) {
    const local = respondents.filter((member) => (antenna === null ? fits(member, "venues", "online") : member.antenna === antenna));
    for (const theme of VALUES.themes) {
      const chosen = local.filter((member) => (member.answers.themes as string[]).includes(theme));
      for (const format of VALUES.formats) {
        const withFormat = chosen.filter((member) => fits(member, "formats", format));
        for (const slot of VALUES.slots) {
          const members = withFormat.filter((member) => fits(member, "slots", slot));
          if ([chosen, withFormat, members].every((group) => told(group, minGroupSize))) meetings.push({ antenna, theme, format, slot, members });
        }
      }
    }
  }
  return meetings;
}

/** The best reach of at most k of the meetings, by trying every choice. */
function bestReach(meetings: Meeting[], k: number): number {
  let best = 0;
  const visit = (start: number, reached: Set<Respondent>, left: number) => {
    best = Math.max(best, reached.size);
    if (left === 0) return;
    for (let i = start; i < meetings.length; i++) visit(i + 1, new Set([...reached, ...meetings[i]!.members]), left - 1);
  };
  visit(0, new Set(), k);
  return best;
}

describe("the programme against an exact solver", () => {
  it("chooses over every feasible meeting, adds at least the minimum group size each time, stops only when no meeting would, and keeps the bound it states", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 12, max: 60 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 3, max: 5 }), (seed, count, k, minGroupSize) => {
        const respondents = respondentsFrom(seed, count);
        const result = recommend({ questions: QUESTIONS, respondents, minGroupSize, k });
        if (result.suppressed) return;
        const meetings = feasibleMeetings(respondents, minGroupSize);
        const programme = result.programme;
        if (meetings.length === 0 || Math.max(...meetings.map((meeting) => meeting.members.length)) < minGroupSize) {
          expect(programme).toBeNull();
          return;
        }
        expect(programme).not.toBeNull();
        const chosen = programme!.proposals.map((proposal) => {
          const meeting = meetings.find((m) => m.antenna === proposal.antenna && m.theme === proposal.theme && m.format === proposal.format && m.slot === proposal.slot);
          expect(meeting, "each chosen meeting is a feasible one").toBeDefined();
          return meeting!;
        });
        const reached = new Set<Respondent>();
        for (const meeting of chosen) {
          const before = reached.size;
          for (const member of meeting.members) reached.add(member);
          expect(reached.size - before).toBeGreaterThanOrEqual(minGroupSize);
        }
        expect(programme!.reached).toBe(releasedOf([...reached], minGroupSize));
        const stopped = chosen.length < k;
        expect(programme!.bound.kind).toBe(stopped ? "stopped" : "greedy");
        if (stopped) for (const meeting of meetings) expect(meeting.members.filter((member) => !reached.has(member)).length).toBeLessThan(minGroupSize);
        const best = bestReach(meetings, k);
        expect(reached.size).toBeLessThanOrEqual(best);
        expect(reached.size).toBeGreaterThanOrEqual(programme!.bound.ratio * best - 1e-9);
        if (programme!.bound.kind === "stopped") expect(best).toBeLessThanOrEqual(programme!.bound.atMost);
      }),
      { numRuns: 120 },
    );
  });
});

describe("cross-cutting themes", () => {
  const template = templateSizedQuestions();

  it.each([1, 2, 3])("are never flagged on answers drawn at random, whole survey or antenna by antenna (seed %i, 35,000 members)", (seed) => {
    const respondents = generateRespondents({ ...template, count: 35_000, seed });
    for (const segment of [{}, { antenna: "bru" }, { antenna: "lie", sector: "sector-2" }]) {
      const result = recommend({ questions: template.questions, respondents, minGroupSize: 5, segment });
      if (result.suppressed) throw new Error("segment suppressed");
      expect(result.transversalThemes).toEqual([]);
    }
  });

  it("are flagged when one group really chooses two themes together", () => {
    const respondents = generateRespondents({ ...template, count: 7_000, seed: 9 });
    const random = mulberry32(5);
    // 80 members add both topic-2 and sector-7 to what they chose: a real link, as in a trade that needs a skill.
    for (const member of respondents.slice(0, 80)) {
      const themes = new Set(member.answers.themes as string[] | undefined);
      themes.add("topic-2");
      themes.add("sector-7");
      member.answers.themes = [...themes];
      member.recordKey = Math.floor(random() * RECORD_KEY_RANGE);
    }
    const result = recommend({ questions: template.questions, respondents, minGroupSize: 5 });
    if (result.suppressed) throw new Error("segment suppressed");
    expect(result.transversalThemes.map((pair) => [...pair.themes].sort())).toEqual([["sector-7", "topic-2"]]);
    expect(result.transversalThemes[0]!.pValue).toBeLessThan(0.05 / 300);
  });

  it("computes the hypergeometric tail exactly on small cases and stays a probability on large ones", () => {
    // 10 members, 4 chose one theme, 5 the other: P(X >= 3) = (C(4,3) C(6,2) + C(4,4) C(6,1)) / C(10,5) = (60 + 6) / 252.
    expect(hypergeometricUpperTail({ population: 10, successes: 4, draws: 5, observed: 3 })).toBeCloseTo(66 / 252, 12);
    expect(hypergeometricUpperTail({ population: 10, successes: 4, draws: 5, observed: 0 })).toBe(1);
    expect(hypergeometricUpperTail({ population: 10, successes: 4, draws: 5, observed: 5 })).toBe(0);
    // Around the mean of a large population the tail is about a half.
    const tail = hypergeometricUpperTail({ population: 1_000_000, successes: 100_000, draws: 100_000, observed: 10_000 });
    expect(tail).toBeGreaterThan(0.45);
    expect(tail).toBeLessThan(0.55);
    expect(lnFactorial(300)).toBeCloseTo(Array.from({ length: 300 }, (_, i) => Math.log(i + 1)).reduce((a, b) => a + b, 0), 8);
  });

  it("finds every tail from the mean down at least a half, so the engine may skip pairs seen no more than the mean", () => {
    // Exactly, with whole numbers: sum of C(s, x) C(N - s, d - x) for x >= floor(mean), against half of C(N, d).
    const choose = (n: number, k: number): bigint => {
      if (k < 0 || k > n) return 0n;
      let result = 1n;
      for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
      return result;
    };
    let checked = 0;
    for (let population = 1; population <= 40; population++) {
      for (let successes = 0; successes <= population; successes++) {
        for (let draws = 0; draws <= population; draws++) {
          const floorMean = Math.floor((successes * draws) / population);
          let tail = 0n;
          for (let x = floorMean; x <= Math.min(successes, draws); x++) tail += choose(successes, x) * choose(population - successes, draws - x);
          expect(2n * tail >= choose(population, draws)).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20_000);
  });
});
