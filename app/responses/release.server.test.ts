import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "~/db/client.server";
import { RECORD_KEY_RANGE } from "~/results/cell-key";
import { testDrivers, useTestDatabase } from "../../test/db";
import { insertComplete as insertRows, openSurvey as openOne, trilingual as t } from "../../test/surveys";
import { createReceiptToken, submitResponse, withdrawResponse } from "./responses.server";
import { countReceived, eraseFigures, releaseDue, WITHDRAWN_TEXT } from "./release.server";

const definition = {
  pages: [
    {
      name: "p1",
      elements: [
        { type: "dropdown", name: "antenna", title: t("Antenne"), choices: ["lie", "cha"] },
        { type: "checkbox", name: "themes", title: t("Thèmes"), choices: ["design", "musique"], showOtherItem: true },
        { type: "ranking", name: "order", title: t("Ordre"), choices: ["a", "b"] },
        { type: "comment", name: "suggestion", title: t("Une idée ?") },
      ],
    },
  ],
};
const k = 5;

describe.each(testDrivers)("releases and response counts on %s", (driver) => {
  const database = useTestDatabase(driver);
  const db = () => database().db;
  let n = 0;

  const openSurvey = () => openOne(db(), { slug: `release-${++n}`, definition });
  const release = (surveyId: string, closed = false) => releaseDue(db(), { surveyId, minGroupSize: k, closed });

  const insertComplete = (surveyId: string, count: number, answers: Record<string, unknown> = { antenna: "lie", themes: ["design"] }) => insertRows(db(), { surveyId, count, answers });

  async function counts(surveyId: string) {
    const rows = await queryRows<{ question: string; kind: string; key: string; value: string; count: number; key_sum: number }>(
      db(),
      sql`select question, kind, key, value, count, key_sum from response_counts where survey_id = ${surveyId} order by question, kind, key, value`,
    );
    return rows.map((row) => ({ ...row, count: Number(row.count), key_sum: Number(row.key_sum) }));
  }
  const countOf = async (surveyId: string, question: string, kind: string, value = "") =>
    (await counts(surveyId)).filter((row) => row.question === question && row.kind === kind && row.value === value).reduce((sum, row) => sum + row.count, 0);

  it("releases nothing until a batch of k complete responses is there, then all of them at once", async () => {
    const survey = await openSurvey();
    await insertComplete(survey.id, 4);
    expect((await release(survey.id)).current).toBe(0);
    expect(await countOf(survey.id, "", "respondents")).toBe(0);
    await insertComplete(survey.id, 1);
    const state = await release(survey.id);
    expect(state).toMatchObject({ current: 1, released: 5, releases: [{ number: 1, closing: false }] });
    expect(await countOf(survey.id, "", "respondents")).toBe(5);
    // The next answers wait for their own batch.
    await insertComplete(survey.id, 3);
    expect((await release(survey.id)).current).toBe(1);
    expect(await countOf(survey.id, "", "respondents")).toBe(5);
  });

  it("releases what is left when the survey closes, once", async () => {
    const survey = await openSurvey();
    await insertComplete(survey.id, 7);
    await release(survey.id);
    await insertComplete(survey.id, 2);
    const closing = await release(survey.id, true);
    expect(closing.releases.at(-1)).toMatchObject({ number: 2, closing: true });
    expect(await countOf(survey.id, "", "respondents")).toBe(9);
    expect((await release(survey.id, true)).current).toBe(2);
  });

  it("counts each complete response once when two releases run at the same time", async () => {
    const survey = await openSurvey();
    await insertComplete(survey.id, 120);
    await Promise.all([release(survey.id), release(survey.id)]);
    expect(await countOf(survey.id, "", "respondents")).toBe(120);
    expect(await countOf(survey.id, "themes", "element", "design")).toBe(120);
    await insertComplete(survey.id, 30);
    expect((await release(survey.id)).current).toBe(2);
    expect(await countOf(survey.id, "", "respondents")).toBe(150);
  });

  it("keeps beside each count the sum of its respondents' record keys, modulo the range", async () => {
    const survey = await openSurvey();
    await insertComplete(survey.id, 9);
    await insertComplete(survey.id, 6, { antenna: "lie", themes: ["musique"] });
    await release(survey.id);
    const [keys] = await queryRows<{ all: number; musique: number }>(
      db(),
      sql`select (sum(record_key) % ${RECORD_KEY_RANGE})::int as all, (sum(record_key) filter (where answers -> 'themes' ? 'musique') % ${RECORD_KEY_RANGE})::int as musique
        from responses where survey_id = ${survey.id}`,
    );
    const rows = await counts(survey.id);
    const sumOf = (question: string, kind: string, value = "") =>
      rows.filter((row) => row.question === question && row.kind === kind && row.value === value).reduce((sum, row) => (sum + row.key_sum) % RECORD_KEY_RANGE, 0);
    expect(sumOf("", "respondents")).toBe(Number(keys!.all));
    expect(sumOf("themes", "element", "musique")).toBe(Number(keys!.musique));
    expect(sumOf("themes", "answered")).toBe(Number(keys!.all));
  });

  it("leaves a partial response out until it is completed, then counts it once", async () => {
    const survey = await openSurvey();
    const id = randomUUID();
    await submitResponse(db(), { survey, body: { id, locale: "fr", answers: { antenna: "lie" }, complete: false } });
    await insertComplete(survey.id, 4);
    expect((await release(survey.id)).current).toBe(0);
    await submitResponse(db(), { survey, body: { id, locale: "fr", answers: { antenna: "lie", themes: ["musique"] }, complete: true } });
    await release(survey.id);
    // A replay of the complete response changes nothing, and so counts nothing more.
    await submitResponse(db(), { survey, body: { id, locale: "fr", answers: { antenna: "lie", themes: ["musique"] }, complete: true } });
    await insertComplete(survey.id, 5);
    await release(survey.id);
    expect(await countOf(survey.id, "", "respondents")).toBe(10);
    expect(await countOf(survey.id, "themes", "element", "musique")).toBe(1);
  });

  it("keeps only whether a free text was written, never its words, apart from the answers given as choices", async () => {
    const survey = await openSurvey();
    await submitResponse(db(), {
      survey,
      body: { id: randomUUID(), locale: "fr", answers: { antenna: "lie", themes: ["other"], "themes-Comment": "Jean Dupont, luthier", suggestion: "Appelez Jean au 0470" }, complete: true },
    });
    await insertComplete(survey.id, 4);
    await release(survey.id);
    const rows = await counts(survey.id);
    expect(JSON.stringify(rows)).not.toContain("Jean");
    expect(await countOf(survey.id, "suggestion", "written")).toBe(1);
    expect(await countOf(survey.id, "themes-Comment", "written")).toBe(1);
    expect(await countOf(survey.id, "themes", "element", "other")).toBe(1);
  });

  it("counts ranking positions, matrix cells and numbers by the shape of each answer", async () => {
    const survey = await openSurvey();
    await insertComplete(survey.id, 3, { order: ["b", "a"], grid: { r1: "x", r2: 3 }, projects: 4.5, themes: ["musique", "design"] });
    await insertComplete(survey.id, 2, { order: ["a", null, "b"], grid: {}, projects: "" });
    await release(survey.id);
    const rows = (await counts(survey.id)).filter((row) => row.question !== "");
    expect(rows.map((row) => [row.question, row.kind, row.key, row.value, row.count])).toEqual([
      // An empty object is no answer to a matrix.
      ["grid", "answered", "", "", 3],
      ["grid", "cell", "r1", "x", 3],
      ["grid", "cell", "r2", "3", 3],
      // A ranking keeps each item's position; a checkbox does not (it would only multiply rows).
      ["order", "answered", "", "", 5],
      ["order", "element", "1", "a", 2],
      ["order", "element", "1", "b", 3],
      ["order", "element", "2", "a", 3],
      ["order", "element", "3", "b", 2],
      ["projects", "answered", "", "", 3],
      ["projects", "scalar", "", "", 2],
      ["projects", "scalar", "", "4.5", 3],
      ["themes", "answered", "", "", 3],
      ["themes", "element", "", "design", 3],
      ["themes", "element", "", "musique", 3],
    ]);
  });

  it("keeps a withdrawn released answer in the figures, without its words or links, until the next release takes it out", async () => {
    const survey = await openSurvey();
    const id = randomUUID();
    await submitResponse(db(), {
      survey,
      body: { id, locale: "fr", answers: { antenna: "cha", themes: ["musique", "other"], "themes-Comment": "Jean, luthier", suggestion: "Appelez Jean" }, complete: true },
    });
    await insertComplete(survey.id, 4);
    await release(survey.id);
    const receipt = (await createReceiptToken(db(), { surveyId: survey.id, id }))!;
    expect(await withdrawResponse(db(), { surveyId: survey.id, token: receipt })).toBe(true);
    const [kept] = await queryRows<{ answers: Record<string, unknown>; resume_token_hash: string | null; withdrawn: boolean }>(
      db(),
      sql`select answers, resume_token_hash, withdrawn from responses where id = ${id}`,
    );
    expect(kept!.answers).toEqual({ antenna: "cha", themes: ["musique", "other"], "themes-Comment": WITHDRAWN_TEXT, suggestion: WITHDRAWN_TEXT });
    expect(kept!.resume_token_hash).toBeNull();
    expect(await countOf(survey.id, "antenna", "scalar", "cha")).toBe(1);
    // A second use of the receipt finds nothing; the exact count received no longer holds it.
    expect(await withdrawResponse(db(), { surveyId: survey.id, token: receipt })).toBe(false);
    expect(await countReceived(db(), { surveyId: survey.id })).toBe(4);
    await insertComplete(survey.id, 5);
    await release(survey.id);
    expect(await countOf(survey.id, "antenna", "scalar", "cha")).toBe(0);
    expect(await countOf(survey.id, "suggestion", "written")).toBe(0);
    expect(await countOf(survey.id, "", "respondents")).toBe(9);
    expect(await queryRows(db(), sql`select 1 from responses where id = ${id}`)).toEqual([]);
    expect(await countReceived(db(), { surveyId: survey.id })).toBe(9);
    expect((await release(survey.id)).releases.map((r) => r.number)).toEqual([1, 2]);
  });

  it("deletes at once a withdrawn answer that was never released", async () => {
    const survey = await openSurvey();
    const id = randomUUID();
    await submitResponse(db(), { survey, body: { id, locale: "fr", answers: { antenna: "lie" }, complete: true } });
    const receipt = (await createReceiptToken(db(), { surveyId: survey.id, id }))!;
    expect(await withdrawResponse(db(), { surveyId: survey.id, token: receipt })).toBe(true);
    expect(await queryRows(db(), sql`select 1 from responses where id = ${id}`)).toEqual([]);
  });

  it("forgets a survey's figures and releases once its answers are erased, and starts again with the next ones", async () => {
    const survey = await openSurvey();
    await insertComplete(survey.id, 12);
    await release(survey.id);
    await db().execute(sql`delete from responses where survey_id = ${survey.id}`);
    await eraseFigures(db(), { surveyId: survey.id });
    expect(await counts(survey.id)).toEqual([]);
    expect(await countReceived(db(), { surveyId: survey.id })).toBe(0);
    await insertComplete(survey.id, 5);
    expect(await release(survey.id)).toMatchObject({ current: 1, released: 5 });
  });
});
