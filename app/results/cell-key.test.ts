import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adjustment, cellKeyOf, MAX_ADJUSTMENT, PERTURBATION, RECORD_KEY_RANGE, releaseCount } from "./cell-key";

const key = fc.integer({ min: 0, max: RECORD_KEY_RANGE - 1 });

describe("the perturbation table", () => {
  it("adds up to 1, has mean 0 and adjusts by at most 2", () => {
    expect(PERTURBATION.reduce((sum, row) => sum + row.probability, 0)).toBeCloseTo(1, 12);
    expect(PERTURBATION.reduce((sum, row) => sum + row.probability * row.adjustment, 0)).toBeCloseTo(0, 12);
    expect(Math.max(...PERTURBATION.map((row) => Math.abs(row.adjustment)))).toBe(MAX_ADJUSTMENT);
  });

  it("is what the adjustments follow over every cell key of a count", () => {
    for (const count of [5, 6, 37, 1000]) {
      const seen = new Map<number, number>();
      for (let cellKey = 0; cellKey < RECORD_KEY_RANGE; cellKey++) {
        const d = adjustment({ count, cellKey });
        seen.set(d, (seen.get(d) ?? 0) + 1);
      }
      for (const { adjustment: d, probability } of PERTURBATION) {
        // 65,536 keys: a binomial standard deviation under 0.2 %; 1 % is far outside chance.
        expect(Math.abs((seen.get(d) ?? 0) / RECORD_KEY_RANGE - probability)).toBeLessThan(0.01);
      }
    }
  });

  it("gives two counts with the same cell key unrelated adjustments", () => {
    let same = 0;
    for (let cellKey = 0; cellKey < 20_000; cellKey++) if (adjustment({ count: 40, cellKey }) === adjustment({ count: 41, cellKey })) same++;
    // Independent draws agree with probability sum(p²) = 0.215.
    expect(same / 20_000).toBeGreaterThan(0.19);
    expect(same / 20_000).toBeLessThan(0.24);
  });
});

describe("releaseCount", () => {
  it("keeps zero as zero and never releases 1..k-1", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), key, fc.integer({ min: 3, max: 12 }), (count, cellKey, minGroupSize) => {
        const released = releaseCount({ count, cellKey, minGroupSize });
        if (count === 0) expect(released).toBe(0);
        if (released !== null && released !== 0) expect(released).toBeGreaterThanOrEqual(minGroupSize);
        if (count > 0) expect(released).not.toBe(0);
      }),
    );
  });

  it("says 'fewer than k' for every true count under k, whatever the key", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), key, (count, cellKey) => {
        expect(releaseCount({ count, cellKey, minGroupSize: 5 })).toBeNull();
      }),
    );
  });

  it("moves a count by at most 2 and gives the same figure for the same count and key", () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 10_000 }), key, (count, cellKey) => {
        const released = releaseCount({ count, cellKey, minGroupSize: 5 });
        expect(releaseCount({ count, cellKey, minGroupSize: 5 })).toBe(released);
        if (released !== null) expect(Math.abs(released - count)).toBeLessThanOrEqual(2);
        else expect(count).toBeLessThanOrEqual(6);
      }),
    );
  });

  it("keeps totals usable: over many groups of 100 the adjustments average out to nothing", () => {
    let sum = 0;
    for (let cellKey = 0; cellKey < RECORD_KEY_RANGE; cellKey += 7) sum += releaseCount({ count: 100, cellKey, minGroupSize: 5 })! - 100;
    expect(Math.abs(sum / (RECORD_KEY_RANGE / 7))).toBeLessThan(0.05);
  });
});

describe("cellKeyOf", () => {
  it("is the sum of the record keys modulo the range, so a union's key is the sum of its parts'", () => {
    fc.assert(
      fc.property(fc.array(key), fc.array(key), (a, b) => {
        expect(cellKeyOf([...a, ...b])).toBe((cellKeyOf(a) + cellKeyOf(b)) % RECORD_KEY_RANGE);
        expect(cellKeyOf(a)).toBeGreaterThanOrEqual(0);
        expect(cellKeyOf(a)).toBeLessThan(RECORD_KEY_RANGE);
      }),
    );
  });
});
