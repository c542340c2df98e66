import { readdirSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { serializeSessionCookie } from "~/auth/guard.server";
import { createSession } from "~/auth/sessions.server";
import { createUser } from "~/auth/users.server";
import { queryRows } from "~/db/client.server";
import { getDb } from "~/db/db.server";
import { createSurvey, getSurveyBySlug, setSurveyStatus } from "~/surveys/surveys.server";
import { surveySettingsSchema } from "~/surveys/survey-forms";
import { networkingTemplate } from "~/surveys/template";
import { call } from "./app";

// Every route that takes a body, found by reading app/routes (a new route is
// covered without editing this file), gets a table of hostile bodies and
// content types, signed out and signed in as an admin: never a 5xx, never a
// stack trace, and nothing stored.

type RouteModule = { action?: (args: never) => unknown; loader?: (args: never) => unknown };
const modules = import.meta.glob<RouteModule>("../app/routes/*.{ts,tsx}");
const routeFiles = readdirSync(path.resolve(__dirname, "../app/routes")).filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file));

const slug = "route-fuzz";
const SEGMENT_VALUES: Record<string, string> = { slug, token: "not-a-real-token-0123456789", id: "00000000-0000-4000-8000-000000000000", antenna: "lie" };

/** The params a flat route's file name declares (`surveys.$slug.shares.tsx` → { slug }). */
function paramsOf(file: string): Record<string, string> {
  const names = [...file.matchAll(/\$([a-zA-Z]+)/g)].map((match) => match[1]!);
  return Object.fromEntries(names.map((name) => [name, SEGMENT_VALUES[name] ?? "x"]));
}

const boundary = "----fuzz";
const bigForm = `a=${"x".repeat(3 * 1024 * 1024)}`;
/** Bodies no page of ours sends, each with the content type it comes with; `form` when it is still a well-formed form. */
const HOSTILE: { name: string; type?: string; body?: BodyInit; form?: true }[] = [
  { name: "JSON", type: "application/json", body: JSON.stringify({ intent: "delete", email: "x@y.z", password: "p" }) },
  { name: "JSON sent as a form", type: "application/x-www-form-urlencoded", body: '{"intent":"delete"}', form: true },
  { name: "binary", type: "application/octet-stream", body: new Uint8Array([0, 255, 254, 1, 2, 3, 0xc3, 0x28]) },
  { name: "multipart without boundary", type: "multipart/form-data", body: `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--${boundary}--\r\n` },
  { name: "multipart cut short", type: `multipart/form-data; boundary=${boundary}`, body: `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\nb` },
  { name: "text", type: "text/plain", body: "intent=delete" },
  { name: "no content type", body: "intent=delete" },
  { name: "empty form", type: "application/x-www-form-urlencoded", body: "", form: true },
  { name: "form too large", type: "application/x-www-form-urlencoded", body: bigForm },
  { name: "broken escapes and controls", type: "application/x-www-form-urlencoded", body: "intent=%%%&title.fr=%00%0d%0a&slug=..%2F..%2F&email=%ZZ", form: true },
  {
    name: "redirect targets with CR/LF, tabs and non-Latin-1",
    type: "application/x-www-form-urlencoded",
    body: new URLSearchParams([
      ["redirectTo", "/%0d%0aSet-Cookie:%20x=1"],
      ["redirectTo", "/\r\nLocation: https://evil.example"],
      ["email", "e2e@maillage.test"],
      ["password", "wrong"],
    ]).toString(),
  form: true,
  },
  { name: "redirect target abroad", type: "application/x-www-form-urlencoded", body: "redirectTo=%2F%09%2Fevil.example&email=a%40b.c&password=x", form: true },
  { name: "redirect target in another script", type: "application/x-www-form-urlencoded", body: "redirectTo=/☃/日本&email=a%40b.c&password=x", form: true },
  { name: "unknown intent", type: "application/x-www-form-urlencoded", body: "intent=drop-everything&id=1&question=__proto__", form: true },
];

/** The member's own routes save the page a form carries, as for any post: there a form may add an unfinished response, never a complete one. */
const MEMBER_ROUTES = new Set(["s.$slug.tsx", "s.$slug_.autosave.ts"]);

const TABLES = ["antennas", "sectors", "users", "api_tokens", "surveys", "survey_versions", "invitations", "responses", "releases", "share_links", "audit_log"];

async function stored(): Promise<Record<string, number>> {
  const db = await getDb();
  const counts = await Promise.all(TABLES.map(async (table) => [table, Number((await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table}`)))[0]?.n ?? 0)] as const));
  const [complete] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from responses where complete`);
  return { ...Object.fromEntries(counts), completeResponses: Number(complete?.n ?? 0) };
}

let adminId = "";
/** A session of its own for each route: one route's action may end the admin's sessions (a password change). */
const signedInCookie = async () => (await serializeSessionCookie(await createSession(await getDb(), { userId: adminId }))).split(";")[0]!;

beforeAll(async () => {
  const db = await getDb();
  adminId = (await createUser(db, { email: "route-fuzz@maillage.test", name: "Fuzz", role: "admin", password: "route fuzz password 1" })).id;
  const template = networkingTemplate();
  const survey = await createSurvey(db, { slug, title: { default: "Sondage", nl: "Enquête", en: "Survey" }, definition: template.definition, settings: surveySettingsSchema.parse({}), createdBy: adminId });
  await setSurveyStatus(db, { surveyId: survey.id, status: "open" });
  expect(await getSurveyBySlug(db, { slug })).not.toBeNull();
});

describe("every route that takes a body, under hostile input", () => {
  it("finds the routes by reading app/routes", () => {
    expect(Object.keys(modules).map((key) => path.basename(key)).sort()).toEqual([...routeFiles].sort());
    expect(routeFiles.length).toBeGreaterThan(40);
  });

  it.each(routeFiles)("%s: no 5xx, no stack trace, nothing stored", async (file) => {
    const route = await modules[`../app/routes/${file}`]!();
    if (!route.action) return;
    const cookie = await signedInCookie();
    // The API's own type is JSON: there, a JSON body is no hostile one.
    const hostile = file.startsWith("api.") ? HOSTILE.filter(({ type }) => type !== "application/json") : HOSTILE;
    for (const signedIn of [false, true]) {
      for (const { name, type, body, form } of hostile) {
        const before = await stored();
        const headers: Record<string, string> = { Origin: "http://localhost", ...(type && { "Content-Type": type }), ...(signedIn && { Cookie: cookie }) };
        let response: Response;
        try {
          response = await call(route.action as never, { method: "POST", path: `/${file}`, params: paramsOf(file), headers, body });
        } catch (error) {
          throw new Error(`${file}, ${name}, ${signedIn ? "signed in" : "signed out"}: threw ${String(error)}`);
        }
        const where = `${file}, ${name}, ${signedIn ? "signed in" : "signed out"}: ${response.status}`;
        expect(response.status, where).toBeLessThan(500);
        expect(await response.text(), where).not.toMatch(/\n\s+at |Error: /);
        const location = response.headers.get("Location");
        if (location !== null) expect(location, where).toMatch(/^\/(?![/\\])[^\s\\]*$/);
        const after = await stored();
        if (form && MEMBER_ROUTES.has(file)) after.responses = before.responses!;
        expect(after, where).toEqual(before);
      }
    }
  });
});

describe("a signed-in visitor sent to the login page", () => {
  it.each(["/%0d%0aSet-Cookie:%20x=1", "/%09/evil.example", "/\t/evil.example", "//evil.example", "/☃"])("with redirectTo %j stays on this site", async (target) => {
    const route = await modules["../app/routes/login.tsx"]!();
    const response = await call(route.loader as never, { path: `/login?redirectTo=${encodeURIComponent(target)}`, headers: { Cookie: await signedInCookie() } });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/(?![/\\])[^\s\\]*$/);
  });
});
