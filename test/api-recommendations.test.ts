import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "./app";
import { action as createToken } from "~/routes/api.tokens";
import { action as createSurvey } from "~/routes/api.surveys";
import { action as publish } from "~/routes/api.surveys.$slug.publish";
import { action as respond } from "~/routes/api.surveys.$slug.responses";
import { loader as recommendations } from "~/routes/api.surveys.$slug.recommendations";
import { loader as csv } from "~/routes/surveys.$slug.recommendations[.csv]";
import { createUser } from "~/auth/users.server";
import { getDb } from "~/db/db.server";
import { generateRespondents } from "~/networking/synthetic";
import { submitResponse } from "~/responses/responses.server";
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

type Proposal = { theme: string; format: string | null; venue: string | null; slot: string | null; frequency: string | null; participants: number; reasons: string[] };
type Body = {
  suppressed: boolean;
  reason?: string;
  message?: string;
  minGroupSize: number;
  n?: number;
  themes: { theme: string; count: number | null }[];
  proposals: Proposal[];
  programme: { k: number; proposals: Proposal[]; reached: number | null; greedyNote: string } | null;
  partnerMeetings: { antenna: string | null; skill: string; offers: number; needs: number; reasons: string[] }[];
  transversalThemes: { themes: [string, string]; together: number; lift: number; reasons: string[] }[];
  missingRoles: { role: string; message: string }[];
};

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

describe("GET /api/surveys/:slug/recommendations", () => {
  it("answers DESIGN.md's shape with the survey's choice values, proposals sorted by participants", async () => {
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body).toMatchObject({ suppressed: false, minGroupSize: 5, n: 163 });
    expect(Object.keys(body)).toEqual(expect.arrayContaining(["minGroupSize", "themes", "proposals", "programme", "partnerMeetings"]));
    const values = new Map(roleQuestions(networkingTemplate().definition).map((q) => [q.role, new Set(q.choices.map((c) => c.value))]));
    expect(body.themes.length).toBeGreaterThan(0);
    for (const theme of body.themes) expect(values.get("interest.theme")!.has(theme.theme)).toBe(true);
    expect(body.proposals.length).toBeGreaterThan(0);
    for (const proposal of body.proposals) {
      expect(Object.keys(proposal)).toEqual(expect.arrayContaining(["theme", "format", "venue", "slot", "frequency", "participants", "reasons"]));
      expect(values.get("preference.format")!.has(proposal.format!)).toBe(true);
      expect(values.get("availability.slot")!.has(proposal.slot!)).toBe(true);
      expect(values.get("preference.venue")!.has(proposal.venue!)).toBe(true);
    }
    const participants = body.proposals.map((proposal) => proposal.participants);
    expect(participants).toEqual([...participants].sort((a, b) => b - a));
    for (const meeting of body.partnerMeetings) expect(Object.keys(meeting)).toEqual(expect.arrayContaining(["skill", "offers", "needs"]));
    expect(body.programme!.proposals.length).toBeLessThanOrEqual(3);
    expect(body.programme!.greedyNote).toMatch(/^Le programme est construit une rencontre à la fois/);
    expect(body.missingRoles).toEqual([]);
  });

  it("never returns a figure under the minimum group size, in any segment", async () => {
    for (const query of ["", "?antenna=lie", "?antenna=bru", "?sector=design", "?antenna=lie&sector=musique", "?antenna=bru&sector=numerique&k=5"]) {
      const { status, body } = await get(query);
      expect(status).toBe(200);
      for (const count of counts(body)) expect(count, query).toBeGreaterThanOrEqual(body.minGroupSize);
      for (const theme of body.themes) if (theme.count === null) expect(theme).toMatchObject({ theme: expect.any(String) });
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
      expect(proposal).toMatchObject({ format: PLANTED.format, slot: PLANTED.slot, venue: PLANTED.venue });
      expect(proposal!.participants).toBeGreaterThanOrEqual(PLANTED.size);
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
    expect(body.programme!.reached).toBe(body.programme!.proposals[0]!.participants);
    const wider = await get("?k=5");
    expect(wider.body.programme!.reached!).toBeLessThanOrEqual(wider.body.n!);
    expect(wider.body.programme!.reached!).toBeGreaterThanOrEqual(body.programme!.reached!);
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

  it("sees a new response at once, though the answers are cached between views", async () => {
    const before = (await get()).body.n!;
    const db = await getDb();
    const survey = await getSurveyBySlug(db, { slug: SLUG });
    const answers = { antenna: "bru", sector: "musique", themes: ["musique"], formats: ["afterwork"], slots: ["thu-evening"], frequency: "monthly" };
    expect((await call(respond, { method: "POST", params: { slug: SLUG }, json: { id: randomUUID(), locale: "fr", answers, complete: true } })).status).toBe(201);
    expect((await get()).body.n).toBe(before + 1);
    // A partial response is not an answer yet.
    await submitResponse(db, { survey, body: { id: randomUUID(), locale: "fr", answers: { antenna: "bru" }, complete: false } });
    expect((await get()).body.n).toBe(before + 1);
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
    expect(body.proposals[0]).toMatchObject({ theme: "pricing", format: null, slot: null, venue: null, participants: 12 });
    expect(body.partnerMeetings).toEqual([]);

    // The CSV export neutralises the formula a choice text could smuggle into a spreadsheet.
    const response = await call(csv, { path: "/surveys/reco-themes-only/recommendations.csv?lng=en", params: { slug: "reco-themes-only" }, headers: bearer(token) });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = await response.text();
    expect(text).toContain("Expected participants");
    expect(text).toContain(`'=HYPERLINK(""x"")`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it("exports the proposals of a segment as CSV in the reader's language, and nothing for a refused one", async () => {
    const french = await call(csv, { path: `/surveys/${SLUG}/recommendations.csv?antenna=lie&lng=fr`, params: { slug: SLUG }, headers: bearer(token) });
    const text = await french.text();
    expect(text).toContain("Participant·es attendu·es");
    expect(text).toContain("Petit-déjeuner de travail");
    expect(text).toContain("À Liège");
    const refused = await call(csv, { path: `/surveys/${SLUG}/recommendations.csv?antenna=mon`, params: { slug: SLUG }, headers: bearer(token) });
    expect(refused.status).toBe(403);
    const anonymous = await call(csv, { path: `/surveys/${SLUG}/recommendations.csv`, params: { slug: SLUG } });
    expect(anonymous.status).toBe(302);
  });
});
