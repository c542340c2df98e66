import { describe, expect, it } from "vitest";
import { readSessionToken, serializeSessionCookie } from "~/auth/guard.server";
import { createSession, getSessionUser } from "~/auth/sessions.server";
import { createUser } from "~/auth/users.server";
import { getDb } from "~/db/db.server";
import * as login from "~/routes/login";
import * as logout from "~/routes/logout";
import { call } from "./app";

const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const cookieOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .find((c) => c.includes("maillage_session="))!
    .split(";")[0]!;

describe("sessions", () => {
  it("get a new id at every login, and the id held before no longer opens anything", async () => {
    const db = await getDb();
    const user = await createUser(db, { email: "rotate@session.test", name: "R", role: "staff", password: "rotate password 1" });
    const planted = await serializeSessionCookie(await createSession(db, { userId: user.id }));
    const before = planted.split(";")[0]!;
    const response = await call(login.action as never, {
      method: "POST",
      body: form({ email: "rotate@session.test", password: "rotate password 1", redirectTo: "/" }),
      headers: { Cookie: before, "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(302);
    const after = cookieOf(response);
    expect(after).not.toBe(before);
    const oldToken = await readSessionToken(new Request("http://x/", { headers: { Cookie: before } }));
    const newToken = await readSessionToken(new Request("http://x/", { headers: { Cookie: after } }));
    expect(await getSessionUser(db, { token: oldToken! })).toBeNull();
    expect((await getSessionUser(db, { token: newToken! }))?.id).toBe(user.id);
  });

  it("are never ended by a GET, only by the logout POST", async () => {
    const db = await getDb();
    const user = await createUser(db, { email: "get@session.test", name: "G", role: "staff", password: "get password 123" });
    const token = await createSession(db, { userId: user.id });
    const cookie = (await serializeSessionCookie(token)).split(";")[0]!;
    expect((await call(logout.loader as never, { headers: { Cookie: cookie } })).status).toBe(302);
    expect(await getSessionUser(db, { token })).not.toBeNull();
    const posted = await call(logout.action as never, { method: "POST", headers: { Cookie: cookie } });
    expect(posted.headers.getSetCookie().join()).toMatch(/maillage_session=;.*Max-Age=0/);
    expect(await getSessionUser(db, { token })).toBeNull();
  });
});
