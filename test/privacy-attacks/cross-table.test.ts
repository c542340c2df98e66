// A determined reader against the cross-tables (`?by=<question>`): the same
// attacks as privacy-attacks.test.ts, done with the columns of cross-tables in
// place of filters, and mixed with them. A cross-table column is a view of its
// own (those who gave an answer): it must release nothing the noise alone
// would not, and nothing about 1 to k-1 members.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../app";
import { testDrivers } from "../db";
import type { Db } from "~/db/client.server";
import { action as respond } from "~/routes/api.surveys.$slug.responses";
import { loader as results } from "~/routes/api.surveys.$slug.results";
import { ChanceReader, type Context, ExactReader, exactHits, type FigureAttack, inclusionExclusion, type Reader, type ReleasedView, siblingSums, targets } from "./attacks";
import { AppReader, plantSurvey, staffAccount, type Staff, useAppDatabase } from "./harness";
import { answersOf, FIGURES, type Filters, K, plantPeople, random, TARGET_QUESTIONS } from "./plant";

const CONTEXT: Context = { antennas: ["bru", "lie", "cha", "gen", "nam"], sectors: ["design", "musique", "artisanat", "numerique"], locales: ["fr", "nl", "en"] };
const CHANCE_DRAWS = 12;
const bar = (chance: number, trials: number) => chance + 3 * Math.sqrt((chance * (1 - chance)) / trials) + 0.02;

type Column = { value: string | null; suppressed: boolean; n?: number; questions?: { name: string; n: number | null; options: { value: string; count: number | null }[] }[] };

/** Reads the results API's cross-table of a view cut by `by`. */
async function crossTable(slug: string, staff: Staff, filters: Filters, by: string): Promise<Column[]> {
  const params = new URLSearchParams({ by });
  for (const [name, value] of Object.entries(filters)) if (value !== undefined) params.set(name, value);
  const response = await call(results, { path: `/api/surveys/${slug}/results?${params}`, params: { slug }, headers: staff.headers });
  const body = (await response.json()) as { suppressed: boolean; crossTable?: { columns: Column[] } };
  if (response.status !== 200) throw new Error(`results answered ${response.status}: ${JSON.stringify(body)}`);
  return body.suppressed ? [] : body.crossTable!.columns;
}

const asView = (column: Column | undefined): ReleasedView => {
  if (!column || column.suppressed) return { refused: true, figures: new Map(), texts: null };
  const figures = new Map<string, number | null>([["n", column.n ?? null]]);
  for (const question of column.questions ?? []) {
    if (!(question.name in TARGET_QUESTIONS)) continue;
    for (const option of question.options) figures.set(`${question.name}:${option.value}`, option.count);
  }
  return { refused: false, figures, texts: null };
};

/**
 * A reader who asks every antenna or sector filter as a cross-table column
 * instead: {antenna: "cha", locale: "fr"} is the column "cha" of the French
 * speakers' view cut by the question "antenna"; a sector, the column of a cut by "sector".
 */
class CrossReader implements Reader {
  constructor(
    private readonly slug: string,
    private readonly staff: Staff,
    private readonly direct: Reader,
  ) {}
  async view(filters: Filters): Promise<ReleasedView> {
    const by = filters.sector !== undefined ? "sector" : filters.antenna !== undefined ? "antenna" : null;
    if (by === null) return this.direct.view(filters);
    const rest: Filters = { ...filters, [by]: undefined };
    return asView((await crossTable(this.slug, this.staff, rest, by)).find((column) => column.value === filters[by]));
  }
  themes(segment: { antenna?: string }) {
    return this.direct.themes(segment);
  }
}

describe.each(testDrivers)("a determined reader against the cross-tables on %s", (driver) => {
  let db: Db;
  let close: () => Promise<void>;
  let staff: Staff;
  let slug: string;
  let cross: Reader;
  const people = plantPeople();

  beforeAll(async () => {
    ({ db, close } = await useAppDatabase(driver));
    staff = await staffAccount(db, `cross-attacker-${driver}@attacks.test`);
    slug = `cross-attacks-${driver}`;
    const { share } = await plantSurvey(db, { slug, people, staff });
    cross = new CrossReader(slug, staff, new AppReader(db, slug, staff, share));
  }, 60_000);
  afterAll(async () => close?.());

  it("a column gives the figures of the filter of the same members: asking by a cross-table gains nothing", async () => {
    const direct = new AppReader(db, slug, staff, "");
    for (const filters of [{ antenna: "lie" }, { antenna: "bru", sector: "design" }, { antenna: "cha", locale: "fr" }, { sector: "musique" }] as Filters[]) {
      const [column, filtered] = await Promise.all([cross.view(filters), direct.view(filters)]);
      expect(column, JSON.stringify(filters)).toEqual(filtered);
    }
  });

  it("no column of any cut releases a figure about 1 to k-1 members, and a column under k shows nothing", async () => {
    let columns = 0;
    for (const filters of [{}, { antenna: "lie" }, { antenna: "cha" }, { locale: "nl" }] as Filters[]) {
      for (const by of ["antenna", "sector", "themes", "formats", "venues", "frequency"]) {
        for (const column of await crossTable(slug, staff, filters, by)) {
          columns++;
          const members = people.filter((person) => {
            const inView = Object.entries(filters).every(([name, value]) => (name === "locale" ? person.locale : person.antenna) === value);
            const answer = person.answers[by];
            return inView && (column.value === null || (Array.isArray(answer) ? answer.includes(column.value) : answer === column.value));
          });
          if (members.length < K) expect(column.suppressed, `${JSON.stringify(filters)} by ${by}=${column.value}: ${members.length} members`).toBe(true);
          if (column.suppressed) {
            expect(column.questions).toBeUndefined();
            continue;
          }
          for (const question of column.questions!) {
            for (const count of [question.n, ...question.options.map((option) => option.count)]) expect(count === null || count === 0 || count >= K).toBe(true);
          }
        }
      }
    }
    expect(columns).toBeGreaterThan(100);
  }, 120_000);

  it.each([siblingSums, inclusionExclusion].map((attack) => [attack.name, attack] as [string, FigureAttack]))(
    "%s over cross-table columns (the whole view minus the other columns) does no better than chance",
    async (_, attack) => {
      const expected = targets(people, attack.groups, attack.figures ?? FIGURES);
      const unprotected = exactHits(await attack.run(new ExactReader(people), CONTEXT), expected) / expected.size;
      let chanceHits = 0;
      for (let draw = 0; draw < CHANCE_DRAWS; draw++) chanceHits += exactHits(await attack.run(new ChanceReader(people, 3000 + draw), CONTEXT), expected);
      const chance = chanceHits / (CHANCE_DRAWS * expected.size);
      const real = exactHits(await attack.run(cross, CONTEXT), expected) / expected.size;
      console.log(`[privacy attack] ${attack.name} by cross-table: unprotected ${(100 * unprotected).toFixed(1)} % · chance ${(100 * chance).toFixed(1)} % · Maillage ${(100 * real).toFixed(1)} %`);
      expect(unprotected).toBeGreaterThan(0.9);
      expect(real).toBeLessThanOrEqual(bar(chance, expected.size));
    },
    120_000,
  );

  it("a column waits for k new members of its own: a batch of newcomers moves the whole view, not a column one of them joined", async () => {
    const batches = `cross-batches-${driver}`;
    await plantSurvey(db, { slug: batches, people, staff });
    const before = await crossTable(batches, staff, {}, "themes");
    const next = random(41);
    // A batch of k: the first alone chose "international", the others "design" (fewer than k of them too).
    for (let i = 0; i < K; i++) {
      const answers = { ...answersOf(next, { antenna: "bru", sector: "design" }, false), themes: [i === 0 ? "international" : "design"] };
      const response = await call(respond, { method: "POST", params: { slug: batches }, json: { id: randomUUID(), locale: "fr", answers, complete: true } });
      expect(response.status).toBe(201);
    }
    const after = await crossTable(batches, staff, {}, "themes");
    const of = (columns: Column[], value: string | null) => columns.find((column) => column.value === value);
    // The whole view took the batch in (k more members: its figure moved past any adjustment)…
    expect(of(after, null)!.n!).toBeGreaterThan(of(before, null)!.n!);
    // …while the columns the newcomers joined still show the release before them.
    expect(of(after, "international")).toEqual(of(before, "international"));
    expect(of(after, "design")).toEqual(of(before, "design"));
  }, 120_000);
});
