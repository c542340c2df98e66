// The cell key method (docs/decisions/009-cell-key-perturbation.md), as the UK
// ONS and the Australian Bureau of Statistics use it for tables their readers
// build with free filters. Every response carries a random record key; a count
// of respondents is released as the true count plus a small adjustment read
// from a fixed perturbation table with the cell key: the sum of the counted
// respondents' record keys. The same respondents always give the same figure,
// whichever view, page, export or moment counts them, so asking again or
// another way gains nothing, and a sum or difference of views carries the
// noise of every term.
//
// Pure: results/, networking/ and the tests release every count through here.

/** Record keys are integers in [0, RECORD_KEY_RANGE); cell keys are their sums modulo it. */
export const RECORD_KEY_RANGE = 65_536;

/** Adjustments -2..+2 and their probabilities: mean 0, standard deviation 1.26, unchanged 30 % of the time. */
export const PERTURBATION = [
  { adjustment: -2, probability: 0.15 },
  { adjustment: -1, probability: 0.2 },
  { adjustment: 0, probability: 0.3 },
  { adjustment: 1, probability: 0.2 },
  { adjustment: 2, probability: 0.15 },
] as const;

export const MAX_ADJUSTMENT = 2;

/** The table as thresholds on a 32-bit draw: adjustment i applies below THRESHOLDS[i]. */
const THRESHOLDS = (() => {
  let cumulative = 0;
  return PERTURBATION.map(({ probability }) => {
    cumulative += probability;
    return Math.round(cumulative * 2 ** 32);
  });
})();

/** murmur3's 32-bit finaliser: a bijection that spreads every input bit over the output. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The cell key of a set of respondents: the sum of their record keys, modulo the range. */
export function cellKeyOf(recordKeys: Iterable<number>): number {
  let sum = 0;
  for (const key of recordKeys) sum = (sum + key) % RECORD_KEY_RANGE;
  return sum;
}

/** Two cell keys of disjoint groups combined: the key of their union. */
export const addCellKeys = (a: number, b: number) => (a + b) % RECORD_KEY_RANGE;

/**
 * The table's adjustment for a count and its cell key. The count takes part in
 * the draw (not only the key), so two groups of different sizes whose keys sum
 * alike still get unrelated adjustments, and the union of two groups gets an
 * adjustment unrelated to theirs (the key of a union is the sum of their keys).
 */
export function adjustment({ count, cellKey }: { count: number; cellKey: number }): number {
  const draw = mix32(mix32(Math.imul(count, 0x9e3779b1) ^ 0x2545f491) ^ (cellKey % RECORD_KEY_RANGE));
  for (let i = 0; i < THRESHOLDS.length - 1; i++) if (draw < THRESHOLDS[i]!) return PERTURBATION[i]!.adjustment;
  return PERTURBATION[PERTURBATION.length - 1]!.adjustment;
}

/** A released count: the adjusted number, or null for "fewer than minGroupSize". */
export type ReleasedCount = number | null;

/**
 * The figure a reader may see for `count` respondents whose cell key is
 * `cellKey`: zero stays zero; a true count under minGroupSize, or one the
 * adjustment takes under it, is "fewer than minGroupSize" (null), so a shown
 * number always stands for at least minGroupSize members and is never 1..k-1.
 */
export function releaseCount({ count, cellKey, minGroupSize }: { count: number; cellKey: number; minGroupSize: number }): ReleasedCount {
  if (count <= 0) return 0;
  if (count < minGroupSize) return null;
  const released = count + adjustment({ count, cellKey });
  return released < minGroupSize ? null : released;
}

/** A count with its cell key, as the aggregation hands them over. */
export type KeyedCount = { count: number; keySum: number };

export const releaseKeyed = ({ count, keySum }: KeyedCount, minGroupSize: number): ReleasedCount =>
  releaseCount({ count, cellKey: keySum, minGroupSize });

/** Two keyed counts of disjoint groups added up. */
export const addKeyed = (a: KeyedCount, b: KeyedCount): KeyedCount => ({ count: a.count + b.count, keySum: addCellKeys(a.keySum, b.keySum) });

export const NO_ONE: KeyedCount = { count: 0, keySum: 0 };
