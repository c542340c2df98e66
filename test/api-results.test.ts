import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "~/auth/audit.server";
import { call } from "./app";
import { createUser } from "~/auth/users.server";
import { getDb } from "~/db/db.server";
import { createShareLink, revokeShareLink } from "~/results/share-links.server";
import { action as createToken } from "~/routes/api.tokens";
import { action as createSurvey } from "~/routes/api.surveys";
import { action as publish } from "~/routes/api.surveys.$slug.publish";
import { action as respond } from "~/routes/api.surveys.$slug.responses";
import { loader as results } from "~/routes/api.surveys.$slug.results";
import { loader as csv } from "~/routes/surveys.$slug.results[.csv]";
import { loader as xlsx } from "~/routes/surveys.$slug.results[.xlsx]";
import { loader as sharedCsv } from "~/routes/r.$token.results[.csv]";
import { getSurveyBySlug } from "~/surveys/surveys.server";
import { networkingTemplate } from "~/surveys/template";

const slug = "results-api";
const staff = { email: "staff@results.test", password: "staff results password" };
let bearer: Record<string, string> = {};
let surveyId = "";
let staffId = "";

type Answers = Record<string, unknown>;
const base = { formats: ["afterwork"], slots: ["mon-morning"], frequency: "monthly" };
// 12 in Liège (all in design), 12 in Charleroi (2 in design), 3 in Namur: enough to
// cross the threshold of 5 in two antennas and not in the third.
const people: Answers[] = [
  ...Array.from({ length: 12 }, (_, i) => ({ ...base, antenna: "lie", sector: "design", themes: ["design", "fair-pricing"], ...(i < 6 ? { suggestion: ["=HYPERLINK(\"http://evil\")", "+32 4 123", "@SUM(A1)", "-1", "Un apéro mensuel", "Des visites d'ateliers"][i] } : {}) })),
  ...Array.from({ length: 12 }, (_, i) => ({ ...base, antenna: "cha", sector: i < 2 ? "design" : "musique", themes: ["musique"] })),
  ...Array.from({ length: 3 }, () => ({ ...base, antenna: "nam", sector: "artisanat", themes: ["artisanat"] })),
];

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

type Json = { [key: string]: unknown };
const get = async (path: string, headers = bearer) => {
  const response = await call(results, { path: `/api/surveys/${slug}/results${path}`, params: { slug }, headers });
  return { status: response.status, body: (await response.json()) as Json };
};
const option = (body: Json, question: string, value: string) =>
  ((body.questions as { name: string; options: { value: string }[] }[]).find((q) => q.name === question)?.options ?? []).find((o) => o.value === value);

beforeAll(async () => {
  const db = await getDb();
  staffId = (await createUser(db, { ...staff, name: "Staff", role: "staff" })).id;
  const token = ((await (await call(createToken, { method: "POST", json: { ...staff, name: "tests" } })).json()) as { token: string }).token;
  bearer = { Authorization: `Bearer ${token}` };
  const template = networkingTemplate();
  await call(createSurvey, { method: "POST", json: { slug, title: template.title, definition: template.definition, antennas: ["lie", "cha", "nam"] }, headers: bearer });
  await call(publish, { method: "POST", params: { slug }, headers: bearer });
  for (const answers of people) {
    const response = await call(respond, { method: "POST", params: { slug }, json: { id: randomUUID(), locale: "fr", answers, complete: true } });
    expect(response.status).toBe(201);
  }
  surveyId = (await getSurveyBySlug(db, { slug }))!.id;
});

describe("the results API", () => {
  it("answers DESIGN.md's shape: n, minGroupSize, suppressed and per-option counts of each question", async () => {
    const { status, body } = await get("");
    expect(status).toBe(200);
    expect(body).toMatchObject({ n: 27, minGroupSize: 5, suppressed: false });
    const themes = (body.questions as Json[]).find((q) => q.name === "themes");
    expect(themes).toMatchObject({ name: "themes", type: "multiple", n: 27 });
    // A multiple choice counts each option: the 12 from Liège count for both of their themes.
    expect(option(body, "themes", "design")).toEqual({ value: "design", count: 12 });
    expect(option(body, "themes", "fair-pricing")).toEqual({ value: "fair-pricing", count: 12 });
  });

  it("reports a count under the threshold as null with lessThan", async () => {
    const { body } = await get("");
    expect(option(body, "themes", "artisanat")).toEqual({ value: "artisanat", count: null, lessThan: 5 });
  });

  it("refuses a segment under the threshold with no counts at all", async () => {
    const { status, body } = await get("?antenna=nam");
    expect(status).toBe(200);
    expect(body).toEqual({ suppressed: true, reason: "segment_too_small", minGroupSize: 5 });
  });

  it("refuses a segment that a wider view would give back by subtraction", async () => {
    // Design has 14 members, 12 of them in Liège: Liège's design view would reveal the 2 others.
    expect((await get("?antenna=lie&sector=design")).body).toEqual({ suppressed: true, reason: "complement_too_small", minGroupSize: 5 });
  });

  it("asks for credentials without a session, a token or a share link", async () => {
    const { status, body } = await get("", {});
    expect(status).toBe(401);
    expect(body.error).toBe("unauthorized");
  });

  it("refuses filters that are not codes, languages or whole months", async () => {
    expect((await get("?antenna=Li%C3%A8ge%20or%201")).status).toBe(400);
    expect((await get("?locale=de")).status).toBe(400);
    expect((await get("?from=2025-03-15")).status).toBe(400);
  });
});

describe("share links", () => {
  const share = (token: string, query = "") => get(`?share=${encodeURIComponent(token)}${query}`, {});

  it("open the results without an account", async () => {
    const { token } = await createShareLink(await getDb(), { surveyId, slug, userId: staffId, input: { label: "Groupe", expiresOn: inAWeek() } });
    const { status, body } = await share(token);
    expect(status).toBe(200);
    expect(body).toMatchObject({ n: 27, suppressed: false });
  });

  it("restricted to an antenna show that antenna only and cannot be widened", async () => {
    const expiresOn = inAWeek();
    const { token } = await createShareLink(await getDb(), { surveyId, slug, userId: staffId, input: { expiresOn, antenna: "lie" } });
    expect((await share(token)).body).toMatchObject({ n: 12, suppressed: false });
    const other = await share(token, "&antenna=cha");
    expect(other.status).toBe(403);
    expect(other.body.error).toBe("outside_share_link");
  });

  it("stop working once revoked", async () => {
    const db = await getDb();
    const expiresOn = inAWeek();
    const { token, link } = await createShareLink(db, { surveyId, slug, userId: staffId, input: { expiresOn } });
    expect((await share(token)).status).toBe(200);
    expect(await revokeShareLink(db, { surveyId, slug, id: link.id, userId: staffId })).toBe(true);
    expect((await share(token)).status).toBe(403);
  });

  it("stop working once expired", async () => {
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const { token } = await createShareLink(await getDb(), { surveyId, slug, userId: staffId, input: { expiresOn: yesterday }, now: twoDaysAgo });
    const { status, body } = await share(token);
    expect(status).toBe(403);
    expect(body.error).toBe("share_link_invalid");
  });

  it("refuse an expiry date in the past at creation", async () => {
    await expect(createShareLink(await getDb(), { surveyId, slug, userId: staffId, input: { expiresOn: "2000-01-01" } })).rejects.toMatchObject({ status: 400 });
  });

  it("export only their restricted segment as CSV", async () => {
    const expiresOn = inAWeek();
    const { token } = await createShareLink(await getDb(), { surveyId, slug, userId: staffId, input: { expiresOn, antenna: "cha" } });
    const response = await call(sharedCsv, { path: `/r/${token}/results.csv`, params: { token } });
    expect(response.status).toBe(200);
    expect((await response.text()).trim().split("\n")).toHaveLength(1 + 12);
    const logged = (await listAudit(await getDb())).find((entry) => entry.action === "results.export-csv" && entry.userId === null);
    expect(logged?.detail).toMatchObject({ filters: { antenna: "cha" } });
  });
});

describe("exports", () => {
  const exportOf = (loader: typeof csv, query = "") => call(loader, { path: `/surveys/${slug}/results.csv${query}`, params: { slug }, headers: bearer });

  it("write one CSV row per complete response and one column per option of a multiple choice", async () => {
    const response = await exportOf(csv, "?lng=en");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines).toHaveLength(1 + 27);
    const header = lines[0]!.split(",");
    expect(header.some((cell) => cell.includes("Music"))).toBe(true);
  });

  it("neutralise CSV cells a spreadsheet would run as a formula", async () => {
    const text = await (await exportOf(csv)).text();
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain("'+32 4 123");
    expect(text).toContain("'@SUM(A1)");
    expect(text).toContain("'-1");
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it("refuse CSV and XLSX for a segment under the threshold, with a translated reason", async () => {
    for (const loader of [csv, xlsx]) {
      const response = await exportOf(loader, "?antenna=nam&lng=en");
      expect(response.status).toBe(403);
      const body = (await response.json()) as Json;
      expect(body.error).toBe("segment_too_small");
      expect(body.message).toMatch(/Fewer than 5 members/);
    }
  });

  it("refuse CSV and XLSX for a segment the subtraction rule refuses", async () => {
    for (const loader of [csv, xlsx]) expect((await exportOf(loader, "?antenna=lie&sector=design")).status).toBe(403);
  });

  it("write an XLSX workbook for an allowed segment", async () => {
    const response = await exportOf(xlsx, "?antenna=lie");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("spreadsheetml");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe("PK");
  });
});
