// The privacy rule (DESIGN.md, "Privacy rule"; docs/decisions/009): pure
// decisions over keyed counts, reused by the results page, the API, the
// exports and the recommendations. No module releases a figure any other way.
//
// - Every count of respondents goes out through the cell key method
//   (cell-key.ts): adjusted by up to 2, the same for the same respondents,
//   zero kept as zero, and "fewer than k" for anything under k.
// - A view of fewer than k respondents (or one whose adjusted size is under k)
//   is refused whole.
// - Figures move in batches (batches.ts): a view shows the release its own
//   members' batch reached.
// Percentages, means and intervals are computed from released counts only.
import { type KeyedCount, type ReleasedCount, releaseKeyed } from "./cell-key";

export const DEFAULT_MIN_GROUP_SIZE = 5;
export const SMALLEST_MIN_GROUP_SIZE = 3;

export type SegmentRefusal = "segment_too_small";

export type SegmentDecision = { allowed: true; n: number } | { allowed: false; reason: SegmentRefusal };

/** A count as it may be shown: the adjusted number, or "fewer than minGroupSize". */
export type ProtectedCount = { value: string; count: number } | { value: string; count: null; lessThan: number };

/** The threshold a survey really uses: never below 3, 5 when unset or invalid. */
export function effectiveMinGroupSize({ minGroupSize }: { minGroupSize?: number | null }): number {
  if (minGroupSize == null || !Number.isFinite(minGroupSize)) return DEFAULT_MIN_GROUP_SIZE;
  return Math.max(SMALLEST_MIN_GROUP_SIZE, Math.floor(minGroupSize));
}

/** May a view (or a group the engine proposes) be shown, and with which size? */
export function decideSegment({ respondents, minGroupSize }: { respondents: KeyedCount; minGroupSize: number }): SegmentDecision {
  const n = releaseKeyed(respondents, minGroupSize);
  if (respondents.count < minGroupSize || n === null || n === 0) return { allowed: false, reason: "segment_too_small" };
  return { allowed: true, n };
}

/** One count as the reader sees it. */
export function protectCount({ value, count, minGroupSize }: { value: string; count: KeyedCount; minGroupSize: number }): ProtectedCount {
  const released = releaseKeyed(count, minGroupSize);
  return released === null ? { value, count: null, lessThan: minGroupSize } : { value, count: released };
}

/** The released number of a count, or null when it is "fewer than minGroupSize". */
export const releasedNumber = (count: KeyedCount, minGroupSize: number): ReleasedCount => releaseKeyed(count, minGroupSize);

/**
 * Counts of one question whose own respondents are "fewer than k": every
 * count under it is withheld too (it could otherwise read larger than the
 * question's own figure), zeros excepted.
 */
export function withheld(options: ProtectedCount[], minGroupSize: number): ProtectedCount[] {
  return options.map((option) => (option.count === 0 || option.count === null ? option : { value: option.value, count: null, lessThan: minGroupSize }));
}

/** A share of released figures, at most 1 (two adjusted counts may cross). */
export function shareOf(count: number | null, total: number | null): number | null {
  if (count === null || total === null || total <= 0) return null;
  return Math.min(1, count / total);
}
