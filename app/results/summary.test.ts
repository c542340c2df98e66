import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tallyNewResponses } from "~/responses/tally.server";
import { testDrivers, useTestDatabase } from "../../test/db";
import {
  type FilterDimension,
  type QuestionSpec,
  type QuestionType,
  type ResultFilters,
  type Tallies,
  type ViewTally,
  activeDimensions,
  tallyAnswers,
  tallySummary,
  viewTally,
} from "./aggregate.server";

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
  complete: fc.boolean(),
  answers: fc.dictionary(fc.constantFrom(...NAMES, "q1-Comment"), answer),
});
type Respondent = typeof respondent extends fc.Arbitrary<infer T> ? T : never;
const spec = fc.tuple(...NAMES.map(() => fc.constantFrom(...TYPES)), fc.boolean()).map(([...types]) => {
  const hasOther = types.pop() as unknown as boolean;
  return NAMES.map((name, i): QuestionSpec => ({ name, type: types[i] as QuestionType, hasOther: i === 0 && hasOther }));
});
const filters = fc.record(
  { antenna: fc.constantFrom("bru", "lie"), sector: fc.constantFrom("music", "crafts"), locale: fc.constantFrom("fr", "nl"), complete: fc.constant(true) },
  { requiredKeys: [] },
);

/** Every subset of the view's dimensions: the view and each ancestor the privacy rule reads. */
const subsets = (dimensions: FilterDimension[]) =>
  Array.from({ length: 1 << dimensions.length }, (_, bits) => dimensions.filter((_, i) => bits & (1 << i)));

/** A view's tally as plain data, questions without any count left out. */
function plain(view: ViewTally, questions: QuestionSpec[]) {
  const sorted = <V>(map: Map<string, V>) => [...map].sort(([a], [b]) => a.localeCompare(b));
  return {
    respondents: view.respondents,
    questions: questions.map(({ name }) => {
      const q = view.questions.get(name);
      if (!q || (!q.answered && !q.options.size && !q.ranks.size && !q.cells.size && !q.sum)) return { name };
      return {
        name,
        answered: q.answered,
        options: sorted(q.options),
        ranks: sorted(q.ranks),
        cells: sorted(q.cells).map(([row, cells]) => [row, sorted(cells)]),
        sum: q.sum,
      };
    }),
  };
}
const views = (tallies: Tallies, questions: QuestionSpec[]) => subsets(tallies.dimensions).map((dimensions) => plain(viewTally({ tallies, dimensions }), questions));

describe.each(testDrivers)("results from the summary counts on %s", (driver) => {
  const database = useTestDatabase(driver);
  const db = () => database().db;

  async function insert(surveyId: string, people: Respondent[]) {
    if (!people.length) return;
    const rows = people.map(
      (p) => sql`(${randomUUID()}, ${surveyId}, 1, ${p.locale}, ${p.antenna}, ${p.sector}, ${JSON.stringify(p.answers)}::jsonb, ${p.complete})`,
    );
    await db().execute(sql`insert into responses (id, survey_id, version, locale, antenna, sector, answers, complete) values ${sql.join(rows, sql`, `)}`);
  }

  it("gives the same counts as the scan of every response, for the view and each of its ancestors, on random answers", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(respondent, { maxLength: 30 }), fc.array(respondent, { maxLength: 15 }), spec, filters, async (before, after, questions, view) => {
        const surveyId = randomUUID();
        await db().execute(sql`insert into surveys (id, slug, title) values (${surveyId}, ${`p-${surveyId}`}, '{"default":"P"}'::jsonb)`);
        // Two batches with a tally between: the second adds to existing counts.
        await insert(surveyId, before);
        await tallyNewResponses(db(), { surveyId });
        await insert(surveyId, after);
        await tallyNewResponses(db(), { surveyId });
        const fromSummary = await tallySummary({ db: db(), surveyId, questions, filters: view });
        const fromScan = await tallyAnswers({ db: db(), surveyId, questions, filters: view });
        expect(fromSummary.dimensions).toEqual(activeDimensions({ filters: view as ResultFilters }));
        expect(views(fromSummary, questions)).toEqual(views(fromScan, questions));
      }),
      { numRuns: driver === "pglite" ? 60 : 40 },
    );
  });
});
