// Role-tagged questions for tests and the benchmark, written here so they do
// not move when the networking template does; the engine finds them by role.
import type { QuestionRole, RoleQuestion } from "~/surveys/roles";

export function roleQuestion(name: string, role: QuestionRole, multiple: boolean, values: string[]): RoleQuestion {
  return { name, role, multiple, title: { default: name }, choices: values.map((value) => ({ value, text: { default: value, nl: `${value} (nl)`, en: `${value} (en)` } })) };
}

export const SAMPLE_ANTENNAS = ["bru", "lie", "gen"];
export const SAMPLE_SECTORS = ["interior-design", "music", "it"];

/** A small networking survey: question names differ from the roles on purpose. */
export const SAMPLE_QUESTIONS: RoleQuestion[] = [
  roleQuestion("where", "profile.antenna", false, SAMPLE_ANTENNAS),
  roleQuestion("trade", "profile.sector", false, SAMPLE_SECTORS),
  roleQuestion("topics", "interest.theme", true, ["interior-design", "music", "fair-pricing", "digital-tools", "social-protection", "third-places"]),
  roleQuestion("kinds", "preference.format", true, ["afterwork", "working-breakfast", "forest-walk", "meet-and-connect"]),
  roleQuestion("places", "preference.venue", true, ["shared-space", "workshop", "online"]),
  roleQuestion("times", "availability.slot", true, ["mon-morning", "tue-evening", "thu-lunch", "weekend"]),
  roleQuestion("rhythm", "preference.frequency", false, ["weekly", "monthly", "quarterly"]),
  roleQuestion("gives", "offer.skill", true, ["legal-advice", "graphic-design", "funding"]),
  roleQuestion("seeks", "need.skill", true, ["legal-advice", "graphic-design", "funding"]),
];

const numbered = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);

/** As many choices as the networking template offers (7 antennas, 15 sectors, 25 themes, 11 formats, 6 places, 21 slots), or more topics. */
export function templateSizedQuestions({ topics = 10 }: { topics?: number } = {}): { questions: RoleQuestion[]; antennas: string[]; sectors: string[] } {
  const antennas = ["bru", "ant", "gen", "lie", "cha", "nam", "mon"];
  const sectors = numbered("sector", 15);
  const skills = numbered("skill", 15);
  return {
    antennas,
    sectors,
    questions: [
      roleQuestion("antenna", "profile.antenna", false, antennas),
      roleQuestion("sector", "profile.sector", false, sectors),
      roleQuestion("themes", "interest.theme", true, [...sectors, ...numbered("topic", topics)]),
      roleQuestion("formats", "preference.format", true, numbered("format", 11)),
      roleQuestion("venues", "preference.venue", true, numbered("venue", 6)),
      roleQuestion("slots", "availability.slot", true, numbered("slot", 21)),
      roleQuestion("frequency", "preference.frequency", false, ["weekly", "monthly", "quarterly", "occasional"]),
      roleQuestion("offers", "offer.skill", true, skills),
      roleQuestion("needs", "need.skill", true, skills),
    ],
  };
}
