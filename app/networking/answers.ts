// The answers of one survey turned into one bitset per (role, choice value),
// built once and reused for every segment, theme and proposal.
import { type ViewRelease, viewRelease } from "~/results/batches";
import { addCellKeys, type KeyedCount } from "~/results/cell-key";
import type { QuestionRole, RoleQuestion } from "~/surveys/roles";
import { addMember, type Bitset, emptyBitset, forEachMember, type MemberLists, wordsFor } from "./bitset";
import type { Respondent, Segment } from "./types";

export type RoleIndex = {
  question: RoleQuestion;
  /** The question's choice values in their order; answers outside them ("other", stale values) are ignored. */
  values: string[];
  /** Who ticked each value. */
  members: Map<string, Bitset>;
  /** Who answered the question at all (ticked at least one of its values). */
  answered: Bitset;
  /** For the listed roles, the same answers by member: the indices (into `values`) of what each bit position ticked. */
  byMember?: MemberLists;
};

/** The roles a proposal is fitted on after its theme; a member who skipped one has no preference there. */
export const FITTED_ROLES = ["preference.format", "availability.slot", "preference.venue"] as const;
export type FittedRole = (typeof FITTED_ROLES)[number];

/** The fitted roles a theme's best meeting is searched on, in the order its reasons tell them (the place comes after); counted member by member. */
export const SEARCHED_ROLES: readonly FittedRole[] = ["preference.format", "availability.slot"];

/** The roles whose answers are also listed member by member: the searched ones, and the themes whose pairs are counted that way. */
const LISTED_ROLES: readonly QuestionRole[] = [...SEARCHED_ROLES, "interest.theme"];

export type Release = { number: number; closing: boolean };

/** A run of words of every bitset holding one antenna's respondents (members without an antenna have theirs too). */
export type WordRange = { from: number; to: number };

export type AnswerIndex = {
  /** Bit positions: respondents are laid out antenna by antenna, each antenna starting on a fresh word. */
  size: number;
  all: Bitset;
  roles: Partial<Record<QuestionRole, RoleIndex>>;
  /**
   * For the fitted roles, who a value suits: those who ticked it and those who
   * skipped the question ("no preference"), among all respondents.
   */
  accepts: Partial<Record<FittedRole, Map<string, Bitset>>>;
  /** Respondents by antenna and by sector, from the response row or else the profile questions. */
  antennas: Map<string, Bitset>;
  sectors: Map<string, Bitset>;
  /** Where each antenna's respondents lie in every bitset; the key null holds those without an antenna. */
  ranges: Map<string | null, WordRange>;
  /** Respondents by the language they answered in. */
  locales: Map<string, Bitset>;
  /** Per bit position, the record key (cell key method) and the release that first counted it (0 for a free position). */
  recordKeys: Int32Array;
  releasedIn: Int32Array;
  /** The survey's releases in order: a segment's figures stay at the release its batch reached. */
  releases: Release[];
};

function chosenValues(answer: unknown): string[] {
  if (typeof answer === "string") return [answer];
  if (Array.isArray(answer)) return answer.filter((value): value is string => typeof value === "string");
  return [];
}

function profileValue(own: string | null, role: RoleQuestion | undefined, answers: Record<string, unknown>): string | null {
  if (own) return own;
  if (!role) return null;
  const [value] = chosenValues(answers[role.name]);
  return value ?? null;
}

/**
 * A column of numbers that grows as rows arrive (doubling); what was pushed
 * never changes after. Its memory is shared, so that sending it to the
 * recommendations' worker copies nothing.
 */
class Column {
  private data = shared(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = shared(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  last(): number {
    return this.data[this.length - 1]!;
  }
  /** Whether `value` was pushed at `from` or after. */
  holdsSince(from: number, value: number): boolean {
    for (let i = from; i < this.length; i++) if (this.data[i] === value) return true;
    return false;
  }
  /** What was pushed so far, without a copy: later pushes write past it or into a new array. */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

const shared = (length: number) => new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));

/** Strings numbered in order of arrival, so that a row keeps a number instead of its string. */
class Names {
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();
  number(name: string | null | undefined): number {
    if (!name) return -1;
    let number = this.numbers.get(name);
    if (number === undefined) {
      number = this.names.length;
      this.names.push(name);
      this.numbers.set(name, number);
    }
    return number;
  }
}

/** One role question's answers as rows arrive: per row, the indices of the choice values it ticked (values outside the choices dropped). */
class TickedColumn {
  private readonly numberOf: Map<string, number>;
  readonly offsets = new Column();
  readonly ticked = new Column();
  constructor(readonly question: RoleQuestion) {
    this.numberOf = new Map(question.choices.map((choice, i) => [choice.value, i]));
    this.offsets.push(0);
  }
  add(answer: unknown): void {
    if (typeof answer === "string") this.tick(answer);
    else if (Array.isArray(answer)) for (let j = 0; j < answer.length; j++) this.tick(answer[j]);
  }
  endRow(): void {
    this.offsets.push(this.ticked.length);
  }
  private tick(value: unknown): void {
    const number = typeof value === "string" ? this.numberOf.get(value) : undefined;
    // A value sent twice in one answer counts once.
    if (number !== undefined && !this.ticked.holdsSince(this.offsets.last(), number)) this.ticked.push(number);
  }
}

/**
 * Rows reduced to numbers, plain data (sent to the recommendations' worker
 * as it is): per row its antenna, sector and language (numbers into the
 * names, -1 for none), record key and release, and per role question the
 * choice indices it ticked (row i's are ticked[offsets[i] .. offsets[i + 1])).
 */
export type IndexRows = {
  count: number;
  names: { antennas: string[]; sectors: string[]; locales: string[] };
  antennaOf: Int32Array;
  sectorOf: Int32Array;
  localeOf: Int32Array;
  recordKeyOf: Int32Array;
  releasedInOf: Int32Array;
  questions: { question: RoleQuestion; offsets: Int32Array; ticked: Int32Array }[];
};

export type AnswerIndexBuilder = {
  /** Rows in any order and any number of calls: each is read at once and let go, so a million rows never sit in memory together. */
  add(respondents: Iterable<Respondent>): void;
  /** Every row added so far; the builder may go on adding after (what it gave stays as it is). */
  rows(): IndexRows;
};

/**
 * Rows reduced as they arrive (a page of database rows at a time), for
 * finishIndex once every row is in. Respondents without a record key or a
 * release (a pure caller, a test) are given key 0 and release 1, as if all
 * had been released at once.
 */
export function answerIndexBuilder(questions: RoleQuestion[]): AnswerIndexBuilder {
  const questionOf: Partial<Record<QuestionRole, RoleQuestion>> = {};
  // The definition checker allows one question per role; the first one wins if not.
  for (const question of questions) questionOf[question.role] ??= question;
  const columns = Object.values(questionOf).map((question) => new TickedColumn(question));
  const columnOf = new Map(columns.map((column) => [column.question.name, column]));
  const antennaNames = new Names();
  const sectorNames = new Names();
  const localeNames = new Names();
  const antennaOf = new Column();
  const sectorOf = new Column();
  const localeOf = new Column();
  const recordKeyOf = new Column();
  const releasedInOf = new Column();

  const add = (respondents: Iterable<Respondent>) => {
    for (const respondent of respondents) {
      const answers = respondent.answers;
      antennaOf.push(antennaNames.number(profileValue(respondent.antenna, questionOf["profile.antenna"], answers)));
      sectorOf.push(sectorNames.number(profileValue(respondent.sector, questionOf["profile.sector"], answers)));
      localeOf.push(localeNames.number(respondent.locale));
      recordKeyOf.push(respondent.recordKey ?? 0);
      releasedInOf.push(respondent.releasedIn ?? 1);
      // Each answer's key looked up once: answers come in many shapes, and reading a fixed list of names from each is slow.
      for (const name in answers) columnOf.get(name)?.add(answers[name]);
      for (const column of columns) column.endRow();
    }
  };

  const rows = (): IndexRows => ({
    count: antennaOf.length,
    names: { antennas: [...antennaNames.names], sectors: [...sectorNames.names], locales: [...localeNames.names] },
    antennaOf: antennaOf.view(),
    sectorOf: sectorOf.view(),
    localeOf: localeOf.view(),
    recordKeyOf: recordKeyOf.view(),
    releasedInOf: releasedInOf.view(),
    questions: columns.map((column) => ({ question: column.question, offsets: column.offsets.view(), ticked: column.ticked.view() })),
  });
  return { add, rows };
}

/**
 * The index of reduced rows, read against the survey's releases.
 *
 * Respondents are laid out antenna by antenna, so that everything the engine
 * does inside one antenna reads only that antenna's words of each bitset.
 */
export function finishIndex(rows: IndexRows, releases: Release[] = [{ number: 1, closing: false }]): AnswerIndex {
  const { count, names, antennaOf } = rows;
  // Antennas in a stable order (by code, then those without one), each on whole words.
  const sizes = new Int32Array(names.antennas.length + 1);
  for (let i = 0; i < count; i++) sizes[antennaOf[i]! + 1]!++;
  const order: { code: string | null; number: number }[] = names.antennas.map((code, number) => ({ code, number })).sort((a, b) => (a.code < b.code ? -1 : 1));
  order.push({ code: null, number: -1 });
  const ranges = new Map<string | null, WordRange>();
  const next = new Int32Array(names.antennas.length + 1);
  let words = 0;
  for (const { code, number } of order) {
    const members = sizes[number + 1]!;
    if (members === 0) continue;
    ranges.set(code, { from: words, to: words + wordsFor(members) });
    next[number + 1] = words << 5;
    words += wordsFor(members);
  }
  const size = words << 5;
  const positionOf = new Int32Array(count);
  for (let i = 0; i < count; i++) positionOf[i] = next[antennaOf[i]! + 1]!++;

  const all = emptyBitset(size);
  const recordKeys = new Int32Array(size);
  const releasedIn = new Int32Array(size);
  for (let i = 0; i < count; i++) {
    const position = positionOf[i]!;
    addMember(all, position);
    recordKeys[position] = rows.recordKeyOf[i]!;
    releasedIn[position] = rows.releasedInOf[i]!;
  }
  const groupsOf = (of: string[], numbers: Int32Array) => {
    const bits = of.map(() => emptyBitset(size));
    for (let i = 0; i < count; i++) {
      const number = numbers[i]!;
      if (number >= 0) addMember(bits[number]!, positionOf[i]!);
    }
    return new Map(of.map((name, number) => [name, bits[number]!]));
  };
  // In the antennas' layout order (by code), as the engine goes through them.
  const byAntenna = groupsOf(names.antennas, antennaOf);
  const antennas = new Map(order.flatMap(({ code }) => (code === null ? [] : [[code, byAntenna.get(code)!] as const])));
  const sectors = groupsOf(names.sectors, rows.sectorOf);
  const locales = groupsOf(names.locales, rows.localeOf);

  const roles: AnswerIndex["roles"] = {};
  for (const column of rows.questions) roles[column.question.role] = indexRole(column, positionOf, size);
  const accepts: AnswerIndex["accepts"] = {};
  for (const role of FITTED_ROLES) {
    const index = roles[role];
    if (!index) continue;
    const skipped = all.map((word, i) => word & ~index.answered[i]!);
    accepts[role] = new Map(index.values.map((value) => [value, index.members.get(value)!.map((word, i) => word | skipped[i]!)]));
  }
  return { size, all, roles, accepts, antennas, sectors, ranges, locales, recordKeys, releasedIn, releases };
}

/** The index of respondents all at hand (tests, the pure engine's callers). */
export function indexAnswers(questions: RoleQuestion[], respondents: Respondent[], releases?: Release[]): AnswerIndex {
  const builder = answerIndexBuilder(questions);
  builder.add(respondents);
  return finishIndex(builder.rows(), releases);
}

/** One question's bitsets from its column of ticked values, and for a listed role the same by member. */
function indexRole({ question, offsets, ticked }: IndexRows["questions"][number], positionOf: Int32Array, size: number): RoleIndex {
  const values = question.choices.map((choice) => choice.value);
  const sets = values.map(() => emptyBitset(size));
  const answered = emptyBitset(size);
  const byMember = LISTED_ROLES.includes(question.role) ? emptyLists(offsets, positionOf, size) : undefined;
  for (let i = 0; i < positionOf.length; i++) {
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    if (from === to) continue;
    const position = positionOf[i]!;
    const word = position >>> 5;
    const bit = 1 << (position & 31);
    for (let j = from; j < to; j++) sets[ticked[j]!]![word]! |= bit;
    answered[word]! |= bit;
    if (byMember) sortedInto(byMember.values, byMember.offsets[position]!, ticked, from, to);
  }
  const members = new Map(values.map((value, i) => [value, sets[i]!]));
  return { question, values, members, answered, ...(byMember && { byMember }) };
}

/** Lists by member with room for each row's ticks at its position (rows hold no value twice). */
function emptyLists(offsets: Int32Array, positionOf: Int32Array, size: number): MemberLists {
  const starts = new Int32Array(size + 1);
  for (let i = 0; i < positionOf.length; i++) starts[positionOf[i]! + 1] = offsets[i + 1]! - offsets[i]!;
  for (let position = 1; position <= size; position++) starts[position]! += starts[position - 1]!;
  return { offsets: starts, values: new Uint16Array(starts[size]!) };
}

/** ticked[from .. to) written at `at`, in increasing order (insertion sort: a member ticks a few values). */
function sortedInto(into: Uint16Array, at: number, ticked: Int32Array, from: number, to: number): void {
  for (let j = from; j < to; j++) {
    const value = ticked[j]!;
    let k = at + (j - from);
    while (k > at && into[k - 1]! > value) {
      into[k] = into[k - 1]!;
      k--;
    }
    into[k] = value;
  }
}

/**
 * A group's size with its cell key: what the privacy rule releases a count
 * from. `members` may be a run of words starting at word `fromWord`.
 */
export function keyedCountIn(index: AnswerIndex, members: Bitset, fromWord = 0): KeyedCount {
  let count = 0;
  let keySum = 0;
  const keys = index.recordKeys;
  for (let w = 0; w < members.length; w++) {
    let word = members[w]!;
    const base = (fromWord + w) << 5;
    while (word !== 0) {
      const lowest = word & -word;
      count++;
      keySum = addCellKeys(keySum, keys[base + 31 - Math.clz32(lowest)]!);
      word ^= lowest;
    }
  }
  return { count, keySum };
}

/**
 * The members of a segment whose figures may be shown now: those of the
 * release its batch reached (results/batches.ts), the same rule as the results.
 */
export function releasedSegmentMembers(index: AnswerIndex, segment: Segment, minGroupSize: number): { members: Bitset; release: number } {
  const members = segmentMembers(index, segment);
  const latest = index.releases.at(-1)?.number ?? 0;
  if (segment.antenna === undefined && segment.sector === undefined) return { members, release: latest };
  const perRelease = new Map<number, number>();
  forEachMember(members, (i) => perRelease.set(index.releasedIn[i]!, (perRelease.get(index.releasedIn[i]!) ?? 0) + 1));
  const releases: ViewRelease[] = index.releases.map(({ number, closing }) => ({ number, closing, count: perRelease.get(number) ?? 0 }));
  const { release, current } = viewRelease({ releases, minGroupSize });
  if (current) return { members, release };
  const shown = emptyBitset(index.size);
  forEachMember(members, (i) => {
    if (index.releasedIn[i]! <= release) addMember(shown, i);
  });
  return { members: shown, release };
}

/** Respondents of a segment; an unknown antenna or sector gives an empty set. */
export function segmentMembers(index: AnswerIndex, segment: Segment): Bitset {
  let members = index.all;
  for (const [filter, groups] of [
    [segment.antenna, index.antennas],
    [segment.sector, index.sectors],
  ] as const) {
    if (filter === undefined) continue;
    const group = groups.get(filter) ?? emptyBitset(index.size);
    members = members.map((word, i) => word & group[i]!);
  }
  return members;
}
