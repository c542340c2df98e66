// What bench/load.ts and bench/faults.ts share: a database of their own, the
// production build as a process that can be killed and started again, members
// answering as the member page does (partial saves, then the complete one,
// retried with backoff under the same id), staff reading results, a ledger of
// what the server acknowledged, and the check of that ledger against the rows.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import postgres from "postgres";
import { BENCH_ADMIN, ensureBuild, percentile } from "./server-lib";
import { SHOWN_ON_PAGE } from "./member-lib";

export const PG_SERVER = process.env.BENCH_PG ?? "postgres://postgres@127.0.0.1:5432";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = ([min, max]: [number, number]) => min + Math.random() * (max - min);
const round1 = (value: number) => Math.round(value * 10) / 10;

/** A database of its own on the local server; `drop` removes it even with connections left. */
export async function freshDatabase(prefix: string) {
  const name = `${prefix}_${Date.now()}`;
  const onServer = async (statement: string) => {
    const admin = postgres(`${PG_SERVER}/postgres`, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(statement);
    } finally {
      await admin.end({ timeout: 5 });
    }
  };
  await onServer(`create database ${name}`);
  return { name, url: `${PG_SERVER}/${name}`, drop: () => onServer(`drop database if exists ${name} with (force)`) };
}

export type AppEvent = { at: number; what: string };

/**
 * `node server.js` (the production build) on a fixed port, so that it can be
 * killed and started again where the clients expect it. Its stderr is kept,
 * not printed: a database restart makes every request under way log a stack.
 */
export function appProcess({ port, env }: { port: number; env: Record<string, string> }) {
  ensureBuild();
  const origin = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const exits: { pid: number; code: number | null; signal: string | null; expected: boolean }[] = [];
  // What the server logged: line count, the first lines, and how often each error code came.
  const stderr = { lines: 0, first: [] as string[], codes: {} as Record<string, number> };
  let expectExit = false;

  const start = async (): Promise<number> => {
    const begin = performance.now();
    expectExit = false;
    const spawned = spawn(process.execPath, ["server.js"], {
      env: { ...process.env, NODE_ENV: "production", PORT: String(port), ADMIN_EMAIL: BENCH_ADMIN.email, ADMIN_PASSWORD: BENCH_ADMIN.password, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child = spawned;
    spawned.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      for (const line of chunk.split("\n").filter(Boolean)) {
        stderr.lines += 1;
        if (stderr.first.length < 20 && !/^\s+at /.test(line)) stderr.first.push(line.slice(0, 200));
        const code = /^\s*code: '([^']+)'/.exec(line)?.[1];
        if (code) stderr.codes[code] = (stderr.codes[code] ?? 0) + 1;
      }
    });
    spawned.once("exit", (code, signal) => exits.push({ pid: spawned.pid ?? 0, code, signal, expected: expectExit }));
    for (;;) {
      if (spawned.exitCode !== null || spawned.signalCode !== null) throw new Error(`server.js exited (${spawned.exitCode ?? spawned.signalCode}): ${stderr.first.join(" | ")}`);
      if (performance.now() - begin > 60_000) throw new Error("server.js did not answer /healthz within 60 s");
      const ok = await fetch(`${origin}/healthz`).then((r) => r.ok, () => false);
      if (ok) return performance.now() - begin;
      await sleep(100);
    }
  };

  /** Sends `signal` and waits for the process to end. */
  const kill = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return resolve();
      expectExit = true;
      current.once("exit", () => resolve());
      current.kill(signal);
    });

  return {
    origin,
    start,
    kill,
    stop: () => kill("SIGTERM"),
    pid: () => child?.pid,
    alive: () => !!child && child.exitCode === null && child.signalCode === null,
    exits,
    stderr,
  };
}

/** The resident set size of a process, in MB (Linux /proc). */
function rssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Samples the RSS of whatever process `pid()` names now, every `everyMs`. */
export function sampleMemory(pid: () => number | undefined, everyMs = 1000) {
  const samples: { t: number; mb: number }[] = [];
  const begin = performance.now();
  const timer = setInterval(() => {
    const current = pid();
    const mb = current ? rssMb(current) : null;
    if (mb !== null) samples.push({ t: Math.round((performance.now() - begin) / 1000), mb });
  }, everyMs);
  return () => {
    clearInterval(timer);
    const values = samples.map((s) => s.mb);
    return { samples: samples.length, firstMb: values[0] ?? null, maxMb: values.length ? Math.max(...values) : null, lastMb: values.at(-1) ?? null, series: samples };
  };
}

export type Outcome = { status: number; ms: number; error?: string; location?: string | null; cookies?: string[] };

/** One HTTP request that never rejects: a network error or a timeout is status 0. */
export function send(
  agent: Agent,
  url: string,
  { method = "GET", body, form, headers = {}, timeoutMs = 15_000 }: { method?: string; body?: unknown; form?: [string, string][]; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Outcome> {
  const payload = form ? new URLSearchParams(form).toString() : body === undefined ? undefined : JSON.stringify(body);
  const type = form ? "application/x-www-form-urlencoded" : "application/json";
  const begin = performance.now();
  return new Promise((resolve) => {
    const done = (outcome: Omit<Outcome, "ms">) => resolve({ ...outcome, ms: performance.now() - begin });
    const req = httpRequest(
      url,
      {
        method,
        agent,
        headers: { ...headers, ...(payload ? { "Content-Type": type, "Content-Length": String(Buffer.byteLength(payload)) } : {}) },
      },
      (res) => {
        res.resume();
        const location = (res.headers.location as string | undefined) ?? null;
        const cookies = res.headers["set-cookie"] ?? [];
        res.on("end", () => done({ status: res.statusCode ?? 0, location, cookies }));
        res.on("error", (error) => done({ status: 0, error: error.message }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error("timeout")));
    req.on("error", (error: NodeJS.ErrnoException) => done({ status: 0, error: error.code ?? error.message }));
    req.end(payload);
  });
}

/** Latencies and statuses per kind of request, plus ok/failed per second for the timeline. */
export class Recorder {
  readonly begin = performance.now();
  private kinds = new Map<string, { ms: number[]; attempts: number; statuses: Record<string, number>; unexpected5xx: number }>();
  readonly perSecond: { ok: number; failed: number }[] = [];

  /** `redirects`: a 302/303 is this request's success (a member page's form post moves on). */
  record(kind: string, outcome: Outcome, { redirects = false }: { redirects?: boolean } = {}) {
    let entry = this.kinds.get(kind);
    if (!entry) this.kinds.set(kind, (entry = { ms: [], attempts: 0, statuses: {}, unexpected5xx: 0 }));
    entry.attempts += 1;
    const ok = (outcome.status >= 200 && outcome.status < 300) || (redirects && (outcome.status === 302 || outcome.status === 303));
    if (ok) entry.ms.push(outcome.ms);
    else {
      const key = outcome.status === 0 ? (outcome.error ?? "network") : String(outcome.status);
      entry.statuses[key] = (entry.statuses[key] ?? 0) + 1;
      // The database away is answered 503 with Retry-After, by the API and the member page alike; any other 5xx is a fault.
      if (outcome.status >= 500 && outcome.status !== 503) entry.unexpected5xx += 1;
    }
    const second = Math.floor((performance.now() - this.begin) / 1000);
    while (this.perSecond.length <= second) this.perSecond.push({ ok: 0, failed: 0 });
    this.perSecond[second]![ok ? "ok" : "failed"] += 1;
  }

  summary(elapsedS: number) {
    return [...this.kinds].map(([kind, { ms, attempts, statuses, unexpected5xx }]) => {
      const sorted = ms.sort((a, b) => a - b);
      return {
        kind,
        ok: sorted.length,
        perSecond: round1(sorted.length / elapsedS),
        p50Ms: round1(percentile(sorted, 50)),
        p95Ms: round1(percentile(sorted, 95)),
        p99Ms: round1(percentile(sorted, 99)),
        maxMs: round1(sorted.at(-1) ?? NaN),
        failed: attempts - sorted.length,
        failures: statuses,
        unexpected5xx,
      };
    });
  }
}

/** The member page's saves for one member: a partial save per page of the template, answers growing, then the complete one. */
export function memberSaves(index: number): { answers: Record<string, unknown>; complete: boolean }[] {
  const pick = <T>(values: T[], offset = 0) => values[(index * 7 + offset) % values.length]!;
  const pages = [
    { antenna: pick(["bru", "bru", "lie", "gen", "ant", "cha", "nam", "mon"]), sector: pick(["design", "musique", "audiovisuel", "numerique", "formation"], 3) },
    { themes: [pick(["design", "fair-pricing", "digital-tools", "third-places"], 1), "social-protection"] },
    { formats: [pick(["working-breakfast", "afterwork", "forest-walk", "partner-meeting"], 2)], venues: [pick(["shared-space", "online", "outdoors"], 5)] },
    { slots: [pick(["mon-morning", "tue-evening", "thu-lunch", "weekend"], 4)], frequency: pick(["weekly", "monthly", "quarterly", "occasional"], 6) },
    {
      offers: [pick(["graphic-design", "sound", "translation", "training"], 8)],
      needs: [pick(["funding", "legal-advice", "workspace"], 9)],
      ...(index % 4 === 0 ? { suggestion: `Un petit-déjeuner au KOP, un lundi sur deux (${index}).` } : {}),
    },
  ];
  return pages.map((_, page) => ({ answers: Object.assign({}, ...pages.slice(0, page + 1)) as Record<string, unknown>, complete: page === pages.length - 1 }));
}

/** A member page's fields for one page of memberSaves: the page's own answers, as the browser posts them. */
function pageFormFields(answers: Record<string, unknown>, previous: Record<string, unknown>): [string, string][] {
  const fields: [string, string][] = [];
  for (const [name, value] of Object.entries(answers)) {
    if (name in previous) continue;
    for (const one of Array.isArray(value) ? value : [value]) fields.push([name, String(one)]);
  }
  return fields;
}

/**
 * One simulated member after another on the member page itself (issue 11), as
 * a phone with JavaScript does: open the survey, then on each page the
 * script's autosave and the "Next" form post, the last one "Send", and the
 * thanks. The same retries as memberLoop, under the same response id.
 */
export async function memberPageLoop(crowd: Crowd, nextIndex: () => number) {
  const page = `${crowd.origin}/s/${crowd.slug}`;
  while (performance.now() < crowd.until) {
    const index = nextIndex();
    const id = randomUUID();
    const opened = await send(crowd.agent, page);
    crowd.recorder.record("GET /s/:slug", opened);
    // The phone's cookies for the survey's path, kept as the browser keeps them.
    const jar = new Map<string, string>();
    const keep = (outcome: Outcome) => (outcome.cookies ?? []).forEach((one) => jar.set(one.split("=")[0]!, one.split(";")[0]!));
    keep(opened);
    const headers = () => ({ Origin: crowd.origin, Cookie: [...jar.values()].join("; ") });
    let previous: Record<string, unknown> = {};
    for (const [number, save] of memberSaves(index).entries()) {
      if (performance.now() >= crowd.until) return;
      await sleep(between(crowd.pauseMs));
      const own = pageFormFields(save.answers, previous);
      previous = save.answers;
      const base: [string, string][] = [["responseId", id], ["page", String(number)], ["shown", SHOWN_ON_PAGE[number]!], ...own];
      crowd.ledger.sent.add(id);
      const steps = [
        { kind: "POST /s/:slug/autosave", url: `${page}/autosave`, form: [...base, ["intent", "autosave"]] as [string, string][], complete: false },
        { kind: save.complete ? "POST /s/:slug (submit)" : "POST /s/:slug (next)", url: page, form: [...base, ["intent", save.complete ? "submit" : "next"]] as [string, string][], complete: save.complete },
      ];
      for (const step of steps) {
        const attempt = async () => {
          const outcome = await send(crowd.agent, step.url, { method: "POST", form: step.form, headers: headers() });
          crowd.recorder.record(step.kind, outcome, { redirects: true });
          keep(outcome);
          return outcome;
        };
        // The page answers a redirect (next page, thanks) or the page itself: both mean it was stored.
        const stored = (outcome: Outcome) => (outcome.status >= 200 && outcome.status < 300) || outcome.status === 302 || outcome.status === 303;
        let landed: string | null | undefined;
        const acked = await untilAcknowledged(crowd, id, attempt, stored, (outcome, retried) => {
          crowd.ledger.acked.set(id, { answers: save.answers, complete: step.complete });
          if (step.complete) crowd.ledger.completes[retried ? "afterRetry" : "firstTry"] += 1;
          landed = outcome.location;
        });
        if (!acked) return;
        // The browser follows "Next" to the page it leads to (the thanks are loaded below).
        if (!step.complete && landed) crowd.recorder.record("GET /s/:slug (next page)", await send(crowd.agent, new URL(landed, crowd.origin).href, { headers: headers() }));
      }
    }
    crowd.recorder.record("GET /s/:slug (thanks)", await send(crowd.agent, page, { headers: headers() }));
  }
}

/** What the server acknowledged (2xx), per response id: the last answers it accepted. */
export class Ledger {
  readonly sent = new Set<string>();
  readonly acked = new Map<string, { answers: Record<string, unknown>; complete: boolean }>();
  /** Complete saves acknowledged on the first attempt, after a retry, and of those with 200 rather than 201. */
  completes = { firstTry: 0, afterRetry: 0, replays: 0 };
  /** Saves still not acknowledged when the client gave up (the run's end). */
  gaveUp: string[] = [];
  retries = 0;
}

export type Crowd = { origin: string; slug: string; agent: Agent; recorder: Recorder; ledger: Ledger; until: number; pauseMs: [number, number]; retryUntil: number };

/**
 * One simulated member after another until `until`: each opens the survey,
 * saves each page, then completes, pausing as a reader would. On a network
 * error or a 5xx it keeps the answers and retries with backoff under the same
 * id, as the member page does, until `retryUntil`.
 */
export async function memberLoop(crowd: Crowd, nextIndex: () => number) {
  const url = `${crowd.origin}/api/surveys/${crowd.slug}/responses`;
  const headers = { Origin: crowd.origin };
  while (performance.now() < crowd.until) {
    const index = nextIndex();
    const id = randomUUID();
    for (const save of memberSaves(index)) {
      if (performance.now() >= crowd.until) return;
      await sleep(between(crowd.pauseMs));
      const body = { id, locale: "fr", ...save };
      const kind = save.complete ? "POST responses (complete)" : "POST responses (partial)";
      crowd.ledger.sent.add(id);
      const attempt = async () => {
        const outcome = await send(crowd.agent, url, { method: "POST", body, headers });
        crowd.recorder.record(kind, outcome);
        return outcome;
      };
      const acked = await untilAcknowledged(crowd, id, attempt, (outcome) => outcome.status >= 200 && outcome.status < 300, (outcome, retried) => {
        crowd.ledger.acked.set(id, save);
        if (!save.complete) return;
        crowd.ledger.completes[retried ? "afterRetry" : "firstTry"] += 1;
        // A retry answered 200: the first attempt was stored after all (replay) or it updated the partial.
        if (outcome.status === 200 && retried) crowd.ledger.completes.replays += 1;
      });
      if (!acked) return;
    }
  }
}

/**
 * One save, sent until the server acknowledges it: a network error, a 5xx or a
 * 429 is retried under the same id with backoff, as the member page does,
 * until `retryUntil`. False when the client gave up.
 */
async function untilAcknowledged(
  crowd: Crowd,
  id: string,
  attempt: () => Promise<Outcome>,
  acknowledges: (outcome: Outcome) => boolean,
  onAcknowledged: (outcome: Outcome, retried: boolean) => void,
): Promise<boolean> {
  let backoff = 200;
  for (let tries = 0; ; tries++) {
    const outcome = await attempt();
    if (acknowledges(outcome)) {
      onAcknowledged(outcome, tries > 0);
      return true;
    }
    const retriable = outcome.status === 0 || outcome.status >= 500 || outcome.status === 429;
    if (!retriable || performance.now() >= crowd.retryUntil) {
      crowd.ledger.gaveUp.push(id);
      return false;
    }
    crowd.ledger.retries += 1;
    await sleep(backoff * (0.5 + Math.random()));
    backoff = Math.min(backoff * 2, 4000);
  }
}

/** A staff client reading the results API every `pauseMs`, as a dashboard left open would. */
export async function staffLoop({ origin, slug, agent, recorder, until, headers, pauseMs }: { origin: string; slug: string; agent: Agent; recorder: Recorder; until: number; headers: Record<string, string>; pauseMs: [number, number] }) {
  const filters = ["", "?antenna=bru", "?sector=design", "?antenna=lie&sector=musique"];
  for (let i = 0; performance.now() < until; i++) {
    recorder.record("GET results", await send(agent, `${origin}/api/surveys/${slug}/results${filters[i % filters.length]}`, { headers }));
    await sleep(between(pauseMs));
  }
}

/** Polls /healthz; returns the transitions seen and how long it was not ok in total. */
export function watchHealth(origin: () => string, at: () => number, everyMs = 250) {
  const transitions: { at: number; state: string }[] = [];
  let last = "";
  let downSince: number | null = null;
  let downMs = 0;
  let stopped = false;
  const agent = new Agent({ keepAlive: false });
  const loop = (async () => {
    while (!stopped) {
      const outcome = await send(agent, `${origin()}/healthz`, { timeoutMs: 5000 });
      const state = outcome.status === 200 ? "ok" : outcome.status ? `${outcome.status}` : `unreachable (${outcome.error})`;
      const now = at();
      if (state !== last) transitions.push({ at: round1(now), state });
      if (state !== "ok" && downSince === null) downSince = now;
      if (state === "ok" && downSince !== null) {
        downMs += (now - downSince) * 1000;
        downSince = null;
      }
      last = state;
      await sleep(everyMs);
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    agent.destroy();
    return { transitions, downS: round1(downMs / 1000), downAtEnd: downSince !== null };
  };
}

/** Compares the ledger with the rows of the survey: nothing acknowledged lost, nothing recorded twice. */
export async function checkStored({ databaseUrl, slug, ledger }: { databaseUrl: string; slug: string; ledger: Ledger }) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ id: string; complete: boolean; answers: Record<string, unknown> }[]>`
      select r.id, r.complete, r.answers from responses r join surveys s on s.id = r.survey_id where s.slug = ${slug}`;
    const stored = new Map(rows.map((row) => [row.id, row]));
    const ackedComplete = [...ledger.acked].filter(([, save]) => save.complete);
    const lost = ackedComplete.filter(([id]) => !stored.get(id)?.complete).map(([id]) => id);
    const changed = ackedComplete.filter(([id]) => stored.get(id)?.complete && canonical(stored.get(id)!.answers) !== canonical(ledger.acked.get(id)!.answers)).map(([id]) => id);
    const partialLost = [...ledger.acked].filter(([id, save]) => !save.complete && !stored.has(id)).map(([id]) => id);
    const storedComplete = rows.filter((row) => row.complete).length;
    const unknown = rows.filter((row) => !ledger.sent.has(row.id)).length;
    // A complete row never acknowledged can only come from a save whose answer was lost and not retried.
    const completeUnacked = rows.filter((row) => row.complete && !ledger.acked.get(row.id)?.complete).length;
    return {
      acknowledgedComplete: ackedComplete.length,
      acknowledgedFirstTry: ledger.completes.firstTry,
      acknowledgedAfterRetry: ledger.completes.afterRetry,
      retriesAnswered200: ledger.completes.replays,
      storedComplete,
      storedPartial: rows.length - storedComplete,
      lostComplete: lost.length,
      changedAnswers: changed.length,
      lostPartial: partialLost.length,
      rowsNeverSent: unknown,
      completeUnacknowledged: completeUnacked,
      gaveUp: ledger.gaveUp.length,
      retries: ledger.retries,
      equal: storedComplete === ackedComplete.length && lost.length === 0 && changed.length === 0 && partialLost.length === 0 && unknown === 0,
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Answers as the server keeps them: keys sorted, empty values dropped. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => !(v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0)));
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
