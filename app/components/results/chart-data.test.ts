import { describe, expect, it } from "vitest";
import { byCount, percentAxisMax, sortedBy } from "./chart-data";

describe("byCount", () => {
  it("puts the largest count first and withheld figures last, ties in the survey's order", () => {
    const options = [
      { value: "a", count: 5 },
      { value: "b", count: null },
      { value: "c", count: 12 },
      { value: "d", count: 0 },
      { value: "e", count: 5 },
      { value: "f", count: null },
    ];
    expect(byCount(options).map((option) => option.value)).toEqual(["c", "a", "e", "d", "b", "f"]);
    // The question's own order is left alone.
    expect(options.map((option) => option.value)).toEqual(["a", "b", "c", "d", "e", "f"]);
  });
});

describe("sortedBy", () => {
  it("puts the smallest first when asked (a mean rank: 1 is first), unknown figures last", () => {
    const ranks = [{ value: "a", meanRank: 2.5 }, { value: "b", meanRank: null }, { value: "c", meanRank: 1.2 }];
    expect(sortedBy(ranks, (rank) => rank.meanRank, "smallest").map((rank) => rank.value)).toEqual(["c", "a", "b"]);
  });
});

describe("percentAxisMax", () => {
  it.each([
    [[12, 7, null], 15],
    [[44.4, 37], 50],
    [[50], 50],
    [[3], 5],
    [[0, null], 5],
    [[], 5],
    [[96.3], 100],
    [[100], 100],
    [[62, 81.5], 90],
  ])("fits the axis of %j to %j %", (values, expected) => {
    expect(percentAxisMax(values)).toBe(expected);
  });
});
