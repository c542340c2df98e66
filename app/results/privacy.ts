// The privacy rule (DESIGN.md, "Privacy rule"): pure decisions over counts,
// reused by the results page, the API, exports and the recommendations.
//
// What is guaranteed, for every view V this module lets through and every
// ancestor view A of V (the same filters minus some of them):
//  1. V has at least minGroupSize respondents;
//  2. n(A) - n(V) is 0 or at least minGroupSize (no small rest to subtract);
//  3. a shown count c in V and the raw count p of the same cell in A never
//     differ by 1..minGroupSize-1 (the child's cell is hidden instead);
// "Related" views below are those ancestors, plus, for a view that includes
// partial responses, the same view without them: that view carries the check.
//  4. inside a question whose options split its respondents (single choice,
//     yes/no, rating, a matrix row, first places of a ranking), never exactly
//     one hidden count that `n` minus the shown ones would give back.
// Not guaranteed: sums of many sibling views (every antenna added up against
// the whole), and two overlapping date ranges; see the report in results.server.ts.

export const DEFAULT_MIN_GROUP_SIZE = 5;
export const SMALLEST_MIN_GROUP_SIZE = 3;

export type SegmentRefusal = "segment_too_small" | "complement_too_small";

export type SegmentDecision = { allowed: true } | { allowed: false; reason: SegmentRefusal };

/** A count as it may be shown: the number, or why it is not. */
export type ProtectedCount =
  | { value: string; count: number }
  | { value: string; count: null; lessThan: number }
  // Hidden although not small, because with a count shown elsewhere it would give a small one back.
  | { value: string; count: null; hidden: "difference" | "complement" };

/** The threshold a survey really uses: never below 3, 5 when unset or invalid. */
export function effectiveMinGroupSize({ minGroupSize }: { minGroupSize?: number | null }): number {
  if (minGroupSize == null || !Number.isFinite(minGroupSize)) return DEFAULT_MIN_GROUP_SIZE;
  return Math.max(SMALLEST_MIN_GROUP_SIZE, Math.floor(minGroupSize));
}

/** A count that would let a reader single out fewer than minGroupSize people. */
export function isSmall({ count, minGroupSize }: { count: number; minGroupSize: number }): boolean {
  return count >= 1 && count < minGroupSize;
}

/** Two views whose counts differ by a small number would show that number. */
export function differBySmall({ a, b, minGroupSize }: { a: number; b: number; minGroupSize: number }): boolean {
  return isSmall({ count: Math.abs(a - b), minGroupSize });
}

/**
 * May a segment be shown? `related` are the respondent counts of the related
 * views: every view that contains it (the same filters with some removed).
 */
export function decideSegment({ n, related, minGroupSize }: { n: number; related: number[]; minGroupSize: number }): SegmentDecision {
  if (n < minGroupSize) return { allowed: false, reason: "segment_too_small" };
  if (related.some((other) => differBySmall({ a: other, b: n, minGroupSize }))) {
    return { allowed: false, reason: "complement_too_small" };
  }
  return { allowed: true };
}

/**
 * Counts of one question (or one matrix row) inside an allowed segment.
 * Zero is shown: "nobody in this group chose it" says no more than "everyone
 * chose the others", which is shown too, and hiding it would hide 0 % bars.
 * `relatedCounts` are the raw counts of the same cells in the related views.
 */
export function protectCounts({
  counts,
  relatedCounts = [],
  minGroupSize,
}: {
  counts: { value: string; count: number }[];
  relatedCounts?: Map<string, number>[];
  minGroupSize: number;
}): ProtectedCount[] {
  return counts.map(({ value, count }) => {
    if (isSmall({ count, minGroupSize })) return { value, count: null, lessThan: minGroupSize };
    const differs = relatedCounts.some((other) => differBySmall({ a: other.get(value) ?? 0, b: count, minGroupSize }));
    return differs ? { value, count: null, hidden: "difference" } : { value, count };
  });
}

/**
 * Counts whose options split the question's respondents (single choice, yes/no,
 * rating, a matrix row, first places): with `total` shown, a lone hidden count
 * is total minus the others, so a second count is hidden with it (the smallest
 * other, zero only when nothing else is left), or else the total itself.
 */
export function protectPartition({
  counts,
  total,
  relatedCounts = [],
  minGroupSize,
}: {
  counts: { value: string; count: number }[];
  total: number | null;
  relatedCounts?: Map<string, number>[];
  minGroupSize: number;
}): { options: ProtectedCount[]; total: number | null } {
  const options = protectCounts({ counts, relatedCounts, minGroupSize });
  if (total === null || options.filter((option) => option.count === null).length !== 1) return { options, total };
  const rank = (count: number) => (count === 0 ? Number.MAX_SAFE_INTEGER : count);
  let partner: number | undefined;
  options.forEach((option, index) => {
    if (option.count === null) return;
    const best = partner === undefined ? null : options[partner]!.count;
    if (best === null || rank(option.count) < rank(best)) partner = index;
  });
  if (partner === undefined) return { options, total: null };
  const value = options[partner]!.value;
  return { options: options.map((option, index) => (index === partner ? { value, count: null, hidden: "complement" } : option)), total };
}

/**
 * A figure computed over the answers to one question (mean rank, mean rating,
 * mean number): shown only when its respondents form a group that may be shown.
 */
export function mayShowStatistic({ answered, relatedAnswered = [], minGroupSize }: { answered: number; relatedAnswered?: number[]; minGroupSize: number }): boolean {
  return decideSegment({ n: answered, related: relatedAnswered, minGroupSize }).allowed;
}

/**
 * Free text is a member's own words: only inside an allowed segment, from at
 * least minGroupSize writers, and never a handful of texts that two views
 * would isolate by difference.
 */
export function mayShowFreeText({
  decision,
  answered,
  relatedAnswered = [],
  minGroupSize,
}: {
  decision: SegmentDecision;
  answered: number;
  relatedAnswered?: number[];
  minGroupSize: number;
}): boolean {
  return decision.allowed && mayShowStatistic({ answered, relatedAnswered, minGroupSize });
}
