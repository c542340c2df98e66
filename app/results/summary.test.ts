import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { releaseDue } from "~/responses/release.server";
import { testDrivers, useTestDatabase } from "../../test/db";
import { type QuestionSpec, type QuestionType, type ViewTally, tallyView } from "./aggregate.server";
import { RECORD_KEY_RANGE } from "./cell-key";

const NAMES = ["q1", "q2", "q3", "q4", "q5"];
const TYPES: QuestionType[] = ["single", "multiple", "rating", "ranking", "matrix", "boolean", "text", "number"];

// Every shape an answer can take, the malformed ones included: the summary counts by shape.
const item = fc.oneof(fc.constantFrom("a", "b", "c"), fc.integer({ min: 0, max: 3 }), fc.constant(null));
const answer = fc.oneof(
  fc.constantFrom("a", "b", "c", "", "other"),
  fc.integer({ min: -2, max: 5 }),
  fc.constantFrom(1.5, 0.25),
  fc.boolean(),
  fc.constant(null),
  fc.array(item, { maxLength: 4 }),
  fc.dictionary(fc.constantFrom("r1", "r2"), fc.oneof(fc.constantFrom("x", "y"), fc.integer({ min: 1, max: 2 }), fc.constant(null), fc.constant(["x"]))),
);
const respondent = fc.record({
  antenna: fc.constantFrom("bru", "lie", null),
  sector: fc.constantFrom("music", "crafts", null),
  locale: fc.constantFrom("fr", "nl"),
  month: fc.constantFrom("2026-01-15", "2026-02-03", "2026-03-28"),
  recordKey: fc.integer({ min: 0, max: RECORD_KEY_RANGE - 1 }),
  answers: fc.dictionary(fc.constantFrom(...NAMES, "q1-Comment"), answer),
});
type Respondent = typeof respondent extends fc.Arbitrary<infer T> ? T : never;
const spec = fc.tuple(...NAMES.map(() => fc.constantFrom(...TYPES)), fc.boolean()).map(([...types]) => {
  const hasOther = types.pop() as unknown as boolean;
  return NAMES.map((name, i): QuestionSpec => ({ name, type: types[i] as QuestionType, hasOther: i === 0 && hasOther }));
});
const filters = fc.record(
  {
    antenna: fc.constantFrom("bru", "lie"),
    sector: fc.constantFrom("music", "crafts"),
    locale: fc.constantFrom("fr", "nl"),
    from: fc.constantFrom("2026-02-01"),
    to: fc.constantFrom("2026-02-28", "2026-03-31"),
  },
  { requiredKeys: [] },
);

/** A view's tally as plain data, maps sorted. */
function plain(view: ViewTally) {
  const sorted = <V>(map: Map<string | number, V>) => [...map].sort(([a], [b]) => String(a).localeCompare(String(b)));
  return {
    respondents: view.respondents,
    questions: sorted(view.questions).map(([name, q]) => ({
      name,
      answered: q.answered,
      options: sorted(q.options),
      ranks: sorted(q.ranks).map(([item, positions]) => [item, sorted(positions)]),
      cells: sorted(q.cells).map(([row, cells]) => [row, sorted(cells)]),
    })),
  };
}

describe.each(testDrivers)("a view's counts on %s", (driver) => {
  const database = useTestDatabase(driver);
  const db = () => database().db;

  async function insert(surveyId: string, people: Respondent[]) {
    if (!people.length) return;
    const rows = people.map(
      (p) => sql`(${randomUUID()}, ${surveyId}, 1, ${p.locale}, ${p.antenna}, ${p.sector}, ${JSON.stringify(p.answers)}::jsonb, true, ${p.month}::date, ${p.recordKey})`,
    );
    await db().execute(sql`insert into responses (id, survey_id, version, locale, antenna, sector, answers, complete, created_on, record_key) values ${sql.join(rows, sql`, `)}`);
  }

  it("are the counts of the view's members with their key sums, and at an earlier release exactly those it held then, on random answers", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(respondent, { minLength: 5, maxLength: 30 }), fc.array(respondent, { minLength: 5, maxLength: 15 }), spec, filters, async (before, after, questions, view) => {
        const survey = async (batches: Respondent[][]) => {
          const surveyId = randomUUID();
          await db().execute(sql`insert into surveys (id, slug, title) values (${surveyId}, ${`p-${surveyId}`}, '{"default":"P"}'::jsonb)`);
          for (const batch of batches) {
            await insert(surveyId, batch);
            await releaseDue(db(), { surveyId, minGroupSize: 5, closed: false });
          }
          return surveyId;
        };
        // Two releases, the second adding to existing counts; and a survey that only ever had the first.
        const both = await survey([before, after]);
        const first = await survey([before]);
        const now = await tallyView(db(), { surveyId: both, questions, filters: view, point: { release: 2, current: true } });
        // The respondents and their cell key, counted here from what was inserted.
        const members = [...before, ...after].filter(
          (p) =>
            (view.antenna === undefined || p.antenna === view.antenna) &&
            (view.sector === undefined || p.sector === view.sector) &&
            (view.locale === undefined || p.locale === view.locale) &&
            (view.from === undefined || p.month >= view.from) &&
            (view.to === undefined || p.month <= view.to),
        );
        expect(now.respondents).toEqual({ count: members.length, keySum: members.reduce((sum, p) => (sum + p.recordKey) % RECORD_KEY_RANGE, 0) });
        // The view as release 1 showed it (the summary minus the members released since) is the first survey's.
        const then = await tallyView(db(), { surveyId: both, questions, filters: view, point: { release: 1, current: false } });
        const only = await tallyView(db(), { surveyId: first, questions, filters: view, point: { release: 1, current: true } });
        expect(plain(then)).toEqual(plain(only));
      }),
      { numRuns: driver === "pglite" ? 50 : 30 },
    );
  });
});
