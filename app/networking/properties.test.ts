import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recommend } from "./engine";
import { SAMPLE_ANTENNAS, SAMPLE_QUESTIONS, SAMPLE_SECTORS } from "./sample-survey";
import { generateRespondents } from "./synthetic";

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
});

type Input = { seed: number; count: number; minGroupSize: number; k: number; antenna?: string; sector?: string; planted: number };

function run({ seed, count, minGroupSize, k, antenna, sector, planted }: Input) {
  const group = { antenna: "lie", theme: "music", format: "afterwork", slot: "weekend", venue: "online", size: Math.min(planted, count) };
  const respondents = generateRespondents({ questions: SAMPLE_QUESTIONS, antennas: SAMPLE_ANTENNAS, sectors: SAMPLE_SECTORS, count, seed, planted: [group] });
  const segment = { ...(antenna && { antenna }), ...(sector && { sector }) };
  return { respondents, result: recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize, k, segment }) };
}

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

  it("sort proposals by participants, never above the theme's count, and reach no more than the segment", () => {
    fc.assert(
      fc.property(survey, (input) => {
        const { result } = run(input);
        if (result.suppressed) return;
        const participants = result.proposals.map((proposal) => proposal.participants);
        expect(participants).toEqual([...participants].sort((a, b) => b - a));
        for (const proposal of result.proposals) {
          const chain = proposal.reasons.flatMap((reason) => (typeof reason.params.count === "number" ? [reason.params.count] : []));
          expect(chain).toEqual([...chain].sort((a, b) => b - a));
          expect(chain.at(-1)).toBe(proposal.participants);
        }
        const programme = result.programme;
        if (programme?.reached != null) {
          expect(programme.reached).toBeLessThanOrEqual(result.n);
          expect(programme.reached).toBeGreaterThanOrEqual(Math.max(0, ...programme.proposals.map((proposal) => proposal.participants)));
          expect(programme.proposals.length).toBeLessThanOrEqual(input.k);
        }
      }),
      { numRuns: 100 },
    );
  });
});
