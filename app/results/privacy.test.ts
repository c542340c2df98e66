import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideSegment, effectiveMinGroupSize, mayShowFreeText, protectCounts, protectPartition } from "./privacy";

const k = 5;
const counts = (entries: Record<string, number>) => Object.entries(entries).map(([value, count]) => ({ value, count }));

describe("decideSegment", () => {
  it.each([
    { case: "a segment of minGroupSize respondents with no ancestor", n: 5, related: [], expected: { allowed: true } },
    { case: "a segment smaller than minGroupSize", n: 4, related: [], expected: { allowed: false, reason: "segment_too_small" } },
    { case: "an empty segment", n: 0, related: [], expected: { allowed: false, reason: "segment_too_small" } },
    { case: "a segment whose parent has 1 to 4 more respondents", n: 20, related: [23], expected: { allowed: false, reason: "complement_too_small" } },
    { case: "a segment equal to its parent (nothing to subtract)", n: 20, related: [20], expected: { allowed: true } },
    { case: "a segment whose parent has exactly minGroupSize more", n: 20, related: [25], expected: { allowed: true } },
    { case: "a segment fine against one parent but not the grandparent", n: 20, related: [20, 20, 22], expected: { allowed: false, reason: "complement_too_small" } },
  ])("answers $expected.allowed for $case", ({ n, related, expected }) => {
    expect(decideSegment({ n, related, minGroupSize: k })).toEqual(expected);
  });

  it("never lets the threshold go below 3 and defaults it to 5", () => {
    expect(effectiveMinGroupSize({ minGroupSize: 1 })).toBe(3);
    expect(effectiveMinGroupSize({ minGroupSize: null })).toBe(5);
    expect(effectiveMinGroupSize({ minGroupSize: 8 })).toBe(8);
  });
});

describe("protectCounts", () => {
  it("reports a count below the threshold as fewer than minGroupSize, and shows zero and larger counts", () => {
    expect(protectCounts({ counts: counts({ a: 0, b: 1, c: 4, d: 5, e: 40 }), minGroupSize: k })).toEqual([
      { value: "a", count: 0 },
      { value: "b", count: null, lessThan: 5 },
      { value: "c", count: null, lessThan: 5 },
      { value: "d", count: 5 },
      { value: "e", count: 40 },
    ]);
  });

  it("hides a count that differs from the same cell of a related view by 1 to minGroupSize-1", () => {
    const parent = new Map([["a", 12], ["b", 30], ["c", 3]]);
    expect(protectCounts({ counts: counts({ a: 10, b: 10, c: 0 }), relatedCounts: [parent], minGroupSize: k })).toEqual([
      { value: "a", count: null, hidden: "difference" },
      { value: "b", count: 10 },
      { value: "c", count: null, hidden: "difference" },
    ]);
  });
});

describe("protectPartition", () => {
  it("hides a second count when a single hidden one could be read as n minus the others", () => {
    const { options, total } = protectPartition({ counts: counts({ yes: 14, no: 2, maybe: 9 }), total: 25, minGroupSize: k });
    expect(total).toBe(25);
    expect(options).toEqual([
      { value: "yes", count: 14 },
      { value: "no", count: null, lessThan: 5 },
      { value: "maybe", count: null, hidden: "complement" },
    ]);
  });

  it("hides the total when nothing else could keep the hidden count company", () => {
    expect(protectPartition({ counts: counts({ yes: 3 }), total: 9, minGroupSize: k }).total).toBeNull();
  });

  it("leaves two or more hidden counts alone", () => {
    const { options } = protectPartition({ counts: counts({ a: 2, b: 3, c: 20 }), total: 25, minGroupSize: k });
    expect(options.map((option) => option.count)).toEqual([null, null, 20]);
  });
});

describe("mayShowFreeText", () => {
  it("shows free text only in an allowed segment with at least minGroupSize writers and no small rest", () => {
    const allowed = { allowed: true } as const;
    expect(mayShowFreeText({ decision: allowed, answered: 5, minGroupSize: k })).toBe(true);
    expect(mayShowFreeText({ decision: allowed, answered: 4, minGroupSize: k })).toBe(false);
    expect(mayShowFreeText({ decision: allowed, answered: 6, relatedAnswered: [8], minGroupSize: k })).toBe(false);
    expect(mayShowFreeText({ decision: { allowed: false, reason: "segment_too_small" }, answered: 9, minGroupSize: k })).toBe(false);
  });
});

describe("privacy properties", () => {
  it("never lets an allowed segment differ from any related view by a small number", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 10 }), fc.nat(60), fc.array(fc.nat(40), { maxLength: 4 }), (minGroupSize, n, extras) => {
        const related = extras.map((extra) => n + extra);
        const decision = decideSegment({ n, related, minGroupSize });
        if (!decision.allowed) return;
        expect(n).toBeGreaterThanOrEqual(minGroupSize);
        for (const other of related) expect(other - n === 0 || other - n >= minGroupSize).toBe(true);
      }),
    );
  });

  it("never shows a count that is small or that a related view's count would turn into a small difference", () => {
    const cells = fc.dictionary(fc.constantFrom("a", "b", "c", "d"), fc.nat(30), { minKeys: 1 });
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 8 }), cells, fc.array(fc.nat(10), { maxLength: 3 }), (minGroupSize, cell, bumps) => {
        const related = bumps.map((bump, i) => new Map(Object.entries(cell).map(([value, count], j) => [value, count + ((bump + i + j) % 2 ? bump : 0)])));
        const shown = protectCounts({ counts: counts(cell), relatedCounts: related, minGroupSize });
        for (const option of shown) {
          if (option.count === null) continue;
          expect(option.count === 0 || option.count >= minGroupSize).toBe(true);
          for (const other of related) {
            const difference = (other.get(option.value) ?? 0) - option.count;
            expect(difference === 0 || difference >= minGroupSize).toBe(true);
          }
        }
      }),
    );
  });

  it("never leaves exactly one hidden count in a partition whose total is shown", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 8 }), fc.array(fc.nat(20), { minLength: 1, maxLength: 6 }), (minGroupSize, values) => {
        const cell = values.map((count, i) => ({ value: `v${i}`, count }));
        const total = values.reduce((a, b) => a + b, 0);
        const result = protectPartition({ counts: cell, total, minGroupSize });
        const hidden = result.options.filter((option) => option.count === null).length;
        if (result.total !== null) expect(hidden).not.toBe(1);
      }),
    );
  });
});
