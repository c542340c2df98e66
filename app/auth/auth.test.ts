import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiTokens, sessions } from "~/db/schema";
import { queryRows } from "~/db/client.server";
import { testDrivers, useTestDatabase } from "../../test/db";
import { createApiToken, getTokenUser, listApiTokens, revokeApiToken } from "./api-tokens.server";
import { attemptLogin } from "./login.server";
import { clearLoginFailures, delaySeconds, loginWait, recordLoginFailure } from "./rate-limit.server";
import { createSession, endSession, getSessionUser, purgeExpiredSessions, SESSION_IDLE_MS } from "./sessions.server";
import { createUser, ensureBootstrapAdmin, setUserDisabled, setUserPassword, setUserRole } from "./users.server";

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

  it("grows the delay with each failure, caps it, and lets a device that logged in before wait a quarter", () => {
    expect([0, 1, 2, 3, 4, 5, 13, 30].map((n) => delaySeconds("pair", n))).toEqual([0, 0, 0, 1, 2, 4, 900, 900]);
    expect([9, 10, 11, 18, 40].map((n) => delaySeconds("account", n))).toEqual([0, 1, 2, 256, 300]);
    expect([19, 20, 25].map((n) => delaySeconds("address", n))).toEqual([0, 1, 32]);
    expect([3, 5, 40].map((n) => delaySeconds("account", n + 10, true))).toEqual([2, 8, 75]);
  });

  it("slows a guesser on one account from one address a little more at each failure, and a success forgets them", async () => {
    const user = await newStaff();
    const keys = { email: user.email.toLowerCase(), address: "10.1.0.1", trustedDevice: false };
    const now = Date.now();
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      await recordLoginFailure(db(), keys, now);
      waits.push(await loginWait(db(), keys, now));
    }
    expect(waits).toEqual([0, 0, 1, 2, 4, 8]);
    // The owner's browser waits a quarter; once the delay is over, the next attempt is let through.
    expect(await loginWait(db(), { ...keys, trustedDevice: true }, now)).toBe(2);
    expect(await loginWait(db(), keys, now + 8_000)).toBe(0);
    // Through attemptLogin: refused with the wait while it runs.
    const limited = attemptLogin(db(), { email: user.email, password: "correct horse battery", address: "10.1.0.1", trustedUserIds: [] });
    await expect(limited).rejects.toMatchObject({ status: 429, code: "too_many_attempts" });
    expect(Number(((await limited.catch((e: unknown) => e)) as { headers: Record<string, string> }).headers["Retry-After"])).toBeGreaterThan(0);
    await clearLoginFailures(db(), keys);
    expect(await loginWait(db(), keys, now)).toBe(0);
  });

  it("never locks an account out: guessing from many addresses delays its owner five minutes at most, and their own browser 75 s", async () => {
    const user = await newStaff();
    const email = user.email.toLowerCase();
    const now = Date.now();
    for (let i = 0; i < 40; i++) await recordLoginFailure(db(), { email, address: `10.2.0.${i}`, trustedDevice: false }, now);
    expect(await loginWait(db(), { email, address: "10.3.0.1", trustedDevice: false }, now)).toBe(300);
    expect(await loginWait(db(), { email, address: "10.3.0.1", trustedDevice: true }, now)).toBe(75);
    // The device cookie lowers the delay, it does not lift it.
    await expect(attemptLogin(db(), { email: user.email, password: "correct horse battery", address: "10.3.0.1", trustedUserIds: [user.id] })).rejects.toMatchObject({ status: 429 });
  });

  it("slows one address trying many accounts after twenty failures, and not the others", async () => {
    const now = Date.now();
    for (let i = 0; i < 25; i++) await recordLoginFailure(db(), { email: `nobody${i}@example.org`, address: "10.9.9.9", trustedDevice: false }, now);
    const user = await newStaff();
    expect(await loginWait(db(), { email: user.email.toLowerCase(), address: "10.9.9.9", trustedDevice: false }, now)).toBe(32);
    expect(await loginWait(db(), { email: user.email.toLowerCase(), address: "10.9.9.10", trustedDevice: false }, now)).toBe(0);
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

  it("gives tokens an expiry (90 days unless chosen), after which they open nothing", async () => {
    const user = await newStaff();
    const usual = await createApiToken(db(), { userId: user.id, name: "usual" });
    const days = (date: Date) => Math.round((date.getTime() - Date.now()) / 86_400_000);
    expect(days(usual.expiresAt)).toBe(90);
    const short = await createApiToken(db(), { userId: user.id, name: "short", days: 7 });
    expect(days(short.expiresAt)).toBe(7);
    expect((await getTokenUser(db(), { token: short.token }))?.id).toBe(user.id);
    await db().update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, short.id));
    expect(await getTokenUser(db(), { token: short.token })).toBeNull();
    expect((await getTokenUser(db(), { token: usual.token }))?.id).toBe(user.id);
  });

  it("ends the other sessions and revokes every token when the password changes, keeping the session that changed it", async () => {
    const user = await newStaff();
    const here = await createSession(db(), { userId: user.id });
    const elsewhere = await createSession(db(), { userId: user.id });
    const { token } = await createApiToken(db(), { userId: user.id, name: "script" });
    await setUserPassword(db(), { id: user.id, password: "a brand new passphrase", keepSession: here });
    expect((await getSessionUser(db(), { token: here }))?.id).toBe(user.id);
    expect(await getSessionUser(db(), { token: elsewhere })).toBeNull();
    expect(await getTokenUser(db(), { token })).toBeNull();
    expect((await listApiTokens(db(), { userId: user.id })).every((row) => row.revokedAt !== null)).toBe(true);
  });

  it("revives no token when a disabled account is enabled again", async () => {
    const user = await newStaff();
    const { token } = await createApiToken(db(), { userId: user.id, name: "script" });
    await setUserDisabled(db(), { id: user.id, disabled: true });
    await setUserDisabled(db(), { id: user.id, disabled: false });
    expect(await getTokenUser(db(), { token })).toBeNull();
    // A token made after is fine.
    const fresh = await createApiToken(db(), { userId: user.id, name: "new" });
    expect((await getTokenUser(db(), { token: fresh.token }))?.id).toBe(user.id);
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
