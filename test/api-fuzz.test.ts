import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createUser } from "~/auth/users.server";
import { queryRows } from "~/db/client.server";
import { getDb } from "~/db/db.server";
import { action as createToken } from "~/routes/api.tokens";
import { action as createSurvey } from "~/routes/api.surveys";
import { loader as getSurvey } from "~/routes/api.surveys.$slug";
import { action as publish } from "~/routes/api.surveys.$slug.publish";
import { action as respond } from "~/routes/api.surveys.$slug.responses";
import { networkingTemplate } from "~/surveys/template";
import { call } from "./app";

// Whatever arrives at the public API, the answer is a 4xx with a message,
// never a 500, and nothing is stored.

const template = networkingTemplate();
const slug = "fuzz-target";

async function setUp() {
  const db = await getDb();
  await createUser(db, { email: "fuzz@api.test", name: "Fuzz", role: "staff", password: "fuzz staff password" }).catch(() => {});
  const token = ((await (await call(createToken, { method: "POST", json: { email: "fuzz@api.test", password: "fuzz staff password", name: "fuzz" } })).json()) as { token: string }).token;
  const headers = { Authorization: `Bearer ${token}` };
  await call(createSurvey, { method: "POST", json: { slug, title: template.title, definition: template.definition }, headers });
  await call(publish, { method: "POST", params: { slug }, headers });
  return headers;
}

const storedCount = async () => {
  const [row] = await queryRows<{ n: number }>(await getDb(), sql`select (select count(*) from responses) + (select count(*) from surveys) as n`);
  return Number(row?.n ?? 0);
};

// JSON values, including deep nesting, huge strings and prototype-looking keys.
const nasty = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.string({ unit: "grapheme", maxLength: 50 }),
    fc.constantFrom("__proto__", "constructor", "prototype", "'; drop table responses; --", "<script>alert(1)</script>", "\u0000", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "id", "answers", "themes")), tie("value"), { maxKeys: 4 }),
  ),
})).value;

describe("the public API under random input", () => {
  it("answers every random body with a 4xx and a message, stores nothing", async () => {
    await setUp();
    const before = await storedCount();
    await fc.assert(
      fc.asyncProperty(nasty, fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1"), async (body, type) => {
        const response = await call(respond, { method: "POST", params: { slug }, body: JSON.stringify(body), headers: { "Content-Type": type } });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        const json = (await response.json()) as { error: string; message: string };
        expect(json.error).toMatch(/^[a-z_]+$/);
        expect(json.message).not.toMatch(/\n\s+at /);
      }),
      { numRuns: 150 },
    );
    expect(await storedCount()).toBe(before);
  });

  it("answers random bytes, invalid UTF-8 and deep nesting with 400 or 413", async () => {
    const before = await storedCount();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const response = await call(respond, { method: "POST", params: { slug }, body: bytes, headers: { "Content-Type": "application/json" } });
        expect([400, 413]).toContain(response.status);
      }),
      { numRuns: 100 },
    );
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const response = await call(respond, { method: "POST", params: { slug }, body: deep, headers: { "Content-Type": "application/json" } });
    expect([400, 413]).toContain(response.status);
    expect(await storedCount()).toBe(before);
  });

  it("treats SQL metacharacters in the slug, the language and the token as plain text", async () => {
    const before = await storedCount();
    for (const evil of ["x' or '1'='1", "x; drop table surveys; --", "%27%20or%201=1", "..%2F..%2Fetc%2Fpasswd", "x\u0000y"]) {
      expect((await call(getSurvey, { path: `/?lng=${encodeURIComponent(evil)}`, params: { slug: evil } })).status).toBe(404);
      expect((await call(respond, { method: "POST", params: { slug: evil }, json: { id: crypto.randomUUID(), locale: "fr", answers: {}, complete: false } })).status).toBe(404);
      const token = await call(createSurvey, { method: "POST", json: { slug: "x" }, headers: { Authorization: `Bearer ${evil.replace(/[\u0000-\u001f]/g, "")}` } });
      expect(token.status).toBe(401);
      const login = await call(createToken, { method: "POST", json: { email: evil, password: evil, name: evil }, address: `198.51.100.${Math.floor(Math.random() * 250)}` });
      expect([400, 401]).toContain(login.status);
    }
    expect(await storedCount()).toBe(before);
  });
});
