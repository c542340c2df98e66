import { randomUUID } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import { type SQL, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "~/auth/audit.server";
import { serializeSessionCookie } from "~/auth/guard.server";
import { createSession } from "~/auth/sessions.server";
import { createUser } from "~/auth/users.server";
import { queryRows } from "~/db/client.server";
import { getDb } from "~/db/db.server";
import { RECORD_KEY_RANGE, releaseCount } from "~/results/cell-key";
import type { Results } from "~/results/results.server";
import { createShareLink, createShareLinkFromApi, DEFAULT_SHARE_DAYS, listShareLinks, MAX_SHARE_DAYS, revokeShareLink } from "~/results/share-links.server";
import { action as createToken } from "~/routes/api.tokens";
import { action as createSurvey } from "~/routes/api.surveys";
import { action as close } from "~/routes/api.surveys.$slug.close";
import { action as publish } from "~/routes/api.surveys.$slug.publish";
import { action as respond } from "~/routes/api.surveys.$slug.responses";
import { loader as results } from "~/routes/api.surveys.$slug.results";
import { loader as sharedCsv } from "~/routes/r.$token.results[.csv]";
import { loader as sharedXlsx } from "~/routes/r.$token.results[.xlsx]";
import { action as createShare } from "~/routes/api.surveys.$slug.shares";
import { loader as csv } from "~/routes/surveys.$slug.results[.csv]";
import { loader as xlsx } from "~/routes/surveys.$slug.results[.xlsx]";
import { getSurveyBySlug, saveDefinition } from "~/surveys/surveys.server";
import { networkingTemplate } from "~/surveys/template";
import { call } from "./app";
import { parseCsv } from "./csv";

// The results API, share links and exports under the cell key method
// (DESIGN.md, "Privacy rule"): record keys are random on every run, so each
// released figure is checked against the one the rule gives for the record
// keys stored, or against bounds that hold for any key. A view asserted as
// shown holds at least k + 2 members: an adjustment of -2 could refuse k or k + 1.

const k = 5;
const slug = "results-api";
const staff = { email: "staff@results.test", password: "staff results password" };
let bearer: Record<string, string> = {};
let readerCookie: Record<string, string> = {};
let surveyId = "";
let staffId = "";

type Answers = Record<string, unknown>;
type Shown = Extract<Results, { suppressed: false }>;
type Json = { [key: string]: unknown };

const base = { formats: ["afterwork"], slots: ["mon-morning"], frequency: "monthly" };
// Seven of Liège's members write a suggestion, each with the word "atelier" and no other word twice.
const SUGGESTIONS = ["Un atelier photo", "Des visites d'atelier", "Atelier de reliure", "Un atelier ouvert le samedi", "Partager un atelier", "Atelier couture", "Un atelier à plusieurs"];
// 12 in Liège (all in design), 12 in Charleroi (2 in design), 3 in Namur: two antennas
// comfortably over the threshold of 5, one under it.
const people: Answers[] = [
  ...Array.from({ length: 12 }, (_, i) => ({ ...base, antenna: "lie", sector: "design", themes: ["design", "fair-pricing"], ...(i < SUGGESTIONS.length ? { suggestion: SUGGESTIONS[i] } : {}) })),
  ...Array.from({ length: 12 }, (_, i) => ({ ...base, antenna: "cha", sector: i < 2 ? "design" : "musique", themes: ["musique"] })),
  ...Array.from({ length: 3 }, () => ({ ...base, antenna: "nam", sector: "artisanat", themes: ["artisanat"] })),
];
const member = (antenna: string): Answers => ({ ...base, antenna, sector: "musique", themes: ["musique"] });
const times = (count: number, answers: Answers): Answers[] => Array.from({ length: count }, () => answers);

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

const THEMES_EN = "Which topics would you like to meet other members about?";
const THEMES_FR = "Autour de quels thèmes aimeriez-vous rencontrer d'autres membres ?";
const THEMES_NL = "Rond welke thema's zou je graag andere leden ontmoeten?";

async function resultsOf(surveySlug: string, query = "", headers = bearer) {
  const response = await call(results, { path: `/api/surveys/${surveySlug}/results${query}`, params: { slug: surveySlug }, headers });
  return { status: response.status, body: (await response.json()) as Json };
}
const get = (query = "", headers = bearer) => resultsOf(slug, query, headers);

/** The body of a view that must be shown. */
function shown(body: Json): Shown {
  expect(body.suppressed, JSON.stringify(body)).toBe(false);
  return body as unknown as Shown;
}
const question = (body: Json, name: string) => shown(body).questions.find((q) => q.name === name)!;
const option = (body: Json, name: string, value: string) => question(body, name).options.find((o) => o.value === value);
const withoutReceived = (body: Json) => Object.fromEntries(Object.entries(body).filter(([key]) => key !== "received"));

/** The figure the rule must release for the complete responses `where` selects: their count adjusted by their cell key. */
async function expected(where: SQL, id = surveyId): Promise<number | null> {
  const [row] = await queryRows<{ count: number; key: number }>(
    await getDb(),
    sql`select count(*)::int as count, coalesce(sum(record_key) % ${RECORD_KEY_RANGE}, 0)::int as key from responses where survey_id = ${id} and complete and ${where}`,
  );
  return releaseCount({ count: Number(row!.count), cellKey: Number(row!.key), minGroupSize: k });
}

/** A released count as the English export writes it. */
const cellOf = (count: number | null) => (count === null ? "fewer than 5" : String(count));

/** A figure the reader may see: zero, "fewer than k" (null), or a number of at least k. */
const isReleasable = (count: number | null) => count === null || count === 0 || count >= k;

async function answer(surveySlug: string, list: Answers[], { complete = true } = {}) {
  for (const answers of list) {
    const response = await call(respond, { method: "POST", params: { slug: surveySlug }, json: { id: randomUUID(), locale: "fr", answers, complete } });
    expect(response.status).toBe(201);
  }
}

/** A published survey (the networking template unless told otherwise) and its id. */
async function openSurvey(surveySlug: string, { definition, title, antennas = ["lie", "cha", "nam"], locales }: { definition?: Answers; title?: unknown; antennas?: string[]; locales?: string[] } = {}) {
  const template = networkingTemplate();
  const json = { slug: surveySlug, title: title ?? template.title, definition: definition ?? template.definition, antennas, ...(locales ? { locales } : {}) };
  expect((await call(createSurvey, { method: "POST", json, headers: bearer })).status).toBe(201);
  const published = await call(publish, { method: "POST", params: { slug: surveySlug }, headers: bearer });
  expect(published.status, await published.clone().text()).toBe(200);
  return (await getSurveyBySlug(await getDb(), { slug: surveySlug }))!.id;
}

type Csv = { status: number; bom: boolean; text: string; table: string[][]; notes: string[]; headers: Headers };

/** The separator an export uses for its reader: "," in English, ";" in French (the default) and Dutch. */
const delimiterOf = (query: string) => (/[?&]lng=en\b/.test(query) ? "," : ";");

/** An export read as a spreadsheet would: the table, then after one blank line the notes. */
async function readCsv(response: Response, { delimiter }: { delimiter: string }): Promise<Csv> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = new TextDecoder().decode(bytes);
  const records = parseCsv(text, { delimiter });
  const blank = records.findIndex((record) => record.length === 1 && record[0] === "");
  return {
    status: response.status,
    bom,
    text,
    table: blank < 0 ? records : records.slice(0, blank),
    notes: blank < 0 ? [] : records.slice(blank + 1).map((record) => record.join(",")),
    headers: response.headers,
  };
}
const exportCsv = async (query = "", surveySlug = slug, headers = bearer) =>
  readCsv(await call(csv, { path: `/surveys/${surveySlug}/results.csv${query}`, params: { slug: surveySlug }, headers }), { delimiter: delimiterOf(query) });
const exportXlsx = (query = "", surveySlug = slug) => call(xlsx, { path: `/surveys/${surveySlug}/results.xlsx${query}`, params: { slug: surveySlug }, headers: bearer });
const line = (table: string[][], ...start: string[]) => table.find((row) => start.every((cell, i) => row[i] === cell));
const percent = (count: number, total: number) => String(Math.round(1000 * Math.min(1, count / total)) / 10);

/** The files of a zip archive (an XLSX workbook), read through its central directory. */
function unzip(bytes: Uint8Array): Map<string, string> {
  const buffer = Buffer.from(bytes);
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < entries; i++) {
    const method = buffer.readUInt16LE(offset + 10);
    const size = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const local = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString("utf8", offset + 46, offset + 46 + nameLength);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString("utf8"));
    offset += 46 + nameLength + buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
  }
  return files;
}

const unescapeXml = (text: string) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** A workbook's sheets by name, each as rows of cells written as a CSV would write them. */
function readWorkbook(bytes: Uint8Array): { files: Map<string, string>; sheets: Map<string, string[][]> } {
  const files = unzip(bytes);
  const strings = [...(files.get("xl/sharedStrings.xml") ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g)].map(([, si]) => unescapeXml([...si!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map(([, t]) => t).join("")));
  const column = (ref: string) => [...ref.replace(/\d+$/, "")].reduce((index, letter) => index * 26 + letter.charCodeAt(0) - 64, 0) - 1;
  const sheets = new Map<string, string[][]>();
  const names = [...files.get("xl/workbook.xml")!.matchAll(/<sheet [^>]*name="([^"]*)"/g)].map(([, name]) => unescapeXml(name!));
  names.forEach((name, i) => {
    const xml = files.get(`xl/worksheets/sheet${i + 1}.xml`)!;
    const rows = [...xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map(([, row]) => {
      const cells: string[] = [];
      for (const [, ref, attributes, value] of row!.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>(?:<v>([\s\S]*?)<\/v>)?[\s\S]*?<\/c>)/g)) {
        const type = / t="(\w+)"/.exec(attributes!)?.[1];
        const index = column(ref!);
        while (cells.length < index) cells.push("");
        cells[index] = type === "s" ? strings[Number(value)]! : unescapeXml(value ?? "");
      }
      return cells;
    });
    sheets.set(name, rows);
  });
  return { files, sheets };
}

beforeAll(async () => {
  const db = await getDb();
  staffId = (await createUser(db, { ...staff, name: "Staff", role: "staff" })).id;
  const token = ((await (await call(createToken, { method: "POST", json: { ...staff, name: "tests" } })).json()) as { token: string }).token;
  bearer = { Authorization: `Bearer ${token}` };
  const reader = await createUser(db, { email: "reader@results.test", name: "Reader", role: "reader", password: "reader results password" });
  readerCookie = { Cookie: (await serializeSessionCookie(await createSession(db, { userId: reader.id }))).split(";")[0]! };
  surveyId = await openSurvey(slug);
  await answer(slug, people);
});

describe("the results API", () => {
  it("answers DESIGN.md's shape: released n, exact received, minGroupSize and released per-option counts of each question", async () => {
    const { status, body } = await get("");
    expect(status).toBe(200);
    expect(body).toMatchObject({ n: await expected(sql`true`), received: 27, minGroupSize: 5, suppressed: false, release: { number: 1 } });
    expect(Math.abs(shown(body).n - 27)).toBeLessThanOrEqual(2);
    expect(question(body, "themes")).toMatchObject({ name: "themes", type: "multiple", n: await expected(sql`answers ? 'themes'`) });
    // Every option, shown or not, is its true count adjusted by its own respondents' cell key.
    for (const { value, count } of question(body, "themes").options) expect(count, value).toBe(await expected(sql`answers -> 'themes' ? ${value}`));
    expect(option(body, "frequency", "monthly")!.count).toBe(await expected(sql`answers ->> 'frequency' = 'monthly'`));
    // An option nobody chose stays a true zero.
    expect(option(body, "frequency", "weekly")).toEqual({ value: "weekly", count: 0 });
  });

  it("counts each option of a multiple choice, and gives the same respondents the same figure in every view", async () => {
    const whole = (await get("")).body;
    // The 12 from Liège chose both design and fair pricing: the same 12, the same figure.
    const design = option(whole, "themes", "design")!.count!;
    expect(option(whole, "themes", "fair-pricing")!.count).toBe(design);
    expect(Math.abs(design - 12)).toBeLessThanOrEqual(2);
    const lie = (await get("?antenna=lie")).body;
    expect(shown(lie).n).toBe(design);
    expect(option(lie, "themes", "design")!.count).toBe(design);
    // Liège's designers are Liège: the view the old subtraction check refused is shown, with Liège's figures.
    const lieDesign = (await get("?antenna=lie&sector=design")).body;
    expect(withoutReceived(lieDesign)).toEqual(lie);
    // Asking again gains nothing.
    expect((await get("?antenna=lie")).body).toEqual(lie);
  });

  it("shows two views that differ by fewer than k members, each with its own adjusted figure, and no complement reason any more", async () => {
    // 14 designers, 12 of them in Liège: the 2 others are protected by the adjustment of both figures, not by refusing one.
    const designers = shown((await get("?sector=design")).body);
    const lieDesigners = shown((await get("?antenna=lie&sector=design")).body);
    expect(designers.n).toBe(await expected(sql`sector = 'design'`));
    expect(lieDesigners.n).toBe(await expected(sql`antenna = 'lie' and sector = 'design'`));
    for (const query of ["?sector=design", "?antenna=lie&sector=design", "?antenna=cha&sector=design", "?antenna=cha&sector=musique"]) {
      expect(JSON.stringify((await get(query)).body)).not.toContain("complement_too_small");
    }
  });

  it("reports a count under the threshold as null with lessThan, and never a figure from 1 to k-1 in any view", async () => {
    const { body } = await get("");
    expect(option(body, "themes", "artisanat")).toEqual({ value: "artisanat", count: null, lessThan: 5 });
    for (const query of ["", "?antenna=lie", "?antenna=cha", "?sector=musique", "?sector=design", "?locale=fr"]) {
      const view = shown((await get(query)).body);
      expect(view.n).toBeGreaterThanOrEqual(k);
      for (const q of view.questions) {
        expect(isReleasable(q.n), `${query} ${q.name}`).toBe(true);
        for (const o of q.options) expect(isReleasable(o.count), `${query} ${q.name} ${o.value}`).toBe(true);
      }
    }
  });

  it("refuses a segment under the threshold, or with nobody in it, with no counts at all", async () => {
    for (const query of ["?antenna=nam", "?antenna=nam&sector=artisanat", "?locale=nl", "?antenna=bru"]) {
      const { status, body } = await get(query);
      expect(status).toBe(200);
      expect(body).toEqual({ suppressed: true, reason: "segment_too_small", minGroupSize: 5 });
    }
  });

  it("filters by whole months: the months everyone answered in are the same respondents, with the same figure", async () => {
    const [row] = await queryRows<{ first: string; last: string }>(
      await getDb(),
      sql`select to_char(min(created_on), 'YYYY-MM') as first, to_char(max(created_on), 'YYYY-MM') as last from responses where survey_id = ${surveyId}`,
    );
    const inMonth = shown((await get(`?from=${row!.first}&to=${row!.last}`)).body);
    expect(inMonth.n).toBe(shown((await get("")).body).n);
    expect(inMonth).not.toHaveProperty("received");
    expect((await get("?from=2000-01&to=2000-12")).body).toEqual({ suppressed: true, reason: "segment_too_small", minGroupSize: 5 });
  });

  it("gives staff and readers the exact number received, by token or session, on the unfiltered view only", async () => {
    expect((await get("")).body.received).toBe(27);
    const asReader = await get("", readerCookie);
    expect(asReader.status).toBe(200);
    expect(asReader.body.received).toBe(27);
    for (const query of ["?antenna=lie", "?sector=musique", "?locale=fr"]) {
      expect((await get(query)).body).not.toHaveProperty("received");
      expect((await get(query, readerCookie)).body).not.toHaveProperty("received");
    }
  });

  it("counts complete responses only: a partial save is neither released nor received, and the old partial filter changes nothing", async () => {
    const before = (await get("")).body;
    // More than a batch of partial saves: were they pending, they would make a release.
    await answer(slug, times(k + 1, { antenna: "lie", sector: "design", themes: ["design"] }), { complete: false });
    expect((await get("")).body).toEqual(before);
    const [row] = await queryRows<{ n: number }>(await getDb(), sql`select count(*)::int as n from responses where survey_id = ${surveyId} and not complete and released_in is null`);
    expect(Number(row!.n)).toBe(k + 1);
    expect((await get("?partial=true")).body).toEqual(before);
    expect((await get("?partial=only")).body).toEqual(before);
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
    expect((await get("?to=2025-13")).status).toBe(400);
  });
});

describe("moments of release", () => {
  const released = async (id: string) => {
    const [row] = await queryRows<{ n: number }>(await getDb(), sql`select count(*)::int as n from responses where survey_id = ${id} and released_in is not null`);
    return Number(row!.n);
  };

  it("releases nothing until k complete responses are pending, then all of them at once", async () => {
    const id = await openSurvey("results-first-batch");
    await answer("results-first-batch", times(4, member("lie")));
    // Nothing released yet: the view is refused, but staff still learn how many answers came.
    expect((await resultsOf("results-first-batch")).body).toEqual({ suppressed: true, reason: "segment_too_small", minGroupSize: 5, received: 4 });
    expect((await resultsOf("results-first-batch", "?antenna=lie")).body).toEqual({ suppressed: true, reason: "segment_too_small", minGroupSize: 5 });
    const { token } = await createShareLink(await getDb(), { surveyId: id, slug: "results-first-batch", userId: staffId, input: { expiresOn: inAWeek() } });
    expect((await resultsOf("results-first-batch", `?share=${token}`, {})).body).toEqual({ suppressed: true, reason: "segment_too_small", minGroupSize: 5 });
    expect(await released(id)).toBe(0);
    await answer("results-first-batch", times(3, member("lie")));
    const view = shown((await resultsOf("results-first-batch")).body);
    expect(await released(id)).toBe(7);
    expect(view).toMatchObject({ n: await expected(sql`true`, id), received: 7, release: { number: 1, batch: 5 } });
  });

  it("waits for 1 % of the released responses on a large survey, and says so in the export's notes", async () => {
    const large = "results-large";
    const id = await openSurvey(large);
    const rows = Array.from({ length: 700 }, () => sql`(${randomUUID()}, ${id}, 1, 'fr', 'lie', 'musique', ${JSON.stringify(member("lie"))}::jsonb, true)`);
    await (await getDb()).execute(sql`insert into responses (id, survey_id, version, locale, antenna, sector, answers, complete) values ${sql.join(rows, sql`, `)}`);
    const first = shown((await resultsOf(large)).body);
    expect(first).toMatchObject({ n: await expected(sql`true`, id), received: 700, release: { number: 1, batch: 7 } });
    expect((await exportCsv("?lng=en", large)).notes[2]).toMatch(/at least 7 new responses/);
    // Six new answers are more than k but fewer than 1 % of 700: nothing moves.
    await answer(large, times(6, member("cha")));
    const waiting = (await resultsOf(large)).body;
    expect(waiting.received).toBe(706);
    expect(withoutReceived(waiting)).toEqual(withoutReceived(first as unknown as Json));
    await answer(large, times(1, member("cha")));
    expect(shown((await resultsOf(large)).body)).toMatchObject({ n: await expected(sql`true`, id), received: 707, release: { number: 2, batch: 7 } });
  });

  it("moves no figure until a batch of k new answers arrived, and a filtered view waits for k of its own members", async () => {
    const batches = "results-batches";
    const id = await openSurvey(batches);
    await answer(batches, [...times(10, member("lie")), ...times(10, member("cha"))]);
    const whole = (await resultsOf(batches)).body;
    const lie = (await resultsOf(batches, "?antenna=lie")).body;
    const cha = (await resultsOf(batches, "?antenna=cha")).body;
    expect(shown(whole).release.number).toBe(1);

    // Four new answers in Liège: no release; only `received` says they came.
    await answer(batches, times(4, member("lie")));
    const waiting = (await resultsOf(batches)).body;
    expect(waiting.received).toBe(24);
    expect(withoutReceived(waiting)).toEqual(withoutReceived(whole));
    expect((await resultsOf(batches, "?antenna=lie")).body).toEqual(lie);

    // A fifth, in Charleroi: a release. The whole survey moves; Liège (4 new) and Charleroi (1 new) do not.
    await answer(batches, times(1, member("cha")));
    const moved = shown((await resultsOf(batches)).body);
    expect(moved).toMatchObject({ n: await expected(sql`true`, id), received: 25, release: { number: 2 } });
    expect((await resultsOf(batches, "?antenna=lie")).body).toEqual(lie);
    expect((await resultsOf(batches, "?antenna=cha")).body).toEqual(cha);

    // Five more in Liège: Liège shows its 9 new members at once; Charleroi still waits.
    await answer(batches, times(5, member("lie")));
    const lieAfter = shown((await resultsOf(batches, "?antenna=lie")).body);
    expect(lieAfter.release.number).toBe(3);
    expect(lieAfter.n).toBe(await expected(sql`antenna = 'lie'`, id));
    expect(option(lieAfter as unknown as Json, "themes", "musique")!.count).toBe(await expected(sql`antenna = 'lie' and answers -> 'themes' ? 'musique'`, id));
    expect((await resultsOf(batches, "?antenna=cha")).body).toEqual(cha);
  });

  it("releases everything left when the survey closes, in every view", async () => {
    const closing = "results-closing";
    const id = await openSurvey(closing);
    await answer(closing, [...times(10, member("lie")), ...times(10, member("cha"))]);
    const open = (await resultsOf(closing)).body;
    const chaOpen = (await resultsOf(closing, "?antenna=cha")).body;
    await answer(closing, [...times(2, member("lie")), ...times(2, member("cha"))]);
    expect(withoutReceived((await resultsOf(closing)).body)).toEqual(withoutReceived(open));
    expect((await resultsOf(closing, "?antenna=cha")).body).toEqual(chaOpen);
    expect((await call(close, { method: "POST", params: { slug: closing }, headers: bearer })).status).toBe(200);
    const closed = shown((await resultsOf(closing)).body);
    expect(closed).toMatchObject({ n: await expected(sql`true`, id), received: 24, release: { number: 2 } });
    expect(await released(id)).toBe(24);
    const chaClosed = shown((await resultsOf(closing, "?antenna=cha")).body);
    expect(chaClosed.release.number).toBe(2);
    expect(chaClosed.n).toBe(await expected(sql`antenna = 'cha'`, id));
  });
});

describe("free texts", () => {
  it("are listed in one list only, the unfiltered view's, as plain strings in record-key order, with their recurring words", async () => {
    const suggestion = question((await get("")).body, "suggestion");
    const [ordered] = await queryRows<{ texts: string[] }>(
      await getDb(),
      sql`select array_agg(answers ->> 'suggestion' order by record_key, id) as texts from responses where survey_id = ${surveyId} and complete and answers ? 'suggestion'`,
    );
    const writers = await expected(sql`answers ? 'suggestion'`);
    expect(suggestion.n).toBe(writers);
    // Seven writers all use "atelier": the word is released like the count of those seven, no other word recurs.
    expect(suggestion.freeText).toEqual({ answers: ordered!.texts, keywords: [{ word: "atelier", count: writers }] });
    expect([...ordered!.texts].sort()).toEqual([...SUGGESTIONS].sort());
    // Nothing says who wrote what: no language, antenna or date beside the texts.
    expect(JSON.stringify(suggestion.freeText)).not.toMatch(/"(fr|nl|en|lie|cha)"|locale|antenna|\d{4}-\d{2}-\d{2}/);
  });

  it("are never shown in a filtered view, even one that holds every writer", async () => {
    for (const query of ["?antenna=lie", "?sector=design", "?locale=fr", "?antenna=lie&sector=design"]) {
      const { body } = await get(query);
      expect(question(body, "suggestion").freeText, query).toEqual({ withheld: "whole_survey_only" });
      for (const text of SUGGESTIONS) expect(JSON.stringify(body)).not.toContain(text);
    }
  });

  it("are withheld under k writers, and read only from the versions that asked the question as text", async () => {
    const versions = "results-text-versions";
    const asChoice = { pages: [{ name: "p", elements: [{ type: "radiogroup", name: "idea", title: "Une idée ?", choices: [{ value: "visite", text: "Une visite" }, { value: "apero", text: "Un apéro" }] }] }] };
    const id = await openSurvey(versions, { definition: asChoice, title: "Versions", antennas: [], locales: ["fr"] });
    await answer(versions, times(8, { idea: "visite" }));
    expect(shown((await resultsOf(versions)).body).release.number).toBe(1);
    // Version 2 asks the same name as a comment: the 8 choices of version 1 are not texts.
    await saveDefinition(await getDb(), { surveyId: id, definition: { pages: [{ name: "p", elements: [{ type: "comment", name: "idea", title: "Une idée ?" }] }] } });
    const firstTexts = ["Une balade en forêt", "Un repas partagé", "Une expo commune"];
    await answer(versions, [...firstTexts.map((idea) => ({ idea })), ...times(4, {})]);
    const few = (await resultsOf(versions)).body;
    expect(shown(few).release.number).toBe(2);
    expect(question(few, "idea").freeText).toEqual({ withheld: "too_few" });
    expect(JSON.stringify(few)).not.toMatch(/visite|balade|repas|expo/);
    // Two more writers: five texts of version 2, shown; still none of version 1's choices.
    await answer(versions, [{ idea: "Un atelier vélo" }, { idea: "Une chorale" }, ...times(3, {})]);
    const enough = question((await resultsOf(versions)).body, "idea");
    const [ordered] = await queryRows<{ texts: string[] }>(
      await getDb(),
      sql`select array_agg(answers ->> 'idea' order by record_key, id) as texts from responses where survey_id = ${id} and complete and version = 2 and answers ? 'idea'`,
    );
    expect(ordered!.texts).toHaveLength(5);
    expect(enough.freeText).toMatchObject({ answers: ordered!.texts });
    expect(JSON.stringify(enough)).not.toContain("visite");
  });
});

describe("share links", () => {
  const share = (token: string, query = "") => get(`?share=${encodeURIComponent(token)}${query}`, {});

  it("open the results without an account, with the same figures and texts but never the received count", async () => {
    const { token } = await createShareLink(await getDb(), { surveyId, slug, userId: staffId, input: { label: "Groupe", expiresOn: inAWeek() } });
    const { status, body } = await share(token);
    expect(status).toBe(200);
    expect(body).not.toHaveProperty("received");
    expect(body).toEqual(withoutReceived((await get("")).body));
    expect(question(body, "suggestion").freeText).toHaveProperty("answers");
  });

  it("restricted to an antenna show that antenna's figures only, without its texts, and cannot be widened", async () => {
    const { token } = await createShareLink(await getDb(), { surveyId, slug, userId: staffId, input: { expiresOn: inAWeek(), antenna: "lie" } });
    const { body } = await share(token);
    expect(shown(body).n).toBe(await expected(sql`antenna = 'lie'`));
    expect(body).toEqual((await get("?antenna=lie")).body);
    expect(body).not.toHaveProperty("received");
    expect(question(body, "suggestion").freeText).toEqual({ withheld: "whole_survey_only" });
    const other = await share(token, "&antenna=cha");
    expect(other.status).toBe(403);
    expect(other.body.error).toBe("outside_share_link");
  });

  it("restricted to a segment under the threshold show nothing of it", async () => {
    const { token } = await createShareLink(await getDb(), { surveyId, slug, userId: staffId, input: { expiresOn: inAWeek(), antenna: "nam" } });
    expect((await share(token)).body).toEqual({ suppressed: true, reason: "segment_too_small", minGroupSize: 5 });
  });

  it("are refused for an antenna the survey does not ask about, from the staff page's form as from the API, and nothing is stored", async () => {
    const db = await getDb();
    const count = async () => Number((await queryRows<{ n: number }>(db, sql`select count(*)::int as n from share_links where survey_id = ${surveyId}`))[0]?.n);
    const before = await count();
    const survey = (await getSurveyBySlug(db, { slug }))!;
    expect(survey.antennas).not.toContain("bru");
    await expect(createShareLink(db, { surveyId, slug, userId: staffId, input: { expiresOn: inAWeek(), antenna: "bru" } })).rejects.toMatchObject({ status: 400, fields: { antenna: "unknown_antenna" } });
    await expect(createShareLinkFromApi(db, { survey, userId: staffId, input: { antenna: "bru" } })).rejects.toMatchObject({ status: 400, fields: { antenna: "unknown_antenna" } });
    expect(await count()).toBe(before);
  });

  it("stop working once revoked", async () => {
    const db = await getDb();
    const { token, link } = await createShareLink(db, { surveyId, slug, userId: staffId, input: { expiresOn: inAWeek() } });
    expect((await share(token)).status).toBe(200);
    expect(await revokeShareLink(db, { surveyId, slug, id: link.id, userId: staffId })).toBe(true);
    const revoked = await share(token);
    expect(revoked.status).toBe(403);
    expect(revoked.body.error).toBe("share_link_invalid");
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

  it("export only their restricted segment as CSV, the same table and notes as staff get for it, and log it", async () => {
    const { token, link } = await createShareLink(await getDb(), { surveyId, slug, userId: staffId, input: { expiresOn: inAWeek(), antenna: "cha" } });
    const sharedExport = (query = "") => call(sharedCsv, { path: `/r/${token}/results.csv${query}`, params: { token } });
    const exported = await readCsv(await sharedExport(), { delimiter: ";" });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("Content-Disposition")).toBe(`attachment; filename="${slug}-cha.csv"`);
    expect(line(exported.table, "Répondant·es", "", "")![3]).toBe(String(shown((await get("?antenna=cha")).body).n));
    expect(exported.text).toBe((await exportCsv("?antenna=cha")).text);
    expect(exported.notes[0]).toBe("Comment les chiffres sont protégés");
    const logged = (await listAudit(await getDb())).find((entry) => entry.action === "results.export-csv" && entry.userId === null);
    expect(logged?.detail).toEqual({ query: { antenna: "cha" }, shareLink: link.id });

    const widened = await sharedExport("?antenna=lie&lng=en");
    expect(widened.status).toBe(403);
    expect(await widened.json()).toMatchObject({ error: "outside_share_link", message: "This share link does not give access to that view." });
    // Comparing antennas would show the other antennas.
    expect((await sharedExport("?compare=antenna&segments=lie&segments=cha")).status).toBe(403);
    expect((await call(sharedCsv, { path: "/r/unknown/results.csv", params: { token: "unknown" } })).status).toBe(404);
  });

  it("refuse to export a segment under the threshold, in the reader's language", async () => {
    const { token } = await createShareLink(await getDb(), { surveyId, slug, userId: staffId, input: { expiresOn: inAWeek(), antenna: "nam" } });
    const response = await call(sharedCsv, { path: `/r/${token}/results.csv?lng=nl`, params: { token } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: "segment_too_small", minGroupSize: 5, message: expect.stringMatching(/^Minder dan 5 leden/) });
  });
});

describe("exports", () => {
  it("write the page's cross-table: a header, the view's respondents, then per question its respondents and a line per answer", async () => {
    const exported = await exportCsv("?lng=en");
    expect(exported.status).toBe(200);
    expect(exported.headers.get("Content-Type")).toMatch(/^text\/csv/);
    expect(exported.headers.get("Content-Disposition")).toBe(`attachment; filename="${slug}-all.csv"`);
    expect(exported.bom).toBe(true);
    const [header, ...table] = exported.table;
    expect(header).toEqual(["Question", "Row", "Answer", "This view: Respondents", "This view: Share (%)"]);
    const view = shown((await get("")).body);
    expect(table[0]).toEqual(["Respondents", "", "", String(view.n), ""]);
    const themes = question(view as unknown as Json, "themes");
    expect(line(table, THEMES_EN, "", "Respondents")).toEqual([THEMES_EN, "", "Respondents", String(themes.n), ""]);
    const music = option(view as unknown as Json, "themes", "musique")!.count!;
    expect(line(table, THEMES_EN, "", "Music")).toEqual([THEMES_EN, "", "Music", String(music), percent(music, themes.n!)]);
    // As many lines as the API has figures: none per respondent.
    const figures = view.questions.reduce((sum, q) => sum + 1 + q.options.length + (q.rows ?? []).reduce((cells, row) => cells + row.options.length, 0), 0);
    expect(table).toHaveLength(1 + figures);
    for (const row of table) expect(row).toHaveLength(5);
    // No written answer leaves in an export.
    for (const text of SUGGESTIONS) expect(exported.text).not.toContain(text);
  });

  it("write the same figures as the API for Liège's designers, the view the old subtraction check refused", async () => {
    const exported = await exportCsv("?antenna=lie&sector=design&lng=en");
    expect(exported.status).toBe(200);
    expect(exported.headers.get("Content-Disposition")).toBe(`attachment; filename="${slug}-lie-design.csv"`);
    const view = shown((await get("?antenna=lie&sector=design")).body);
    expect(exported.table[1]).toEqual(["Respondents", "", "", String(view.n), ""]);
    expect(line(exported.table, THEMES_EN, "", "Design and interior design")![3]).toBe(String(option(view as unknown as Json, "themes", "design")!.count));
  });

  it("write a withheld count as words in the reader's language, and never a number from 1 to k-1", async () => {
    for (const [lng, title, crafts, words] of [
      ["en", THEMES_EN, "Crafts", "fewer than 5"],
      ["fr", THEMES_FR, "Artisanat", "moins de 5"],
      ["nl", THEMES_NL, "Ambacht", "minder dan 5"],
    ] as const) {
      const { table } = await exportCsv(`?lng=${lng}`);
      expect(line(table, title, "", crafts)).toEqual([title, "", crafts, words, ""]);
      for (const row of table.slice(1)) {
        const count = row[3]!;
        expect(count === "" || count === words || (/^\d+$/.test(count) && isReleasable(Number(count))), `${lng} ${row.join("|")}`).toBe(true);
      }
    }
  });

  it("end with a blank line and the notes on how the figures are protected, in the requested language", async () => {
    const cases = [
      ["en", ["Question", "Row", "Answer", "This view: Respondents", "This view: Share (%)"], [/^How the figures are protected$/, /adjusted by up to 2.*fewer than 5/, /at least 5 new responses/, /^Anyone with the link/]],
      ["fr", ["Question", "Ligne", "Réponse", "Cette vue: Répondant·es", "Cette vue: Part (%)"], [/^Comment les chiffres sont protégés$/, /ajusté de 2 au plus.*moins de 5/, /au moins 5 nouvelles réponses/, /^Ce sondage est ouvert à toute personne/]],
      ["nl", ["Vraag", "Rij", "Antwoord", "Dit overzicht: Respondenten", "Dit overzicht: Aandeel (%)"], [/^Hoe de cijfers beschermd worden$/, /hoogstens 2 aangepast.*minder dan 5/, /minstens 5 nieuwe antwoorden/, /^Iedereen met de link/]],
    ] as const;
    for (const [lng, header, notes] of cases) {
      const exported = await exportCsv(`?lng=${lng}`);
      expect(exported.table[0]).toEqual(header);
      expect(exported.notes).toHaveLength(notes.length);
      notes.forEach((note, i) => expect(exported.notes[i]).toMatch(note));
    }
  });

  it("add two columns per compared antenna, each with that antenna's own figures, and none for a refused one", async () => {
    const exported = await exportCsv("?compare=antenna&segments=lie&segments=cha&segments=nam&lng=en");
    expect(exported.status).toBe(200);
    const [header, ...table] = exported.table;
    expect(header).toEqual([
      "Question", "Row", "Answer",
      "This view: Respondents", "This view: Share (%)",
      "Whole cooperative: Respondents", "Whole cooperative: Share (%)",
      "Liège: Respondents", "Liège: Share (%)",
      "Charleroi: Respondents", "Charleroi: Share (%)",
      "Namur: Respondents", "Namur: Share (%)",
    ]);
    const whole = shown((await get("")).body);
    const lie = shown((await get("?antenna=lie")).body);
    const cha = (await get("?antenna=cha")).body;
    expect(table[0]).toEqual(["Respondents", "", "", String(whole.n), "", String(whole.n), "", String(lie.n), "", String(shown(cha).n), "", "", ""]);
    const music = option(cha, "themes", "musique")!.count!;
    const musicLine = line(table, THEMES_EN, "", "Music")!;
    expect(musicLine.slice(9, 11)).toEqual([String(music), percent(music, question(cha, "themes").n!)]);
    // Namur (3 members) is refused: its columns hold no figure at all.
    for (const row of table) expect(row.slice(11)).toEqual(["", ""]);
  });

  it("refuse CSV and XLSX of a segment under the threshold with a 403 in the reader's language", async () => {
    for (const loader of [csv, xlsx]) {
      for (const [lng, message] of [
        ["en", /^Fewer than 5 members in this view/],
        ["fr", /^Moins de 5 membres dans cette vue/],
      ] as const) {
        for (const query of [`?antenna=nam&lng=${lng}`, `?locale=nl&lng=${lng}`]) {
          const response = await call(loader, { path: `/surveys/${slug}/results${query}`, params: { slug }, headers: bearer });
          expect(response.status).toBe(403);
          expect(response.headers.get("Content-Type")).toMatch(/json/);
          expect(await response.json()).toMatchObject({ error: "segment_too_small", minGroupSize: 5, message: expect.stringMatching(message) });
        }
      }
    }
  });

  it("refuse an export of filters that are not codes, languages or whole months with a 400 in the reader's language", async () => {
    const response = await call(csv, { path: `/surveys/${slug}/results.csv?locale=de&lng=en`, params: { slug }, headers: bearer });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_request", message: "Some of the data is invalid." });
  });

  it("write an XLSX workbook of the same table and notes as the CSV, sheets named in the reader's language", async () => {
    const response = await exportXlsx("?antenna=lie&lng=fr");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("spreadsheetml");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${slug}-lie.xlsx"`);
    const { sheets } = readWorkbook(new Uint8Array(await response.arrayBuffer()));
    expect([...sheets.keys()]).toEqual(["Tableaux", "À propos des chiffres"]);
    const exported = await exportCsv("?antenna=lie&lng=fr");
    const width = exported.table[0]!.length;
    // The workbook holds numbers, which the spreadsheet shows with the reader's decimal mark; the French CSV writes it.
    const asNumbers = exported.table.map((row) => row.map((cell) => (/^\d+,\d+$/.test(cell) ? cell.replace(",", ".") : cell)));
    expect(sheets.get("Tableaux")!.map((row) => [...row, ...Array<string>(width - row.length).fill("")])).toEqual(asNumbers);
    expect(sheets.get("À propos des chiffres")!.map((row) => row.join(","))).toEqual(exported.notes);
  });

  it("store the workbook's figures as numbers, words as text, with widths and a frozen header row", async () => {
    const { files } = readWorkbook(new Uint8Array(await (await exportXlsx("?lng=en")).arrayBuffer()));
    const xml = files.get("xl/worksheets/sheet1.xml")!;
    expect(xml).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    const widths = [...xml.matchAll(/<col min="(\d+)" max="\d+" width="(\d+(?:\.\d+)?)" customWidth="1"\/>/g)].map(([, column, width]) => [Number(column), Number(width)]);
    expect(widths.map(([column]) => column)).toEqual([1, 2, 3, 4, 5]);
    // The question column is as wide as its longest title (within 60 characters).
    expect(widths[0]![1]).toBeGreaterThanOrEqual(Math.min(60, THEMES_EN.length));
    const view = shown((await get("")).body);
    const music = option(view as unknown as Json, "themes", "musique")!.count!;
    // Row 2 is the view's respondents: a number cell (no t="s"), as are the counts and shares of every answer.
    expect(xml).toMatch(new RegExp(`<c r="D2" s="\\d+"><v>${view.n}</v></c>`));
    const cells = [...xml.matchAll(/<c r="([DE])(\d+)"( t="s")?[^>]*>(?:<v>([^<]*)<\/v>)?/g)];
    const numbers = cells.filter(([, , , text]) => !text).map(([, , , , value]) => Number(value));
    expect(numbers).toContain(music);
    expect(numbers.every((value) => Number.isFinite(value))).toBe(true);
    // A withheld count stays words: the only text cells of the figures' columns are "fewer than 5" and the headers.
    expect(cells.filter(([, , row, text]) => text && row !== "1").length).toBeGreaterThan(0);
  });

  it("write CSV for the reader's spreadsheet: ';' and decimal commas in French and Dutch, ',' and points in English", async () => {
    const exports = { en: await exportCsv("?lng=en"), fr: await exportCsv("?lng=fr"), nl: await exportCsv("?lng=nl") };
    expect(exports.en.text.split(/\r?\n/)[0]).toBe("Question,Row,Answer,This view: Respondents,This view: Share (%)");
    expect(exports.fr.text.split(/\r?\n/)[0]).toBe("Question;Ligne;Réponse;Cette vue: Répondant·es;Cette vue: Part (%)");
    expect(exports.nl.text.split(/\r?\n/)[0]).toBe("Vraag;Rij;Antwoord;Dit overzicht: Respondenten;Dit overzicht: Aandeel (%)");
    for (const [lng, exported] of Object.entries(exports)) {
      expect(exported.bom, lng).toBe(true);
      // The same figures in each language, the share written with the reader's decimal mark.
      const figures = (table: string[][]) => table.slice(1).map((row) => row.slice(3).map((cell) => (/^\d/.test(cell) ? cell.replace(",", ".") : "")));
      expect(figures(exported.table)).toEqual(figures(exports.en.table));
      // Whether a share has decimals depends on the released size (random record keys: 20 gives only whole
      // percentages), so the mark is checked on every share written, and export.test.ts writes a 33.3 for certain.
      const shares = exported.table.slice(1).map((row) => row[4]!).filter((cell) => cell !== "");
      expect(shares.length, lng).toBeGreaterThan(0);
      for (const share of shares) expect(share, lng).toMatch(lng === "en" ? /^\d+(\.\d)?$/ : /^\d+(,\d)?$/);
    }
  });

  describe("of a survey whose labels look like formulas", () => {
    const formulas = "results-formulas";
    const definition = {
      pages: [{ name: "p", elements: [{ type: "radiogroup", name: "q", title: '=HYPERLINK("http://evil")', choices: [{ value: "a", text: "+32 4 123" }, { value: "b", text: "@SUM(A1)" }, { value: "c", text: "-1" }] }] }],
    };
    let id = "";
    beforeAll(async () => {
      id = await openSurvey(formulas, { definition, title: "Formules", antennas: [], locales: ["fr"] });
      await answer(formulas, [...times(8, { q: "a" }), ...times(4, { q: "b" })]);
    });

    it("neutralise every cell a spreadsheet would run as a formula, in CSV and XLSX", async () => {
      const exported = await exportCsv("?lng=en", formulas);
      expect(exported.status).toBe(200);
      expect(exported.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
      expect(exported.table).toContainEqual(["'=HYPERLINK(\"http://evil\")", "", "'+32 4 123", cellOf(await expected(sql`answers ->> 'q' = 'a'`, id)), expect.any(String)]);
      expect(exported.table).toContainEqual(["'=HYPERLINK(\"http://evil\")", "", "'@SUM(A1)", "fewer than 5", ""]);
      expect(exported.table).toContainEqual(["'=HYPERLINK(\"http://evil\")", "", "'-1", "0", "0"]);
      for (const cell of [...exported.table.flat(), ...exported.notes]) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      const { files, sheets } = readWorkbook(new Uint8Array(await (await exportXlsx("?lng=en", formulas)).arrayBuffer()));
      for (const cell of [...sheets.values()].flat(2)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      expect(sheets.get("Tables")!.flat()).toContain("'=HYPERLINK(\"http://evil\")");
      // No cell of the workbook is a formula.
      for (const [name, xml] of files) if (name.startsWith("xl/worksheets/")) expect(xml).not.toMatch(/<f[ >]/);
    });

    it("keep the same number of lines however many answers arrive: no line per respondent", async () => {
      const before = await exportCsv("?lng=en", formulas);
      // The header, the view's respondents, the question's respondents and its three answers.
      expect(before.table).toHaveLength(1 + 1 + 1 + 3);
      await answer(formulas, [...times(6, { q: "b" }), ...times(6, { q: "c" })]);
      const after = await exportCsv("?lng=en", formulas);
      expect(after.table[1]).toEqual(["Respondents", "", "", cellOf(await expected(sql`true`, id)), ""]);
      expect(shown((await resultsOf(formulas)).body).release.number).toBe(2);
      expect(after.table).toHaveLength(before.table.length);
      expect(after.notes).toEqual(before.notes);
      expect(line(after.table, "'=HYPERLINK(\"http://evil\")", "", "'-1")![3]).toBe(cellOf(await expected(sql`answers ->> 'q' = 'c'`, id)));
    });
  });
});

describe("the share links API", () => {
  const share = (json: unknown, headers: Record<string, string> = bearer, surveySlug = slug) =>
    call(createShare, { method: "POST", path: `/api/surveys/${surveySlug}/shares`, params: { slug: surveySlug }, json, headers });

  it("creates a read-only link for staff by token or session: 201 with the token and its URL, which opens that view's results and exports", async () => {
    const created = await share({ antenna: "lie" });
    expect(created.status).toBe(201);
    const { token, url } = (await created.json()) as { token: string; url: string };
    expect(url).toBe(`http://localhost/r/${token}`);
    // The link opens the view it was made for, and no wider one.
    const opened = await get(`?share=${token}`, {});
    expect(shown(opened.body).n).toBe(shown((await get("?antenna=lie")).body).n);
    expect(opened.body.received).toBeUndefined();
    expect((await get(`?share=${token}&antenna=cha`, {})).status).toBe(403);
    // It lives 30 days when no expiry is given.
    const link = (await listShareLinks(await getDb(), { surveyId })).find((entry) => entry.antenna === "lie" && Math.abs(entry.expiresAt.getTime() - Date.now() - DEFAULT_SHARE_DAYS * 86_400_000) < 60_000);
    expect(link).toBeDefined();
    // A staff session works as well as a token.
    const session = { Cookie: (await serializeSessionCookie(await createSession(await getDb(), { userId: staffId }))).split(";")[0]! };
    expect((await share({ sector: "design", expiresAt: inAWeek() }, session)).status).toBe(201);
  });

  it("gives the link its XLSX, the same workbook as staff get for that view", async () => {
    const { token } = (await (await share({ antenna: "cha", expiresAt: new Date(Date.now() + 3 * 86_400_000).toISOString() })).json()) as { token: string };
    const response = await call(sharedXlsx, { path: `/r/${token}/results.xlsx?lng=en`, params: { token } });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${slug}-cha.xlsx"`);
    const sharedBook = readWorkbook(new Uint8Array(await response.arrayBuffer())).sheets;
    const staffBook = readWorkbook(new Uint8Array(await (await exportXlsx("?antenna=cha&lng=en")).arrayBuffer())).sheets;
    expect(sharedBook).toEqual(staffBook);
    expect((await call(sharedXlsx, { path: "/r/unknown/results.xlsx", params: { token: "unknown" } })).status).toBe(404);
  });

  it("asks for credentials, and refuses readers, who may read results but not share them", async () => {
    const anonymous = await share({}, {});
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: "unauthorized" });
    const reader = await share({}, readerCookie);
    expect(reader.status).toBe(403);
    expect(await reader.json()).toMatchObject({ error: "forbidden" });
    expect((await share({}, bearer, "no-such-survey")).status).toBe(404);
  });

  it("refuses bad input with a 400 naming each field in the reader's language, never a 500", async () => {
    const tooFar = new Date(Date.now() + (MAX_SHARE_DAYS + 2) * 86_400_000).toISOString();
    const cases: [unknown, Record<string, string>][] = [
      [{ antenna: "Not a code" }, { antenna: "Invalid code: lowercase letters, digits and hyphens, 40 characters at most." }],
      [{ antenna: "xyz" }, { antenna: "Unknown antenna." }],
      // The survey asks Liège, Charleroi and Namur only: a link to Brussels would promise a view it cannot have.
      [{ antenna: "bru" }, { antenna: "Unknown antenna." }],
      [{ sector: "nope" }, { sector: "Unknown sector." }],
      [{ expiresAt: "2000-01-01" }, { expiresAt: "Choose an expiry date after today." }],
      [{ expiresAt: tooFar }, { expiresAt: "A share link can last one year at most." }],
      [{ expiresAt: "next tuesday" }, { expiresAt: "Invalid date: a day (YYYY-MM-DD) or an ISO 8601 moment with its time zone." }],
      [{ expiresAt: "2026-13-01" }, { expiresAt: "Invalid date: a day (YYYY-MM-DD) or an ISO 8601 moment with its time zone." }],
      [{ expiresAt: "2026-02-31" }, { expiresAt: "Invalid date: a day (YYYY-MM-DD) or an ISO 8601 moment with its time zone." }],
      [{ expiresAt: 12 }, { expiresAt: "Invalid date: a day (YYYY-MM-DD) or an ISO 8601 moment with its time zone." }],
      [{ antenna: ["lie"] }, { antenna: expect.any(String) }],
    ];
    for (const [json, fields] of cases) {
      const response = await share(json, { ...bearer, "Accept-Language": "en" });
      expect(response.status, JSON.stringify(json)).toBe(400);
      expect(await response.json()).toMatchObject({ error: "invalid_request", message: "Some of the data is invalid.", fields });
    }
    const french = await share({ expiresAt: "2000-01-01" }, { ...bearer, "Accept-Language": "fr" });
    expect(await french.json()).toMatchObject({ fields: { expiresAt: "Choisissez une date d'expiration après aujourd'hui." } });
    for (const body of ["not json", "[1, 2]", "null"]) {
      const response = await call(createShare, { method: "POST", params: { slug }, body, headers: { ...bearer, "Content-Type": "application/json" } });
      expect(response.status, body).toBe(400);
    }
    const text = await call(createShare, { method: "POST", params: { slug }, body: "{}", headers: { ...bearer, "Content-Type": "text/plain" } });
    expect(text.status).toBe(415);
  });
});

describe("cross-tables", () => {
  type Column = { value: string | null; suppressed: boolean; n?: number; questions?: { name: string; n: number | null; options: { value: string; count: number | null; lessThan?: number }[] }[] };
  const crossOf = async (query: string, headers = bearer) => {
    const { status, body } = await get(query, headers);
    expect(status, JSON.stringify(body)).toBe(200);
    return (body.crossTable as { by: string; columns: Column[] }).columns;
  };
  const column = (columns: Column[], value: string | null) => columns.find((c) => c.value === value)!;

  it("cut the view by the answers to a choice question: each column gives the same figures as the same members filtered another way", async () => {
    const columns = await crossOf("?by=antenna");
    expect(columns.map((c) => c.value)).toEqual([null, "bru", "ant", "gen", "lie", "cha", "nam", "mon"]);
    // The first column is the view itself.
    expect(column(columns, null).n).toBe(shown((await get("")).body).n);
    for (const antenna of ["lie", "cha"]) {
      const filtered = shown((await get(`?antenna=${antenna}`)).body);
      const cut = column(columns, antenna);
      expect(cut.n).toBe(filtered.n);
      // The question cut by is not repeated in its own columns.
      expect(cut.questions!.map((q) => q.name)).not.toContain("antenna");
      for (const q of cut.questions!) expect(q.options, `${antenna} ${q.name}`).toEqual(question(filtered as unknown as Json, q.name).options);
    }
    // Liège's 12 are the 12 who chose design: the same people, the same figure, whichever way they are asked.
    const themes = await crossOf("?by=themes");
    expect(column(themes, "design").n).toBe(column(columns, "lie").n);
    expect(column(themes, "musique").n).toBe(column(columns, "cha").n);
  });

  it("refuse a column of fewer than k members whole, and release no cell from 1 to k-1", async () => {
    for (const by of ["antenna", "sector", "themes", "frequency"]) {
      for (const cut of await crossOf(`?by=${by}`)) {
        if (cut.suppressed) {
          expect(cut).toEqual({ value: cut.value, suppressed: true, reason: "segment_too_small", minGroupSize: k });
          continue;
        }
        for (const q of cut.questions!) {
          expect(isReleasable(q.n), `${by}=${cut.value} ${q.name}`).toBe(true);
          for (const o of q.options) {
            expect(isReleasable(o.count), `${by}=${cut.value} ${q.name}=${o.value}`).toBe(true);
            if (o.count === null) expect(o.lessThan).toBe(k);
          }
        }
      }
    }
    // Namur's 3 and the 2 designers of Charleroi are too few to be a column.
    expect(column(await crossOf("?by=antenna"), "nam").suppressed).toBe(true);
    expect(column(await crossOf("?antenna=cha&by=sector"), "design").suppressed).toBe(true);
  });

  it("stay within a share link's restriction: the other antennas' columns are empty", async () => {
    const { token } = await createShareLink(await getDb(), { surveyId, slug, userId: staffId, input: { expiresOn: inAWeek(), antenna: "cha" } });
    const columns = await crossOf(`?share=${token}&by=antenna`, {});
    expect(column(columns, "cha").n).toBe(shown((await get("?antenna=cha")).body).n);
    for (const cut of columns.filter((c) => c.value !== null && c.value !== "cha")) expect(cut.suppressed).toBe(true);
  });

  it("refuse a cut by a question that is not a choice, or unknown, or with a comparison, with a 400 in the reader's language", async () => {
    for (const by of ["suggestion", "no-such-question"]) {
      const { status, body } = await get(`?by=${by}&lng=en`);
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: "invalid_request", fields: { by: "A cross-table is cut by a choice question of this survey." } });
    }
    const both = await exportCsv("?by=antenna&compare=antenna&segments=lie&segments=cha&lng=en");
    expect(both.status).toBe(400);
    expect(JSON.parse(both.text)).toMatchObject({ fields: { by: "Compare antennas or cut by a question, not both at once." } });
  });

  it("export as two columns per answer after the view's own, a refused column empty", async () => {
    const exported = await exportCsv("?by=antenna&lng=en");
    expect(exported.status).toBe(200);
    const [header, ...table] = exported.table;
    expect(header!.slice(0, 7)).toEqual(["Question", "Row", "Answer", "This view: Respondents", "This view: Share (%)", "Brussels: Respondents", "Brussels: Share (%)"]);
    const at = (name: string) => header!.indexOf(`${name}: Respondents`);
    const columns = await crossOf("?by=antenna");
    expect(table[0]![at("Liège")]).toBe(String(column(columns, "lie").n));
    for (const row of table) expect(row.slice(at("Namur"), at("Namur") + 2)).toEqual(["", ""]);
    const music = column(columns, "cha").questions!.find((q) => q.name === "themes")!.options.find((o) => o.value === "musique")!.count;
    expect(line(table, THEMES_EN, "", "Music")![at("Charleroi")]).toBe(cellOf(music));
  });
});
