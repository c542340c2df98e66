import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "~/db/client.server";
import { createSurvey, getSurveyById, setSurveyStatus, surveySettingsSchema } from "~/surveys/surveys.server";
import { testDrivers, useTestDatabase } from "../../test/db";
import { submitResponse } from "./responses.server";
import { rebuildCounts, tallyNewResponses } from "./tally.server";

const t = (fr: string) => ({ default: fr, nl: `${fr} (nl)`, en: `${fr} (en)` });
const definition = {
  pages: [
    {
      name: "p1",
      elements: [
        { type: "dropdown", name: "antenna", title: t("Antenne"), choices: ["lie", "cha"] },
        { type: "checkbox", name: "themes", title: t("Thèmes"), choices: ["design", "musique"], showOtherItem: true },
        { type: "comment", name: "suggestion", title: t("Une idée ?") },
      ],
    },
  ],
};

describe.each(testDrivers)("response counts on %s", (driver) => {
  const database = useTestDatabase(driver);
  const db = () => database().db;
  let n = 0;

  async function openSurvey() {
    const survey = await createSurvey(db(), { slug: `tally-${++n}`, title: t("Sondage"), definition, settings: surveySettingsSchema.parse({}), createdBy: null });
    await setSurveyStatus(db(), { surveyId: survey.id, status: "open" });
    return (await getSurveyById(db(), { id: survey.id }))!;
  }

  /** `count` complete responses written straight to the table, as many members would. */
  async function insertComplete(surveyId: string, count: number, answers: Record<string, unknown> = { antenna: "lie", themes: ["design"] }) {
    const rows = Array.from({ length: count }, () => sql`(${randomUUID()}, ${surveyId}, 1, 'fr', 'lie', null, ${JSON.stringify(answers)}::jsonb, true)`);
    await db().execute(sql`insert into responses (id, survey_id, version, locale, antenna, sector, answers, complete) values ${sql.join(rows, sql`, `)}`);
  }

  async function counts(surveyId: string) {
    const rows = await queryRows<{ question: string; kind: string; key: string; value: string; count: number }>(
      db(),
      sql`select question, kind, key, value, count from response_counts where survey_id = ${surveyId} order by question, kind, key, value`,
    );
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }
  const countOf = async (surveyId: string, question: string, kind: string, value = "") =>
    (await counts(surveyId)).filter((row) => row.question === question && row.kind === kind && row.value === value).reduce((sum, row) => sum + row.count, 0);

  it("counts each complete response once when two tallies run at the same time", async () => {
    const survey = await openSurvey();
    await insertComplete(survey.id, 120);
    const counted = await Promise.all([tallyNewResponses(db(), { surveyId: survey.id }), tallyNewResponses(db(), { surveyId: survey.id })]);
    expect(counted[0]! + counted[1]!).toBe(120);
    expect(await countOf(survey.id, "", "respondents")).toBe(120);
    expect(await countOf(survey.id, "themes", "element", "design")).toBe(120);
    await insertComplete(survey.id, 30);
    expect(await tallyNewResponses(db(), { surveyId: survey.id })).toBe(30);
    expect(await tallyNewResponses(db(), { surveyId: survey.id })).toBe(0);
    expect(await countOf(survey.id, "", "respondents")).toBe(150);
  });

  it("leaves a partial response out until it is completed, then counts it once", async () => {
    const survey = await openSurvey();
    const id = randomUUID();
    await submitResponse(db(), { survey, body: { id, locale: "fr", answers: { antenna: "lie" }, complete: false } });
    expect(await tallyNewResponses(db(), { surveyId: survey.id })).toBe(0);
    await submitResponse(db(), { survey, body: { id, locale: "fr", answers: { antenna: "lie", themes: ["musique"] }, complete: true } });
    expect(await tallyNewResponses(db(), { surveyId: survey.id })).toBe(1);
    // A replay of the complete response changes nothing, and so counts nothing more.
    await submitResponse(db(), { survey, body: { id, locale: "fr", answers: { antenna: "lie", themes: ["musique"] }, complete: true } });
    expect(await tallyNewResponses(db(), { surveyId: survey.id })).toBe(0);
    expect(await countOf(survey.id, "", "respondents")).toBe(1);
    expect(await countOf(survey.id, "themes", "element", "musique")).toBe(1);
  });

  it("keeps only whether a free text was written, never its words", async () => {
    const survey = await openSurvey();
    await submitResponse(db(), {
      survey,
      body: { id: randomUUID(), locale: "fr", answers: { antenna: "lie", themes: ["other"], "themes-Comment": "Jean Dupont, luthier", suggestion: "Appelez Jean au 0470" }, complete: true },
    });
    await tallyNewResponses(db(), { surveyId: survey.id });
    const rows = await counts(survey.id);
    expect(JSON.stringify(rows)).not.toContain("Jean");
    expect(await countOf(survey.id, "suggestion", "answered")).toBe(1);
    expect(await countOf(survey.id, "themes-Comment", "answered")).toBe(1);
    expect(await countOf(survey.id, "themes", "element", "other")).toBe(1);
  });

  it("counts ranking positions, matrix cells and numbers by the shape of each answer", async () => {
    const survey = await openSurvey();
    await insertComplete(survey.id, 2, { order: ["b", "a"], grid: { r1: "x", r2: 3 }, projects: 4.5 });
    await insertComplete(survey.id, 1, { order: ["a", null, "b"], grid: {}, projects: "" });
    await tallyNewResponses(db(), { surveyId: survey.id });
    const rows = await queryRows<{ question: string; kind: string; key: string; value: string; count: number; total: string }>(
      db(),
      sql`select question, kind, key, value, count, total::text as total from response_counts where survey_id = ${survey.id} and question <> '' order by question, kind, key, value`,
    );
    // [question, kind, key, value, count, total]
    expect(rows.map((row) => [row.question, row.kind, row.key, row.value, Number(row.count), Number(row.total)])).toEqual([
      ["grid", "answered", "", "", 2, 0],
      ["grid", "blank", "", "", 1, 0],
      ["grid", "cell", "r1", "x", 2, 0],
      ["grid", "cell", "r2", "3", 2, 0],
      ["order", "answered", "", "", 3, 0],
      // Key "1": first places; the total sums positions.
      ["order", "element", "", "a", 2, 4],
      ["order", "element", "", "b", 1, 3],
      ["order", "element", "1", "a", 1, 1],
      ["order", "element", "1", "b", 2, 2],
      ["projects", "answered", "", "", 2, 0],
      ["projects", "numeric", "", "", 2, 9],
      ["projects", "scalar", "", "", 1, 0],
      ["projects", "scalar", "", "4.5", 2, 0],
    ]);
  });

  it("rebuilds a survey's counts after responses are deleted", async () => {
    const survey = await openSurvey();
    await insertComplete(survey.id, 12);
    await insertComplete(survey.id, 8, { antenna: "cha", themes: ["musique"] });
    await tallyNewResponses(db(), { surveyId: survey.id });
    await db().execute(sql`delete from responses where survey_id = ${survey.id} and answers ->> 'antenna' = 'cha'`);
    await insertComplete(survey.id, 3);
    await rebuildCounts(db(), { surveyId: survey.id });
    expect(await countOf(survey.id, "", "respondents")).toBe(15);
    expect(await countOf(survey.id, "antenna", "scalar", "cha")).toBe(0);
    expect(await countOf(survey.id, "antenna", "scalar", "lie")).toBe(15);
    expect(await tallyNewResponses(db(), { surveyId: survey.id })).toBe(0);
  });
});
