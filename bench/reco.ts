// The recommendations at 35,000 and 1,000,000 respondents, two ways:
//
// 1. The engine (in this process), for the template (25 themes) and a survey
//    of 100 themes, on synthetic answers: the index built from pages of rows
//    as the server reads them (networking/load.server.ts), then one view (the
//    overview of every antenna, one antenna, one antenna and sector).
// 2. The path a working group takes: the production build (node server.js,
//    engine in its worker thread) on a PostgreSQL database of its own, the
//    networking template published through the API and RECO_DB_SIZES
//    responses seeded in SQL; a staff member signed in through the login form
//    opens the recommendations page: the first time after a release (every
//    row read), again (cached), another antenna (the worker only), then after
//    the next batch is released (only that batch read). Meanwhile /healthz is
//    polled every 20 ms: the longest answer is how long the server's event
//    loop was held.
//
// Prints figures; writes bench/results/reco.json.
// Run: npm run bench:reco. RECO_SIZES=35000 and RECO_DB_SIZES=100000 for a quick run; RECO_DB_SIZES=0 skips the server.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows } from "~/db/client.server";
import { answerIndexBuilder, finishIndex } from "~/networking/answers";
import { countMembers } from "~/networking/bitset";
import { recommendFromIndex } from "~/networking/engine";
import { templateSizedQuestions } from "~/networking/sample-survey";
import { generateRespondents } from "~/networking/synthetic";
import { batchSize } from "~/results/batches";
import { networkingTemplate } from "~/surveys/template";
import { appProcess, freshDatabase, send } from "./load-lib";
import { seedResponses } from "./results-lib";
import { BENCH_ADMIN, freePort, median, publishSurvey } from "./server-lib";

const sizes = (name: string, fallback: string) => (process.env[name] ?? fallback).split(",").map(Number).filter((size) => size > 0);
const SIZES = sizes("RECO_SIZES", "35000,1000000");
const DB_SIZES = sizes("RECO_DB_SIZES", "100000,1000000");
const RUNS = 3;
/** Rows per page, as the server reads them. */
const PAGE = 10_000;
const MB = 1024 * 1024;
// Issue 12's figures before this engine, on this kind of machine: the template at 1,000,000 took 3.3 s, 100 themes 59 s.
const BEFORE = { template: { respondents: 1_000_000, requestMs: 3300 }, hundredThemes: { respondents: 1_000_000, requestMs: 59_000 } };

const round = (ms: number) => Math.round(ms * 10) / 10;
const memory = () => {
  const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
  return { rssMB: Math.round(rss / MB), heapUsedMB: Math.round(heapUsed / MB), arrayBuffersMB: Math.round(arrayBuffers / MB) };
};

function time<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: round(performance.now() - start) };
}

// ---------------------------------------------------------------------------
// 1. The engine

const SURVEYS = [
  { name: "template", topics: 10 },
  { name: "hundredThemes", topics: 85 },
] as const;

function engineFigures() {
  return SURVEYS.flatMap(({ name, topics }) => {
    const { questions, antennas, sectors } = templateSizedQuestions({ topics });
    const themes = questions.find((question) => question.role === "interest.theme")!.choices.length;
    return SIZES.map((count) => {
      // Rows come a page at a time, generated as they are needed: only the index and one page are ever in memory.
      const builder = answerIndexBuilder(questions);
      let indexMs = 0;
      const pages = Math.ceil(count / PAGE);
      for (let page = 0; page < pages; page++) {
        const size = Math.min(PAGE, count - page * PAGE);
        const planted = page === 0 ? [{ antenna: "lie", theme: "sector-3", format: "format-2", slot: "slot-5", venue: "venue-1", size: Math.max(5, Math.round(count / 500)) }] : [];
        const rows = generateRespondents({ questions, antennas, sectors, count: Math.max(size, planted[0]?.size ?? 0), seed: 42 + page, planted });
        rows.forEach((row, i) => (row.locale = ["fr", "nl", "en"][i % 3]!));
        indexMs += time(() => builder.add(rows)).ms;
      }
      const finished = time(() => finishIndex(builder.rows()));
      const index = finished.value;
      const timings = { overviewMs: [] as number[], antennaMs: [] as number[], antennaSectorMs: [] as number[] };
      let summary = {};
      for (let run = 0; run < RUNS; run++) {
        const overview = time(() => recommendFromIndex(index, { minGroupSize: 5 }));
        const antenna = time(() => recommendFromIndex(index, { minGroupSize: 5, segment: { antenna: "lie" } }));
        const both = time(() => recommendFromIndex(index, { minGroupSize: 5, segment: { antenna: "lie", sector: "sector-3" } }));
        timings.overviewMs.push(overview.ms);
        timings.antennaMs.push(antenna.ms);
        timings.antennaSectorMs.push(both.ms);
        const top = antenna.value.suppressed ? null : antenna.value.proposals[0];
        const whole = overview.value.suppressed ? null : overview.value;
        summary = {
          topProposalInLiege: top && { theme: top.theme, format: top.format, slot: top.slot, venue: top.venue, participants: top.participants },
          overviewAntennas: whole && new Set(whole.proposals.map((proposal) => proposal.antenna)).size,
          programmeBound: whole?.programme?.bound,
          transversalPairs: whole?.transversalThemes.length,
        };
      }
      const medians = Object.fromEntries(Object.entries(timings).map(([key, values]) => [key, median(values)])) as Record<keyof typeof timings, number>;
      const row = {
        survey: name,
        themes,
        respondents: countMembers(index.all),
        // Reducing the rows page by page (what the server does as they arrive), then laying out the bitsets (the worker does).
        addRowsMs: round(indexMs),
        finishIndexMs: finished.ms,
        ...medians,
        // What a release costs once its rows are read: the index finished and the overview worked out.
        releaseToOverviewMs: round(finished.ms + medians.overviewMs),
        memory: memory(),
        ...summary,
      };
      console.log(JSON.stringify(row));
      return [row];
    }).flat();
  });
}

// ---------------------------------------------------------------------------
// 2. The server, as a working group meets it

/** Signs the bench admin in through the login form; returns the session cookie. */
async function signIn(agent: Agent, origin: string): Promise<string> {
  const outcome = await send(agent, `${origin}/login`, { method: "POST", form: [["email", BENCH_ADMIN.email], ["password", BENCH_ADMIN.password], ["redirectTo", "/"]], headers: { Origin: origin } });
  const cookie = outcome.cookies?.map((line) => line.split(";")[0]).join("; ");
  if (outcome.status !== 302 || !cookie) throw new Error(`sign-in: ${outcome.status} ${outcome.error ?? ""}`);
  return cookie;
}

/** Polls /healthz every 20 ms until stopped; returns the longest answer seen, in ms. */
function holdWatch(origin: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let longest = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const outcome = await send(agent, `${origin}/healthz`, { timeoutMs: 60_000 });
      longest = Math.max(longest, outcome.ms);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    agent.destroy();
    return round(longest);
  };
}

async function serverFigures() {
  if (DB_SIZES.length === 0) return [];
  const database = await freshDatabase("maillage_reco");
  const app = appProcess({ port: await freePort(), env: { DATABASE_URL: database.url, SESSION_SECRET: randomUUID() + randomUUID(), DEMO: "1" } });
  const seeder = await openDatabase({ url: database.url, dataDir: "unused", poolSize: 2 });
  const figures: Record<string, unknown>[] = [];
  try {
    await app.start();
    const template = networkingTemplate();
    const { slug } = await publishSurvey(app.origin, { slug: `bench-reco-${Date.now()}`, title: template.title, definition: template.definition });
    const [survey] = await queryRows<{ id: string }>(seeder.db, sql`select id from surveys where slug = ${slug}`);
    const surveyId = survey!.id;
    const agent = new Agent({ keepAlive: true, maxSockets: 2 });
    const cookie = await signIn(agent, app.origin);
    const page = async (query = "") => {
      const stop = holdWatch(app.origin);
      const outcome = await send(agent, `${app.origin}/surveys/${slug}/recommendations${query}`, { headers: { Cookie: cookie }, timeoutMs: 600_000 });
      const heldMs = await stop();
      if (outcome.status !== 200) throw new Error(`recommendations page: ${outcome.status} ${outcome.error ?? ""}`);
      return { ms: round(outcome.ms), heldMs };
    };
    let seeded = 0;
    for (const size of DB_SIZES) {
      const seedStart = performance.now();
      await seedResponses({ db: seeder.db, surveyId, count: size - seeded });
      seeded = size;
      const seedMs = Math.round(performance.now() - seedStart);
      // The release itself (response_counts for the results) is bench:results' figure: made here by the results page, untimed.
      const results = await send(agent, `${app.origin}/surveys/${slug}/results`, { headers: { Cookie: cookie }, timeoutMs: 600_000 });
      if (results.status !== 200) throw new Error(`results page: ${results.status}`);
      await seeder.db.execute(sql`vacuum analyze responses`);
      const [released] = await queryRows<{ count: number }>(seeder.db, sql`select count(*)::int as count from responses where survey_id = ${surveyId} and released_in is not null`);
      // A fresh process: nothing cached, as after a deployment (the session is in the database and stays valid).
      await app.stop();
      await app.start();
      const firstAfterStart = await page();
      const cached = await page();
      const antenna = await page("?antenna=lie");
      // The next batch: exactly one release's worth of new complete responses.
      const batch = batchSize({ released: Number(released?.count ?? 0), minGroupSize: 5 });
      await seedResponses({ db: seeder.db, surveyId, count: batch, segment: { antenna: "lie", sector: "musique" } });
      seeded += batch;
      const nextRelease = await page();
      const row = {
        respondents: Number(released?.count ?? 0),
        seedMs,
        firstAfterStartMs: firstAfterStart.ms,
        firstAfterStartHeldMs: firstAfterStart.heldMs,
        cachedMs: cached.ms,
        antennaMs: antenna.ms,
        antennaHeldMs: antenna.heldMs,
        nextBatch: batch,
        nextReleaseMs: nextRelease.ms,
        nextReleaseHeldMs: nextRelease.heldMs,
      };
      console.log(JSON.stringify(row));
      figures.push(row);
    }
    agent.destroy();
  } finally {
    await seeder.close();
    await app.stop();
    await database.drop();
  }
  return figures;
}

const engine = engineFigures();
const server = await serverFigures();
const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown", node: process.version, totalMemoryMB: Math.round(os.totalmem() / MB) };
const out = path.join("bench", "results", "reco.json");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine, runs: RUNS, before: BEFORE, engine, server }, null, 2)}\n`);
console.log(`written ${out}`);
process.exit(0);
