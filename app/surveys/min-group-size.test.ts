import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { responses } from "~/db/schema";
import { testDrivers, useTestDatabase } from "../../test/db";
import { createSurvey, getSurveyById, updateSurveySettings } from "./surveys.server";
import { surveySettingsSchema } from "./survey-forms";

describe.each(testDrivers)("the minimum group size on %s", (driver) => {
  const database = useTestDatabase(driver);
  const db = () => database().db;
  let n = 0;
  const newSurvey = () =>
    createSurvey(db(), { slug: `k-${++n}`, title: { default: "K" }, definition: {}, settings: surveySettingsSchema.parse({ minGroupSize: 7 }), createdBy: null });
  const k = async (id: string) => (await getSurveyById(db(), { id }))!.minGroupSize;

  it("may be lowered before the first answer", async () => {
    const survey = await newSurvey();
    await updateSurveySettings(db(), { surveyId: survey.id, settings: { minGroupSize: 5 } });
    expect(await k(survey.id)).toBe(5);
  });

  it("may be raised at any time, but never lowered once someone has answered, even partly", async () => {
    const survey = await newSurvey();
    await db().insert(responses).values({ id: randomUUID(), surveyId: survey.id, version: 1, locale: "fr", answers: { q: "a" }, complete: false });
    await updateSurveySettings(db(), { surveyId: survey.id, settings: { minGroupSize: 9 } });
    expect(await k(survey.id)).toBe(9);
    await expect(updateSurveySettings(db(), { surveyId: survey.id, settings: { minGroupSize: 8 } })).rejects.toMatchObject({
      status: 409,
      fields: { minGroupSize: "min_group_size_frozen" },
    });
    expect(await k(survey.id)).toBe(9);
    // Keeping it as it is, with other settings changed, is fine.
    await updateSurveySettings(db(), { surveyId: survey.id, settings: { minGroupSize: 9, locales: ["fr", "nl"] } });
    expect((await getSurveyById(db(), { id: survey.id }))!.locales).toEqual(["fr", "nl"]);
  });
});
