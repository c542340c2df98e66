import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { createSurvey, getSurveyById, setSurveyStatus, type Survey } from "~/surveys/surveys.server";
import { surveySettingsSchema } from "~/surveys/survey-forms";

/** A text in the three languages, the other two marked as such. */
export const trilingual = (fr: string) => ({ default: fr, nl: `${fr} (nl)`, en: `${fr} (en)` });

/** An open survey of this definition, as staff would have published it. */
export async function openSurvey(db: Db, { slug, definition, minGroupSize }: { slug: string; definition: Record<string, unknown>; minGroupSize?: number }): Promise<Survey> {
  const settings = surveySettingsSchema.parse(minGroupSize === undefined ? {} : { minGroupSize });
  const survey = await createSurvey(db, { slug, title: trilingual("Sondage"), definition, settings, createdBy: null });
  await setSurveyStatus(db, { surveyId: survey.id, status: "open" });
  return (await getSurveyById(db, { id: survey.id }))!;
}

/** `count` complete responses written straight to the table, as many members would (the row's antenna given apart from the answers). */
export async function insertComplete(db: Db, { surveyId, count, answers, antenna = "lie" }: { surveyId: string; count: number; answers: Record<string, unknown>; antenna?: string }) {
  const rows = Array.from({ length: count }, () => sql`(${randomUUID()}, ${surveyId}, 1, 'fr', ${antenna}, null, ${JSON.stringify(answers)}::jsonb, true)`);
  await db.execute(sql`insert into responses (id, survey_id, version, locale, antenna, sector, answers, complete) values ${sql.join(rows, sql`, `)}`);
}
