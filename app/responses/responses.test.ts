import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "~/db/client.server";
import { responseCounts, responses } from "~/db/schema";
import { createSurvey, getSurveyById, setSurveyStatus, updateSurveyOptions } from "~/surveys/surveys.server";
import { surveySettingsSchema } from "~/surveys/survey-forms";
import { testDrivers, useTestDatabase } from "../../test/db";
import { createInvitations, invitationStats } from "./invitations.server";
import { createReceiptToken, createResumeToken, findByResumeToken, submitResponse, withdrawResponse } from "./responses.server";
import { releaseDue } from "./release.server";

const t = (fr: string) => ({ default: fr, nl: `${fr} (nl)`, en: `${fr} (en)` });
const definition = {
  pages: [
    {
      name: "p1",
      elements: [
        { type: "dropdown", name: "antenna", role: "profile.antenna", title: t("Antenne"), choices: ["lie", "cha"] },
        { type: "checkbox", name: "themes", role: "interest.theme", title: t("Thèmes"), isRequired: true, choices: ["design", "musique"] },
      ],
    },
  ],
};

describe.each(testDrivers)("responses on %s", (driver) => {
  const database = useTestDatabase(driver);
  const db = () => database().db;
  let n = 0;
  async function openSurvey(settings: Record<string, unknown> = {}) {
    const survey = await createSurvey(db(), {
      slug: `s-${++n}`,
      title: t("Sondage"),
      definition,
      settings: surveySettingsSchema.parse(settings),
      createdBy: null,
    });
    await setSurveyStatus(db(), { surveyId: survey.id, status: "open" });
    return (await getSurveyById(db(), { id: survey.id }))!;
  }
  const body = (over: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    locale: "fr" as const,
    answers: { antenna: "lie", themes: ["design"] },
    complete: true,
    ...over,
  });
  const stored = async (surveyId: string) => db().select().from(responses).where(eq(responses.surveyId, surveyId));

  it("records a complete response once, answers a replay with the same body and refuses a changed one", async () => {
    const survey = await openSurvey();
    const first = body();
    expect(await submitResponse(db(), { survey, body: first })).toEqual({ created: true, body: { id: first.id, status: "complete" } });
    expect(await submitResponse(db(), { survey, body: first })).toEqual({ created: false, body: { id: first.id, status: "complete" } });
    await expect(submitResponse(db(), { survey, body: { ...first, answers: { antenna: "lie", themes: ["musique"] } } })).rejects.toMatchObject({ status: 409 });
    const rows = await stored(survey.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ antenna: "lie", complete: true, answers: { antenna: "lie", themes: ["design"] } });
  });

  it("updates a partial response until it is complete, without requiring answers before the end", async () => {
    const survey = await openSurvey();
    const draft = body({ complete: false, answers: { antenna: "cha" } });
    expect((await submitResponse(db(), { survey, body: draft })).created).toBe(true);
    expect((await submitResponse(db(), { survey, body: { ...draft, answers: { antenna: "lie" } } })).created).toBe(false);
    await expect(submitResponse(db(), { survey, body: { ...draft, complete: true, answers: { antenna: "lie" } } })).rejects.toMatchObject({
      status: 400,
      fields: { themes: "required" },
    });
    await submitResponse(db(), { survey, body: { ...draft, complete: true, answers: { antenna: "lie", themes: ["musique"] } } });
    const rows = await stored(survey.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ complete: true, antenna: "lie", answers: { antenna: "lie", themes: ["musique"] } });
  });

  it("stores nothing for bad answers, an unoffered language, a closed or a draft survey", async () => {
    const survey = await openSurvey({ locales: ["fr", "nl"] });
    await expect(submitResponse(db(), { survey, body: body({ answers: { themes: ["jazz"] } }) })).rejects.toMatchObject({ status: 400 });
    await expect(submitResponse(db(), { survey, body: body({ locale: "en" }) })).rejects.toMatchObject({ status: 400, fields: { locale: "invalid_locale" } });
    await setSurveyStatus(db(), { surveyId: survey.id, status: "closed" });
    const closed = (await getSurveyById(db(), { id: survey.id }))!;
    await expect(submitResponse(db(), { survey: closed, body: body() })).rejects.toMatchObject({ status: 410 });
    const draft = await createSurvey(db(), { slug: `s-${++n}`, title: t("x"), definition, settings: surveySettingsSchema.parse({}), createdBy: null });
    await expect(submitResponse(db(), { survey: draft, body: body() })).rejects.toMatchObject({ status: 404 });
    expect(await stored(survey.id)).toHaveLength(0);
  });

  it("accepts a single-use invitation once, fixing the antenna, and keeps no link to it when anonymous", async () => {
    const survey = await openSurvey({ access: "invitation", anonymous: true });
    const [token] = await createInvitations(db(), { surveyId: survey.id, count: 1, antenna: "cha", sector: null });
    await expect(submitResponse(db(), { survey, body: body() })).rejects.toMatchObject({ status: 403, code: "invitation_required" });
    await expect(submitResponse(db(), { survey, body: body({ invitation: "x".repeat(43) }) })).rejects.toMatchObject({ status: 403, code: "invitation_invalid" });
    await submitResponse(db(), { survey, body: body({ invitation: token }) });
    await expect(submitResponse(db(), { survey, body: body({ invitation: token }) })).rejects.toMatchObject({ status: 409, code: "invitation_used" });
    const rows = await stored(survey.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ antenna: "cha", invitationId: null });
    const [times] = await queryRows<{ fine: boolean }>(db(), sql`select updated_at <> date_trunc('day', updated_at) as fine from responses where survey_id = ${survey.id}`);
    expect(times?.fine).toBe(false);
    expect(await invitationStats(db(), { surveyId: survey.id })).toEqual({ created: 1, used: 1 });
  });

  it("stores exactly one response when two submissions race with one invitation", async () => {
    const survey = await openSurvey({ access: "invitation" });
    const [token] = await createInvitations(db(), { surveyId: survey.id, count: 1, antenna: null, sector: null });
    const results = await Promise.allSettled([
      submitResponse(db(), { survey, body: body({ invitation: token }) }),
      submitResponse(db(), { survey, body: body({ invitation: token }) }),
      submitResponse(db(), { survey, body: body({ invitation: token }) }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await stored(survey.id)).filter((r) => r.complete)).toHaveLength(1);
  });

  it("stores nothing, not even a partial save, without consent where staff ask for it", async () => {
    const created = await openSurvey();
    await updateSurveyOptions(db(), { surveyId: created.id, options: { requireConsent: true } });
    const survey = (await getSurveyById(db(), { id: created.id }))!;
    await expect(submitResponse(db(), { survey, body: body({ complete: false }) })).rejects.toMatchObject({ status: 400, code: "consent_required" });
    await expect(submitResponse(db(), { survey, body: body({ consent: false }) })).rejects.toMatchObject({ status: 400, code: "consent_required" });
    expect(await stored(survey.id)).toHaveLength(0);
    await submitResponse(db(), { survey, body: body({ consent: true }) });
    expect(await stored(survey.id)).toHaveLength(1);
  });

  it("lets a member withdraw a completed response with its receipt: one not yet released is gone at once", async () => {
    const survey = await openSurvey();
    const kept = body();
    const gone = body({ answers: { antenna: "cha", themes: ["musique"] } });
    await submitResponse(db(), { survey, body: kept });
    await submitResponse(db(), { survey, body: gone });
    // Two answers are fewer than a batch: nothing is released yet (release.server.test.ts covers a released one).
    await releaseDue(db(), { surveyId: survey.id, minGroupSize: 5, closed: false });
    const receipt = await createReceiptToken(db(), { surveyId: survey.id, id: gone.id });
    expect(receipt).not.toBeNull();
    expect(await withdrawResponse(db(), { surveyId: survey.id, token: "not-the-receipt" })).toBe(false);
    expect(await withdrawResponse(db(), { surveyId: survey.id, token: receipt! })).toBe(true);
    expect((await stored(survey.id)).map((r) => r.id)).toEqual([kept.id]);
    const counts = await db().select().from(responseCounts).where(eq(responseCounts.surveyId, survey.id));
    expect(JSON.stringify(counts)).not.toContain("musique");
    expect(await withdrawResponse(db(), { surveyId: survey.id, token: receipt! })).toBe(false);
  });

  it("resumes a partial response from its finish-later token, never a complete one", async () => {
    const survey = await openSurvey();
    const draft = body({ complete: false, answers: { antenna: "cha" } });
    await submitResponse(db(), { survey, body: draft });
    const token = await createResumeToken(db(), { surveyId: survey.id, id: draft.id });
    expect(token).not.toBeNull();
    expect((await findByResumeToken(db(), { surveyId: survey.id, token: token! }))?.answers).toEqual({ antenna: "cha" });
    expect(await findByResumeToken(db(), { surveyId: survey.id, token: "wrong" })).toBeNull();
    await submitResponse(db(), { survey, body: { ...draft, complete: true, answers: { antenna: "cha", themes: ["design"] } } });
    expect(await createResumeToken(db(), { surveyId: survey.id, id: draft.id })).toBeNull();
  });
});
