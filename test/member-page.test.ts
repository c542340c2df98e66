import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { call, laneOrigin } from "./app";
import { createUser } from "~/auth/users.server";
import { getDb } from "~/db/db.server";
import { getPartialResponse } from "~/responses/responses.server";
import { action as createToken } from "~/routes/api.tokens";
import { action as createSurvey } from "~/routes/api.surveys";
import { action as publish } from "~/routes/api.surveys.$slug.publish";
import { action as invite } from "~/routes/api.surveys.$slug.invitations";
import { action as page, loader as open } from "~/routes/s.$slug";
import { action as autosave } from "~/routes/s.$slug_.autosave";
import { loader as root } from "~/root";
import type * as SurveysModule from "~/surveys/surveys.server";
import { getSurveyBySlug } from "~/surveys/surveys.server";

// The database away, as PostgreSQL answers while it restarts: the survey's lookups fail with 57P01.
const database = vi.hoisted(() => ({ away: false }));
vi.mock("~/surveys/surveys.server", async (importOriginal) => {
  const original = await importOriginal<typeof SurveysModule>();
  const unlessAway =
    <A extends unknown[], R>(lookup: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      database.away ? Promise.reject(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })) : lookup(...args);
  return { ...original, getSurveyForAnswers: unlessAway(original.getSurveyForAnswers), getSurveyBySlug: unlessAway(original.getSurveyBySlug) };
});

// The member page's own posts (issue 11): its buttons (POST /s/:slug) and its
// autosave (POST /s/:slug/autosave), through the Remix routes (dev mode) and
// through the production lane, which must answer alike.

const staff = { email: "staff@member-page.test", password: "staff member page password" };
let bearer: Record<string, string> = {};
const t = (fr: string) => ({ default: fr, nl: `${fr} (nl)`, en: `${fr} (en)` });

/** Two pages; the first reveals an optional question with one of its own answers; the second ranks. */
const definition = {
  pages: [
    {
      name: "first",
      elements: [
        { type: "radiogroup", name: "mood", title: t("Humeur ?"), isRequired: true, choices: [{ value: "good", text: t("Bonne") }, { value: "bad", text: t("Mauvaise") }] },
        { type: "comment", name: "why", title: t("Pourquoi ?"), visibleIf: "{mood} = 'bad'" },
        { type: "checkbox", name: "themes", title: t("Thèmes"), choices: [{ value: "design", text: t("Design") }, { value: "music", text: t("Musique") }] },
      ],
    },
    { name: "second", elements: [{ type: "ranking", name: "order", title: t("Ordre"), choices: ["a", "b", "c"].map((value) => ({ value, text: t(value.toUpperCase()) })) }] },
  ],
};

async function newSurvey(options: Record<string, unknown> = {}) {
  const slug = `member-${randomUUID().slice(0, 8)}`;
  const created = await call(createSurvey, { method: "POST", json: { slug, title: t("Humeurs"), definition, ...options }, headers: bearer });
  expect(created.status).toBe(201);
  const published = await call(publish, { method: "POST", params: { slug }, headers: bearer });
  expect(published.status, await published.clone().text()).toBe(200);
  return slug;
}

type Post = { status: number; location: string | null; body: string; headers: Headers };
const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();
const urlencoded = { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" };

/** A post to the member page through the Remix route. */
async function viaRoute(slug: string, fields: [string, string][], { autosaving = false, headers = {} }: { autosaving?: boolean; headers?: Record<string, string> } = {}): Promise<Post> {
  const response = await call(autosaving ? autosave : page, { method: "POST", path: `/s/${slug}${autosaving ? "/autosave" : ""}?lng=en`, params: { slug }, body: form(fields), headers: { ...urlencoded, ...headers } });
  return { status: response.status, location: response.headers.get("Location"), body: await response.text(), headers: response.headers };
}

/** The same post through the production lane, over real HTTP. */
async function viaLane(slug: string, fields: [string, string][], { autosaving = false, headers = {} }: { autosaving?: boolean; headers?: Record<string, string> } = {}): Promise<Post> {
  const response = await fetch(`${await laneOrigin()}/s/${slug}${autosaving ? "/autosave" : ""}?lng=en`, {
    method: "POST",
    redirect: "manual",
    body: form(fields),
    headers: { ...urlencoded, Origin: await laneOrigin(), "X-Test-Address": "203.0.113.40", ...headers },
  });
  return { status: response.status, location: response.headers.get("Location"), body: await response.text(), headers: response.headers };
}

const stored = async (slug: string, id: string) => {
  const db = await getDb();
  const survey = (await getSurveyBySlug(db, { slug }))!;
  return getPartialResponse(db, { surveyId: survey.id, id });
};

beforeAll(async () => {
  await createUser(await getDb(), { ...staff, name: "Staff", role: "staff" });
  const token = ((await (await call(createToken, { method: "POST", json: { ...staff, name: "member page tests" } })).json()) as { token: string }).token;
  bearer = { Authorization: `Bearer ${token}` };
});

describe.each([
  ["the Remix routes", viaRoute],
  ["the production lane", viaLane],
] as const)("member posts through %s", (_, post) => {
  it("autosave adds its page to the answers kept, and removes what the member emptied on it", async () => {
    const slug = await newSurvey();
    const id = randomUUID();
    const saved = await post(slug, [["responseId", id], ["page", "0"], ["shown", "mood,themes"], ["mood", "good"], ["themes", "design"], ["intent", "autosave"]], { autosaving: true });
    expect([saved.status, JSON.parse(saved.body)]).toEqual([200, { saved: true }]);
    await post(slug, [["responseId", id], ["page", "1"], ["shown", "order"], ["order.a", "2"], ["order.b", "1"], ["intent", "autosave"]], { autosaving: true });
    expect((await stored(slug, id))?.answers).toEqual({ mood: "good", themes: ["design"], order: ["b", "a", "c"] });
    // The first page again, its checkboxes all unticked: "themes" goes, the rest stays.
    await post(slug, [["responseId", id], ["page", "0"], ["shown", "mood,themes"], ["mood", "good"], ["intent", "autosave"]], { autosaving: true });
    expect(await stored(slug, id)).toMatchObject({ answers: { mood: "good", order: ["b", "a", "c"] }, page: 0, complete: false });
  });

  it("moves on with one save, shows a question the page's answers revealed before moving on, then completes", async () => {
    const slug = await newSurvey();
    const id = randomUUID();
    const first = await post(slug, [["responseId", id], ["page", "0"], ["shown", "mood,themes"], ["mood", "good"], ["intent", "next"]]);
    expect([first.status, first.location]).toEqual([302, `/s/${slug}?page=1`]);
    expect(await stored(slug, id)).toMatchObject({ answers: { mood: "good" }, page: 1 });
    // "bad" reveals the optional "why", which the member has not seen: the page comes back with it, without error.
    const revealed = await post(slug, [["responseId", id], ["page", "0"], ["shown", "mood,themes"], ["mood", "bad"], ["intent", "next"]]);
    expect(revealed.status).toBe(200);
    const shown = JSON.parse(revealed.body) as { state: string; model: { questions: { name: string; visible: boolean; errors: string[] }[] } };
    expect(shown.model.questions.find((question) => question.name === "why")).toMatchObject({ visible: true, errors: [] });
    expect(await stored(slug, id)).toMatchObject({ answers: { mood: "bad" }, page: 0 });
    const seen = await post(slug, [["responseId", id], ["page", "0"], ["shown", "mood,why,themes"], ["mood", "bad"], ["why", "Trop de réunions"], ["intent", "next"]]);
    expect(seen.location).toBe(`/s/${slug}?page=1`);
    const done = await post(slug, [["responseId", id], ["page", "1"], ["shown", "order"], ["order.a", "1"], ["intent", "submit"]]);
    expect([done.status, done.location]).toEqual([302, `/s/${slug}`]);
    expect(done.headers.get("set-cookie")).toContain("maillage_receipt=");
    expect(await stored(slug, id)).toMatchObject({ answers: { mood: "bad", why: "Trop de réunions", order: ["a", "b", "c"] }, complete: true });
  });

  it("refuses two items given the same rank, in the member's language, and keeps the answers", async () => {
    const slug = await newSurvey();
    const id = randomUUID();
    await post(slug, [["responseId", id], ["page", "0"], ["shown", "mood,themes"], ["mood", "good"], ["intent", "next"]]);
    const tied = await post(slug, [["responseId", id], ["page", "1"], ["shown", "order"], ["order.a", "1"], ["order.b", "1"], ["intent", "submit"]]);
    expect(tied.status).toBe(400);
    const body = JSON.parse(tied.body) as { model: { questions: { name: string; errors: string[] }[] } };
    expect(body.model.questions.find((question) => question.name === "order")!.errors).toEqual(["Each rank can be used once only: give each item a different rank."]);
    expect(await stored(slug, id)).toMatchObject({ complete: false, answers: { mood: "good" } });
  });

  it("answers a response id that is no UUID with a 400, and stores nothing", async () => {
    const slug = await newSurvey();
    const refused = await post(slug, [["responseId", "not-a-uuid"], ["page", "0"], ["mood", "good"], ["intent", "next"]]);
    expect(refused.status).toBe(400);
    expect(refused.body).not.toMatch(/at .*\.ts|Error:/);
    const saving = await post(slug, [["responseId", "1' or '1'='1"], ["page", "0"], ["intent", "autosave"]], { autosaving: true });
    expect([saving.status, JSON.parse(saving.body)]).toEqual([400, { saved: false, error: "invalid_response_id" }]);
    const badPage = await post(slug, [["responseId", randomUUID()], ["page", "-3"], ["intent", "next"]]);
    expect(badPage.status).toBe(400);
  });

  it("refuses a body past the limit with a 413 before reading it, whether declared or streamed, and stores nothing", async () => {
    const slug = await newSurvey();
    const id = randomUUID();
    const huge = await post(slug, [["responseId", id], ["page", "0"], ["mood", "good"], ["why", "x".repeat(300 * 1024)], ["intent", "autosave"]], { autosaving: true });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toEqual({ saved: false, error: "payload_too_large" });
    const page = await post(slug, [["responseId", id], ["page", "0"], ["why", "x".repeat(300 * 1024)], ["intent", "next"]]);
    expect(page.status).toBe(413);
    expect(page.headers.get("connection")).toBe("close");
    expect(await stored(slug, id)).toBeNull();
  });

  it("binds a partial response to its invitation: a second response started with it is refused", async () => {
    const slug = await newSurvey({ access: "invitation" });
    const handed = await call(invite, { method: "POST", params: { slug }, json: { count: 1 }, headers: bearer });
    const token = new URL(((await handed.json()) as { links: string[] }).links[0]!).searchParams.get("i")!;
    const cookie = { Cookie: `maillage_invitation=${Buffer.from(JSON.stringify(token)).toString("base64")}` };
    const first = randomUUID();
    const started = await post(slug, [["responseId", first], ["page", "0"], ["shown", "mood,themes"], ["mood", "good"], ["intent", "autosave"]], { autosaving: true, headers: cookie });
    expect(started.status).toBe(200);
    const other = await post(slug, [["responseId", randomUUID()], ["page", "0"], ["shown", "mood,themes"], ["mood", "bad"], ["intent", "autosave"]], { autosaving: true, headers: cookie });
    expect([other.status, JSON.parse(other.body)]).toEqual([409, { saved: false, error: "invitation_in_use" }]);
    const page = await post(slug, [["responseId", randomUUID()], ["page", "0"], ["shown", "mood,themes"], ["mood", "bad"], ["intent", "next"]], { headers: cookie });
    expect([page.status, (JSON.parse(page.body) as { state: string }).state]).toEqual([409, "invitationInUse"]);
    // The first response goes on and completes with it; after that the invitation is used.
    await post(slug, [["responseId", first], ["page", "0"], ["shown", "mood,themes"], ["mood", "good"], ["intent", "next"]], { headers: cookie });
    const done = await post(slug, [["responseId", first], ["page", "1"], ["shown", "order"], ["order.c", "1"], ["intent", "submit"]], { headers: cookie });
    expect(done.location).toBe(`/s/${slug}`);
    const again = await post(slug, [["responseId", randomUUID()], ["page", "0"], ["shown", "mood,themes"], ["mood", "bad"], ["intent", "next"]], { headers: cookie });
    expect((JSON.parse(again.body) as { state: string }).state).toBe("invitationUsed");
  });

  it("saves the page with a finish-later link in one post, and the link resumes on that page with a word of welcome", async () => {
    const slug = await newSurvey();
    const id = randomUUID();
    await post(slug, [["responseId", id], ["page", "0"], ["shown", "mood,themes"], ["mood", "good"], ["intent", "next"]]);
    const later = await post(slug, [["responseId", id], ["page", "1"], ["shown", "order"], ["order.b", "1"], ["intent", "later"]]);
    expect(later.status).toBe(200);
    const link = (JSON.parse(later.body) as { later: string }).later;
    expect(link).toMatch(new RegExp(`/s/${slug}\\?resume=`));
    expect(await stored(slug, id)).toMatchObject({ answers: { mood: "good", order: ["b", "a", "c"] }, page: 1 });
    // Another phone: the link becomes its cookie, and the page opens where the member was.
    const swapped = await call(open, { path: new URL(link).pathname + new URL(link).search, params: { slug } });
    expect(swapped.status).toBe(302);
    const cookie = swapped.headers.get("set-cookie")!.split(";")[0]!;
    const resumed = (await (await call(open, { path: `/s/${slug}?lng=en`, params: { slug }, headers: { Cookie: cookie } })).json()) as { state: string; welcomeBack?: boolean; model: { page: { index: number } } };
    expect(resumed).toMatchObject({ state: "answering", welcomeBack: true, model: { page: { index: 1 } } });
  });
});

describe.each([
  ["the Remix routes", viaRoute],
  ["the production lane", viaLane],
] as const)("the database away, through %s", (_, post) => {
  afterEach(() => {
    database.away = false;
  });

  it("answers the page, its autosave and its buttons with 503 and Retry-After, in the member's language, never a 500", async () => {
    const slug = await newSurvey();
    database.away = true;
    const opened = await call(open, { path: `/s/${slug}?lng=nl`, params: { slug } });
    expect([opened.status, opened.headers.get("Retry-After")]).toEqual([503, "5"]);
    expect(await opened.json()).toMatchObject({ state: "unavailable", locale: "nl" });
    // The page's frame (the root loader) speaks that language too, without the survey's row.
    const frame = await call(root, { path: `/s/${slug}?lng=nl`, params: { slug } });
    expect([frame.status, ((await frame.json()) as { locale: string }).locale]).toEqual([200, "nl"]);
    const fields: [string, string][] = [["responseId", randomUUID()], ["page", "0"], ["shown", "mood,themes"], ["mood", "good"]];
    const saved = await post(slug, [...fields, ["intent", "autosave"]], { autosaving: true });
    expect([saved.status, saved.headers.get("Retry-After"), JSON.parse(saved.body)]).toEqual([503, "5", { saved: false, error: "service_unavailable" }]);
    const next = await post(slug, [...fields, ["intent", "next"]]);
    expect([next.status, next.headers.get("Retry-After")]).toEqual([503, "5"]);
    expect(JSON.parse(next.body)).toMatchObject({ state: "unavailable", locale: "en" });
    // Back: the same post goes through.
    database.away = false;
    expect((await post(slug, [...fields, ["intent", "next"]])).status).toBe(302);
  });
});

describe("the production lane behind a proxy", () => {
  it("makes the finish-later link with the scheme a trusted proxy forwards, and never with one from elsewhere", async () => {
    const slug = await newSurvey();
    const later = async (headers: Record<string, string>) => {
      const answered = await viaLane(slug, [["responseId", randomUUID()], ["page", "0"], ["shown", "mood,themes"], ["mood", "good"], ["intent", "later"]], { headers });
      return (JSON.parse(answered.body) as { later: string }).later;
    };
    // The test's lane trusts loopback, as server.js does by default: its client is on loopback.
    expect(await later({ "X-Forwarded-Proto": "https" })).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/s\//);
    expect(await later({})).toMatch(/^http:\/\//);
    const { requestProtocol } = await import("~/server/submission-lane.server");
    const fromElsewhere = { headers: { "x-forwarded-proto": "https" }, socket: { remoteAddress: "198.51.100.7" } } as never;
    expect(requestProtocol(fromElsewhere, (address) => address === "127.0.0.1")).toBe("http");
  });
});

describe("the member page under hostile input", () => {
  it("answers 413 to a 50 MB post through the lane without reading it, and the server keeps its memory", async () => {
    const slug = await newSurvey();
    const origin = new URL(await laneOrigin());
    const before = process.memoryUsage().rss;
    const { status, connection } = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = httpRequest(
        `${origin.origin}/s/${slug}?lng=en`,
        { method: "POST", headers: { ...urlencoded, Origin: origin.origin, "X-Test-Address": "203.0.113.41", "Content-Length": String(50 * 1024 * 1024) } },
        (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        },
      );
      req.on("error", () => resolve({ status: 0, connection: undefined }));
      // The first megabyte only: the server must answer without waiting for the rest.
      req.write("responseId=" + "x".repeat(1024 * 1024), () => undefined);
      req.on("response", () => req.destroy());
      void reject;
    });
    expect(status).toBe(413);
    expect(connection).toBe("close");
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
  });

  it("answers a member post in the wrong format with a 415 and stores nothing", async () => {
    const slug = await newSurvey();
    const refused = await call(page, { method: "POST", path: `/s/${slug}?lng=en`, params: { slug }, body: "{}", headers: { "Content-Type": "application/json", Origin: "http://localhost" } });
    expect(refused.status).toBe(415);
  });
});
