import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson";

describe("wilsonInterval", () => {
  it.each([
    // Reference values from R's prop.test(correct = FALSE) / binom::binom.wilson.
    { count: 5, total: 10, low: 0.2365931, high: 0.7634069 },
    { count: 0, total: 10, low: 0, high: 0.2775328 },
    { count: 10, total: 10, low: 0.7224672, high: 1 },
    { count: 50, total: 100, low: 0.4038315, high: 0.5961685 },
    { count: 1, total: 1, low: 0.2065493, high: 1 },
  ])("gives the known 95 % interval for $count out of $total", ({ count, total, low, high }) => {
    const interval = wilsonInterval({ count, total });
    expect(interval.low).toBeCloseTo(low, 6);
    expect(interval.high).toBeCloseTo(high, 6);
  });

  it("narrows as the group grows and always contains the observed share", () => {
    const small = wilsonInterval({ count: 3, total: 10 });
    const large = wilsonInterval({ count: 300, total: 1000 });
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    expect(small.low).toBeLessThan(0.3);
    expect(small.high).toBeGreaterThan(0.3);
  });

  it("refuses a count larger than the total or an empty group", () => {
    expect(() => wilsonInterval({ count: 3, total: 2 })).toThrow(RangeError);
    expect(() => wilsonInterval({ count: 0, total: 0 })).toThrow(RangeError);
  });
});
