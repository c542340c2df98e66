import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { loginAttempts } from "~/db/schema";

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_MAX_FAILURES = 5;

type Keys = { email: string; address: string; trustedDevice: boolean };

// A browser that has already logged in to this account (a signed device
// cookie) is not held back by failures made elsewhere: an attacker guessing
// a colleague's password cannot lock the colleague out.
function keysFor({ email, address, trustedDevice }: Keys): string[] {
  // NUL bytes cannot be stored in PostgreSQL text; they identify nothing anyway.
  const clean = (text: string) => text.replaceAll("\u0000", "").slice(0, 330);
  return trustedDevice ? [] : [`account:${clean(email)}`, `address:${clean(address)}`];
}

/** Seconds to wait before the next login attempt, or 0 when one is allowed. */
export async function loginWait(db: Db, input: Keys): Promise<number> {
  const keys = keysFor(input);
  if (keys.length === 0) return 0;
  const since = new Date(Date.now() - LOGIN_WINDOW_MS);
  const rows = await db
    .select({ key: loginAttempts.key, n: sql<number>`count(*)::int`, oldest: sql<string>`min(${loginAttempts.at})` })
    .from(loginAttempts)
    .where(and(inArray(loginAttempts.key, keys), gt(loginAttempts.at, since)))
    .groupBy(loginAttempts.key);
  let wait = 0;
  for (const row of rows) {
    if (row.n < LOGIN_MAX_FAILURES) continue;
    const freeAt = new Date(row.oldest).getTime() + LOGIN_WINDOW_MS;
    wait = Math.max(wait, Math.ceil((freeAt - Date.now()) / 1000));
  }
  return Math.max(wait, 0);
}

export async function recordLoginFailure(db: Db, input: Keys): Promise<void> {
  const keys = keysFor({ ...input, trustedDevice: false });
  await db.insert(loginAttempts).values(keys.map((key) => ({ key })));
  await db.delete(loginAttempts).where(lt(loginAttempts.at, new Date(Date.now() - LOGIN_WINDOW_MS)));
}

export async function clearLoginFailures(db: Db, { email }: { email: string }): Promise<void> {
  const [key] = keysFor({ email, address: "", trustedDevice: false });
  await db.delete(loginAttempts).where(eq(loginAttempts.key, key!));
}
