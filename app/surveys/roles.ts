// What a question measures, for the recommendation engine (DESIGN.md). A
// question carries it as the SurveyJS custom property `role`.
export const QUESTION_ROLES = [
  "profile.antenna",
  "profile.sector",
  "interest.theme",
  "preference.format",
  "preference.venue",
  "preference.frequency",
  "availability.slot",
  "offer.skill",
  "need.skill",
] as const;

export type QuestionRole = (typeof QUESTION_ROLES)[number];

export const isQuestionRole = (value: unknown): value is QuestionRole =>
  typeof value === "string" && (QUESTION_ROLES as readonly string[]).includes(value);

/** A localizable SurveyJS string: `default` is French, then `nl`, `en`. */
export type LocalizableText = string | { default?: string; fr?: string; nl?: string; en?: string; [locale: string]: string | undefined };

/** A role-tagged choice question, as the engine and the generator read it. */
export type RoleQuestion = {
  name: string;
  role: QuestionRole;
  /** true for checkbox / tagbox (several values), false for radiogroup / dropdown. */
  multiple: boolean;
  choices: { value: string; text: LocalizableText }[];
  title: LocalizableText;
};
