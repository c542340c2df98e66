// Seeding and reference measurements for bench/results.ts.
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "~/db/client.server";
import type { QuestionSpec } from "~/results/results.server";
import { DEMO_ANTENNAS, DEMO_SECTORS } from "~/demo/catalogue";

const SECTORS = DEMO_SECTORS.map((sector) => sector.code);
const THEMES = [...SECTORS, "fair-pricing", "social-protection", "finding-work", "digital-tools", "third-places", "collective-projects", "sustainability", "cooperative-life", "wellbeing", "international"];
const FORMATS = ["afterwork", "working-breakfast", "meet-and-connect", "minibus-trip", "forest-walk", "park-picnic", "street-art-tour", "shared-workspace-visit", "partner-meeting", "experience-forum", "trade-fair"];
const VENUES = ["shared-space", "workshop", "antenna-office", "partner-space", "outdoors", "online"];
const SLOTS = [...["mon", "tue", "wed", "thu", "fri"].flatMap((day) => ["morning", "lunch", "afternoon", "evening"].map((part) => `${day}-${part}`)), "weekend"];
const FREQUENCIES = ["weekly", "monthly", "quarterly", "occasional"];
const SKILLS = ["accounting-admin", "communication", "graphic-design", "photo-video", "sound", "web-digital", "legal-advice", "funding", "equipment", "workspace", "translation", "training"];
// Brussels and Liège weigh more, as in the cooperative.
const ANTENNA_WEIGHTS = ["bru", "bru", "bru", "ant", "gen", "lie", "lie", "cha", "nam", "mon"];

/** The networking template's questions, as the results module needs them. */
export const BENCH_QUESTIONS: QuestionSpec[] = [
  { name: "antenna", type: "single", choices: DEMO_ANTENNAS.map((antenna) => antenna.code) },
  { name: "sector", type: "single", choices: SECTORS, hasOther: true },
  { name: "themes", type: "multiple", choices: THEMES, hasOther: true },
  { name: "formats", type: "multiple", choices: FORMATS, hasOther: true },
  { name: "venues", type: "multiple", choices: VENUES, hasOther: true },
  { name: "slots", type: "multiple", choices: SLOTS },
  { name: "frequency", type: "single", choices: FREQUENCIES },
  { name: "offers", type: "multiple", choices: SKILLS, hasOther: true },
  { name: "needs", type: "multiple", choices: SKILLS, hasOther: true },
  { name: "suggestion", type: "text" },
];

const array = (values: string[]) => sql`array[${sql.join(values.map((value) => sql`${value}`), sql`, `)}]::text[]`;

/** Each value ticked with probability p: random, independent choices (the hardest case for grouping). */
const pick = (values: string[], p: number) => sql`(select coalesce(jsonb_agg(v), '[]'::jsonb) from unnest(${array(values)}) v where random() < ${p}::float8 + g * 0)`;
const one = (values: string[]) => sql`(${array(values)})[1 + floor(random() * ${values.length} + g * 0)::int]`;

/** Adds `count` random responses built in SQL (INSERT … SELECT generate_series), all in one segment if asked. */
export async function seedResponses({ db, surveyId, count, segment }: { db: Db; surveyId: string; count: number; segment?: { antenna: string; sector: string } }): Promise<void> {
  await db.execute(sql`
    insert into responses (id, survey_id, version, locale, antenna, sector, answers, complete, created_on)
    select gen_random_uuid(), ${surveyId}, 1 + (g % 3 = 0)::int, ${one(["fr", "fr", "nl", "en"])}, x.a, x.s,
      jsonb_strip_nulls(jsonb_build_object(
        'antenna', x.a, 'sector', x.s,
        'themes', ${pick([...THEMES, "other"], 0.12)},
        'formats', ${pick(FORMATS, 0.25)},
        'venues', ${pick(VENUES, 0.3)},
        'slots', ${pick(SLOTS, 0.2)},
        'frequency', ${one(FREQUENCIES)},
        'offers', ${pick(SKILLS, 0.15)},
        'needs', ${pick(SKILLS, 0.15)},
        'suggestion', case when random() < 0.1 then 'Plus de rencontres à la KOP le lundi matin ' || g end
      )),
      ${segment ? sql`true` : sql`random() < 0.9`}, date '2025-01-01' + floor(random() * 60)::int
    from generate_series(1, ${count}::int) g,
      lateral (select ${segment ? sql`${segment.antenna}::text` : one(ANTENNA_WEIGHTS)} as a, ${segment ? sql`${segment.sector}::text` : one(SECTORS)} as s) x
  `);
  await db.execute(sql`analyze responses`);
}

/** The floor: PostgreSQL only counts the rows a full result reads. */
export async function countRows({ db, surveyId }: { db: Db; surveyId: string }): Promise<number> {
  const [row] = await queryRows<{ count: number }>(db, sql`select count(*)::int as count from responses where survey_id = ${surveyId} and complete`);
  return Number(row?.count ?? 0);
}

/** What browser-side dashboards do: every row into JavaScript, counted there. */
export async function loadAndAggregateInNode({ db, surveyId }: { db: Db; surveyId: string }): Promise<number> {
  const rows = await queryRows<{ answers: Record<string, unknown> }>(db, sql`select answers from responses where survey_id = ${surveyId} and complete`);
  const counts = new Map<string, Map<string, number>>();
  for (const { answers } of rows) {
    for (const [name, value] of Object.entries(answers)) {
      let options = counts.get(name);
      if (!options) counts.set(name, (options = new Map()));
      for (const option of Array.isArray(value) ? value : [value]) options.set(String(option), (options.get(String(option)) ?? 0) + 1);
    }
  }
  return counts.size;
}

/** Milliseconds of the median run. */
export async function medianMs({ runs, task }: { runs: number; task: () => Promise<unknown> }): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
}
