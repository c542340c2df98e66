// npm run bench:submit — complete submissions through the public API against
// the production build on PostgreSQL (issue 4, "Speed"): 50 concurrent
// connections for a fixed time; responses/s, latency percentiles, errors, and
// rows stored against responses acknowledged. Then the path members' phones
// really take (issue 11): the member page's autosave, and its form posts page
// after page to the last one's "submit". In the same run, raw single-row
// INSERTs of the same JSON through postgres.js give the floor.
// Creates its own database and drops it. Writes bench/results/submit.json.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import postgres from "postgres";
import { networkingTemplate } from "~/surveys/template";
import { getPage, memberPages, newResponseId, pageFields, postForm } from "./member-lib";
import { machine, percentile, publishSurvey, startServer } from "./server-lib";

const SERVER = process.env.BENCH_PG ?? "postgres://postgres@127.0.0.1:5432";
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 50);
const SECONDS = Number(process.env.SECONDS ?? 20);
const RAW_SECONDS = Number(process.env.RAW_SECONDS ?? 10);
const TARGET = { ofRawRate: 1 / 3, p99Ms: 100, ofApiRate: 1 / 3 };

/** A member's complete answers to the template, varied a little. */
function answers(index: number) {
  const pick = <T>(values: T[], offset = 0) => values[(index + offset) % values.length]!;
  return {
    antenna: pick(["bru", "lie", "gen", "ant", "cha", "nam", "mon"]),
    sector: pick(["design", "musique", "audiovisuel", "numerique", "formation"]),
    themes: [pick(["design", "fair-pricing", "digital-tools"]), "social-protection"],
    formats: [pick(["working-breakfast", "afterwork", "forest-walk"])],
    venues: [pick(["shared-space", "online", "outdoors"])],
    slots: [pick(["mon-morning", "tue-evening", "weekend"])],
    frequency: pick(["weekly", "monthly", "quarterly"]),
    offers: [pick(["graphic-design", "sound", "translation"])],
    suggestion: index % 4 === 0 ? "Un petit-déjeuner au KOP, un lundi sur deux." : undefined,
  };
}

type Tally = { ok: number; errors: number; statuses: Record<string, number>; latencies: number[] };

/** Runs `work` on `concurrency` loops for `seconds`, timing each call; `loop` says which loop calls. */
async function load(concurrency: number, seconds: number, work: (index: number, loop: number) => Promise<number | "ok">): Promise<Tally & { elapsedS: number }> {
  const tally: Tally = { ok: 0, errors: 0, statuses: {}, latencies: [] };
  const started = performance.now();
  const until = started + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      while (performance.now() < until) {
        const index = next++;
        const begin = performance.now();
        const outcome = await work(index, loop).catch((error: unknown) => String((error as Error).message ?? error).slice(0, 60));
        tally.latencies.push(performance.now() - begin);
        if (outcome === "ok") tally.ok += 1;
        else {
          tally.errors += 1;
          tally.statuses[String(outcome)] = (tally.statuses[String(outcome)] ?? 0) + 1;
        }
      }
    }),
  );
  return { ...tally, elapsedS: (performance.now() - started) / 1000 };
}

function report(name: string, tally: Tally & { elapsedS: number }) {
  const sorted = [...tally.latencies].sort((a, b) => a - b);
  const round = (ms: number) => +ms.toFixed(1);
  return {
    name,
    count: tally.ok,
    perSecond: Math.round(tally.ok / tally.elapsedS),
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    errors: tally.errors,
    errorKinds: tally.statuses,
  };
}

/** A POST of JSON over a keep-alive agent: 50 connections, as 50 phones would hold. */
function postJson(agent: Agent, url: URL, body: unknown): Promise<number> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: "POST", agent, headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const database = `maillage_bench_${Date.now()}`;
const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${database}`);
const databaseUrl = `${SERVER}/${database}`;
const server = await startServer({
  DATABASE_URL: databaseUrl,
  SESSION_SECRET: randomUUID() + randomUUID(),
  SUBMISSIONS_PER_MINUTE: "100000000",
  // The demo seeds the catalogue (antennas, sectors) the template's profile questions need.
  DEMO: "1",
});
const sql = postgres(databaseUrl, { max: CONCURRENCY, onnotice: () => {} });
try {
  const template = networkingTemplate();
  const { slug } = await publishSurvey(server.origin, { slug: `bench-submit-${Date.now()}`, title: template.title, definition: template.definition });
  const url = new URL(`${server.origin}/api/surveys/${slug}/responses`);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const submit = async (index: number) => {
    const status = await postJson(agent, url, { id: randomUUID(), locale: "fr", answers: answers(index), complete: true });
    return status === 201 ? ("ok" as const) : status;
  };

  // Warm-up (JIT, connection pools, caches), not counted; its rows are.
  const warm = await load(CONCURRENCY, 2, submit);
  console.log(`Submitting for ${SECONDS} s at ${CONCURRENCY} connections…`);
  const api = report("POST /api/surveys/:slug/responses (complete)", await load(CONCURRENCY, SECONDS, submit));
  agent.destroy();
  const [row] = await sql<{ stored: number }[]>`
    select count(*)::int as stored from responses r join surveys s on s.id = r.survey_id where s.slug = ${slug} and r.complete`;
  const stored = row?.stored ?? 0;
  const acknowledged = warm.ok + api.count;

  // The floor: the same JSON, one row per INSERT, into a plain table.
  await sql`create table bench_raw (id uuid primary key, answers jsonb not null, created_at timestamptz not null default now())`;
  console.log(`Raw INSERTs for ${RAW_SECONDS} s at ${CONCURRENCY} connections…`);
  const raw = report(
    "raw INSERT through postgres.js",
    await load(CONCURRENCY, RAW_SECONDS, async (index) => {
      await sql`insert into bench_raw (id, answers) values (${randomUUID()}, ${sql.json(answers(index) as postgres.JSONValue)})`;
      return "ok";
    }),
  );

  // The member page: its autosave, then its form posts page after page (the last one submits).
  const pageUrl = new URL(`${server.origin}/s/${slug}`);
  const autosaveUrl = new URL(`${server.origin}/s/${slug}/autosave`);
  const memberAgent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const autosave = async (index: number) => {
    const pages = memberPages(index);
    const page = index % pages.length;
    const { status } = await postForm(memberAgent, autosaveUrl, pageFields({ responseId: newResponseId(), page, answers: pages[page]!, intent: "autosave" }), { origin: server.origin });
    return status === 200 ? ("ok" as const) : status;
  };
  // Each loop is one member going through the pages with one response id; `follow` also loads
  // the page each post leads to, as the browser does after the redirect (the whole page turn).
  let members = 0;
  let completed = 0;
  const walker = ({ follow }: { follow: boolean }) => {
    const walking = new Map<number, { responseId: string; page: number; index: number }>();
    return async (loop: number) => {
      const member = walking.get(loop) ?? { responseId: newResponseId(), page: 0, index: members++ };
      walking.set(loop, member);
      const pages = memberPages(member.index);
      const last = member.page === pages.length - 1;
      const { status, location } = await postForm(memberAgent, pageUrl, pageFields({ responseId: member.responseId, page: member.page, answers: pages[member.page]!, intent: last ? "submit" : "next" }), { origin: server.origin });
      // A page saved moves on (a redirect to the next page, or to the thanks after the last).
      if ((status !== 302 && status !== 303) || !location) return status;
      if (last) {
        completed++;
        walking.delete(loop);
      } else member.page += 1;
      if (!follow) return "ok" as const;
      const shown = await getPage(memberAgent, new URL(location, server.origin));
      return shown === 200 ? ("ok" as const) : shown;
    };
  };
  const formPost = walker({ follow: false });
  const pageTurn = walker({ follow: true });
  await load(CONCURRENCY, 2, autosave);
  console.log(`Member autosaves for ${SECONDS} s at ${CONCURRENCY} connections…`);
  const memberAutosave = report("POST /s/:slug/autosave (member page, partial)", await load(CONCURRENCY, SECONDS, autosave));
  console.log(`Member form posts for ${SECONDS} s at ${CONCURRENCY} connections…`);
  // One member per connection at a time, walking the pages.
  const memberPosts = report("POST /s/:slug (member page, next … submit)", await load(CONCURRENCY, SECONDS, (_, loop) => formPost(loop)));
  console.log(`Member page turns (the post, then the page it leads to) for ${SECONDS} s at ${CONCURRENCY} connections…`);
  const memberTurns = report("POST /s/:slug + GET the page it leads to", await load(CONCURRENCY, SECONDS, (_, loop) => pageTurn(loop)));
  memberAgent.destroy();
  const [memberRow] = await sql<{ stored: number }[]>`
    select count(*)::int as stored from responses r join surveys s on s.id = r.survey_id where s.slug = ${slug} and r.complete`;
  const memberStored = (memberRow?.stored ?? 0) - stored;

  const ratio = +(api.perSecond / raw.perSecond).toFixed(2);
  const memberRatio = {
    autosave: +(memberAutosave.perSecond / api.perSecond).toFixed(2),
    formPosts: +(memberPosts.perSecond / api.perSecond).toFixed(2),
    // Not a target: what a page drawn by Remix costs beside the post that saves it.
    pageTurns: +(memberTurns.perSecond / api.perSecond).toFixed(2),
  };
  const met = {
    ofRawRate: ratio >= TARGET.ofRawRate,
    p99: api.p99Ms < TARGET.p99Ms,
    noErrors: api.errors === 0 && warm.errors === 0 && memberAutosave.errors === 0 && memberPosts.errors === 0 && memberTurns.errors === 0,
    rowsMatch: stored === acknowledged && memberStored === completed,
    memberOfApiRate: memberRatio.autosave >= TARGET.ofApiRate && memberRatio.formPosts >= TARGET.ofApiRate,
    memberP99: memberAutosave.p99Ms < TARGET.p99Ms && memberPosts.p99Ms < TARGET.p99Ms,
  };
  console.table([api, memberAutosave, memberPosts, memberTurns, raw].map(({ errorKinds, ...row }) => ({ ...row, errorKinds: JSON.stringify(errorKinds) })));
  console.log(`rows stored ${stored} / responses acknowledged ${acknowledged}${stored === acknowledged ? " (equal)" : " (MISMATCH)"}; member completions ${completed} / stored ${memberStored}`);
  console.log(
    `API rate = ${ratio} × raw INSERT rate (target ≥ 0.33): ${met.ofRawRate ? "ok" : "MISSED"}; p99 ${api.p99Ms} ms (target < ${TARGET.p99Ms}): ${met.p99 ? "ok" : "MISSED"}; errors ${api.errors + warm.errors}`,
  );
  console.log(
    `member autosave = ${memberRatio.autosave} × API rate, form posts = ${memberRatio.formPosts} × (target ≥ 0.33): ${met.memberOfApiRate ? "ok" : "MISSED"}; p99 ${memberAutosave.p99Ms} / ${memberPosts.p99Ms} ms: ${met.memberP99 ? "ok" : "MISSED"}`,
  );
  console.log(`member page turns (post + page drawn) = ${memberRatio.pageTurns} × API rate, p99 ${memberTurns.p99Ms} ms (reported, no target)`);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(
    "bench/results/submit.json",
    `${JSON.stringify({ date: new Date().toISOString(), machine: machine(), concurrency: CONCURRENCY, seconds: SECONDS, api, memberAutosave, memberPosts, memberTurns, raw, ratio, memberRatio, stored, acknowledged, memberCompleted: completed, memberStored, target: TARGET, met }, null, 2)}\n`,
  );
  console.log("Written: bench/results/submit.json");
} finally {
  await sql.end();
  await server.stop();
  await admin.unsafe(`drop database if exists ${database} with (force)`);
  await admin.end();
}
