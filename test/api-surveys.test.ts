import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { call, postToLane } from "./app";
import { action as createToken } from "~/routes/api.tokens";
import { action as createSurvey } from "~/routes/api.surveys";
import { loader as getSurvey } from "~/routes/api.surveys.$slug";
import { action as publish } from "~/routes/api.surveys.$slug.publish";
import { action as close } from "~/routes/api.surveys.$slug.close";
import { action as respond } from "~/routes/api.surveys.$slug.responses";
import { action as invite } from "~/routes/api.surveys.$slug.invitations";
import { getDb } from "~/db/db.server";
import { createUser } from "~/auth/users.server";
import { queryRows } from "~/db/client.server";
import { sql } from "drizzle-orm";
import { networkingTemplate } from "~/surveys/template";

const staff = { email: "staff@api.test", password: "staff api password" };
async function token() {
  const db = await getDb();
  await createUser(db, { ...staff, name: "Staff", role: "staff" }).catch(() => {});
  const response = await call(createToken, { method: "POST", json: { ...staff, name: "tests" } });
  return ((await response.json()) as { token: string }).token;
}
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
const template = networkingTemplate({ antennas: ["lie"] });
const stored = async (slug: string) => {
  const [row] = await queryRows<{ n: number }>(await getDb(), sql`select count(*)::int as n from responses r join surveys s on s.id = r.survey_id where s.slug = ${slug}`);
  return Number(row?.n ?? 0);
};
const good = () => ({
  id: randomUUID(),
  locale: "fr",
  answers: { antenna: "lie", sector: "design", themes: ["design", "fair-pricing"], formats: ["afterwork"], slots: ["mon-morning"], frequency: "monthly" },
  complete: true,
});

describe("the survey API", () => {
  it("creates and publishes a survey with a bearer token, and refuses without one", async () => {
    const t = await token();
    const body = { slug: "api-liege", title: template.title, definition: template.definition, antennas: ["lie"] };
    expect((await call(createSurvey, { method: "POST", json: body })).status).toBe(401);
    const created = await call(createSurvey, { method: "POST", json: body, headers: bearer(t) });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ slug: "api-liege", status: "draft", antennas: ["lie"], minGroupSize: 5 });
    expect((await call(getSurvey, { params: { slug: "api-liege" } })).status).toBe(404);
    expect((await call(publish, { method: "POST", params: { slug: "api-liege" } })).status).toBe(401);
    const published = await call(publish, { method: "POST", params: { slug: "api-liege" }, headers: bearer(t) });
    expect(published.status).toBe(200);
    const fetched = await call(getSurvey, { params: { slug: "api-liege" } });
    expect(await fetched.json()).toMatchObject({ status: "open", definition: { pages: expect.any(Array) } });
    expect((await call(createSurvey, { method: "POST", json: body, headers: bearer(t) })).status).toBe(409);
  });

  it("refuses to publish a survey whose Dutch is incomplete, listing what is missing", async () => {
    const t = await token();
    const definition = structuredClone(template.definition) as { pages: { elements: { name: string; title: Record<string, string> }[] }[] };
    delete definition.pages[0]!.elements[0]!.title.nl;
    await call(createSurvey, { method: "POST", json: { slug: "api-half-dutch", title: template.title, definition }, headers: bearer(t) });
    const refused = await call(publish, { method: "POST", path: "/?lng=en", params: { slug: "api-half-dutch" }, headers: bearer(t) });
    expect(refused.status).toBe(400);
    const json = (await refused.json()) as { error: string; missing: { locale: string; path: string }[] };
    expect(json.error).toBe("survey_not_publishable");
    expect(json.missing).toContainEqual(expect.objectContaining({ locale: "nl", path: `${definition.pages[0]!.elements[0]!.name}.title` }));
  });

  it("refuses an invalid definition with survey-core's reason and stores nothing", async () => {
    const t = await token();
    const bad = { slug: "api-bad", title: "Mauvais", definition: { pages: [{ name: "p", elements: [{ type: "html", name: "h", html: "<script>x</script>" }] }] } };
    const response = await call(createSurvey, { method: "POST", json: bad, headers: bearer(t) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_definition");
    const t2 = await call(getSurvey, { params: { slug: "api-bad" }, headers: bearer(t) });
    expect(t2.status).toBe(404);
  });
});

const transports = [
  ["the Remix route", "route"],
  ["the production server's lane", "lane"],
] as const;

// Every case runs through both ways a submission arrives: the Remix route (dev, tests) and the
// lane server.js runs in production without Remix; both must answer the same.
describe.each(transports)("the responses API through %s", (_transport, via) => {
  const submit = (slug: string, request: Parameters<typeof call>[1]) =>
    via === "route" ? call(respond, { method: "POST", params: { slug }, ...request }) : postToLane(slug, request);

  let slug = "";
  let t = "";
  it("accepts a response (201), an identical replay (200) and refuses a changed one (409)", async () => {
    t = await token();
    slug = `api-answers-${via}`;
    await call(createSurvey, { method: "POST", json: { slug, title: template.title, definition: template.definition }, headers: bearer(t) });
    await call(publish, { method: "POST", params: { slug }, headers: bearer(t) });
    const body = good();
    const first = await submit(slug, { json: body });
    expect(first.status).toBe(201);
    const replay = await submit(slug, { json: body });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual(await first.json());
    const changed = await submit(slug, { json: { ...body, answers: { ...body.answers, frequency: "weekly" } } });
    expect(changed.status).toBe(409);
    expect(await stored(slug)).toBe(1);
  });

  const huge = "x".repeat(300 * 1024);
  const cases: [string, Parameters<typeof call>[1], number][] = [
    ["no body", { body: "" , headers: { "Content-Type": "application/json" } }, 400],
    ["broken JSON", { body: "{", headers: { "Content-Type": "application/json" } }, 400],
    ["a JSON array", { json: [] }, 400],
    ["a form instead of JSON", { body: "id=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } }, 415],
    ["no content type", { body: "{}" }, 415],
    ["a body over 256 KB", { json: { ...good(), answers: { suggestion: huge } } }, 413],
    ["invalid UTF-8", { body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), headers: { "Content-Type": "application/json" } }, 400],
    ["an id that is not a UUID", { json: { ...good(), id: "1; drop table responses" } }, 400],
    ["an unknown locale", { json: { ...good(), locale: "de" } }, 400],
    ["answers that are not an object", { json: { ...good(), answers: "all" } }, 400],
    ["complete that is not a boolean", { json: { ...good(), complete: "yes" } }, 400],
    ["an unknown question", { json: { ...good(), answers: { ...good().answers, evil: 1 } } }, 400],
    ["a __proto__ key", { body: JSON.stringify(good()).replace('"antenna"', '"__proto__":{"x":1},"antenna"'), headers: { "Content-Type": "application/json" } }, 400],
    ["a value outside the choices", { json: { ...good(), answers: { ...good().answers, frequency: "daily" } } }, 400],
    ["a single value for a multiple choice", { json: { ...good(), answers: { ...good().answers, themes: "design" } } }, 400],
    ["too many themes", { json: { ...good(), answers: { ...good().answers, themes: ["design", "musique", "formation", "numerique", "artisanat", "communication"] } } }, 400],
    ["a missing required answer", { json: { ...good(), answers: { antenna: "lie" } } }, 400],
    ["a deep nesting", { json: { ...good(), answers: { ...good().answers, suggestion: JSON.parse("[".repeat(500) + "]".repeat(500)) } } }, 400],
    ["an antenna outside the targeting", { json: { ...good(), antenna: "nowhere" } }, 400],
    ["a sector that does not exist", { json: { ...good(), sector: "astrologie" } }, 400],
    ["an unknown invitation", { json: { ...good(), invitation: "not-a-real-invitation-token" } }, 403],
    ["a huge free text", { json: { ...good(), answers: { ...good().answers, suggestion: "y".repeat(3000) } } }, 400],
    ["SQL in a choice", { json: { ...good(), answers: { ...good().answers, frequency: "' or 1=1 --" } } }, 400],
  ];
  it.each(cases)("refuses %s with a 4xx, a translated message and nothing stored", async (_name, request, status) => {
    const before = await stored(slug);
    const response = await submit(slug, { path: "/?lng=nl", ...request });
    expect(response.status).toBe(status);
    const json = (await response.json()) as { error: string; message: string };
    expect(json.error).toMatch(/^[a-z_]+$/);
    expect(json.message.length).toBeGreaterThan(5);
    expect(await stored(slug)).toBe(before);
  });

  it("answers 404 for an unknown or draft survey and 410 once closed", async () => {
    expect((await submit("nope", { json: good() })).status).toBe(404);
    const draft = `api-draft-${via}`;
    await call(createSurvey, { method: "POST", json: { slug: draft, title: template.title, definition: template.definition }, headers: bearer(t) });
    expect((await submit(draft, { json: good() })).status).toBe(404);
    await call(close, { method: "POST", params: { slug }, headers: bearer(t) });
    const closed = await submit(slug, { path: "/?lng=en", json: good() });
    expect(closed.status).toBe(410);
    expect(((await closed.json()) as { message: string }).message).toBe("This survey is closed: it no longer accepts answers.");
  });

  it("hands out single-use invitation links; a used one answers 409", async () => {
    const s = `api-invited-${via}`;
    await call(createSurvey, { method: "POST", json: { slug: s, title: template.title, definition: template.definition, access: "invitation" }, headers: bearer(t) });
    await call(publish, { method: "POST", params: { slug: s }, headers: bearer(t) });
    expect((await call(invite, { method: "POST", params: { slug: s }, json: { count: 2 } })).status).toBe(401);
    const response = await call(invite, { method: "POST", params: { slug: s }, json: { count: 2, antenna: "cha" }, headers: bearer(t) });
    expect(response.status).toBe(201);
    const { links } = (await response.json()) as { links: string[] };
    expect(links).toHaveLength(2);
    const invitation = new URL(links[0]!).searchParams.get("i")!;
    expect(invitation.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits in base64url
    expect((await submit(s, { json: good() })).status).toBe(403);
    expect((await submit(s, { json: { ...good(), invitation } })).status).toBe(201);
    expect((await submit(s, { json: { ...good(), invitation } })).status).toBe(409);
  });
});
