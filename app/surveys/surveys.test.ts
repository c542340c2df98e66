import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { responses, surveys } from "~/db/schema";
import { testDrivers, useTestDatabase } from "../../test/db";
import { createSurvey, duplicateSurvey, effectiveStatus, getDefinition, getSurveyBySlug, getSurveyForAnswers, listDefinitions, listSurveys, saveDefinition, setSurveyStatus } from "./surveys.server";
import { surveySettingsSchema } from "./survey-forms";

const definition = (title: string) => ({ pages: [{ name: "p1", elements: [{ type: "text", name: "q1", title }] }] });

describe("survey lifecycle dates", () => {
  const now = new Date("2026-06-01T12:00:00Z");
  it.each([
    ["a draft stays a draft", { status: "draft", opensAt: null, closesAt: null }, "draft"],
    ["an open survey without dates is open", { status: "open", opensAt: null, closesAt: null }, "open"],
    ["an open survey before its opening date is scheduled", { status: "open", opensAt: new Date("2026-06-02"), closesAt: null }, "scheduled"],
    ["an open survey past its closing date is closed", { status: "open", opensAt: null, closesAt: new Date("2026-06-01T11:59:59Z") }, "closed"],
    ["a closed survey stays closed whatever its dates", { status: "closed", opensAt: null, closesAt: new Date("2027-01-01") }, "closed"],
  ] as const)("%s", (_name, survey, expected) => {
    expect(effectiveStatus(survey, now)).toBe(expected);
  });
});

describe.each(testDrivers)("surveys on %s", (driver) => {
  const database = useTestDatabase(driver);
  const db = () => database().db;
  let n = 0;
  const newSurvey = (settings: Partial<Parameters<typeof surveySettingsSchema.parse>[0]> = {}) =>
    createSurvey(db(), {
      slug: `survey-${++n}`,
      title: { default: `Sondage ${n}` },
      definition: definition("Première"),
      settings: surveySettingsSchema.parse(settings),
      createdBy: null,
    });
  const answer = (surveyId: string, version: number, complete = true) =>
    db().insert(responses).values({ id: randomUUID(), surveyId, version, locale: "fr", answers: { q1: "x" }, complete });

  it("gives the submission path a copy at most a second old, and a fresh one after any write through this module", async () => {
    const survey = await newSurvey();
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      expect(await getSurveyForAnswers(db(), { slug: survey.slug })).toMatchObject({ effectiveStatus: "draft" });
      // A write through surveys.server.ts is seen at once.
      await setSurveyStatus(db(), { surveyId: survey.id, status: "open" });
      expect(await getSurveyForAnswers(db(), { slug: survey.slug })).toMatchObject({ effectiveStatus: "open" });
      // A change made elsewhere (another instance) is seen within the second (the clock is ours here).
      await db().update(surveys).set({ status: "closed" }).where(eq(surveys.id, survey.id));
      vi.setSystemTime(Date.now() + 999);
      expect(await getSurveyForAnswers(db(), { slug: survey.slug })).toMatchObject({ effectiveStatus: "open" });
      vi.setSystemTime(Date.now() + 2);
      expect(await getSurveyForAnswers(db(), { slug: survey.slug })).toMatchObject({ effectiveStatus: "closed" });
    } finally {
      vi.useRealTimers();
    }
    // A slug unknown a moment ago is found once the survey exists.
    expect(await getSurveyForAnswers(db(), { slug: "not-yet-there" })).toBeNull();
    await createSurvey(db(), { slug: "not-yet-there", title: { default: "x" }, definition: {}, settings: surveySettingsSchema.parse({}), createdBy: null });
    expect(await getSurveyForAnswers(db(), { slug: "not-yet-there" })).toMatchObject({ slug: "not-yet-there" });
  });

  it("refuses an edit computed from the survey as it was before another save, and saves nothing", async () => {
    const survey = await newSurvey();
    await saveDefinition(db(), { surveyId: survey.id, definition: definition("Par une collègue"), expectedUpdatedAt: survey.updatedAt });
    await expect(
      saveDefinition(db(), { surveyId: survey.id, definition: definition("Calculée avant"), expectedUpdatedAt: survey.updatedAt }),
    ).rejects.toMatchObject({ status: 409, code: "survey_changed" });
    expect(await getDefinition(db(), { surveyId: survey.id, version: 1 })).toEqual(definition("Par une collègue"));
    const now = (await getSurveyBySlug(db(), { slug: survey.slug }))!;
    expect(await saveDefinition(db(), { surveyId: survey.id, definition: definition("Recalculée"), expectedUpdatedAt: now.updatedAt })).toEqual({ version: 1, created: false });
  });

  it("refuses a second survey with the same slug", async () => {
    const survey = await newSurvey();
    await expect(
      createSurvey(db(), { slug: survey.slug, title: { default: "x" }, definition: {}, settings: surveySettingsSchema.parse({}), createdBy: null }),
    ).rejects.toMatchObject({ status: 409, code: "slug_taken" });
  });

  it("edits an unanswered version in place and turns an answered one into version 2, keeping version 1", async () => {
    const survey = await newSurvey();
    expect(await saveDefinition(db(), { surveyId: survey.id, definition: definition("Deuxième") })).toEqual({ version: 1, created: false });
    await setSurveyStatus(db(), { surveyId: survey.id, status: "open" });
    await answer(survey.id, 1);
    expect(await saveDefinition(db(), { surveyId: survey.id, definition: definition("Troisième") })).toEqual({ version: 2, created: true });
    const v1 = await getDefinition(db(), { surveyId: survey.id, version: 1 });
    expect(JSON.stringify(v1)).toContain("Deuxième");
    expect((await getSurveyBySlug(db(), { slug: survey.slug }))?.currentVersion).toBe(2);
    expect((await listDefinitions(db(), { surveyId: survey.id })).map((d) => d.version)).toEqual([2, 1]);
    // Version 2 has no answers yet: a further edit replaces it.
    expect(await saveDefinition(db(), { surveyId: survey.id, definition: definition("Quatrième") })).toEqual({ version: 2, created: false });
  });

  it("moves draft → open → closed → archived and refuses a jump", async () => {
    const survey = await newSurvey();
    await expect(setSurveyStatus(db(), { surveyId: survey.id, status: "closed" })).rejects.toMatchObject({ code: "invalid_transition" });
    expect((await setSurveyStatus(db(), { surveyId: survey.id, status: "open" })).effectiveStatus).toBe("open");
    expect((await setSurveyStatus(db(), { surveyId: survey.id, status: "closed" })).effectiveStatus).toBe("closed");
    expect((await setSurveyStatus(db(), { surveyId: survey.id, status: "archived" })).effectiveStatus).toBe("archived");
    await expect(setSurveyStatus(db(), { surveyId: survey.id, status: "open" })).rejects.toMatchObject({ code: "invalid_transition" });
  });

  it("lists surveys by antenna, sector and status with their complete responses", async () => {
    const lie = await newSurvey({ antennas: ["lie"], sectors: ["design"] });
    const cha = await newSurvey({ antennas: ["cha"] });
    await setSurveyStatus(db(), { surveyId: lie.id, status: "open" });
    await answer(lie.id, 1);
    await answer(lie.id, 1);
    await answer(lie.id, 1, false);
    const byAntenna = await listSurveys(db(), { antenna: "lie" });
    expect(byAntenna.map((s) => s.slug)).toEqual([lie.slug]);
    expect(byAntenna[0]?.responseCount).toBe(2);
    expect((await listSurveys(db(), { sector: "design" })).map((s) => s.slug)).toEqual([lie.slug]);
    const drafts = (await listSurveys(db(), { status: "draft" })).map((s) => s.slug);
    expect(drafts).toContain(cha.slug);
    expect(drafts).not.toContain(lie.slug);
  });

  it("duplicates a survey for another antenna as a new draft with the current definition", async () => {
    const source = await newSurvey({ antennas: ["bru"], minGroupSize: 7, locales: ["fr", "nl"] });
    await saveDefinition(db(), { surveyId: source.id, definition: definition("Pour Bruxelles") });
    await setSurveyStatus(db(), { surveyId: source.id, status: "open" });
    const copy = await duplicateSurvey(db(), { surveyId: source.id, slug: `${source.slug}-gent`, antennas: ["gen"], sectors: [], createdBy: null });
    expect(copy).toMatchObject({ status: "draft", antennas: ["gen"], minGroupSize: 7, locales: ["fr", "nl"], currentVersion: 1 });
    expect(JSON.stringify(await getDefinition(db(), { surveyId: copy.id, version: 1 }))).toContain("Pour Bruxelles");
  });

  it("refuses a minimum group size under 3", () => {
    expect(surveySettingsSchema.safeParse({ minGroupSize: 2 }).success).toBe(false);
    expect(surveySettingsSchema.parse({}).minGroupSize).toBe(5);
  });
});
