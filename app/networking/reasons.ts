// Reasons are kept as keys and values so that pages, the API and exports can
// say them in the reader's language (locales/*/networking.json).
import type { Locale } from "~/db/values";
import { displayText } from "~/surveys/localizable";
import type { QuestionRole, RoleQuestion } from "~/surveys/roles";
import type { Reason } from "./types";

/** A translation function as i18next's `t` (or react-i18next's) provides it. */
export type Translate = (key: string, options: Record<string, unknown>) => string;

/** The reader's text for a choice value of a role; undefined falls back to the value itself. */
export type LabelOf = (role: QuestionRole, value: string) => string | undefined;

/** Which params of a reason hold choice values, and of which role. */
const LABELLED_PARAMS: Record<string, QuestionRole> = {
  theme: "interest.theme",
  theme2: "interest.theme",
  format: "preference.format",
  venue: "preference.venue",
  slot: "availability.slot",
  frequency: "preference.frequency",
  skill: "offer.skill",
  antenna: "profile.antenna",
  sector: "profile.sector",
};

export const NETWORKING_NAMESPACE = "networking";

/** Choice texts of the survey's role questions in one language (French where a translation is missing). */
export function choiceLabels(questions: RoleQuestion[], locale: Locale): LabelOf {
  const labels = new Map<string, string>();
  for (const question of questions) {
    for (const choice of question.choices) labels.set(`${question.role}\u0000${choice.value}`, displayText(choice.text, locale));
  }
  return (role, value) => labels.get(`${role}\u0000${value}`) || undefined;
}

/** Each reason as a sentence; `label` may add catalogue names for antennas and sectors the survey does not list. */
export function formatReasons(reasons: Reason[], { t, label }: { t: Translate; label: LabelOf }): string[] {
  return reasons.map(({ key, params }) => {
    // Labels are plain text: the page escapes them, and the API and CSV must not get HTML entities.
    const values: Record<string, unknown> = { ns: NETWORKING_NAMESPACE, interpolation: { escapeValue: false } };
    for (const [name, value] of Object.entries(params)) {
      const role = LABELLED_PARAMS[name];
      values[name] = role && typeof value === "string" ? (label(role, value) ?? value) : value;
    }
    return t(key, values);
  });
}
