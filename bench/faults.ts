// npm run bench:faults — issue 7, "Load and faults": the load of bench/load.ts,
// shorter (MEMBERS 100, SECONDS 45), while (a) PostgreSQL is restarted
// (pg_ctlcluster … restart) and (b) the app is killed (SIGKILL) and started
// again. Members retry as the member page does (same id, backoff). At the end:
// no acknowledged answer lost, retries recorded once, the app process still the
// same after the database restart with /healthz back to ok (and for how long it
// said otherwise), and the restarted app serving. Prints a timeline; writes
// bench/results/faults.json. FAULTS=pg,app picks the faults.
//
// PostgreSQL is shared with other engineers' tests: before restarting it the
// script waits until no vitest process runs, at most until WAIT_UNTIL (HH:MM
// UTC) or for WAIT_MAX_S seconds (600), and it leaves PostgreSQL running.
// To rehearse on a private server instead: BENCH_PG=postgres://…:5499 and
// PG_RESTART_CMD / PG_START_CMD (shell commands); the wait is then skipped.
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { networkingTemplate } from "~/surveys/template";
import { type AppEvent, appProcess, checkStored, freshDatabase, Ledger, memberLoop, memberPageLoop, Recorder, sampleMemory, send, staffLoop, watchHealth } from "./load-lib";
import { freePort, machine, publishSurvey } from "./server-lib";

const MEMBERS = Number(process.env.MEMBERS ?? 100);
const SECONDS = Number(process.env.SECONDS ?? 45);
const STAFF = Number(process.env.STAFF ?? 2);
const FAULTS = (process.env.FAULTS ?? "pg,app").split(",");
const PG_RESTART_AT_S = Number(process.env.PG_RESTART_AT_S ?? 10);
const APP_KILL_AT_S = Number(process.env.APP_KILL_AT_S ?? 28);
const APP_DOWN_S = Number(process.env.APP_DOWN_S ?? 1);
const WAIT_MAX_S = Number(process.env.WAIT_MAX_S ?? 600);
/** The share of members answering on the member page (its form posts and autosave); the others use the JSON API. */
const PAGE_SHARE = Number(process.env.PAGE_SHARE ?? 0.5);
const PAUSE_MS = (process.env.PAUSE_MS ?? "300,1500").split(",").map(Number) as [number, number];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cluster = () => [readdirSync("/etc/postgresql")[0] ?? "15", "main"];
const pgctl = (action: string) => ["--skip-systemctl-redirect", ...cluster(), action];
const OWN_SERVER = !!process.env.PG_RESTART_CMD;
const restartPostgres = () => (OWN_SERVER ? run("sh", ["-c", process.env.PG_RESTART_CMD!]) : run("pg_ctlcluster", pgctl("restart")));

/** Runs a command without blocking the event loop (the clients keep going meanwhile). */
function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => resolve({ code, output: output.trim() }));
  });
}

/** Waits until no vitest process is running (others' database tests), bounded. */
async function waitForQuietDatabase() {
  const deadline = process.env.WAIT_UNTIL ? new Date(`${new Date().toISOString().slice(0, 10)}T${process.env.WAIT_UNTIL}:00Z`).getTime() : Date.now() + WAIT_MAX_S * 1000;
  for (let said = 0; ; said++) {
    const busy = spawnSync("pgrep", ["-f", "vitest"], { encoding: "utf8" }).stdout.trim();
    if (!busy) return "no vitest running";
    if (Date.now() >= deadline) return `waited until ${new Date(deadline).toISOString()}; vitest still running`;
    if (said % 6 === 0) console.log(`Waiting for other vitest runs to end before restarting PostgreSQL (${busy.split("\n").length} processes)…`);
    await sleep(5000);
  }
}

/** PostgreSQL running again at the end, whatever happened. */
async function ensurePostgresRunning() {
  if (OWN_SERVER) return process.env.PG_START_CMD ? `own server: ${(await run("sh", ["-c", process.env.PG_START_CMD])).code}` : "own server";
  const status = await run("pg_ctlcluster", pgctl("status"));
  if (status.code === 0) return "running";
  const started = await run("pg_ctlcluster", pgctl("start"));
  return started.code === 0 ? "was down: started" : `START FAILED: ${started.output}`;
}

const database = await freshDatabase("maillage_faults");
const app = appProcess({
  port: await freePort(),
  env: { DATABASE_URL: database.url, SESSION_SECRET: randomUUID() + randomUUID(), SUBMISSIONS_PER_MINUTE: "100000000", DEMO: "1" },
});
const timeline: AppEvent[] = [];
let begin = performance.now();
const at = () => (performance.now() - begin) / 1000;
const note = (what: string) => {
  const event = { at: Math.round(at() * 10) / 10, what };
  timeline.push(event);
  console.log(`  t=${event.at.toFixed(1)} s  ${what}`);
};
let postgresAtEnd = "";
try {
  await app.start();
  const template = networkingTemplate();
  const { slug, headers } = await publishSurvey(app.origin, { slug: `bench-faults-${Date.now()}`, title: template.title, definition: template.definition });
  const gate = FAULTS.includes("pg") && !OWN_SERVER ? await waitForQuietDatabase() : "no database restart";

  const agent = new Agent({ keepAlive: true, maxSockets: MEMBERS + STAFF });
  const recorder = new Recorder();
  const ledger = new Ledger();
  const stopMemory = sampleMemory(app.pid);
  console.log(`${MEMBERS} members, ${STAFF} staff readers, ${SECONDS} s, faults: ${FAULTS.join(", ")} (${machine()}); before the restart: ${gate}`);
  begin = performance.now();
  const stopHealth = watchHealth(() => app.origin, at);
  const until = begin + SECONDS * 1000;
  let next = 0;

  const faults: Record<string, unknown> = {};
  const driver = (async () => {
    if (FAULTS.includes("pg")) {
      await sleep(PG_RESTART_AT_S * 1000 - at() * 1000);
      const pid = app.pid();
      note(`PostgreSQL: restart begins (${OWN_SERVER ? "PG_RESTART_CMD" : "pg_ctlcluster restart"})`);
      const restart = await restartPostgres();
      note(`PostgreSQL: restart ${restart.code === 0 ? "done" : `FAILED (${restart.output})`}`);
      faults.pg = { at: PG_RESTART_AT_S, exitCode: restart.code, appPidBefore: pid, appPidAfter: app.pid(), appAliveAfter: app.alive() };
    }
    if (FAULTS.includes("app")) {
      await sleep(APP_KILL_AT_S * 1000 - at() * 1000);
      const pid = app.pid();
      note(`app: SIGKILL to pid ${pid}`);
      await app.kill("SIGKILL");
      note("app: dead");
      await sleep(APP_DOWN_S * 1000);
      note("app: node server.js again");
      const readyMs = await app.start();
      note(`app: pid ${app.pid()} answers /healthz (${Math.round(readyMs)} ms after start)`);
      faults.app = { at: APP_KILL_AT_S, killedPid: pid, newPid: app.pid(), startToHealthyMs: Math.round(readyMs), downS: APP_DOWN_S };
    }
  })();

  await Promise.all([
    driver,
    // Members on the member page itself (its form posts and autosave) beside members of the JSON API.
    ...Array.from({ length: MEMBERS }, (_, i) =>
      (i < MEMBERS * PAGE_SHARE ? memberPageLoop : memberLoop)({ origin: app.origin, slug, agent, recorder, ledger, until, pauseMs: PAUSE_MS, retryUntil: until + 30_000 }, () => next++),
    ),
    ...Array.from({ length: STAFF }, () => staffLoop({ origin: app.origin, slug, agent, recorder, until, headers, pauseMs: [300, 1000] })),
  ]);
  const elapsedS = at();
  note("clients done");
  const health = await stopHealth();
  const memory = stopMemory();
  agent.destroy();

  const stored = await checkStored({ databaseUrl: database.url, slug, ledger });
  // After everything (and after counting the rows): the app still answers, and a new member can still complete.
  const probeAgent = new Agent();
  const healthzEnd = await send(probeAgent, `${app.origin}/healthz`);
  const fresh = await send(probeAgent, `${app.origin}/api/surveys/${slug}/responses`, {
    method: "POST",
    headers: { Origin: app.origin },
    body: { id: randomUUID(), locale: "fr", answers: { antenna: "bru", sector: "design", themes: ["design"] }, complete: true },
  });
  probeAgent.destroy();
  postgresAtEnd = await ensurePostgresRunning();

  // How long /healthz said "not ok" after each fault.
  const outage = (from: number, to: number) => {
    const seen = health.transitions.filter((t) => t.at >= from && t.at < to);
    const down = seen.find((t) => t.state !== "ok");
    const up = down && seen.find((t) => t.at > down.at && t.state === "ok");
    return down ? { firstNotOkAt: down.at, states: [...new Set(seen.filter((t) => t.state !== "ok").map((t) => t.state))], okAgainAt: up?.at ?? null, notOkS: up ? Math.round((up.at - down.at) * 10) / 10 : null } : { firstNotOkAt: null };
  };
  const unexpectedExits = app.exits.filter((exit) => !exit.expected);
  const checks = {
    noAcknowledgedAnswerLost: stored.lostComplete === 0 && stored.changedAnswers === 0 && stored.lostPartial === 0,
    retriesRecordedOnce: stored.storedComplete === stored.acknowledgedComplete && stored.rowsNeverSent === 0,
    appSurvivedDatabaseRestart: !FAULTS.includes("pg") || ((faults.pg as { appPidBefore?: number }).appPidBefore === (faults.pg as { appPidAfter?: number }).appPidAfter && unexpectedExits.length === 0),
    healthzOkAtEnd: healthzEnd.status === 200,
    newSubmissionAfterFaults: fresh.status === 201,
  };
  const requests = recorder.summary(elapsedS);
  const faultWindows = {
    pg: FAULTS.includes("pg") ? outage(PG_RESTART_AT_S - 0.5, FAULTS.includes("app") ? APP_KILL_AT_S : SECONDS + 60) : null,
    app: FAULTS.includes("app") ? outage(APP_KILL_AT_S - 0.5, SECONDS + 60) : null,
  };

  console.log("\n/healthz transitions:", health.transitions.map((t) => `${t.at}s ${t.state}`).join(" → "));
  console.table(requests.map(({ failures, ...row }) => ({ ...row, failures: JSON.stringify(failures) })));
  console.log("ok/failed per second:", recorder.perSecond.map((s, i) => `${i}:${s.ok}${s.failed ? `/${s.failed}` : ""}`).join(" "));
  console.log("after PostgreSQL restart:", JSON.stringify({ ...(faults.pg ?? {}), healthz: faultWindows.pg }));
  console.log("after app kill:", JSON.stringify({ ...(faults.app ?? {}), healthz: faultWindows.app }));
  console.log("stored:", JSON.stringify(stored));
  console.log("checks:", JSON.stringify(checks));
  console.log(`server RSS max ${memory.maxMb} MB; server stderr ${app.stderr.lines} lines, error codes ${JSON.stringify(app.stderr.codes)}; unexpected exits ${JSON.stringify(unexpectedExits)}; PostgreSQL at the end: ${postgresAtEnd}`);

  mkdirSync("bench/results", { recursive: true });
  writeFileSync(
    "bench/results/faults.json",
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: machine(),
        members: MEMBERS,
        staff: STAFF,
        seconds: SECONDS,
        faults: FAULTS,
        gate,
        elapsedS: Math.round(elapsedS * 10) / 10,
        membersStarted: next,
        timeline,
        healthz: { ...health, windows: faultWindows },
        faultDetails: faults,
        requests,
        stored,
        checks,
        memory: { ...memory, series: undefined },
        server: { stderrLines: app.stderr.lines, stderrCodes: app.stderr.codes, stderrSample: app.stderr.first, exits: app.exits },
        postgresAtEnd,
        perSecond: recorder.perSecond,
      },
      null,
      2,
    )}\n`,
  );
  console.log("Written: bench/results/faults.json");
} finally {
  await app.stop();
  if (!postgresAtEnd) console.log(`PostgreSQL at the end: ${await ensurePostgresRunning()}`);
  await database.drop();
}
