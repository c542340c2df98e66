// The answers of one survey turned into one bitset per (role, choice value),
// built once and reused for every segment, theme and proposal.
import { type ViewRelease, viewRelease } from "~/results/batches";
import { addCellKeys, type KeyedCount } from "~/results/cell-key";
import type { QuestionRole, RoleQuestion } from "~/surveys/roles";
import { addMember, type Bitset, emptyBitset, forEachMember, fullBitset } from "./bitset";
import type { Respondent, Segment } from "./types";

export type RoleIndex = {
  question: RoleQuestion;
  /** The question's choice values in their order; answers outside them ("other", stale values) are ignored. */
  values: string[];
  members: Map<string, Bitset>;
};

export type AnswerIndex = {
  size: number;
  all: Bitset;
  roles: Partial<Record<QuestionRole, RoleIndex>>;
  /** Respondents by antenna and by sector, from the response row or else the profile questions. */
  antennas: Map<string, Bitset>;
  sectors: Map<string, Bitset>;
  /** Per respondent, the position of its antenna (sector) in `antennas` (`sectors`), or -1. */
  antennaOf: Int32Array;
  sectorOf: Int32Array;
  /** Per respondent, the record key (cell key method) and the release that first counted it. */
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

function profileValue(own: string | null, role: RoleIndex | undefined, answers: Record<string, unknown>): string | null {
  if (own) return own;
  if (!role) return null;
  const [value] = chosenValues(answers[role.question.name]);
  return value ?? null;
}

/**
 * Respondents without a record key or a release (a pure caller, a test) are
 * given key 0 and release 1, as if all had been released at once.
 */
export function indexAnswers(questions: RoleQuestion[], respondents: Respondent[], releases: { number: number; closing: boolean }[] = [{ number: 1, closing: false }]): AnswerIndex {
  const size = respondents.length;
  const recordKeys = Int32Array.from(respondents, (respondent) => respondent.recordKey ?? 0);
  const releasedIn = Int32Array.from(respondents, (respondent) => respondent.releasedIn ?? 1);
  const roles: AnswerIndex["roles"] = {};
  for (const question of questions) {
    // The definition checker allows one question per role; the first one wins if not.
    if (roles[question.role]) continue;
    const values = question.choices.map((choice) => choice.value);
    roles[question.role] = { question, values, members: new Map(values.map((value) => [value, emptyBitset(size)])) };
  }
  const indexed = Object.values(roles);
  const antennas = new Map<string, Bitset>();
  const sectors = new Map<string, Bitset>();
  const antennaOf = new Int32Array(size).fill(-1);
  const sectorOf = new Int32Array(size).fill(-1);
  const codes = new Map<Map<string, Bitset>, Map<string, number>>([
    [antennas, new Map()],
    [sectors, new Map()],
  ]);
  const addTo = (groups: Map<string, Bitset>, of: Int32Array, value: string | null, index: number) => {
    if (value === null) return;
    let bits = groups.get(value);
    if (!bits) groups.set(value, (bits = emptyBitset(size)));
    addMember(bits, index);
    const code = codes.get(groups)!;
    if (!code.has(value)) code.set(value, code.size);
    of[index] = code.get(value)!;
  };

  respondents.forEach((respondent, index) => {
    for (const role of indexed) {
      for (const value of chosenValues(respondent.answers[role.question.name])) {
        const bits = role.members.get(value);
        if (bits) addMember(bits, index);
      }
    }
    addTo(antennas, antennaOf, profileValue(respondent.antenna, roles["profile.antenna"], respondent.answers), index);
    addTo(sectors, sectorOf, profileValue(respondent.sector, roles["profile.sector"], respondent.answers), index);
  });
  return { size, all: fullBitset(size), roles, antennas, sectors, antennaOf, sectorOf, recordKeys, releasedIn, releases };
}

/** A group's size with its cell key: what the privacy rule releases a count from. */
export function keyedCount(index: AnswerIndex, members: Bitset): KeyedCount {
  let count = 0;
  let keySum = 0;
  forEachMember(members, (i) => {
    count++;
    keySum = addCellKeys(keySum, index.recordKeys[i]!);
  });
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
