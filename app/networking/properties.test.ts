import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cellKeyOf, MAX_ADJUSTMENT, RECORD_KEY_RANGE, releaseCount } from "~/results/cell-key";
import { recommend } from "./engine";
import { SAMPLE_ANTENNAS, SAMPLE_QUESTIONS, SAMPLE_SECTORS } from "./sample-survey";
import { generateRespondents, mulberry32 } from "./synthetic";
import type { Respondent, Segment } from "./types";

// Fields that count people; everything else numeric is a share, a lift, a percent or a setting.
const COUNT_FIELDS = new Set(["count", "participants", "reached", "offers", "needs", "together", "n"]);

/** Every count of people anywhere in the output, reasons' params included. */
function countsIn(value: unknown, found: number[] = []): number[] {
  if (Array.isArray(value)) value.forEach((item) => countsIn(item, found));
  else if (value && typeof value === "object") {
    for (const [key, field] of Object.entries(value)) {
      if (COUNT_FIELDS.has(key) && typeof field === "number") found.push(field);
      else countsIn(field, found);
    }
  }
  return found;
}

const survey = fc.record({
  seed: fc.integer(),
  count: fc.integer({ min: 0, max: 150 }),
  minGroupSize: fc.integer({ min: 3, max: 8 }),
  k: fc.integer({ min: 1, max: 4 }),
  antenna: fc.option(fc.constantFrom(...SAMPLE_ANTENNAS), { nil: undefined }),
  sector: fc.option(fc.constantFrom(...SAMPLE_SECTORS), { nil: undefined }),
  planted: fc.integer({ min: 0, max: 12 }),
  // Record keys as the database draws them, or none at all (key 0), as a pure caller gives.
  keySeed: fc.option(fc.integer(), { nil: undefined }),
});

type Input = { seed: number; count: number; minGroupSize: number; k: number; antenna?: string; sector?: string; planted: number; keySeed?: number };

function run({ seed, count, minGroupSize, k, antenna, sector, planted, keySeed }: Input) {
  const group = { antenna: "lie", theme: "music", format: "afterwork", slot: "weekend", venue: "online", size: Math.min(planted, count) };
  const generated = generateRespondents({ questions: SAMPLE_QUESTIONS, antennas: SAMPLE_ANTENNAS, sectors: SAMPLE_SECTORS, count, seed, planted: [group] });
  const random = keySeed === undefined ? null : mulberry32(keySeed);
  const respondents = random ? generated.map((respondent) => ({ ...respondent, recordKey: Math.floor(random() * RECORD_KEY_RANGE) })) : generated;
  const segment: Segment = { ...(antenna && { antenna }), ...(sector && { sector }) };
  return { respondents, segment, result: recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize, k, segment }) };
}

// The oracle: plain filters over the respondents, and the cell key method applied to what they select.
const inSegment = (respondents: Respondent[], segment: Segment) =>
  respondents.filter((r) => (segment.antenna === undefined || r.antenna === segment.antenna) && (segment.sector === undefined || r.sector === segment.sector));
const choosing = (group: Respondent[], question: string, value: string) => group.filter((r) => [r.answers[question]].flat().includes(value));
/** Those the value suits: they ticked it, or ticked none of the question's values (no preference). */
const fitting = (group: Respondent[], question: string, value: string, values: string[]) =>
  group.filter((r) => {
    const ticked = [r.answers[question]].flat().filter((answer) => values.includes(answer as string));
    return ticked.length === 0 || ticked.includes(value);
  });
const releasedOf = (group: Respondent[], minGroupSize: number) =>
  releaseCount({ count: group.length, cellKey: cellKeyOf(group.map((r) => r.recordKey ?? 0)), minGroupSize });

/** Who may come to a proposal: its antenna's members of the segment, or for a meeting online those of the segment it suits. */
const localOf = (members: Respondent[], proposal: { antenna: string | null }) =>
  proposal.antenna === null ? fitting(members, "places", "online", valuesOf("preference.venue")) : inSegment(members, { antenna: proposal.antenna });

/** The groups a proposal's reasons count, in their order: the theme, then each condition it fits. */
function chainOf(local: Respondent[], proposal: { theme: string; format: string | null; slot: string | null }): Respondent[][] {
  const chain = [choosing(local, "topics", proposal.theme)];
  for (const [question, role, value] of [
    ["kinds", "preference.format", proposal.format],
    ["times", "availability.slot", proposal.slot],
  ] as const) {
    if (value !== null) chain.push(fitting(chain.at(-1)!, question, value, valuesOf(role)));
  }
  return chain;
}

/** A released figure keeps zero, hides 1..k-1, and moves a count by at most MAX_ADJUSTMENT. */
function expectReleasedFrom(figure: number | null, count: number, minGroupSize: number) {
  if (figure === null) return;
  if (count === 0) expect(figure).toBe(0);
  else {
    expect(count).toBeGreaterThanOrEqual(minGroupSize);
    expect(figure).toBeGreaterThanOrEqual(minGroupSize);
    expect(Math.abs(figure - count)).toBeLessThanOrEqual(MAX_ADJUSTMENT);
  }
}

const THEMES = SAMPLE_QUESTIONS.find((question) => question.role === "interest.theme")!.choices.map((choice) => choice.value);
const valuesOf = (role: string) => SAMPLE_QUESTIONS.find((question) => question.role === role)!.choices.map((choice) => choice.value);

describe("recommendation properties", () => {
  it("never output a count of people between 1 and the minimum group size minus one", () => {
    fc.assert(
      fc.property(survey, (input) => {
        const { result } = run(input);
        for (const count of countsIn(result)) expect(count === 0 || count >= input.minGroupSize).toBe(true);
        if (result.suppressed) expect(countsIn(result)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("give the same output for the same input", () => {
    fc.assert(
      fc.property(survey, (input) => {
        expect(run(input).result).toEqual(run(input).result);
      }),
      { numRuns: 50 },
    );
  });

  it("release every figure from the members it counts: the segment, its themes, each step of a proposal, a programme's reach, offers, needs and pairs", () => {
    fc.assert(
      fc.property(survey, (input) => {
        const { respondents, segment, result } = run(input);
        const { minGroupSize } = input;
        const members = inSegment(respondents, segment);
        const size = releasedOf(members, minGroupSize);
        // A segment is refused when it is fewer than k, or when its released size is.
        expect(result.suppressed).toBe(members.length < minGroupSize || size === null);
        if (result.suppressed) return;
        expect(result.n).toBe(size);
        expectReleasedFrom(result.n, members.length, minGroupSize);

        for (const theme of THEMES) {
          const group = choosing(members, "topics", theme);
          const figure = result.themes.find((candidate) => candidate.theme === theme)!;
          expect(figure.count).toBe(releasedOf(group, minGroupSize));
          if (figure.count === null) expect(figure).toEqual({ theme, count: null, lessThan: minGroupSize });
          expectReleasedFrom(figure.count, group.length, minGroupSize);
        }

        for (const proposal of result.proposals) {
          const local = localOf(members, proposal);
          const chain = chainOf(local, proposal);
          const participants = chain.at(-1)!;
          const counts = proposal.reasons.flatMap((reason) => (typeof reason.params.count === "number" ? [reason.params.count] : []));
          // Every step is told, released from exactly its members; the exact counts only ever shrink along the chain.
          const told = proposal.antenna === null || proposal.venue === null ? chain : [...chain, fitting(participants, "places", proposal.venue, valuesOf("preference.venue"))];
          expect(counts).toEqual(told.map((group) => releasedOf(group, minGroupSize)));
          told.forEach((group, i) => expectReleasedFrom(counts[i]!, group.length, minGroupSize));
          const exact = chain.map((group) => group.length);
          expect(exact).toEqual([...exact].sort((a, b) => b - a));
          expect(proposal.participants).toBe(releasedOf(participants, minGroupSize));
          expect(proposal.share).toBeLessThanOrEqual(1);
          expect(proposal.turnout.low).toBeLessThanOrEqual(proposal.turnout.high);
          expect(proposal.turnout.high).toBeLessThanOrEqual(proposal.participants);
          if (proposal.alternatives.slot) {
            const other = chainOf(local, { ...proposal, slot: proposal.alternatives.slot.value }).at(-1)!;
            expect(proposal.alternatives.slot.participants).toBe(releasedOf(other, minGroupSize));
            expect(other.length).toBeLessThanOrEqual(participants.length);
          }
        }

        const programme = result.programme;
        if (programme) {
          expect(programme.proposals.length).toBeLessThanOrEqual(input.k);
          const union = [...new Set(programme.proposals.flatMap((proposal) => chainOf(localOf(members, proposal), proposal).at(-1)!))];
          expect(programme.reached).toBe(releasedOf(union, minGroupSize));
          expect(union.length).toBeLessThanOrEqual(members.length);
          expectReleasedFrom(programme.reached, union.length, minGroupSize);
          if (programme.share !== null) expect(programme.share).toBeLessThanOrEqual(1);
        }

        for (const meeting of result.partnerMeetings) {
          const local = meeting.antenna === null ? members : inSegment(members, { antenna: meeting.antenna });
          const offering = choosing(local, "gives", meeting.skill);
          const seeking = choosing(local, "seeks", meeting.skill).filter((member) => !offering.includes(member));
          expect(meeting.offers).toBe(releasedOf(offering, minGroupSize));
          expect(meeting.needs).toBe(releasedOf(seeking, minGroupSize));
          expectReleasedFrom(meeting.offers, offering.length, minGroupSize);
          expectReleasedFrom(meeting.needs, seeking.length, minGroupSize);
        }

        for (const pair of result.transversalThemes) {
          const both = choosing(choosing(members, "topics", pair.themes[0]), "topics", pair.themes[1]);
          expect(pair.together).toBe(releasedOf(both, minGroupSize));
          expectReleasedFrom(pair.together, both.length, minGroupSize);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("propose in each antenna, for a theme, the format and slot fitting the most of its members among those whose every count can be told, and the place most of them accept", () => {
    const [formats, slots, venues] = [valuesOf("preference.format"), valuesOf("availability.slot"), valuesOf("preference.venue")];
    fc.assert(
      fc.property(survey, (input) => {
        const { respondents, segment, result } = run(input);
        if (result.suppressed) return;
        const { minGroupSize } = input;
        const members = inSegment(respondents, segment);
        const told = (group: Respondent[]) => group.length >= minGroupSize && releasedOf(group, minGroupSize) !== null;
        for (const proposal of result.proposals) {
          const local = localOf(members, proposal);
          // Brute force over every combination, where the engine searches by branch and bound.
          let best = 0;
          for (const format of formats) {
            for (const slot of slots) {
              const chain = chainOf(local, { theme: proposal.theme, format, slot });
              if (chain.every(told)) best = Math.max(best, chain.at(-1)!.length);
            }
          }
          const participants = chainOf(local, proposal).at(-1)!;
          expect(participants.length).toBe(best);
          if (proposal.antenna === null) {
            expect(proposal.venue).toBe("online");
            continue;
          }
          const accepting = (venue: string) => fitting(participants, "places", venue, venues);
          const tellable = venues.filter((venue) => told(accepting(venue)));
          if (proposal.venue === null) expect(tellable).toEqual([]);
          else expect(accepting(proposal.venue).length).toBe(Math.max(...tellable.map((venue) => accepting(venue).length)));
        }
        // With an antenna filter, every theme that has a meeting to tell gets one.
        if (segment.antenna !== undefined) {
          for (const theme of THEMES) {
            const figure = result.themes.find((candidate) => candidate.theme === theme)!;
            const local = inSegment(members, { antenna: segment.antenna });
            const any = figure.count !== null && formats.some((format) => slots.some((slot) => chainOf(local, { theme, format, slot }).every(told)));
            expect(result.proposals.some((proposal) => proposal.theme === theme)).toBe(any);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("sort proposals by participants, one per theme and antenna", () => {
    fc.assert(
      fc.property(survey, (input) => {
        const { result } = run(input);
        if (result.suppressed) return;
        const participants = result.proposals.map((proposal) => proposal.participants);
        expect(participants).toEqual([...participants].sort((a, b) => b - a));
        const keys = result.proposals.map((proposal) => `${proposal.antenna}/${proposal.theme}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 100 },
    );
  });
});
