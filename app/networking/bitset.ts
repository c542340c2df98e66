// Sets of respondents as bit arrays: respondent i is bit i % 32 of word i >> 5.
// Counting the members of an intersection is then a word-wise AND and a popcount,
// about 1,100 words for the whole cooperative.

export type Bitset = Uint32Array;

export const wordsFor = (size: number): number => (size + 31) >>> 5;

export const emptyBitset = (size: number): Bitset => new Uint32Array(wordsFor(size));

export function fullBitset(size: number): Bitset {
  const bits = emptyBitset(size);
  bits.fill(0xffffffff);
  const tail = size & 31;
  // Clear the bits past the last respondent so counts stay exact.
  if (tail !== 0) bits[bits.length - 1] = (1 << tail) - 1;
  return bits;
}

export function addMember(bits: Bitset, index: number): void {
  bits[index >>> 5]! |= 1 << (index & 31);
}

export function hasMember(bits: Bitset, index: number): boolean {
  return (bits[index >>> 5]! & (1 << (index & 31))) !== 0;
}

function popcount32(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

export function countMembers(bits: Bitset): number {
  let count = 0;
  for (let i = 0; i < bits.length; i++) count += popcount32(bits[i]!);
  return count;
}

/** |a ∩ b| without building the intersection. */
export function countBoth(a: Bitset, b: Bitset): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) count += popcount32(a[i]! & b[i]!);
  return count;
}

/** Writes a ∩ b into `into` (which may be a or b) and returns its size. */
export function intersectInto(into: Bitset, a: Bitset, b: Bitset): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    const word = a[i]! & b[i]!;
    into[i] = word;
    count += popcount32(word);
  }
  return count;
}

export const intersect = (a: Bitset, b: Bitset): Bitset => {
  const into = new Uint32Array(a.length);
  intersectInto(into, a, b);
  return into;
};

/** Adds b to `into` (a union) and returns how many members b brought that were not there. */
export function uniteInto(into: Bitset, b: Bitset): number {
  let added = 0;
  for (let i = 0; i < into.length; i++) {
    added += popcount32(b[i]! & ~into[i]!);
    into[i]! |= b[i]!;
  }
  return added;
}

/** |b \ into|: what b would add to the union `into`. */
export function countNew(into: Bitset, b: Bitset): number {
  let count = 0;
  for (let i = 0; i < into.length; i++) count += popcount32(b[i]! & ~into[i]!);
  return count;
}

/** |(a ∩ b) \ into|: what a ∩ b would add to the union `into`, without building it. */
export function countNewBoth(into: Bitset, a: Bitset, b: Bitset): number {
  let count = 0;
  for (let i = 0; i < into.length; i++) count += popcount32(a[i]! & b[i]! & ~into[i]!);
  return count;
}

/** Calls `visit` with the index of every member, in increasing order. */
export function forEachMember(bits: Bitset, visit: (index: number) => void): void {
  for (let i = 0; i < bits.length; i++) {
    let word = bits[i]!;
    while (word !== 0) {
      const lowest = word & -word;
      visit((i << 5) + 31 - Math.clz32(lowest));
      word ^= lowest;
    }
  }
}

/**
 * Sets the other way round: for each member, the indices of the sets holding
 * it, in increasing order (values.subarray(offsets[m], offsets[m + 1])).
 * Counting a small group's combinations member by member reads a few entries
 * each instead of whole bitsets (networking/engine.ts).
 */
export type MemberLists = { offsets: Int32Array; values: Uint16Array };
