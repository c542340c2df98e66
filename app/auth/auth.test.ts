import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "~/db/schema";
import { queryRows } from "~/db/client.server";
import { testDrivers, useTestDatabase } from "../../test/db";
import { createApiToken, getTokenUser, listApiTokens, revokeApiToken } from "./api-tokens.server";
import { attemptLogin } from "./login.server";
import { LOGIN_MAX_FAILURES } from "./rate-limit.server";
import { createSession, endSession, getSessionUser, purgeExpiredSessions, SESSION_IDLE_MS } from "./sessions.server";
import { createUser, ensureBootstrapAdmin, setUserDisabled, setUserRole } from "./users.server";

describe.each(testDrivers)("accounts on %s", (driver) => {
  const database = useTestDatabase(driver);
  const db = () => database().db;
  let n = 0;
  const newStaff = (role: "admin" | "staff" | "reader" = "staff") =>
    createUser(db(), { email: `Person${++n}@Example.org`, name: `Person ${n}`, role, password: "correct horse battery" });

  it("stores the password as an argon2id hash and logs in with it, email case-insensitively", async () => {
    const user = await newStaff();
    const [row] = await queryRows<{ password_hash: string }>(db(), sql`select password_hash from users where id = ${user.id}`);
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const logged = await attemptLogin(db(), { email: user.email.toUpperCase(), password: "correct horse battery", address: "10.0.0.1", trustedUserIds: [] });
    expect(logged.id).toBe(user.id);
  });

  it("refuses a wrong password with 401 and a common or short password at creation", async () => {
    const user = await newStaff();
    await expect(attemptLogin(db(), { email: user.email, password: "wrong password", address: "10.0.0.2", trustedUserIds: [] })).rejects.toMatchObject({ status: 401, code: "invalid_credentials" });
    await expect(createUser(db(), { email: "x@example.org", name: "X", role: "staff", password: "password1" })).rejects.toMatchObject({ code: "password_too_common" });
    await expect(createUser(db(), { email: "y@example.org", name: "Y", role: "staff", password: "short" })).rejects.toMatchObject({ code: "password_too_short" });
  });

  it("answers 429 with the wait after five failures for one account, but not on a browser that logged in before", async () => {
    const user = await newStaff();
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      await expect(attemptLogin(db(), { email: user.email, password: "nope", address: `10.1.0.${i}`, trustedUserIds: [] })).rejects.toMatchObject({ status: 401 });
    }
    const limited = attemptLogin(db(), { email: user.email, password: "correct horse battery", address: "10.1.1.1", trustedUserIds: [] });
    await expect(limited).rejects.toMatchObject({ status: 429, code: "too_many_attempts" });
    const error = (await limited.catch((e: unknown) => e)) as { headers: Record<string, string> };
    expect(Number(error.headers["Retry-After"])).toBeGreaterThan(800);
    const trusted = await attemptLogin(db(), { email: user.email, password: "correct horse battery", address: "10.1.1.1", trustedUserIds: [user.id] });
    expect(trusted.id).toBe(user.id);
  });

  it("answers 429 after five failures from one address across accounts", async () => {
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      await expect(attemptLogin(db(), { email: `nobody${i}@example.org`, password: "nope", address: "10.9.9.9", trustedUserIds: [] })).rejects.toMatchObject({ status: 401 });
    }
    const user = await newStaff();
    await expect(attemptLogin(db(), { email: user.email, password: "correct horse battery", address: "10.9.9.9", trustedUserIds: [] })).rejects.toMatchObject({ status: 429 });
  });

  it("ends sessions on logout, on idle timeout and when the account is disabled", async () => {
    const user = await newStaff();
    const a = await createSession(db(), { userId: user.id });
    const b = await createSession(db(), { userId: user.id });
    expect(a).not.toBe(b);
    expect((await getSessionUser(db(), { token: a }))?.id).toBe(user.id);
    await endSession(db(), { token: a });
    expect(await getSessionUser(db(), { token: a })).toBeNull();
    expect(await getSessionUser(db(), { token: b })).not.toBeNull();
    await db().update(sessions).set({ lastSeenAt: new Date(Date.now() - SESSION_IDLE_MS - 1000) }).where(sql`true`);
    expect(await getSessionUser(db(), { token: b })).toBeNull();
    // Housekeeping removes the ended rows, not just ignores them.
    await purgeExpiredSessions(db());
    expect(await db().select().from(sessions)).toHaveLength(0);
    const c = await createSession(db(), { userId: user.id });
    await setUserDisabled(db(), { id: user.id, disabled: true });
    expect(await getSessionUser(db(), { token: c })).toBeNull();
  });

  it("issues API tokens stored hashed, that stop working once revoked or disabled", async () => {
    const user = await newStaff();
    const { id, token } = await createApiToken(db(), { userId: user.id, name: "script" });
    expect(token).toMatch(/^mlg_[A-Za-z0-9_-]{43}$/);
    const [stored] = await queryRows<{ token_hash: string }>(db(), sql`select token_hash from api_tokens where id = ${id}`);
    expect(stored?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await getTokenUser(db(), { token }))?.id).toBe(user.id);
    expect(await listApiTokens(db(), { userId: user.id })).toHaveLength(1);
    expect(await revokeApiToken(db(), { userId: user.id, id })).toBe(true);
    expect(await getTokenUser(db(), { token })).toBeNull();
    const second = await createApiToken(db(), { userId: user.id, name: "other" });
    await setUserDisabled(db(), { id: user.id, disabled: true });
    expect(await getTokenUser(db(), { token: second.token })).toBeNull();
  });

  it("creates the bootstrap admin only when there is none, and never removes the last active admin", async () => {
    await expect(ensureBootstrapAdmin(db(), { email: "boot@example.org", password: "bootstrap password" })).resolves.toBe("created");
    await expect(ensureBootstrapAdmin(db(), { email: "other@example.org", password: "bootstrap password" })).resolves.toBe("exists");
    const [boot] = await queryRows<{ id: string }>(db(), sql`select id from users where email = 'boot@example.org'`);
    await expect(setUserRole(db(), { id: boot!.id, role: "staff" })).rejects.toMatchObject({ code: "last_admin" });
    await expect(setUserDisabled(db(), { id: boot!.id, disabled: true })).rejects.toMatchObject({ code: "last_admin" });
    const second = await newStaff("admin");
    await setUserRole(db(), { id: boot!.id, role: "staff" });
    await expect(setUserDisabled(db(), { id: second.id, disabled: true })).rejects.toMatchObject({ code: "last_admin" });
  });
});
