import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { listAudit } from "~/auth/audit.server";
import { responseCounts, responses, surveys } from "~/db/schema";
import { createSurvey, setSurveyStatus, updateSurveyOptions } from "~/surveys/surveys.server";
import { surveySettingsSchema } from "~/surveys/survey-forms";
import { testDrivers, useTestDatabase } from "../../test/db";
import { eraseExpiredResponses } from "./retention.server";
import { releaseDue } from "./release.server";

const t = (fr: string) => ({ default: fr, nl: fr, en: fr });

describe.each(testDrivers)("retention on %s", (driver) => {
  const database = useTestDatabase(driver);
  const db = () => database().db;
  async function closedSurvey(slug: string, closedMonthsAgo: number, retentionMonths?: number) {
    const survey = await createSurvey(db(), { slug, title: t(slug), definition: {}, settings: surveySettingsSchema.parse({}), createdBy: null });
    await setSurveyStatus(db(), { surveyId: survey.id, status: "open" });
    await setSurveyStatus(db(), { surveyId: survey.id, status: "closed" });
    const closesAt = new Date();
    closesAt.setMonth(closesAt.getMonth() - closedMonthsAgo);
    await db().update(surveys).set({ closesAt }).where(eq(surveys.id, survey.id));
    if (retentionMonths) await updateSurveyOptions(db(), { surveyId: survey.id, options: { retentionMonths } });
    await db().insert(responses).values({ id: randomUUID(), surveyId: survey.id, version: 1, locale: "fr", answers: { q: "a" }, complete: true });
    // Closed: its one answer is released by the closing release, so the summary holds it.
    await releaseDue(db(), { surveyId: survey.id, minGroupSize: 5, closed: true });
    return survey;
  }
  const left = async (surveyId: string) => (await db().select().from(responses).where(eq(responses.surveyId, surveyId))).length;

  it("erases responses once the survey has been closed longer than its retention period, and logs it", async () => {
    const old = await closedSurvey("closed-25-months", 25);
    const recent = await closedSurvey("closed-23-months", 23);
    const short = await closedSurvey("closed-7-months-keep-6", 7, 6);
    const done = await eraseExpiredResponses(db());
    expect(done.map((d) => d.slug).sort()).toEqual(["closed-25-months", "closed-7-months-keep-6"]);
    expect(await left(old.id)).toBe(0);
    expect(await left(short.id)).toBe(0);
    expect(await left(recent.id)).toBe(1);
    expect((await db().select().from(responseCounts).where(eq(responseCounts.surveyId, old.id))).length).toBe(0);
    expect((await listAudit(db())).filter((e) => e.action === "responses.retention-erase")).toHaveLength(2);
    expect(await eraseExpiredResponses(db())).toEqual([]);
  });

  it("records the closing time when a survey is closed by hand", async () => {
    const survey = await createSurvey(db(), { slug: "closed-now", title: t("x"), definition: {}, settings: surveySettingsSchema.parse({}), createdBy: null });
    await setSurveyStatus(db(), { surveyId: survey.id, status: "open" });
    const closed = await setSurveyStatus(db(), { surveyId: survey.id, status: "closed" });
    expect(closed.closesAt).not.toBeNull();
    expect(Date.now() - closed.closesAt!.getTime()).toBeLessThan(60_000);
  });
});
