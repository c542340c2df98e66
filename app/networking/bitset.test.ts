import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMember, countBoth, countMembers, countNew, emptyBitset, fullBitset, hasMember, intersect, uniteInto } from "./bitset";

describe("respondent bitsets", () => {
  it("count the members of intersections and unions as sets of numbers do", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.array(fc.nat()), fc.array(fc.nat()), (size, left, right) => {
        const a = new Set(left.map((i) => i % size));
        const b = new Set(right.map((i) => i % size));
        const bitsA = emptyBitset(size);
        const bitsB = emptyBitset(size);
        a.forEach((i) => addMember(bitsA, i));
        b.forEach((i) => addMember(bitsB, i));
        const both = [...a].filter((i) => b.has(i)).length;
        expect(countMembers(bitsA)).toBe(a.size);
        expect(countBoth(bitsA, bitsB)).toBe(both);
        expect(countMembers(intersect(bitsA, bitsB))).toBe(both);
        expect(countNew(bitsA, bitsB)).toBe(b.size - both);
        const union = bitsA.slice();
        expect(uniteInto(union, bitsB)).toBe(b.size - both);
        expect(countMembers(union)).toBe(new Set([...a, ...b]).size);
        expect([...b].every((i) => hasMember(union, i))).toBe(true);
      }),
    );
  });

  it("hold exactly the respondents in a full set, whatever the size", () => {
    for (const size of [0, 1, 31, 32, 33, 64, 1000]) expect(countMembers(fullBitset(size))).toBe(size);
  });
});
