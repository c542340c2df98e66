// npx vite-node bench/results.ts [--sizes 10000,100000,1000000]
// Seeds the networking template's questions with random responses on
// PostgreSQL (a database of its own, dropped at the end) and prints, per size,
// the time of the release that counts them into response_counts, then the
// median server time of the full results and of a two-filter view (with the
// cell key adjustments and the batch rule, docs/decisions/009), of that view
// while it waits for its own batch (counted from its members at the release it
// shows), the payload, and two references measured in the same run: a bare
// count(*) and loading every row into Node.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, queryRows } from "~/db/client.server";
import { releaseDue } from "~/responses/release.server";
import { getResults } from "~/results/results.server";
import { networkingTemplate } from "~/surveys/template";
import { batchSize } from "~/results/batches";
import { BENCH_QUESTIONS, countRows, loadAndAggregateInNode, medianMs, seedResponses } from "./results-lib";

const sizesArgument = process.argv.indexOf("--sizes");
const sizes = (sizesArgument > 0 ? (process.argv[sizesArgument + 1] ?? "") : "10000,100000,1000000")
  .split(",")
  .map(Number)
  .filter((size) => Number.isInteger(size) && size > 0)
  .sort((a, b) => a - b);
// A database of its own, dropped at the end (test/db.ts cannot be imported outside vitest).
const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `maillage_bench_${randomBytes(4).toString("hex")}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const database = await openDatabase({ url: url.toString(), dataDir: "unused", poolSize: 2 });
const figures: Record<string, unknown>[] = [];
let postgresVersion = "";
try {
  await database.migrate();
  const db = database.db;
  const surveyId = randomUUID();
  await db.execute(sql`insert into surveys (id, slug, title, status) values (${surveyId}, 'bench', '{"default":"Bench"}'::jsonb, 'open')`);
  // The seeded responses use versions 1 and 2: both are the template, whose
  // free-text questions the summary counts without their words.
  const definition = JSON.stringify(networkingTemplate().definition);
  await db.execute(sql`insert into survey_versions (survey_id, version, definition) values (${surveyId}, 1, ${definition}::jsonb), (${surveyId}, 2, ${definition}::jsonb)`);
  let seeded = 0;
  for (const size of sizes) {
    const seedStart = performance.now();
    await seedResponses({ db, surveyId, count: size - seeded });
    seeded = size;
    const seedMs = Math.round(performance.now() - seedStart);
    // The release counts the new responses (here all the seeded ones at once).
    const releaseStart = performance.now();
    const released = (await releaseDue(db, { surveyId, minGroupSize: 5, closed: false })).released;
    const firstReleaseMs = Math.round(performance.now() - releaseStart);
    // A release rewrites every released row once (`released_in`); in production autovacuum then
    // reclaims the old versions. Measure that steady state, not the moment right after.
    await db.execute(sql`vacuum analyze responses`);
    const two = { antenna: "lie", sector: "musique" };
    const full = () => getResults(db, { surveyId, questions: BENCH_QUESTIONS, minGroupSize: 5 });
    const filtered = () => getResults(db, { surveyId, questions: BENCH_QUESTIONS, minGroupSize: 5, filters: two });
    const payload = Buffer.byteLength(JSON.stringify(await full()));
    const filteredPayload = Buffer.byteLength(JSON.stringify(await filtered()));
    const runs = size >= 1_000_000 ? 5 : 7;
    const fullResultsMs = await medianMs({ runs, task: full });
    const twoFilterViewMs = await medianMs({ runs, task: filtered });
    const loadIntoNodeMs = await medianMs({ runs: size >= 1_000_000 ? 1 : 3, task: () => loadAndAggregateInNode({ db, surveyId }) });
    const [summary] = await queryRows<{ rows: number }>(db, sql`select count(*)::int as rows from response_counts where survey_id = ${surveyId}`);
    const countStarMs = await medianMs({ runs, task: () => countRows({ db, surveyId }) });
    // A release in which the view gets fewer than k new members: it keeps showing the previous
    // release, counted from its own members (the path of a narrow view between two batches).
    const batch = batchSize({ released, minGroupSize: 5 });
    await seedResponses({ db, surveyId, count: 3, segment: two });
    await seedResponses({ db, surveyId, count: batch, segment: { antenna: "bru", sector: "design" } });
    await releaseDue(db, { surveyId, minGroupSize: 5, closed: false });
    const waitingView = await filtered();
    const twoFilterWaitingMs = await medianMs({ runs, task: filtered });
    seeded += 3 + batch;
    const row = {
      responses: size,
      completeResponses: await countRows({ db, surveyId }),
      seedMs,
      released,
      firstReleaseMs,
      summaryRows: Number(summary?.rows ?? 0),
      fullResultsMs,
      twoFilterViewMs,
      twoFilterWaitingMs,
      waitingViewRelease: waitingView.suppressed ? null : waitingView.release.number,
      payloadBytes: payload,
      twoFilterPayloadBytes: filteredPayload,
      countStarMs,
      loadIntoNodeMs,
      fullVsCountStar: Math.round((fullResultsMs / countStarMs) * 10) / 10,
      twoFilterVsCountStar: Math.round((twoFilterViewMs / countStarMs) * 10) / 10,
      speedupVsLoad: Math.round((loadIntoNodeMs / fullResultsMs) * 10) / 10,
    };
    figures.push(row);
    console.log(JSON.stringify(row));
  }
  const [server] = await queryRows<{ version: string }>(db, sql`select version() as version`);
  postgresVersion = server?.version ?? "";
} finally {
  await database.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
const report = { machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, postgres: postgresVersion }, at: new Date().toISOString(), figures };
const out = path.resolve("bench/results/results.json");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.table(figures);
console.log(`written to ${out}`);
process.exit(0);
