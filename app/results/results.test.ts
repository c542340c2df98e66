import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { queryRows } from "~/db/client.server";
import { testDrivers, useTestDatabase } from "../../test/db";
import { RECORD_KEY_RANGE, releaseCount } from "./cell-key";
import { type FreeText, type QuestionSpec, type ResultFilters, type Results, compareSegments, getResults } from "./results.server";

type Fixture = { antenna?: string | null; sector?: string | null; locale?: string; version?: number; on?: string; answers: Record<string, unknown> };

const QUESTIONS: QuestionSpec[] = [
  { name: "frequency", type: "single", choices: ["weekly", "monthly", "quarterly"], hasOther: true },
  { name: "themes", type: "multiple", choices: ["pricing", "tools", "places"], hasOther: true },
  { name: "satisfaction", type: "rating", choices: ["1", "2", "3", "4", "5"] },
  { name: "priorities", type: "ranking", choices: ["x", "y", "z"] },
  { name: "formats", type: "matrix", rows: ["afterwork", "breakfast"], columns: ["yes", "no"] },
  { name: "member", type: "boolean" },
  { name: "projects", type: "number", bands: [{ from: null, to: 0 }, { from: 0, to: 5 }, { from: 5, to: 10 }, { from: 10, to: null }] },
  { name: "suggestion", type: "text" },
];

const DEFINITION = JSON.stringify({
  pages: [{ name: "p", elements: [{ type: "ranking", name: "priorities", choices: ["x", "y", "z"] }, { type: "comment", name: "suggestion" }] }],
});

/** `count` copies of one response. */
const times = (count: number, fixture: Fixture): Fixture[] => Array.from({ length: count }, () => fixture);

const shown = (results: Results) => {
  if (results.suppressed) throw new Error(`expected a shown view, got ${results.reason}`);
  return results;
};
const question = (results: Results, name: string) => shown(results).questions.find((q) => q.name === name)!;
const countOf = (results: Results, name: string, value: string) => question(results, name).options.find((o) => o.value === value)?.count;
const list = (results: Results, name: string) => question(results, name).freeText as FreeText;

describe.each(testDrivers)("survey results on %s", (driver) => {
  const database = useTestDatabase(driver);
  const db = () => database().db;

  async function survey(fixtures: Fixture[], surveyId: string = randomUUID()): Promise<string> {
    await db().execute(sql`insert into surveys (id, slug, title) values (${surveyId}, ${`s-${surveyId}`}, '{"default":"Test"}'::jsonb) on conflict do nothing`);
    // Versions 1 and 2 ask these questions: positions are kept for a ranking, texts read from a text question.
    await db().execute(sql`insert into survey_versions (survey_id, version, definition) values (${surveyId}, 1, ${DEFINITION}::jsonb), (${surveyId}, 2, ${DEFINITION}::jsonb) on conflict do nothing`);
    for (let start = 0; start < fixtures.length; start += 200) {
      const rows = fixtures.slice(start, start + 200).map(
        (f) =>
          sql`(${randomUUID()}, ${surveyId}, ${f.version ?? 2}, ${f.locale ?? "fr"}, ${f.antenna ?? null}, ${f.sector ?? null}, ${JSON.stringify(f.answers)}::jsonb, true, ${f.on ?? "2025-03-01"}::date)`,
      );
      await db().execute(sql`insert into responses (id, survey_id, version, locale, antenna, sector, answers, complete, created_on) values ${sql.join(rows, sql`, `)}`);
    }
    return surveyId;
  }

  /** What the rule must release for the respondents `where` selects: their count adjusted by their cell key. */
  async function expected(surveyId: string, where: SQL, minGroupSize = 5): Promise<number | null> {
    const [row] = await queryRows<{ count: number; key: number }>(
      db(),
      sql`select count(*)::int as count, coalesce(sum(record_key) % ${RECORD_KEY_RANGE}, 0)::int as key from responses where survey_id = ${surveyId} and complete and ${where}`,
    );
    return releaseCount({ count: Number(row!.count), cellKey: Number(row!.key), minGroupSize });
  }
  const results = (surveyId: string, options: Partial<Parameters<typeof getResults>[1]> = {}) => getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5, ...options });

  it("releases every count as its true count adjusted by its respondents' cell key: options, 'other', every version", async () => {
    const surveyId = await survey([
      ...times(6, { version: 1, answers: { themes: ["pricing", "tools"], frequency: "weekly", oldQuestion: "a" } }),
      ...times(5, { version: 2, answers: { themes: ["tools", "other"], "themes-Comment": "Des ateliers photo", frequency: "other", "frequency-Comment": "Chaque lundi" } }),
      ...times(7, { version: 2, answers: { themes: ["places"], frequency: "monthly" } }),
    ]);
    const questions: QuestionSpec[] = [...QUESTIONS, { name: "oldQuestion", type: "single", choices: ["a", "b"] }];
    const view = shown(await results(surveyId, { questions }));
    expect(view).toMatchObject({ n: await expected(surveyId, sql`true`), minGroupSize: 5, suppressed: false });
    expect(question(view, "themes")).toMatchObject({
      n: await expected(surveyId, sql`answers ? 'themes'`),
      options: [
        { value: "pricing", count: await expected(surveyId, sql`answers -> 'themes' ? 'pricing'`) },
        { value: "tools", count: await expected(surveyId, sql`answers -> 'themes' ? 'tools'`) },
        { value: "places", count: await expected(surveyId, sql`answers -> 'themes' ? 'places'`) },
        { value: "other", count: await expected(surveyId, sql`answers -> 'themes' ? 'other'`) },
      ],
    });
    expect(question(view, "frequency").options.find((o) => o.value === "quarterly")).toEqual({ value: "quarterly", count: 0 });
    expect(countOf(view, "oldQuestion", "a")).toBe(await expected(surveyId, sql`answers ->> 'oldQuestion' = 'a'`));
    for (const option of question(view, "themes").options) if (option.count !== null) expect(Math.abs(option.count - { pricing: 6, tools: 11, places: 7, other: 5 }[option.value]!)).toBeLessThanOrEqual(2);
  });

  it("gives the same figure for the same respondents, whichever view counts them", async () => {
    // Every Liège member answers in French: "Liège" and "Liège in French" are the same people.
    const surveyId = await survey([...times(9, { antenna: "lie", locale: "fr", answers: { frequency: "weekly" } }), ...times(12, { antenna: "cha", locale: "nl", answers: { frequency: "monthly" } })]);
    const lie = shown(await results(surveyId, { filters: { antenna: "lie" } }));
    const lieFr = shown(await results(surveyId, { filters: { antenna: "lie", locale: "fr" } }));
    expect(lieFr.n).toBe(lie.n);
    expect(countOf(lieFr, "frequency", "weekly")).toBe(countOf(lie, "frequency", "weekly"));
    // The whole survey's weekly members are the same 9 too.
    expect(countOf(shown(await results(surveyId)), "frequency", "weekly")).toBe(countOf(lie, "frequency", "weekly"));
    // And asking again changes nothing.
    expect(await results(surveyId, { filters: { antenna: "lie" } })).toEqual(lie);
  });

  it("filters by antenna, sector, language and whole months", async () => {
    const surveyId = await survey([
      ...times(8, { antenna: "lie", sector: "music", locale: "fr", on: "2025-01-10", answers: { frequency: "weekly" } }),
      ...times(7, { antenna: "cha", sector: "music", locale: "nl", on: "2025-02-10", answers: { frequency: "monthly" } }),
      ...times(7, { antenna: "cha", sector: "crafts", locale: "fr", on: "2025-03-10", answers: { frequency: "monthly" } }),
    ]);
    const n = async (filters: ResultFilters) => shown(await results(surveyId, { filters })).n;
    expect(await n({ antenna: "cha" })).toBe(await expected(surveyId, sql`antenna = 'cha'`));
    expect(await n({ sector: "music" })).toBe(await expected(surveyId, sql`sector = 'music'`));
    expect(await n({ locale: "fr" })).toBe(await expected(surveyId, sql`locale = 'fr'`));
    expect(await n({ from: "2025-02-01", to: "2025-03-31" })).toBe(await expected(surveyId, sql`created_on >= '2025-02-01'`));
    expect(await n({ antenna: "cha", sector: "crafts" })).toBe(await expected(surveyId, sql`antenna = 'cha' and sector = 'crafts'`));
  });

  it("gives ratings their mean, rankings their mean ranks and first places, matrices their cells, numbers their bands", async () => {
    const surveyId = await survey([
      ...times(10, { answers: { satisfaction: 5, priorities: ["x", "y", "z"], formats: { afterwork: "yes", breakfast: "no" }, member: true, projects: 3 } }),
      ...times(8, { answers: { satisfaction: 2, priorities: ["y", "x", "z"], formats: { afterwork: "no" }, member: false, projects: 12 } }),
    ]);
    const view = shown(await results(surveyId));
    const five = countOf(view, "satisfaction", "5")!;
    const two = countOf(view, "satisfaction", "2")!;
    expect(question(view, "satisfaction").mean).toBeCloseTo((5 * five + 2 * two) / (five + two), 10);
    expect(countOf(view, "priorities", "x")).toBe(await expected(surveyId, sql`answers -> 'priorities' ->> 0 = 'x'`));
    const z = question(view, "priorities").ranks!.find((rank) => rank.value === "z")!;
    expect(z.meanRank).toBe(3);
    const afterwork = question(view, "formats").rows!.find((row) => row.row === "afterwork")!;
    expect(afterwork.options).toEqual([
      { value: "yes", count: await expected(surveyId, sql`answers -> 'formats' ->> 'afterwork' = 'yes'`) },
      { value: "no", count: await expected(surveyId, sql`answers -> 'formats' ->> 'afterwork' = 'no'`) },
    ]);
    expect(countOf(view, "member", "true")).toBe(await expected(surveyId, sql`answers -> 'member' = 'true'::jsonb`));
    // Numbers: counts per band only; no raw value, mean, minimum or maximum goes out.
    expect(question(view, "projects").options).toEqual([
      { value: "..0", count: 0 },
      { value: "0..5", count: await expected(surveyId, sql`(answers ->> 'projects')::numeric < 5`) },
      { value: "5..10", count: 0 },
      { value: "10..", count: await expected(surveyId, sql`(answers ->> 'projects')::numeric >= 10`) },
    ]);
    expect(JSON.stringify(question(view, "projects"))).not.toMatch(/mean|"3"|"12"/);
  });

  describe("privacy rule", () => {
    it("refuses a view of fewer than the minimum group size with no counts at all", async () => {
      const surveyId = await survey([...times(20, { antenna: "lie", answers: { frequency: "weekly" } }), ...times(4, { antenna: "cha", answers: { frequency: "weekly" } })]);
      expect(await results(surveyId, { filters: { antenna: "cha" } })).toEqual({ suppressed: true, reason: "segment_too_small", minGroupSize: 5 });
    });

    it("releases a small count inside a shown view as fewer than the threshold, and never a number from 1 to k-1", async () => {
      const surveyId = await survey([...times(20, { answers: { frequency: "weekly", member: true } }), ...times(2, { answers: { frequency: "monthly", member: false } })]);
      const view = shown(await results(surveyId));
      expect(question(view, "frequency").options.find((o) => o.value === "monthly")).toEqual({ value: "monthly", count: null, lessThan: 5 });
      for (const q of view.questions) for (const option of q.options) if (option.count !== null && option.count !== 0) expect(option.count).toBeGreaterThanOrEqual(5);
    });

    it("raises a minimum group size below 3 to 3", async () => {
      const surveyId = await survey(times(3, { answers: { frequency: "weekly" } }));
      expect((await getResults(db(), { surveyId, questions: QUESTIONS, minGroupSize: 1 })).minGroupSize).toBe(3);
    });

    it("moves no figure until a batch of k new answers arrived, and a narrow view waits for k of its own", async () => {
      const surveyId = await survey([...times(30, { antenna: "lie", answers: { frequency: "weekly" } }), ...times(30, { antenna: "cha", answers: { frequency: "weekly" } })]);
      const before = shown(await results(surveyId));
      const lieBefore = shown(await results(surveyId, { filters: { antenna: "lie" } }));
      // Four new answers: no release, nothing moves.
      await survey(times(4, { antenna: "lie", answers: { frequency: "monthly" } }), surveyId);
      expect(await results(surveyId)).toEqual(before);
      // A fifth, in Charleroi: a release; the whole survey moves, Liège (4 new) does not.
      await survey(times(1, { antenna: "cha", answers: { frequency: "monthly" } }), surveyId);
      expect(shown(await results(surveyId)).release.number).toBe(2);
      expect(await results(surveyId, { filters: { antenna: "lie" } })).toEqual(lieBefore);
      expect(countOf(await results(surveyId, { filters: { antenna: "lie" } }), "frequency", "monthly")).toBe(0);
      // Five more in Liège: Liège shows all 9 of its new members at once.
      await survey(times(5, { antenna: "lie", answers: { frequency: "monthly" } }), surveyId);
      const lieAfter = shown(await results(surveyId, { filters: { antenna: "lie" } }));
      expect(lieAfter.release.number).toBe(3);
      expect(countOf(lieAfter, "frequency", "monthly")).toBe(await expected(surveyId, sql`antenna = 'lie' and answers ->> 'frequency' = 'monthly'`));
    });

    it("releases everything left when the survey closes", async () => {
      const surveyId = await survey(times(12, { answers: { frequency: "weekly" } }));
      const open = shown(await results(surveyId));
      await survey(times(2, { answers: { frequency: "weekly" } }), surveyId);
      expect(await results(surveyId)).toEqual(open);
      const closed = shown(await results(surveyId, { closed: true }));
      expect(closed.release.number).toBe(2);
      expect(closed.n).toBe(await expected(surveyId, sql`true`));
    });

    it("gives staff the exact number received so far on the unfiltered view only", async () => {
      const surveyId = await survey(times(12, { antenna: "lie", answers: { frequency: "weekly" } }));
      await results(surveyId);
      await survey(times(3, { antenna: "lie", answers: { frequency: "weekly" } }), surveyId);
      expect(shown(await results(surveyId, { withReceived: true })).received).toBe(15);
      expect(shown(await results(surveyId, { withReceived: true, filters: { antenna: "lie" } })).received).toBeUndefined();
      expect(shown(await results(surveyId)).received).toBeUndefined();
    });

    it("shows free text in one list only, the whole survey's, from at least k writers, in no meaningful order and with no language", async () => {
      const texts = ["Un afterwork mensuel", "Een afterwork in Gent", "An afterwork please", "Afterwork à la KOP", "Afterwork ou petit-déjeuner"];
      const surveyId = await survey([
        ...texts.map((text, i) => ({ antenna: "lie", locale: ["fr", "nl", "en", "fr", "fr"][i]!, answers: { suggestion: text } })),
        // Views asserted as shown hold at least k + 2 members: an adjustment of -2 keeps them at k.
        ...times(3, { antenna: "lie", answers: { frequency: "weekly" } }),
        ...times(15, { antenna: "cha", answers: { frequency: "weekly" } }),
      ]);
      const whole = shown(await results(surveyId));
      expect([...list(whole, "suggestion").answers].sort()).toEqual([...texts].sort());
      expect(JSON.stringify(question(whole, "suggestion").freeText)).not.toMatch(/"(fr|nl|en)"|locale|2025/);
      const afterwork = await expected(surveyId, sql`answers ? 'suggestion'`);
      expect(list(whole, "suggestion").keywords).toEqual(afterwork === null ? [] : [{ word: "afterwork", count: afterwork }]);
      // The order is that of the writers' random keys, not of their arrival.
      const [ordered] = await queryRows<{ texts: string[] }>(db(), sql`select array_agg(answers ->> 'suggestion' order by record_key, id) as texts from responses where survey_id = ${surveyId} and answers ? 'suggestion'`);
      expect(list(whole, "suggestion").answers).toEqual(ordered!.texts);
      // Liège holds every text, but a filtered view never lists them: two lists could be subtracted.
      expect(question(shown(await results(surveyId, { filters: { antenna: "lie" } })), "suggestion").freeText).toEqual({ withheld: "whole_survey_only" });
      expect(question(shown(await results(surveyId, { filters: { locale: "fr" } })), "suggestion").freeText).toEqual({ withheld: "whole_survey_only" });
    });

    it("withholds the texts of fewer than k writers, and reads texts only from the versions that asked them as text", async () => {
      // Version 1 asked "frequency" as a choice; a version 3 that made it a text must not list those choices.
      const surveyId = await survey([
        ...times(12, { version: 1, answers: { frequency: "weekly" } }),
        ...times(3, { version: 2, answers: { themes: ["other"], "themes-Comment": "Atelier photo" } }),
      ]);
      await db().execute(sql`update survey_versions set definition = ${JSON.stringify({ pages: [{ name: "p", elements: [{ type: "radiogroup", name: "frequency", choices: ["weekly"] }] }] })}::jsonb where survey_id = ${surveyId} and version = 1`);
      await db().execute(sql`insert into survey_versions (survey_id, version, definition) values (${surveyId}, 3, ${JSON.stringify({ pages: [{ name: "p", elements: [{ type: "comment", name: "frequency" }] }] })}::jsonb)`);
      const asText: QuestionSpec[] = [{ name: "frequency", type: "text" }, { name: "themes", type: "multiple", choices: ["pricing"], hasOther: true }];
      const view = shown(await getResults(db(), { surveyId, questions: asText, minGroupSize: 5 }));
      expect(question(view, "frequency").freeText).toEqual({ withheld: "too_few" });
      // Read as text, the question counts no one: its twelve answers were given as a choice.
      expect(question(view, "frequency").n).toBe(0);
      expect(JSON.stringify(view)).not.toContain("weekly");
      expect(question(view, "themes").freeText).toEqual({ withheld: "too_few" });
      expect(JSON.stringify(view)).not.toContain("Atelier");
    });

    it("never releases a count of 1 to k-1, and keeps every released count within 2 of the truth, in any view", async () => {
      const person = fc.record({
        antenna: fc.constantFrom("lie", "cha", "bru"),
        sector: fc.constantFrom("music", "crafts"),
        answers: fc.record({ frequency: fc.constantFrom("weekly", "monthly", "quarterly"), themes: fc.subarray(["pricing", "tools", "places"]) }),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(person, { minLength: 5, maxLength: 60 }), fc.constantFrom("lie", "cha", "bru"), fc.constantFrom("music", "crafts"), async (people, antenna, sector) => {
          const surveyId = await survey(people);
          for (const filters of [{}, { antenna }, { sector }, { antenna, sector }]) {
            const view = await results(surveyId, { filters });
            const members = people.filter((p) => (!("antenna" in filters) || p.antenna === antenna) && (!("sector" in filters) || p.sector === sector));
            if (view.suppressed) continue;
            expect(members.length).toBeGreaterThanOrEqual(5);
            expect(Math.abs(view.n - members.length)).toBeLessThanOrEqual(2);
            for (const value of ["weekly", "monthly", "quarterly"]) {
              const truth = members.filter((p) => p.answers.frequency === value).length;
              const released = countOf(view, "frequency", value);
              if (truth === 0) expect(released).toBe(0);
              else if (released === null) expect(truth).toBeLessThanOrEqual(6);
              else expect(Math.abs(released! - truth)).toBeLessThanOrEqual(2);
              if (released) expect(released).toBeGreaterThanOrEqual(5);
            }
          }
        }),
        { numRuns: driver === "pglite" ? 25 : 15 },
      );
    });
  });

  it("compares antennas with the whole cooperative as shares of released counts with Wilson intervals", async () => {
    const surveyId = await survey([
      ...times(20, { antenna: "lie", answers: { frequency: "weekly", themes: ["pricing"] } }),
      ...times(10, { antenna: "cha", answers: { frequency: "monthly", themes: ["pricing", "tools"] } }),
      ...times(3, { antenna: "nam", answers: { frequency: "monthly", themes: ["tools"] } }),
    ]);
    const comparison = await compareSegments(db(), { surveyId, questions: QUESTIONS, minGroupSize: 5, dimension: "antenna", values: ["lie", "cha", "nam"] });
    expect(comparison.segments.map((segment) => [segment.value, segment.suppressed])).toEqual([
      [null, false],
      ["lie", false],
      ["cha", false],
      ["nam", true],
    ]);
    const lie = comparison.segments[1]!;
    const weekly = lie.questions.find((q) => q.name === "frequency")!.options.find((o) => o.value === "weekly")!;
    const n = lie.questions.find((q) => q.name === "frequency")!.n!;
    expect(weekly.count).toBe(await expected(surveyId, sql`antenna = 'lie' and answers ->> 'frequency' = 'weekly'`));
    expect(weekly.share).toBe(Math.min(1, weekly.count! / n));
    expect(weekly.interval!.low).toBeLessThan(weekly.share!);
    // No free text in a comparison.
    expect(lie.questions.some((q) => q.type === "text")).toBe(false);
  });
});
