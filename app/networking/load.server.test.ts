import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "~/db/client.server";
import { createReceiptToken, submitResponse, withdrawResponse } from "~/responses/responses.server";
import { roleQuestions } from "~/surveys/definition.server";
import { testDrivers, useTestDatabase } from "../../test/db";
import { insertComplete as insertRows, openSurvey as openOne, trilingual as t } from "../../test/surveys";
import { type AnswerIndex, finishIndex, indexAnswers } from "./answers";
import { countMembers } from "./bitset";
import { recommendFromIndex } from "./engine";
import { loadReleasedRows } from "./load.server";

const definition = {
  pages: [
    {
      name: "p1",
      elements: [
        { type: "dropdown", name: "antenna", role: "profile.antenna", title: t("Antenne"), choices: ["lie", "cha"] },
        { type: "checkbox", name: "themes", role: "interest.theme", title: t("Thèmes"), choices: ["design", "musique", "bois"] },
        { type: "checkbox", name: "formats", role: "preference.format", title: t("Formats"), choices: ["atelier", "afterwork"] },
      ],
    },
  ],
};
const k = 5;

describe.each(testDrivers)("the recommendations' index of released responses on %s", (driver) => {
  const database = useTestDatabase(driver);
  const db = () => database().db;
  let n = 0;

  const openSurvey = () => openOne(db(), { slug: `reco-index-${++n}`, definition, minGroupSize: k });
  const insertComplete = (surveyId: string, count: number, answers: Record<string, unknown>) => insertRows(db(), { surveyId, count, answers, antenna: answers.antenna as string });

  /** Every released response read in one go, indexed at once: what a carried-on index must agree with. */
  async function indexReadAtOnce(surveyId: string, releases: { number: number; closing: boolean }[]) {
    const rows = await queryRows<{ antenna: string | null; sector: string | null; locale: string; answers: Record<string, unknown>; record_key: number; released_in: number }>(
      db(),
      sql`select antenna, sector, locale, answers, record_key, released_in from responses where survey_id = ${surveyId} and complete and released_in is not null`,
    );
    const respondents = rows.map((row) => ({ antenna: row.antenna, sector: row.sector, locale: row.locale, answers: row.answers, recordKey: Number(row.record_key), releasedIn: Number(row.released_in) }));
    return indexAnswers(roleQuestions(definition), respondents, releases);
  }

  /** The index as the worker lays it out from what was loaded. */
  const load = async (survey: Awaited<ReturnType<typeof openSurvey>>) => {
    const { source, state } = await loadReleasedRows(db(), { survey, pageRows: 4 });
    return { state, index: finishIndex(source.rows, source.releases) };
  };
  const themeCount = (index: AnswerIndex, theme: string) => countMembers(index.roles["interest.theme"]!.members.get(theme)!);

  it("reads every released response page by page, and a new release adds only its batch", async () => {
    const survey = await openSurvey();
    await insertComplete(survey.id, 7, { antenna: "lie", themes: ["design"], formats: ["atelier"] });
    await insertComplete(survey.id, 6, { antenna: "cha", themes: ["musique", "bois"] });
    // Pages of 4 rows: 13 responses come in four pages, none read twice or missed.
    const first = await load(survey);
    expect(first.state.current).toBe(1);
    expect(countMembers(first.index.all)).toBe(13);
    expect([themeCount(first.index, "design"), themeCount(first.index, "musique"), themeCount(first.index, "bois")]).toEqual([7, 6, 6]);

    // Words changed under a released response (which the product never does) show whether it is read again.
    await db().execute(sql`update responses set answers = jsonb_set(answers, '{themes}', '["bois"]') where survey_id = ${survey.id} and antenna = 'lie'`);
    await insertComplete(survey.id, 5, { antenna: "lie", themes: ["design", "musique"], formats: ["afterwork"] });
    const second = await load(survey);
    expect(second.state.current).toBe(2);
    expect(countMembers(second.index.all)).toBe(18);
    // The first release's rows were kept as read, the second's added.
    expect([themeCount(second.index, "design"), themeCount(second.index, "musique"), themeCount(second.index, "bois")]).toEqual([12, 11, 6]);
    // The first release's index is left as it was.
    expect(countMembers(first.index.all)).toBe(13);
  });

  it("gives the same recommendations from a carried-on index as from every response read at once", async () => {
    const survey = await openSurvey();
    await insertComplete(survey.id, 9, { antenna: "lie", themes: ["design", "bois"], formats: ["atelier"] });
    await insertComplete(survey.id, 6, { antenna: "cha", themes: ["musique"], formats: ["afterwork"] });
    await load(survey);
    await insertComplete(survey.id, 8, { antenna: "lie", themes: ["bois"], formats: ["afterwork", "atelier"] });
    await insertComplete(survey.id, 7, { antenna: "cha", themes: ["musique", "design"] });
    const carried = await load(survey);
    expect(carried.state.current).toBe(2);
    const atOnce = await indexReadAtOnce(survey.id, carried.state.releases);
    for (const segment of [{}, { antenna: "lie" }, { antenna: "cha" }]) {
      const options = { minGroupSize: k, segment };
      const fromCarried = recommendFromIndex(carried.index, options);
      expect(fromCarried.suppressed).toBe(false);
      expect(fromCarried).toEqual(recommendFromIndex(atOnce, options));
    }
  });

  it("reads everything again after a release that took withdrawn responses out", async () => {
    const survey = await openSurvey();
    const id = randomUUID();
    await submitResponse(db(), { survey, body: { id, locale: "fr", answers: { antenna: "cha", themes: ["musique"] }, complete: true } });
    await insertComplete(survey.id, 6, { antenna: "lie", themes: ["design"] });
    const first = await load(survey);
    expect(themeCount(first.index, "musique")).toBe(1);
    const receipt = (await createReceiptToken(db(), { surveyId: survey.id, id }))!;
    expect(await withdrawResponse(db(), { surveyId: survey.id, token: receipt })).toBe(true);
    await db().execute(sql`update responses set answers = jsonb_set(answers, '{themes}', '["bois"]') where survey_id = ${survey.id} and antenna = 'lie'`);
    await insertComplete(survey.id, 5, { antenna: "cha", themes: ["design"] });
    const second = await load(survey);
    expect(second.state.releases.at(-1)!.purged).toBe(1);
    // The withdrawn member is gone, and every remaining row was read as it now is.
    expect(countMembers(second.index.all)).toBe(11);
    expect([themeCount(second.index, "design"), themeCount(second.index, "musique"), themeCount(second.index, "bois")]).toEqual([5, 0, 6]);
  });
});
