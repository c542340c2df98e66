import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMember, type Bitset, countMembers, emptyBitset, uniteInto } from "./bitset";
import { greedyCoverage, greedyRatio } from "./coverage";

function setOf(size: number, members: number[]): Bitset {
  const bits = emptyBitset(size);
  for (const member of members) addMember(bits, member);
  return bits;
}

/** The exact optimum, trying every combination of at most k sets. */
function bruteForceCoverage(sets: Bitset[], k: number, size: number): number {
  let best = 0;
  const visit = (start: number, union: Bitset, left: number) => {
    best = Math.max(best, countMembers(union));
    if (left === 0) return;
    for (let i = start; i < sets.length; i++) {
      const next = union.slice();
      uniteInto(next, sets[i]!);
      visit(i + 1, next, left - 1);
    }
  };
  visit(0, emptyBitset(size), k);
  return best;
}

const SIZE = 40;
const smallSets = fc.array(fc.uniqueArray(fc.integer({ min: 0, max: SIZE - 1 }), { maxLength: 20 }), { minLength: 1, maxLength: 8 });

describe("greedy maximum coverage", () => {
  it("finds the best programme of these classic cases, and the (1 - 1/e) worst case on the other", () => {
    // Disjoint sets: greedy takes the largest ones, which is optimal.
    const disjoint = [setOf(SIZE, [0, 1, 2]), setOf(SIZE, [3, 4, 5, 6]), setOf(SIZE, [7, 8])];
    expect(greedyCoverage(disjoint, 2, SIZE)).toMatchObject({ chosen: [1, 0], reached: 7 });
    expect(bruteForceCoverage(disjoint, 2, SIZE)).toBe(7);
    // The textbook trap: a large set across two halves tempts greedy away from the two halves.
    const trap = [setOf(SIZE, [0, 1, 2, 3, 4, 5]), setOf(SIZE, [0, 1, 2, 6]), setOf(SIZE, [3, 4, 5, 7])];
    expect(greedyCoverage(trap, 2, SIZE).reached).toBe(7);
    expect(bruteForceCoverage(trap, 2, SIZE)).toBe(8);
  });

  it("reaches at least 1 - (1 - 1/k)^k of the brute-force optimum on random small inputs", () => {
    fc.assert(
      fc.property(smallSets, fc.integer({ min: 1, max: 4 }), (members, k) => {
        const sets = members.map((list) => setOf(SIZE, list));
        const greedy = greedyCoverage(sets, k, SIZE);
        const best = bruteForceCoverage(sets, k, SIZE);
        expect(greedy.reached).toBe(countMembers(greedy.union));
        expect(greedy.reached).toBeLessThanOrEqual(best);
        expect(greedy.reached).toBeGreaterThanOrEqual(Math.ceil(greedyRatio(k) * best - 1e-9));
      }),
      { numRuns: 300 },
    );
  });

  it("with a minimum gain, adds only sets bringing that many new people and stays within k * (gain - 1) of the optimum", () => {
    fc.assert(
      fc.property(smallSets, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 3, max: 6 }), (members, k, minGain) => {
        const sets = members.map((list) => setOf(SIZE, list));
        const greedy = greedyCoverage(sets, k, SIZE, minGain);
        const best = bruteForceCoverage(sets, k, SIZE);
        const union = emptyBitset(SIZE);
        for (const chosen of greedy.chosen) expect(uniteInto(union, sets[chosen]!)).toBeGreaterThanOrEqual(minGain);
        expect(greedy.reached).toBeGreaterThanOrEqual(Math.min(Math.ceil(greedyRatio(k) * best - 1e-9), best - k * (minGain - 1)));
      }),
      { numRuns: 300 },
    );
  });
});
