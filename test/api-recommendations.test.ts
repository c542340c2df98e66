import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "./app";
import { action as createToken } from "~/routes/api.tokens";
import { action as createSurvey } from "~/routes/api.surveys";
import { action as publish } from "~/routes/api.surveys.$slug.publish";
import { action as respond } from "~/routes/api.surveys.$slug.responses";
import { loader as recommendations } from "~/routes/api.surveys.$slug.recommendations";
import { loader as csv } from "~/routes/surveys.$slug.recommendations[.csv]";
import { createUser } from "~/auth/users.server";
import { queryRows } from "~/db/client.server";
import { getDb } from "~/db/db.server";
import { generateRespondents } from "~/networking/synthetic";
import { submitResponse } from "~/responses/responses.server";
import { MAX_ADJUSTMENT, RECORD_KEY_RANGE, releaseCount } from "~/results/cell-key";
import { createShareLink } from "~/results/share-links.server";
import { roleQuestions } from "~/surveys/definition.server";
import { getSurveyBySlug } from "~/surveys/surveys.server";
import { networkingTemplate } from "~/surveys/template";

const SLUG = "reco-api";
const staff = { email: "staff@reco.test", password: "staff reco password" };
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
let token = "";
let staffId = "";

// The group a working group in Liège should be told about (issue 6's example).
const PLANTED = { antenna: "lie", theme: "design", format: "working-breakfast", slot: "mon-morning", venue: "shared-space", size: 20 };

type Proposal = { antenna: string | null; theme: string; format: string | null; venue: string | null; slot: string | null; frequency: string | null; participants: number; reasons: string[] };
type Body = {
  suppressed: boolean;
  reason?: string;
  message?: string;
  minGroupSize: number;
  n?: number;
  themes: ({ theme: string; count: number; share: number } | { theme: string; count: null; lessThan: number })[];
  proposals: Proposal[];
  programme: { k: number; proposals: Proposal[]; reached: number | null; greedyNote: string } | null;
  partnerMeetings: { antenna: string | null; skill: string; offers: number; needs: number; reasons: string[] }[];
  transversalThemes: { themes: [string, string]; together: number; lift: number; reasons: string[] }[];
  missingRoles: { role: string; message: string }[];
  protection?: { batch: number; releasedAt: string | null; access: string };
};

/** What a body tells of the answers: everything but the note on how figures are protected (which dates the survey's latest release). */
const figuresOf = ({ protection: _protection, ...figures }: Body) => figures;

async function get(query = "", headers: Record<string, string> = bearer(token), slug = SLUG): Promise<{ status: number; body: Body }> {
  const response = await call(recommendations, { path: `/api/surveys/${slug}/recommendations${query}`, params: { slug }, headers });
  return { status: response.status, body: (await response.json()) as Body };
}

/** Every count in a response body, wherever it sits. */
function counts(value: unknown, found: number[] = []): number[] {
  if (Array.isArray(value)) value.forEach((item) => counts(item, found));
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (["count", "participants", "offers", "needs", "together", "reached", "n"].includes(key) && typeof item === "number") found.push(item);
      else counts(item, found);
    }
  }
  return found;
}

/**
 * The released responses of a survey that `where` selects (up to a release), with what the
 * cell key method must show for them: their number adjusted by the sum of their record keys,
 * which the database drew at random. Read back, so that every assertion holds for any key.
 */
async function truth(where: SQL, { slug = SLUG, upTo }: { slug?: string; upTo?: number } = {}): Promise<{ count: number; released: number | null }> {
  const [row] = await queryRows<{ count: number; key: number }>(
    await getDb(),
    sql`select count(*)::int as count, coalesce(sum(r.record_key) % ${RECORD_KEY_RANGE}, 0)::int as key
      from responses r join surveys s on s.id = r.survey_id
      where s.slug = ${slug} and r.complete and r.released_in is not null ${upTo === undefined ? sql`` : sql`and r.released_in <= ${upTo}`} and ${where}`,
  );
  const count = Number(row!.count);
  return { count, released: releaseCount({ count, cellKey: Number(row!.key), minGroupSize: 5 }) };
}

/** The responses of a segment written as a query string (`?antenna=lie&sector=musique`). */
function segmentWhere(query: string): SQL {
  const params = new URLSearchParams(query);
  const conditions = [sql`true`];
  const antenna = params.get("antenna");
  const sector = params.get("sector");
  if (antenna) conditions.push(sql`r.antenna = ${antenna}`);
  if (sector) conditions.push(sql`r.sector = ${sector}`);
  return sql.join(conditions, sql` and `);
}

/** Those who chose a value of a question of the template (its answers hold lists or a single value). */
const chose = (question: string, value: string) => sql`(r.answers -> ${question} ? ${value})`;

const CHOICES = new Map(roleQuestions(networkingTemplate().definition).map((q) => [q.name, q.choices.map((c) => c.value)]));

/** Those a value suits: they chose it, or chose none of the question's values (no preference). */
const fits = (question: string, value: string) =>
  sql`(r.answers -> ${question} ? ${value} or not coalesce(r.answers -> ${question} ?| ${sql.raw(`array[${CHOICES.get(question)!.map((v) => `'${v}'`).join(",")}]`)}, false))`;

/** The members a proposal counts as participants: its antenna's (or, online, those who accept meeting online), who chose its theme and whom its format and slot fit. */
function proposalWhere(proposal: Pick<Proposal, "antenna" | "theme" | "format" | "slot">): SQL {
  const conditions = [proposal.antenna === null ? fits("venues", "online") : sql`r.antenna = ${proposal.antenna}`, chose("themes", proposal.theme)];
  if (proposal.format !== null) conditions.push(fits("formats", proposal.format));
  if (proposal.slot !== null) conditions.push(fits("slots", proposal.slot));
  return sql.join(conditions, sql` and `);
}

const within = (figure: number | null | undefined, count: number) => typeof figure === "number" && Math.abs(figure - count) <= MAX_ADJUSTMENT;

async function seedSurvey({ slug, definition, answers }: { slug: string; definition: Record<string, unknown>; answers: Record<string, unknown>[] }) {
  const title = { default: "Recommandations", nl: "Aanbevelingen", en: "Recommendations" };
  expect((await call(createSurvey, { method: "POST", json: { slug, title, definition }, headers: bearer(token) })).status).toBe(201);
  expect((await call(publish, { method: "POST", params: { slug }, headers: bearer(token) })).status).toBe(200);
  const db = await getDb();
  const survey = await getSurveyBySlug(db, { slug });
  // The domain function the responses API calls, without its per-address throttle.
  for (const answer of answers) await submitResponse(db, { survey, body: { id: randomUUID(), locale: "fr", answers: answer, complete: true } });
}

beforeAll(async () => {
  const db = await getDb();
  staffId = (await createUser(db, { ...staff, name: "Staff", role: "staff" })).id;
  token = ((await (await call(createToken, { method: "POST", json: { ...staff, name: "reco tests" } })).json()) as { token: string }).token;
  const { definition } = networkingTemplate();
  const respondents = generateRespondents({
    questions: roleQuestions(definition),
    antennas: ["lie", "bru"],
    sectors: ["design", "musique", "numerique"],
    count: 160,
    seed: 6,
    planted: [PLANTED],
  });
  // Three members of Mons: a group too small to be shown.
  const mons = generateRespondents({ questions: roleQuestions(definition), antennas: ["mon"], sectors: ["design"], count: 3, seed: 7 });
  const answers = [...respondents, ...mons].map(({ answers }) => {
    // The template requires a theme; the generator now and then leaves a question blank.
    const themes = Array.isArray(answers.themes) && answers.themes.length ? answers.themes : ["fair-pricing"];
    return { ...answers, themes };
  });
  await seedSurvey({ slug: SLUG, definition, answers });
}, 60_000);

const SEGMENTS = ["", "?antenna=lie", "?antenna=bru", "?sector=design", "?antenna=lie&sector=musique", "?antenna=bru&sector=numerique&k=5"];

describe("GET /api/surveys/:slug/recommendations", () => {
  it("answers DESIGN.md's shape with the survey's choice values, proposals sorted by participants", async () => {
    const { status, body } = await get();
    expect(status).toBe(200);
    // 163 complete responses, released together as the first batch: their number adjusted by their cell key.
    const all = await truth(sql`true`);
    expect(all.count).toBe(163);
    expect(body).toMatchObject({ suppressed: false, minGroupSize: 5, n: all.released });
    expect(within(body.n, 163)).toBe(true);
    expect(Object.keys(body)).toEqual(expect.arrayContaining(["minGroupSize", "themes", "proposals", "programme", "partnerMeetings"]));
    const values = new Map(roleQuestions(networkingTemplate().definition).map((q) => [q.role, new Set(q.choices.map((c) => c.value))]));
    expect(body.themes.length).toBeGreaterThan(0);
    for (const theme of body.themes) expect(values.get("interest.theme")!.has(theme.theme)).toBe(true);
    expect(body.proposals.length).toBeGreaterThan(0);
    for (const proposal of body.proposals) {
      expect(Object.keys(proposal)).toEqual(expect.arrayContaining(["antenna", "theme", "format", "venue", "slot", "frequency", "participants", "reasons"]));
      // Without an antenna filter, each proposal is one antenna's, or a meeting online open to all.
      expect(proposal.antenna === null ? proposal.venue === "online" : ["lie", "bru"].includes(proposal.antenna)).toBe(true);
      expect(values.get("preference.format")!.has(proposal.format!)).toBe(true);
      expect(values.get("availability.slot")!.has(proposal.slot!)).toBe(true);
      // A place is named when one can be told (a group too split over places gets none).
      if (proposal.venue !== null) expect(values.get("preference.venue")!.has(proposal.venue)).toBe(true);
    }
    const participants = body.proposals.map((proposal) => proposal.participants);
    expect(participants).toEqual([...participants].sort((a, b) => b - a));
    for (const meeting of body.partnerMeetings) expect(Object.keys(meeting)).toEqual(expect.arrayContaining(["skill", "offers", "needs"]));
    expect(body.programme!.proposals.length).toBeLessThanOrEqual(3);
    expect(body.programme!.greedyNote).toMatch(/^Le programme est construit une rencontre à la fois/);
    expect(body.missingRoles).toEqual([]);
  });

  it("never returns a figure of 1 to k-1 members, in any segment", async () => {
    for (const query of SEGMENTS) {
      const { status, body } = await get(query);
      expect(status).toBe(200);
      for (const count of counts(body)) expect(count === 0 || count >= body.minGroupSize, `${query}: ${count}`).toBe(true);
      for (const theme of body.themes) if (theme.count === null) expect(theme).toMatchObject({ theme: expect.any(String), lessThan: 5 });
    }
  });

  it("releases every figure of a segment from the very members it counts, within 2 of their number", async () => {
    for (const query of SEGMENTS) {
      const { body } = await get(query);
      const segment = segmentWhere(query);
      const size = await truth(segment);
      // Refused when fewer than 5, or when the adjustment takes the released size under 5.
      expect(body.suppressed, query).toBe(size.count < 5 || size.released === null);
      if (body.suppressed) continue;
      expect(body.n, query).toBe(size.released);
      expect(within(body.n, size.count), query).toBe(true);
      for (const theme of body.themes) {
        const chosen = await truth(sql`${segment} and ${chose("themes", theme.theme)}`);
        expect(theme.count, `${query} ${theme.theme}`).toBe(chosen.released);
        if (theme.count !== null && theme.count > 0) expect(within(theme.count, chosen.count)).toBe(true);
      }
      for (const proposal of body.proposals) {
        const participants = await truth(sql`${segment} and ${proposalWhere(proposal)}`);
        expect(proposal.participants, `${query} ${proposal.theme}`).toBe(participants.released);
        expect(within(proposal.participants, participants.count)).toBe(true);
      }
      for (const meeting of body.partnerMeetings) {
        const local = meeting.antenna === null ? segment : sql`${segment} and r.antenna = ${meeting.antenna}`;
        expect(meeting.offers, `${query} ${meeting.skill}`).toBe((await truth(sql`${local} and ${chose("offers", meeting.skill)}`)).released);
        expect(meeting.needs, `${query} ${meeting.skill}`).toBe((await truth(sql`${local} and ${chose("needs", meeting.skill)} and not coalesce(${chose("offers", meeting.skill)}, false)`)).released);
      }
      for (const pair of body.transversalThemes) {
        expect(pair.together, query).toBe((await truth(sql`${segment} and ${chose("themes", pair.themes[0])} and ${chose("themes", pair.themes[1])}`)).released);
      }
    }
  });

  it("finds the planted group of Liège and gives its reasons as sentences in French, Dutch and English", async () => {
    const expected = {
      fr: ["À Liège", "Petit-déjeuner de travail"],
      nl: ["In Luik", "Werkontbijt"],
      en: ["In Liège", "Working breakfast"],
    };
    for (const [lng, [place, format]] of Object.entries(expected)) {
      const { body } = await get(`?antenna=lie&lng=${lng}`);
      const proposal = body.proposals.find((candidate) => candidate.theme === PLANTED.theme);
      expect(proposal).toMatchObject({ antenna: PLANTED.antenna, format: PLANTED.format, slot: PLANTED.slot, venue: PLANTED.venue });
      // The planted 20, and whoever else the meeting fits: released from exactly them.
      const sharing = await truth(proposalWhere(PLANTED));
      expect(sharing.count).toBeGreaterThanOrEqual(PLANTED.size);
      expect(proposal!.participants).toBe(sharing.released);
      expect(within(proposal!.participants, sharing.count)).toBe(true);
      expect(proposal!.reasons.every((reason) => typeof reason === "string")).toBe(true);
      expect(proposal!.reasons[0]).toContain(place);
      expect(proposal!.reasons.join(" ")).toContain(format);
      expect(proposal!.reasons.join(" ")).not.toMatch(/reason\.|{{/);
    }
  });

  it("refuses a segment of fewer than five members, with the reason and no counts at all", async () => {
    const { status, body } = await get("?antenna=mon&lng=en");
    expect(status).toBe(200);
    expect(body).toMatchObject({ suppressed: true, reason: "segment_too_small", minGroupSize: 5, themes: [], proposals: [], programme: null, partnerMeetings: [] });
    expect(body.message).toContain("Fewer than 5 people");
    expect(counts(body)).toEqual([]);
  });

  it("builds a programme of the size asked for, reaching no more members than answered", async () => {
    const { body } = await get("?k=1");
    expect(body.programme!.k).toBe(1);
    expect(body.programme!.proposals).toHaveLength(1);
    // One proposal reaches its own participants: the same members, so the same figure.
    expect(body.programme!.reached).toBe(body.programme!.proposals[0]!.participants);
    const wider = await get("?k=5");
    expect(wider.body.programme!.proposals.length).toBeLessThanOrEqual(5);
    const reached = await truth(sql.join(wider.body.programme!.proposals.map((proposal) => sql`(${proposalWhere(proposal)})`), sql` or `));
    expect(wider.body.programme!.reached).toBe(reached.released);
    expect(reached.count).toBeLessThanOrEqual((await truth(sql`true`)).count);
    expect(reached.count).toBeGreaterThanOrEqual((await truth(proposalWhere(body.programme!.proposals[0]!))).count);
  });

  it("answers 401 without credentials, 400 for a bad filter and 404 for an unknown survey", async () => {
    const anonymous = await get("", {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ error: "unauthorized" });
    expect((await get("", { Authorization: "Bearer nope" })).status).toBe(401);
    expect((await get("?k=0")).status).toBe(400);
    expect((await get("?k=abc")).status).toBe(400);
    expect((await get("?antenna=%3Cscript%3E")).status).toBe(400);
    expect((await get("", bearer(token), "no-such-survey")).status).toBe(404);
  });

  it("opens with a share link, kept to the link's antenna", async () => {
    const db = await getDb();
    const survey = (await getSurveyBySlug(db, { slug: SLUG }))!;
    const expiresOn = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const { token: share } = await createShareLink(db, { surveyId: survey.id, slug: SLUG, userId: staffId, input: { expiresOn, antenna: "lie" } });
    const shared = await get(`?share=${share}`, {});
    expect(shared.status).toBe(200);
    expect(shared.body).toMatchObject({ suppressed: false, segment: { antenna: "lie" } });
    expect((await get(`?share=${share}&antenna=bru`, {})).status).toBe(403);
    expect((await get(`?share=not-a-token`, {})).status).toBe(401);
  });

  it("sees new responses once a batch of at least five has arrived, and not before, though the answers are cached between views", async () => {
    const db = await getDb();
    const survey = await getSurveyBySlug(db, { slug: SLUG });
    const answers = (antenna: string) => ({ antenna, sector: "musique", themes: ["musique"], formats: ["afterwork"], slots: ["thu-evening"], frequency: "monthly" });
    const submit = (antenna: string) => submitResponse(db, { survey, body: { id: randomUUID(), locale: "fr", answers: answers(antenna), complete: true } });
    const before = { whole: (await get()).body, bru: (await get("?antenna=bru")).body, lie: (await get("?antenna=lie")).body };
    const start = await truth(sql`true`);
    expect(before.whole.n).toBe(start.released);

    // One answer through the API and three more: four are not a batch, and nothing moves.
    expect((await call(respond, { method: "POST", params: { slug: SLUG }, json: { id: randomUUID(), locale: "fr", answers: answers("bru"), complete: true } })).status).toBe(201);
    for (const antenna of ["bru", "bru", "lie"]) await submit(antenna);
    expect((await get()).body).toEqual(before.whole);
    // A partial response is not an answer yet, and does not make a batch.
    await submitResponse(db, { survey, body: { id: randomUUID(), locale: "fr", answers: { antenna: "bru" }, complete: false } });
    expect((await get()).body).toEqual(before.whole);
    expect((await truth(sql`true`)).count).toBe(start.count);

    // The fifth makes a batch: the next reader's visit releases it, and the whole survey shows all five at once.
    await submit("lie");
    const after = (await get()).body;
    const all = await truth(sql`true`);
    expect(all.count).toBe(start.count + 5);
    expect(after.n).toBe(all.released);
    expect(within(after.n, start.count + 5)).toBe(true);
    // Brussels got three of them and Liège two: fewer than five each, so each still shows its earlier figures.
    expect(figuresOf((await get("?antenna=bru")).body)).toEqual(figuresOf(before.bru));
    expect(figuresOf((await get("?antenna=lie")).body)).toEqual(figuresOf(before.lie));

    // A second batch brings two more to Brussels and three to Liège: five since the release each shows, so both move on.
    for (const antenna of ["bru", "bru", "lie", "lie", "lie"]) await submit(antenna);
    const second = (await get()).body;
    const both = await truth(sql`true`);
    expect(both.count).toBe(start.count + 10);
    expect(second.n).toBe(both.released);
    for (const antenna of ["bru", "lie"]) {
      const segment = await truth(sql`r.antenna = ${antenna}`);
      expect(segment.count).toBe((await truth(sql`r.antenna = ${antenna}`, { upTo: 1 })).count + 5);
      expect((await get(`?antenna=${antenna}`)).body.n).toBe(segment.released);
    }
  });

  it("says which roles a survey lacks instead of recommending without them", async () => {
    const definition = {
      pages: [
        {
          name: "p1",
          elements: [
            {
              type: "checkbox",
              name: "topics",
              role: "interest.theme",
              title: { default: "Thèmes ?", nl: "Thema's?", en: "Topics?" },
              choices: [
                { value: "pricing", text: { default: "=HYPERLINK(\"x\")", nl: "=HYPERLINK(\"x\")", en: "=HYPERLINK(\"x\")" } },
                { value: "tools", text: { default: "Outils", nl: "Tools", en: "Tools" } },
              ],
            },
          ],
        },
      ],
    };
    await seedSurvey({ slug: "reco-themes-only", definition, answers: Array.from({ length: 12 }, () => ({ topics: ["pricing"] })) });
    const { body } = await get("?lng=en", bearer(token), "reco-themes-only");
    expect(body.missingRoles.map((missing) => missing.role)).toEqual(expect.arrayContaining(["preference.format", "availability.slot", "offer.skill"]));
    expect(body.missingRoles.find((missing) => missing.role === "availability.slot")!.message).toBe(
      "The survey does not ask when members are free: proposals do not say when.",
    );
    // The twelve chose "pricing": the same members as the whole survey, so the same released figure.
    const pricing = await truth(chose("topics", "pricing"), { slug: "reco-themes-only" });
    expect(pricing.count).toBe(12);
    expect(body.proposals[0]).toMatchObject({ theme: "pricing", format: null, slot: null, venue: null, participants: pricing.released });
    expect(body.proposals[0]!.participants).toBe(body.n);
    expect(within(body.proposals[0]!.participants, 12)).toBe(true);
    expect(body.partnerMeetings).toEqual([]);

    // The CSV export neutralises the formula a choice text could smuggle into a spreadsheet.
    const response = await call(csv, { path: "/surveys/reco-themes-only/recommendations.csv?lng=en", params: { slug: "reco-themes-only" }, headers: bearer(token) });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = await response.text();
    expect(text).toContain("Interested members");
    expect(text).toContain(`'=HYPERLINK(""x"")`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it("exports the proposals of a segment as CSV in the reader's language, and nothing for a refused one", async () => {
    const french = await call(csv, { path: `/surveys/${SLUG}/recommendations.csv?antenna=lie&lng=fr`, params: { slug: SLUG }, headers: bearer(token) });
    const text = await french.text();
    expect(text).toContain("Membres intéressé·es");
    expect(text).toContain("Petit-déjeuner de travail");
    expect(text).toContain("À Liège");
    const refused = await call(csv, { path: `/surveys/${SLUG}/recommendations.csv?antenna=mon`, params: { slug: SLUG }, headers: bearer(token) });
    expect(refused.status).toBe(403);
    const anonymous = await call(csv, { path: `/surveys/${SLUG}/recommendations.csv`, params: { slug: SLUG } });
    expect(anonymous.status).toBe(302);
  });
});
