import type { Db } from "~/db/client.server";
import type { Locale } from "~/db/values";
import { generateRespondents, mulberry32 } from "~/networking/synthetic";
import { importCompleteResponses } from "~/responses/bulk.server";
import { roleQuestions } from "~/surveys/definition.server";
import { createSurvey, setSurveyStatus } from "~/surveys/surveys.server";
import { surveySettingsSchema } from "~/surveys/survey-forms";
import { networkingTemplate } from "~/surveys/template";
import { DEMO_ANTENNAS, DEMO_SECTORS } from "./catalogue";

export const DEMO_SURVEY_SLUG = "faire-reseau-demo";

// Groups a working group would hope to find, planted among random answers
// (the first is DESIGN.md's own example: interior design in Liège over a
// working breakfast on Monday mornings).
const PLANTED = [
  { antenna: "lie", theme: "design", format: "working-breakfast", slot: "mon-morning", venue: "shared-space", size: 23 },
  { antenna: "bru", theme: "numerique", format: "afterwork", slot: "thu-evening", venue: "shared-space", size: 31 },
  { antenna: "gen", theme: "musique", format: "meet-and-connect", slot: "wed-evening", size: 17 },
  { antenna: "cha", theme: "fair-pricing", format: "partner-meeting", slot: "tue-lunch", size: 14 },
];

/** The template published for every antenna, with a few hundred synthetic answers (seeded, so every demo is alike). */
export async function seedDemoSurvey(db: Db): Promise<void> {
  const { title, definition } = networkingTemplate();
  const survey = await createSurvey(db, {
    slug: DEMO_SURVEY_SLUG,
    title: title as Record<string, string>,
    definition,
    settings: surveySettingsSchema.parse({}),
    createdBy: null,
  });
  await setSurveyStatus(db, { surveyId: survey.id, status: "open" });
  const questions = roleQuestions(definition);
  const respondents = generateRespondents({
    questions,
    antennas: DEMO_ANTENNAS.map((a) => a.code),
    sectors: DEMO_SECTORS.map((s) => s.code),
    count: 900,
    seed: 2026,
    planted: PLANTED,
  });
  const random = mulberry32(7);
  const localeOf = (antenna: string | null): Locale => {
    const home = DEMO_ANTENNAS.find((a) => a.code === antenna)?.defaultLocale ?? "fr";
    const roll = random();
    if (roll < 0.08) return "en";
    if (antenna === "bru" && roll < 0.35) return "nl";
    return home;
  };
  await importCompleteResponses(db, {
    surveyId: survey.id,
    version: 1,
    rows: respondents.map((r) => ({
      locale: localeOf(r.antenna),
      antenna: r.antenna,
      sector: r.sector,
      // The themes question is required: a member who skipped it would not have got through.
      answers: Array.isArray(r.answers.themes) && r.answers.themes.length > 0 ? r.answers : { ...r.answers, themes: ["finding-work"] },
    })),
  });
}
