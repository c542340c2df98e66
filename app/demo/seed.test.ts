import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "~/db/client.server";
import { recommend } from "~/networking/engine";
import { roleQuestions } from "~/surveys/definition.server";
import { getDefinition, getSurveyBySlug } from "~/surveys/surveys.server";
import { testDrivers, useTestDatabase } from "../../test/db";
import { DEMO_SURVEY_SLUG } from "./demo-survey.server";
import { seedDemo } from "./seed.server";

process.env.DATA_DIR = "memory://";

describe.each(testDrivers)("the demo on %s", (driver) => {
  const database = useTestDatabase(driver);

  it("seeds antennas, sectors, an admin and the published networking survey with its answers, once", async () => {
    const db = database().db;
    const admin = await seedDemo(db);
    expect(admin?.email).toBe("admin@demo.maillage.be");
    await seedDemo(db);
    const [counts] = await queryRows<{ antennas: number; surveys: number; responses: number }>(
      db,
      sql`select (select count(*)::int from antennas) as antennas, (select count(*)::int from surveys) as surveys, (select count(*)::int from responses where complete) as responses`,
    );
    expect(counts).toEqual({ antennas: 7, surveys: 1, responses: 900 });
    const survey = await getSurveyBySlug(db, { slug: DEMO_SURVEY_SLUG });
    expect(survey?.effectiveStatus).toBe("open");
  });

  it("hides DESIGN.md's example in the answers: interior design in Liège over a working breakfast on Monday mornings", async () => {
    const db = database().db;
    const survey = (await getSurveyBySlug(db, { slug: DEMO_SURVEY_SLUG }))!;
    const definition = (await getDefinition(db, { surveyId: survey.id, version: 1 }))!;
    const rows = await queryRows<{ antenna: string | null; sector: string | null; answers: Record<string, unknown> }>(
      db,
      sql`select antenna, sector, answers from responses where survey_id = ${survey.id}`,
    );
    const result = recommend({ questions: roleQuestions(definition), respondents: rows, segment: { antenna: "lie" }, minGroupSize: 5 });
    expect(result.suppressed).toBe(false);
    if (result.suppressed) return;
    expect(result.proposals[0]).toMatchObject({ theme: "design", format: "working-breakfast", slot: "mon-morning" });
    expect(result.proposals[0]!.participants).toBeGreaterThanOrEqual(23);
  });
});
