import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMember, type Bitset, countMembers, countNew, emptyBitset, uniteInto } from "./bitset";
import { greedyCover, greedyRatio } from "./coverage";

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

type Node = { members: Bitset; leaf: number | null; children: Node[] };

/**
 * Greedy over the sets, laid out as a tree: the sets are leaves, gathered
 * under parents holding their union (a true bound on what any leaf under it adds).
 */
function cover(sets: Bitset[], k: number, size: number, { minGain = 1, fanOut = 1, infeasible = [] as number[] } = {}) {
  const union = emptyBitset(size);
  const leaves: Node[] = sets.map((members, i) => ({ members, leaf: i, children: [] }));
  const roots: Node[] = [];
  for (let i = 0; i < leaves.length; i += fanOut) {
    const children = leaves.slice(i, i + fanOut);
    if (fanOut === 1) roots.push(children[0]!);
    else {
      const members = emptyBitset(size);
      for (const child of children) uniteInto(members, child.members);
      roots.push({ members, leaf: null, children });
    }
  }
  const result = greedyCover<Node>(
    {
      roots,
      gain: (node) => countNew(union, node.members),
      children: (node) => (node.leaf === null ? node.children : null),
      feasible: (node) => !infeasible.includes(node.leaf!),
      take: (node) => void uniteInto(union, node.members),
    },
    k,
    minGain,
  );
  return { chosen: result.chosen.map((node) => node.leaf!), gains: result.gains, stopped: result.stopped, reached: countMembers(union), union };
}

const SIZE = 40;
const smallSets = fc.array(fc.uniqueArray(fc.integer({ min: 0, max: SIZE - 1 }), { maxLength: 20 }), { minLength: 1, maxLength: 8 });

describe("greedy maximum coverage", () => {
  it("finds the best programme of these classic cases, and the (1 - 1/e) worst case on the other", () => {
    // Disjoint sets: greedy takes the largest ones, which is optimal.
    const disjoint = [setOf(SIZE, [0, 1, 2]), setOf(SIZE, [3, 4, 5, 6]), setOf(SIZE, [7, 8])];
    expect(cover(disjoint, 2, SIZE)).toMatchObject({ chosen: [1, 0], reached: 7, stopped: false });
    expect(bruteForceCoverage(disjoint, 2, SIZE)).toBe(7);
    // The textbook trap: a large set across two halves tempts greedy away from the two halves.
    const trap = [setOf(SIZE, [0, 1, 2, 3, 4, 5]), setOf(SIZE, [0, 1, 2, 6]), setOf(SIZE, [3, 4, 5, 7])];
    expect(cover(trap, 2, SIZE).reached).toBe(7);
    expect(bruteForceCoverage(trap, 2, SIZE)).toBe(8);
  });

  it("reaches at least 1 - (1 - 1/k)^k of the brute-force optimum on random small inputs, flat or gathered under bounding parents", () => {
    fc.assert(
      fc.property(smallSets, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), (members, k, fanOut) => {
        const sets = members.map((list) => setOf(SIZE, list));
        const greedy = cover(sets, k, SIZE, { fanOut });
        const best = bruteForceCoverage(sets, k, SIZE);
        expect(greedy.reached).toBeLessThanOrEqual(best);
        expect(greedy.reached).toBeGreaterThanOrEqual(Math.ceil(greedyRatio(k, greedy.chosen.length) * best - 1e-9));
        // Each step took a set adding the most: no set left would have added more at that step.
        const union = emptyBitset(SIZE);
        greedy.chosen.forEach((chosen, step) => {
          for (const set of sets) expect(countNew(union, set)).toBeLessThanOrEqual(greedy.gains[step]!);
          expect(uniteInto(union, sets[chosen]!)).toBe(greedy.gains[step]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("with a minimum gain, adds only sets bringing that many new people, stops only when none would, and stays within k (gain - 1) of the optimum", () => {
    fc.assert(
      fc.property(smallSets, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 3, max: 6 }), fc.integer({ min: 1, max: 3 }), (members, k, minGain, fanOut) => {
        const sets = members.map((list) => setOf(SIZE, list));
        const greedy = cover(sets, k, SIZE, { minGain, fanOut });
        const best = bruteForceCoverage(sets, k, SIZE);
        for (const gain of greedy.gains) expect(gain).toBeGreaterThanOrEqual(minGain);
        if (greedy.stopped) {
          for (const set of sets) expect(countNew(greedy.union, set)).toBeLessThan(minGain);
          expect(best).toBeLessThanOrEqual(greedy.reached + k * (minGain - 1));
        }
        expect(greedy.reached).toBeGreaterThanOrEqual(Math.ceil(greedyRatio(k, greedy.chosen.length) * best - 1e-9));
      }),
      { numRuns: 300 },
    );
  });

  it("passes over a meeting that cannot be proposed and takes the next best", () => {
    const sets = [setOf(SIZE, [0, 1, 2, 3, 4, 5]), setOf(SIZE, [0, 1, 2, 6]), setOf(SIZE, [10, 11])];
    expect(cover(sets, 2, SIZE, { infeasible: [0], fanOut: 2 })).toMatchObject({ chosen: [1, 2], reached: 6 });
  });

  it("states the bound after j of k picks: 1 - (1 - 1/k)^j", () => {
    expect(greedyRatio(1)).toBe(1);
    expect(greedyRatio(3)).toBeCloseTo(19 / 27, 12);
    expect(greedyRatio(3, 1)).toBeCloseTo(1 / 3, 12);
    expect(greedyRatio(100)).toBeGreaterThan(1 - 1 / Math.E);
  });
});
