import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { queryRows } from "~/db/client.server";
import { testDrivers, useTestDatabase } from "../../test/db";
import { type QuestionSpec, type Results, compareSegments, getResults } from "./results.server";

type Fixture = { antenna?: string | null; sector?: string | null; locale?: string; version?: number; complete?: boolean; on?: string; answers: Record<string, unknown> };

const QUESTIONS: QuestionSpec[] = [
  { name: "frequency", type: "single", choices: ["weekly", "monthly", "quarterly"], hasOther: true },
  { name: "themes", type: "multiple", choices: ["pricing", "tools", "places"], hasOther: true },
  { name: "satisfaction", type: "rating", choices: ["1", "2", "3", "4", "5"] },
  { name: "priorities", type: "ranking", choices: ["x", "y", "z"] },
  { name: "formats", type: "matrix", rows: ["afterwork", "breakfast"], columns: ["yes", "no"] },
  { name: "member", type: "boolean" },
  { name: "projects", type: "number" },
  { name: "suggestion", type: "text" },
];

/** `count` copies of one response. */
const times = (count: number, fixture: Fixture): Fixture[] => Array.from({ length: count }, () => fixture);

const shown = (results: Results) => {
  if (results.suppressed) throw new Error(`expected a shown view, got ${results.reason}`);
  return results;
};
const question = (results: Results, name: string) => shown(results).questions.find((q) => q.name === name)!;
const countOf = (results: Results, name: string, value: string) => question(results, name).options.find((o) => o.value === value)?.count;

describe.each(testDrivers)("survey results on %s", (driver) => {
  const database = useTestDatabase(driver);
  const db = () => database().db;

  async function survey(fixtures: Fixture[]): Promise<string> {
    const id = randomUUID();
    await db().execute(sql`insert into surveys (id, slug, title) values (${id}, ${`s-${id}`}, '{"default":"Test"}'::jsonb)`);
    for (let start = 0; start < fixtures.length; start += 200) {
      const rows = fixtures.slice(start, start + 200).map(
        (f) =>
          sql`(${randomUUID()}, ${id}, ${f.version ?? 2}, ${f.locale ?? "fr"}, ${f.antenna ?? null}, ${f.sector ?? null}, ${JSON.stringify(f.answers)}::jsonb, ${f.complete ?? true}, ${f.on ?? "2025-03-01"}::date)`,
      );
      await db().execute(sql`insert into responses (id, survey_id, version, locale, antenna, sector, answers, complete, created_on) values ${sql.join(rows, sql`, `)}`);
    }
    return id;
  }

  it("counts a multiple choice per option, counts 'other' as an option, and reads every version by question name", async () => {
    const surveyId = await survey([
      ...times(6, { version: 1, answers: { themes: ["pricing", "tools"], frequency: "weekly", oldQuestion: "a" } }),
      ...times(5, { version: 2, answers: { themes: ["tools", "other"], "themes-Comment": "Des ateliers photo", frequency: "other", "frequency-Comment": "Chaque lundi" } }),
      ...times(7, { version: 2, answers: { themes: ["places"], frequency: "monthly" } }),
    ]);
    const questions: QuestionSpec[] = [...QUESTIONS, { name: "oldQuestion", type: "single", choices: ["a", "b"] }];
    const results = shown(await getResults(db(), { surveyId, questions, minGroupSize: 5 }));
    expect(results).toMatchObject({ n: 18, minGroupSize: 5, suppressed: false });
    expect(question(results, "themes")).toMatchObject({
      n: 18,
      options: [
        { value: "pricing", count: 6 },
        { value: "tools", count: 11 },
        { value: "places", count: 7 },
        { value: "other", count: 5 },
      ],
    });
    expect(question(results, "frequency").options).toEqual([
      { value: "weekly", count: 6 },
      { value: "monthly", count: 7 },
      { value: "quarterly", count: 0 },
      { value: "other", count: 5 },
    ]);
    expect(question(results, "oldQuestion")).toMatchObject({ n: 6, options: [{ value: "a", count: 6 }, { value: "b", count: 0 }] });
    expect(question(results, "themes").freeText?.answers).toHaveLength(5);
    expect(question(results, "themes").freeText?.keywords).toEqual([
      { word: "ateliers", count: 5 },
      { word: "photo", count: 5 },
    ]);
  });

  it("leaves partial responses out unless asked, and filters by antenna, sector, language and dates", async () => {
    const surveyId = await survey([
      ...times(10, { antenna: "bru", sector: "music", locale: "fr", on: "2025-01-10", answers: { member: true } }),
      ...times(10, { antenna: "lie", sector: "music", locale: "fr", on: "2025-02-10", answers: { member: false } }),
      ...times(10, { antenna: "lie", sector: "crafts", locale: "nl", on: "2025-02-20", answers: { member: false } }),
      ...times(6, { antenna: "lie", sector: "crafts", locale: "nl", on: "2025-02-21", complete: false, answers: { member: true } }),
    ]);
    const get = (filters: object) => getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5, filters });
    expect(shown(await get({})).n).toBe(30);
    expect(shown(await get({ complete: false })).n).toBe(36);
    expect(countOf(await get({ complete: false }), "member", "true")).toBe(16);
    expect(shown(await get({ antenna: "lie" })).n).toBe(20);
    expect(shown(await get({ antenna: "lie", sector: "crafts" })).n).toBe(10);
    expect(shown(await get({ locale: "nl" })).n).toBe(10);
    expect(shown(await get({ from: "2025-02-01", to: "2025-02-15" })).n).toBe(10);
    expect(question(await get({ antenna: "bru" }), "member").options).toEqual([
      { value: "true", count: 10 },
      { value: "false", count: 0 },
    ]);
  });

  it("gives the rating distribution and mean, ranking mean ranks and first places, matrix counts and a number's mean without min or max", async () => {
    const surveyId = await survey([
      ...times(5, { answers: { satisfaction: 5, priorities: ["x", "y", "z"], formats: { afterwork: "yes", breakfast: "no" }, projects: 2 } }),
      ...times(5, { answers: { satisfaction: 3, priorities: ["y", "x", "z"], formats: { afterwork: "yes", breakfast: "yes" }, projects: 4 } }),
      ...times(5, { answers: { satisfaction: 4, priorities: ["x", "z", "y"], formats: { afterwork: "no", breakfast: "no" }, projects: 9 } }),
    ]);
    const results = await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5 });
    expect(question(results, "satisfaction")).toMatchObject({ n: 15, mean: 4, options: [{ value: "1", count: 0 }, { value: "2", count: 0 }, { value: "3", count: 5 }, { value: "4", count: 5 }, { value: "5", count: 5 }] });
    expect(question(results, "priorities")).toMatchObject({
      n: 15,
      options: [{ value: "x", count: 10 }, { value: "y", count: 5 }, { value: "z", count: 0 }],
      ranks: [{ value: "x", meanRank: 4 / 3 }, { value: "y", meanRank: 2 }, { value: "z", meanRank: 8 / 3 }],
    });
    expect(question(results, "formats").rows).toEqual([
      { row: "afterwork", n: 15, options: [{ value: "yes", count: 10 }, { value: "no", count: 5 }] },
      { row: "breakfast", n: 15, options: [{ value: "yes", count: 5 }, { value: "no", count: 10 }] },
    ]);
    expect(question(results, "projects")).toEqual({ name: "projects", type: "number", n: 15, options: [], mean: 5 });
  });

  describe("privacy rule", () => {
    it("refuses a segment smaller than the minimum group size with no counts at all", async () => {
      const surveyId = await survey([...times(20, { antenna: "bru", answers: { member: true } }), ...times(4, { antenna: "mon", answers: { member: true } })]);
      const results = await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5, filters: { antenna: "mon", complete: true } });
      expect(results).toEqual({ suppressed: true, reason: "segment_too_small", minGroupSize: 5 });
    });

    it("reports a small count inside a shown segment as fewer than the threshold, and hides its partner in a single choice", async () => {
      const surveyId = await survey([...times(12, { answers: { frequency: "weekly" } }), ...times(2, { answers: { frequency: "monthly" } }), ...times(7, { answers: { frequency: "quarterly" } })]);
      const results = await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5 });
      expect(question(results, "frequency")).toMatchObject({
        n: 21,
        options: [
          { value: "weekly", count: 12 },
          { value: "monthly", count: null, lessThan: 5 },
          { value: "quarterly", count: null, hidden: "complement" },
          { value: "other", count: 0 },
        ].slice(0, 3),
      });
    });

    it("refuses an antenna whose rest of the survey is smaller than the threshold, so two views cannot be subtracted", async () => {
      const surveyId = await survey([...times(20, { antenna: "lie", answers: { member: true } }), ...times(3, { antenna: "bru", answers: { member: false } })]);
      expect(shown(await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5 })).n).toBe(23);
      expect(await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5, filters: { antenna: "lie" } })).toEqual({ suppressed: true, reason: "complement_too_small", minGroupSize: 5 });
    });

    it("checks a two-filter view against the whole survey too, not only its direct parents", async () => {
      // Every lie member is a musician and every musician is from lie: both parents equal the view.
      const surveyId = await survey([...times(10, { antenna: "lie", sector: "music", answers: {} }), ...times(2, { antenna: "bru", sector: "crafts", answers: {} })]);
      const results = await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5, filters: { antenna: "lie", sector: "music" } });
      expect(results).toMatchObject({ suppressed: true, reason: "complement_too_small" });
    });

    it("hides a count that differs from the whole survey's by fewer than the threshold", async () => {
      const surveyId = await survey([
        ...times(10, { antenna: "lie", answers: { themes: ["tools"] } }),
        ...times(2, { antenna: "bru", answers: { themes: ["tools"] } }),
        ...times(8, { antenna: "bru", answers: { themes: ["places"] } }),
      ]);
      const lie = await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5, filters: { antenna: "lie" } });
      expect(question(lie, "themes").options.find((o) => o.value === "tools")).toEqual({ value: "tools", count: null, hidden: "difference" });
      expect(countOf(await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5 }), "themes", "tools")).toBe(12);
    });

    it("shows free text only when enough members wrote some, and only for the allowed segment", async () => {
      const surveyId = await survey([
        ...times(6, { antenna: "bru", locale: "fr", answers: { suggestion: "Un afterwork à la KOP" } }),
        ...times(4, { antenna: "bru", locale: "nl", answers: { suggestion: "Een werkontbijt in Brussel" } }),
        ...times(3, { antenna: "gen", locale: "nl", answers: { suggestion: "Afterwork in Gent" } }),
        ...times(9, { antenna: "gen", answers: {} }),
        ...times(5, { antenna: "ant", locale: "en", answers: { suggestion: "More afterwork evenings" } }),
      ]);
      const all = question(await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5 }), "suggestion");
      expect(all.n).toBe(18);
      expect(all.freeText?.answers).toHaveLength(18);
      expect(all.freeText?.keywords[0]).toEqual({ word: "afterwork", count: 14 });
      const gen = question(await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5, filters: { antenna: "gen" } }), "suggestion");
      expect(gen).toMatchObject({ n: null, lessThan: 5, freeText: null });
      const bru = question(await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5, filters: { antenna: "bru" } }), "suggestion");
      expect(bru.n).toBe(10);
      expect(bru.freeText?.answers.map((a) => a.locale).sort()).toEqual(["fr", "fr", "fr", "fr", "fr", "fr", "nl", "nl", "nl", "nl"]);
    });

    it("hides the 'other' texts of a choice chosen by fewer members than the threshold", async () => {
      const surveyId = await survey([...times(3, { answers: { themes: ["other"], "themes-Comment": "Mon nom est Jean" } }), ...times(10, { answers: { themes: ["tools"] } })]);
      const themes = question(await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5 }), "themes");
      expect(themes.freeText).toBeNull();
      expect(JSON.stringify(themes)).not.toContain("Jean");
    });

    it("refuses the view with partial responses when only a few partials would show by difference", async () => {
      const surveyId = await survey([...times(10, { answers: { member: true } }), ...times(2, { complete: false, answers: { member: false } })]);
      expect(await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5, filters: { complete: false } })).toMatchObject({ suppressed: true, reason: "complement_too_small" });
      expect(shown(await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5 })).n).toBe(10);
    });

    it("raises a minimum group size below 3 to 3", async () => {
      const surveyId = await survey(times(2, { answers: { member: true } }));
      expect(await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 1 })).toEqual({ suppressed: true, reason: "segment_too_small", minGroupSize: 3 });
    });

    it("hides the mean of a number when its respondents are too few", async () => {
      const surveyId = await survey([...times(3, { answers: { projects: 40 } }), ...times(10, { answers: { member: true } })]);
      expect(question(await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5 }), "projects")).toMatchObject({ n: null, lessThan: 5, mean: null });
    });

    it("never lets two shown views, one inside the other, differ by a small number of respondents or of answers", async () => {
      const respondent = fc.record({
        antenna: fc.constantFrom("bru", "lie", null),
        sector: fc.constantFrom("music", "crafts"),
        themes: fc.subarray(["pricing", "tools", "places"]),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(respondent, { minLength: 5, maxLength: 40 }), fc.integer({ min: 3, max: 6 }), async (people, minGroupSize) => {
          const surveyId = await survey(people.map(({ antenna, sector, themes }) => ({ antenna, sector, answers: { themes } })));
          const views = [{}, { antenna: "lie" }, { sector: "music" }, { antenna: "lie", sector: "music" }] as const;
          const results = await Promise.all(views.map((filters) => getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize, filters })));
          const isInside = (inner: object, outer: object) => Object.entries(outer).every(([key, value]) => (inner as Record<string, unknown>)[key] === value);
          views.forEach((inner, i) =>
            views.forEach((outer, j) => {
              const a = results[i]!;
              const b = results[j]!;
              if (i === j || !isInside(inner, outer) || a.suppressed || b.suppressed) return;
              const small = (difference: number) => difference >= 1 && difference < minGroupSize;
              expect(small(b.n - a.n)).toBe(false);
              for (const option of question(a, "themes").options) {
                const outerCount = countOf(b, "themes", option.value);
                if (option.count !== null && outerCount != null) expect(small(outerCount - option.count)).toBe(false);
              }
            }),
          );
        }),
        { numRuns: 12 },
      );
    });
  });

  it("compares antennas with the whole cooperative as shares with Wilson intervals, hiding what the rule hides", async () => {
    const surveyId = await survey([
      ...times(20, { antenna: "lie", answers: { themes: ["tools"] } }),
      ...times(10, { antenna: "cha", answers: { themes: ["places"] } }),
      ...times(10, { antenna: "cha", answers: { themes: ["tools", "places"] } }),
      ...times(3, { antenna: "mon", answers: { themes: ["pricing"] } }),
    ]);
    const comparison = await compareSegments(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5, dimension: "antenna", values: ["lie", "cha", "mon"] });
    expect(comparison.segments.map((s) => [s.value, s.suppressed, s.n])).toEqual([
      [null, false, 43],
      ["lie", false, 20],
      ["cha", false, 20],
      ["mon", true, null],
    ]);
    const tools = comparison.segments[2]!.questions.find((q) => q.name === "themes")!.options.find((o) => o.value === "tools")!;
    expect(tools.share).toBe(0.5);
    expect(tools.interval?.low).toBeCloseTo(0.299298, 5);
    expect(tools.interval?.high).toBeCloseTo(0.700702, 5);
    const [row] = await queryRows<{ count: number }>(db(), sql`select count(*)::int as count from responses where survey_id = ${surveyId}`);
    expect(row?.count).toBe(43);
  });
});
