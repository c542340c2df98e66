import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RECORD_KEY_RANGE, releaseCount } from "./cell-key";
import { decideSegment, effectiveMinGroupSize, protectCount, shareOf, withheld } from "./privacy";

const keyed = (count: number, keySum = 1234) => ({ count, keySum });

describe("decideSegment", () => {
  it.each([
    { case: "an empty view", count: 0 },
    { case: "a view of one member", count: 1 },
    { case: "a view of k-1 members", count: 4 },
  ])("refuses $case whole", ({ count }) => {
    expect(decideSegment({ respondents: keyed(count), minGroupSize: 5 })).toEqual({ allowed: false, reason: "segment_too_small" });
  });

  it("shows a view of at least k members with its released size, unless the adjustment takes it under k", () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 60 }), fc.integer({ min: 0, max: RECORD_KEY_RANGE - 1 }), (count, keySum) => {
        const decision = decideSegment({ respondents: { count, keySum }, minGroupSize: 5 });
        const released = releaseCount({ count, cellKey: keySum, minGroupSize: 5 });
        expect(decision).toEqual(released === null ? { allowed: false, reason: "segment_too_small" } : { allowed: true, n: released });
      }),
    );
  });

  it("never lets the threshold go below 3 and defaults it to 5", () => {
    expect(effectiveMinGroupSize({ minGroupSize: 1 })).toBe(3);
    expect(effectiveMinGroupSize({ minGroupSize: null })).toBe(5);
    expect(effectiveMinGroupSize({ minGroupSize: 8 })).toBe(8);
  });
});

describe("protectCount", () => {
  it("releases zero as zero, a small count as fewer than k, a larger one adjusted", () => {
    expect(protectCount({ value: "a", count: keyed(0), minGroupSize: 5 })).toEqual({ value: "a", count: 0 });
    expect(protectCount({ value: "b", count: keyed(3), minGroupSize: 5 })).toEqual({ value: "b", count: null, lessThan: 5 });
    const large = protectCount({ value: "c", count: keyed(40), minGroupSize: 5 });
    expect(large.count).toBe(releaseCount({ count: 40, cellKey: 1234, minGroupSize: 5 }));
  });

  it("withholds every count of a question whose own figure is withheld, zeros kept", () => {
    expect(withheld([{ value: "a", count: 0 }, { value: "b", count: 6 }, { value: "c", count: null, lessThan: 5 }], 5)).toEqual([
      { value: "a", count: 0 },
      { value: "b", count: null, lessThan: 5 },
      { value: "c", count: null, lessThan: 5 },
    ]);
  });
});

describe("shareOf", () => {
  it("never exceeds 100 % when an option's adjusted count passes the question's", () => {
    expect(shareOf(12, 10)).toBe(1);
    expect(shareOf(5, 10)).toBe(0.5);
    expect(shareOf(null, 10)).toBeNull();
    expect(shareOf(3, null)).toBeNull();
  });
});
