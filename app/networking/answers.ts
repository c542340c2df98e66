// The answers of one survey turned into one bitset per (role, choice value),
// built once and reused for every segment, theme and proposal.
import { type ViewRelease, viewRelease } from "~/results/batches";
import { addCellKeys, type KeyedCount } from "~/results/cell-key";
import type { QuestionRole, RoleQuestion } from "~/surveys/roles";
import { addMember, type Bitset, emptyBitset, forEachMember, listMembership, type MemberLists, wordsFor } from "./bitset";
import type { Respondent, Segment } from "./types";

export type RoleIndex = {
  question: RoleQuestion;
  /** The question's choice values in their order; answers outside them ("other", stale values) are ignored. */
  values: string[];
  /** Who ticked each value. */
  members: Map<string, Bitset>;
  /** Who answered the question at all (ticked at least one of its values). */
  answered: Bitset;
  /** For the searched roles, the same answers by member: the indices (into `values`) of what each bit position ticked. */
  byMember?: MemberLists;
};

/** The roles a proposal is fitted on after its theme; a member who skipped one has no preference there. */
export const FITTED_ROLES = ["preference.format", "availability.slot", "preference.venue"] as const;
export type FittedRole = (typeof FITTED_ROLES)[number];

/** The fitted roles a theme's best meeting is searched on, in the order its reasons tell them (the place comes after); counted member by member. */
export const SEARCHED_ROLES: readonly FittedRole[] = ["preference.format", "availability.slot"];

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
  releases: { number: number; closing: boolean }[];
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
 * Respondents without a record key or a release (a pure caller, a test) are
 * given key 0 and release 1, as if all had been released at once.
 *
 * Respondents are laid out antenna by antenna, so that everything the engine
 * does inside one antenna reads only that antenna's words of each bitset.
 */
export function indexAnswers(questions: RoleQuestion[], respondents: Respondent[], releases: { number: number; closing: boolean }[] = [{ number: 1, closing: false }]): AnswerIndex {
  const questionOf: Partial<Record<QuestionRole, RoleQuestion>> = {};
  // The definition checker allows one question per role; the first one wins if not.
  for (const question of questions) questionOf[question.role] ??= question;

  // Antennas in a stable order (by code, then those without one), each on whole words.
  const antennaOfRespondent = respondents.map((respondent) => profileValue(respondent.antenna, questionOf["profile.antenna"], respondent.answers));
  const codes = [...new Set(antennaOfRespondent.filter((code): code is string => code !== null))].sort();
  const groups = new Map<string | null, number[]>([...codes, null].map((code) => [code, []]));
  antennaOfRespondent.forEach((code, i) => groups.get(code)!.push(i));
  const ranges = new Map<string | null, WordRange>();
  const positionOf = new Int32Array(respondents.length);
  let words = 0;
  for (const [code, members] of groups) {
    if (members.length === 0) continue;
    const from = words;
    members.forEach((respondent, i) => (positionOf[respondent] = (from << 5) + i));
    words += wordsFor(members.length);
    ranges.set(code, { from, to: words });
  }
  const size = words << 5;

  const all = emptyBitset(size);
  const recordKeys = new Int32Array(size);
  const releasedIn = new Int32Array(size);
  const antennas = new Map<string, Bitset>(codes.map((code) => [code, emptyBitset(size)]));
  const sectors = new Map<string, Bitset>();
  const locales = new Map<string, Bitset>();
  const addTo = (groups: Map<string, Bitset>, value: string | null | undefined, position: number) => {
    if (!value) return;
    let bits = groups.get(value);
    if (!bits) groups.set(value, (bits = emptyBitset(size)));
    addMember(bits, position);
  };

  respondents.forEach((respondent, i) => {
    const position = positionOf[i]!;
    addMember(all, position);
    recordKeys[position] = respondent.recordKey ?? 0;
    releasedIn[position] = respondent.releasedIn ?? 1;
    addTo(antennas, antennaOfRespondent[i], position);
    addTo(sectors, profileValue(respondent.sector, questionOf["profile.sector"], respondent.answers), position);
    addTo(locales, respondent.locale, position);
  });
  const roles: AnswerIndex["roles"] = {};
  for (const question of Object.values(questionOf)) roles[question.role] = indexRole(question, respondents, positionOf, size);

  const accepts: AnswerIndex["accepts"] = {};
  for (const role of FITTED_ROLES) {
    const index = roles[role];
    if (!index) continue;
    const skipped = all.map((word, i) => word & ~index.answered[i]!);
    accepts[role] = new Map(index.values.map((value) => [value, index.members.get(value)!.map((word, i) => word | skipped[i]!)]));
  }
  return { size, all, roles, accepts, antennas, sectors, ranges, locales, recordKeys, releasedIn, releases };
}

/** One question's answers: question by question, the same answer key is read a million times and nothing is allocated per answer. */
function indexRole(question: RoleQuestion, respondents: Respondent[], positionOf: Int32Array, size: number): RoleIndex {
  const values = question.choices.map((choice) => choice.value);
  const members = new Map(values.map((value) => [value, emptyBitset(size)]));
  const answered = emptyBitset(size);
  const name = question.name;
  const tick = (value: unknown, word: number, bit: number): boolean => {
    const bits = typeof value === "string" ? members.get(value) : undefined;
    if (bits) bits[word]! |= bit;
    return bits !== undefined;
  };
  for (let i = 0; i < respondents.length; i++) {
    const answer = respondents[i]!.answers[name];
    if (answer === undefined || answer === null) continue;
    const position = positionOf[i]!;
    const word = position >>> 5;
    const bit = 1 << (position & 31);
    let ticked = false;
    if (Array.isArray(answer)) {
      for (let j = 0; j < answer.length; j++) ticked = tick(answer[j], word, bit) || ticked;
    } else ticked = tick(answer, word, bit);
    if (ticked) answered[word]! |= bit;
  }
  const byMember = (SEARCHED_ROLES as readonly QuestionRole[]).includes(question.role) ? listMembership(values.map((value) => members.get(value)!), size) : undefined;
  return { question, values, members, answered, ...(byMember && { byMember }) };
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
