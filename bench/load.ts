// npm run bench:load — issue 7, "Load and faults": MEMBERS simulated members
// (500; PAGE_SHARE of them on the member page's own form posts and autosave,
// issue 11, the others through the JSON API) answering the networking template at once for SECONDS (60) against the
// production build on PostgreSQL, each saving every page as a partial response
// and then completing, with a reader's pauses, then the next member starts;
// STAFF clients (3) read the results API meanwhile. Prints throughput,
// p50/p95/p99 per kind of request, failures, acknowledged completions against
// complete rows stored, and the server's RSS. Creates its own database and
// drops it. Writes bench/results/load.json.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { networkingTemplate } from "~/surveys/template";
import { appProcess, checkStored, freshDatabase, Ledger, memberLoop, memberPageLoop, Recorder, sampleMemory, staffLoop } from "./load-lib";
import { freePort, machine, publishSurvey } from "./server-lib";

const MEMBERS = Number(process.env.MEMBERS ?? 500);
const SECONDS = Number(process.env.SECONDS ?? 60);
const STAFF = Number(process.env.STAFF ?? 3);
/** The share of members answering on the member page (its form posts and autosave); the others use the JSON API. */
const PAGE_SHARE = Number(process.env.PAGE_SHARE ?? 0.5);
const PAUSE_MS = (process.env.PAUSE_MS ?? "300,1500").split(",").map(Number) as [number, number];

const database = await freshDatabase("maillage_load");
const app = appProcess({
  port: await freePort(),
  env: {
    DATABASE_URL: database.url,
    SESSION_SECRET: randomUUID() + randomUUID(),
    SUBMISSIONS_PER_MINUTE: "100000000",
    // The demo seeds the catalogue (antennas, sectors) the template's profile questions need.
    DEMO: "1",
  },
});
try {
  await app.start();
  const template = networkingTemplate();
  const { slug, headers } = await publishSurvey(app.origin, { slug: `bench-load-${Date.now()}`, title: template.title, definition: template.definition });
  const agent = new Agent({ keepAlive: true, maxSockets: MEMBERS + STAFF });
  const recorder = new Recorder();
  const ledger = new Ledger();
  const stopMemory = sampleMemory(app.pid);
  console.log(`${MEMBERS} members and ${STAFF} staff readers for ${SECONDS} s against ${app.origin} (${machine()})…`);
  const begin = performance.now();
  const until = begin + SECONDS * 1000;
  let next = 0;
  await Promise.all([
    // Members on the member page itself (its form posts and autosave) beside members of the JSON API.
    ...Array.from({ length: MEMBERS }, (_, i) =>
      (i < MEMBERS * PAGE_SHARE ? memberPageLoop : memberLoop)({ origin: app.origin, slug, agent, recorder, ledger, until, pauseMs: PAUSE_MS, retryUntil: until + 15_000 }, () => next++),
    ),
    ...Array.from({ length: STAFF }, () => staffLoop({ origin: app.origin, slug, agent, recorder, until, headers, pauseMs: [200, 800] })),
  ]);
  const elapsedS = (performance.now() - begin) / 1000;
  const memory = stopMemory();
  agent.destroy();

  const requests = recorder.summary(elapsedS);
  const stored = await checkStored({ databaseUrl: database.url, slug, ledger });
  const totalOk = requests.reduce((sum, r) => sum + r.ok, 0);
  const failed = requests.reduce((sum, r) => sum + r.failed, 0);
  console.table(requests.map(({ failures, ...row }) => ({ ...row, failures: JSON.stringify(failures) })));
  console.log(`members started ${next}; requests ok ${totalOk} (${Math.round(totalOk / elapsedS)}/s over ${elapsedS.toFixed(1)} s), failed attempts ${failed}`);
  console.log(
    `completions acknowledged ${stored.acknowledgedComplete} / complete rows stored ${stored.storedComplete}${stored.equal ? " (equal)" : " (MISMATCH)"}; ` +
      `lost ${stored.lostComplete}, answers changed ${stored.changedAnswers}, partial saves lost ${stored.lostPartial}, given up ${stored.gaveUp}`,
  );
  console.log(`server RSS: first ${memory.firstMb} MB, max ${memory.maxMb} MB, last ${memory.lastMb} MB (${memory.samples} samples)`);
  if (app.stderr.lines) console.log(`server stderr: ${app.stderr.lines} lines, e.g. ${app.stderr.first.slice(0, 3).join(" | ")}`);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(
    "bench/results/load.json",
    `${JSON.stringify(
      { date: new Date().toISOString(), machine: machine(), members: MEMBERS, staff: STAFF, seconds: SECONDS, pauseMs: PAUSE_MS, elapsedS: +elapsedS.toFixed(1), membersStarted: next, requestsPerSecond: Math.round(totalOk / elapsedS), failedAttempts: failed, requests, stored, memory, serverStderrLines: app.stderr.lines, perSecond: recorder.perSecond },
      null,
      2,
    )}\n`,
  );
  console.log("Written: bench/results/load.json");
} finally {
  await app.stop();
  await database.drop();
}
