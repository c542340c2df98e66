// The answers of one survey turned into one bitset per (role, choice value),
// built once and reused for every segment, theme and proposal.
import type { QuestionRole, RoleQuestion } from "~/surveys/roles";
import { addMember, type Bitset, emptyBitset, fullBitset } from "./bitset";
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

export function indexAnswers(questions: RoleQuestion[], respondents: Respondent[]): AnswerIndex {
  const size = respondents.length;
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
  return { size, all: fullBitset(size), roles, antennas, sectors, antennaOf, sectorOf };
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

/** The wider views a reader can also open: the same filters with one or both removed. */
export function ancestorSegments(segment: Segment): Segment[] {
  const { antenna, sector } = segment;
  if (antenna !== undefined && sector !== undefined) return [{ antenna }, { sector }, {}];
  if (antenna !== undefined || sector !== undefined) return [{}];
  return [];
}
