// Seeded synthetic answers with known groups planted among random ones: the
// proof that the engine finds what is there (issue 6), and the benchmark's input.
import type { QuestionRole, RoleQuestion } from "~/surveys/roles";
import type { Respondent } from "./types";

/** mulberry32: a tiny, fast, seedable PRNG; the same seed always gives the same answers. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Members of one antenna who all share a theme, a format and a slot (and a venue when given). */
export type PlantedGroup = { antenna: string; theme: string; format: string; slot: string; venue?: string; size: number };

export type GeneratorOptions = {
  questions: RoleQuestion[];
  antennas: string[];
  sectors: string[];
  /** Respondents in all, planted ones included. */
  count: number;
  seed: number;
  planted?: PlantedGroup[];
};

// How many values a random respondent ticks in a multiple-choice question, at most.
const MOST_TICKED: Partial<Record<QuestionRole, number>> = { "interest.theme": 3, "availability.slot": 4, "offer.skill": 2, "need.skill": 2 };
const DEFAULT_MOST_TICKED = 3;
// Optional questions are left blank now and then, as members do.
const SKIPPED = 0.1;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function pickSome(random: () => number, values: string[], most: number): string[] {
  const wanted = 1 + Math.floor(random() * Math.min(most, values.length));
  const chosen = new Set<string>();
  while (chosen.size < wanted) chosen.add(pick(random, values));
  return values.filter((value) => chosen.has(value));
}

function randomAnswers(random: () => number, questions: RoleQuestion[], antenna: string, sector: string): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const question of questions) {
    const values = question.choices.map((choice) => choice.value);
    if (question.role === "profile.antenna") answers[question.name] = antenna;
    else if (question.role === "profile.sector") answers[question.name] = sector;
    else if (values.length === 0 || random() < SKIPPED) continue;
    else if (question.multiple) answers[question.name] = pickSome(random, values, MOST_TICKED[question.role] ?? DEFAULT_MOST_TICKED);
    else answers[question.name] = pick(random, values);
  }
  return answers;
}

/** Adds a planted value to a respondent's answer for the question of that role. */
function plant(answers: Record<string, unknown>, questions: RoleQuestion[], role: QuestionRole, value: string): void {
  const question = questions.find((candidate) => candidate.role === role);
  if (!question) return;
  if (!question.multiple) {
    answers[question.name] = value;
    return;
  }
  const current = answers[question.name];
  const chosen = new Set(Array.isArray(current) ? (current as string[]) : []);
  chosen.add(value);
  answers[question.name] = question.choices.map((choice) => choice.value).filter((candidate) => chosen.has(candidate));
}

/**
 * Respondents with random answers, then each planted group appended as
 * members whose other answers are random too. The antenna is both on the row
 * and in the answers, as the response API stores it.
 */
export function generateRespondents({ questions, antennas, sectors, count, seed, planted = [] }: GeneratorOptions): Respondent[] {
  const random = mulberry32(seed);
  const plantedCount = planted.reduce((sum, group) => sum + group.size, 0);
  if (plantedCount > count) throw new RangeError(`planted groups (${plantedCount}) exceed count (${count})`);
  const respondent = (antenna: string): Respondent => {
    const sector = pick(random, sectors);
    return { antenna, sector, answers: randomAnswers(random, questions, antenna, sector) };
  };
  const respondents = Array.from({ length: count - plantedCount }, () => respondent(pick(random, antennas)));
  for (const group of planted) {
    for (let i = 0; i < group.size; i++) {
      const member = respondent(group.antenna);
      plant(member.answers, questions, "interest.theme", group.theme);
      plant(member.answers, questions, "preference.format", group.format);
      plant(member.answers, questions, "availability.slot", group.slot);
      if (group.venue !== undefined) plant(member.answers, questions, "preference.venue", group.venue);
      respondents.push(member);
    }
  }
  return respondents;
}
