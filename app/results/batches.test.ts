import { describe, expect, it } from "vitest";
import { batchSize, releaseIsDue, viewRelease } from "./batches";

const releases = (...counts: (number | [number, "closing"])[]) =>
  counts.map((entry, i) => (Array.isArray(entry) ? { number: i + 1, count: entry[0], closing: true } : { number: i + 1, count: entry, closing: false }));

describe("releaseIsDue", () => {
  it.each([
    { case: "fewer than k new answers", pending: 4, released: 0, closed: false, closedReleased: false, due: false },
    { case: "k new answers", pending: 5, released: 0, closed: false, closedReleased: false, due: true },
    { case: "k new answers on a survey of 100,000 (the batch is 1 %)", pending: 5, released: 100_000, closed: false, closedReleased: false, due: false },
    { case: "1 % new answers on a survey of 100,000", pending: 1000, released: 100_000, closed: false, closedReleased: false, due: true },
    { case: "one answer left when the survey closes", pending: 1, released: 40, closed: true, closedReleased: false, due: true },
    { case: "nothing new at closing, last release not a closing one", pending: 0, released: 40, closed: true, closedReleased: false, due: true },
    { case: "nothing new after the closing release", pending: 0, released: 40, closed: true, closedReleased: true, due: false },
  ])("is $due for $case", ({ pending, released, closed, closedReleased, due }) => {
    expect(releaseIsDue({ pending, released, minGroupSize: 5, closed, closedReleased })).toBe(due);
  });

  it("batches at least k answers, and 1 % of those released on a large survey", () => {
    expect(batchSize({ released: 0, minGroupSize: 5 })).toBe(5);
    expect(batchSize({ released: 900, minGroupSize: 5 })).toBe(9);
    expect(batchSize({ released: 1_000_000, minGroupSize: 5 })).toBe(10_000);
  });
});

describe("viewRelease", () => {
  it("shows nothing before a release", () => {
    expect(viewRelease({ releases: [], minGroupSize: 5 })).toEqual({ release: 0, current: true });
  });

  it("moves a view on only once k of its own members arrived since the release it shows", () => {
    // 6 members in release 1, then 1, 2 and 2 more: the view waits for release 4.
    expect(viewRelease({ releases: releases(6, 1, 2), minGroupSize: 5 })).toEqual({ release: 1, current: false });
    expect(viewRelease({ releases: releases(6, 1, 2, 2), minGroupSize: 5 })).toEqual({ release: 4, current: true });
  });

  it("stays current when later releases brought none of its members", () => {
    expect(viewRelease({ releases: releases(7, 0, 0), minGroupSize: 5 })).toEqual({ release: 1, current: true });
  });

  it("shows every member at a closing release, however few arrived", () => {
    expect(viewRelease({ releases: releases(6, 1, [1, "closing"]), minGroupSize: 5 })).toEqual({ release: 3, current: true });
    // Reopened after closing: the closing release is never taken back.
    expect(viewRelease({ releases: releases(6, [1, "closing"], 2), minGroupSize: 5 })).toEqual({ release: 2, current: false });
  });

  it("never lets two successive figures of a view differ by fewer than k of its members", () => {
    for (let trial = 0; trial < 200; trial++) {
      const counts = Array.from({ length: 30 }, () => Math.floor(Math.random() * 4));
      let shownBefore = 0;
      for (let end = 1; end <= counts.length; end++) {
        const { release } = viewRelease({ releases: releases(...counts.slice(0, end)), minGroupSize: 5 });
        const members = (upTo: number) => counts.slice(0, upTo).reduce((a, b) => a + b, 0);
        const moved = members(release) - members(shownBefore);
        expect(moved === 0 || moved >= 5).toBe(true);
        shownBefore = release;
      }
    }
  });
});
