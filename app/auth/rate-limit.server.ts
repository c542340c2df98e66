import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { loginAttempts } from "~/db/schema";

// Failed logins slow the next attempt down, more with each failure, and never
// lock an account: the delays are capped, they weigh least on the account as
// a whole (so that an attacker guessing a colleague's password from many
// places delays the colleague by minutes at most), and a browser that has
// logged in to the account before (a signed device cookie) waits a quarter of
// them. The token endpoint goes through the same check (login.server.ts).

/** Failures older than this no longer count. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

type Delay = { free: number; capSeconds: number };
/**
 * After n failures in the window: no wait for the first `free`, then 1 s,
 * 2 s, 4 s… up to the cap, counted from the last failure.
 */
const DELAYS = {
  // One account from one address: a person mistyping, or a guesser.
  pair: { free: 3, capSeconds: 15 * 60 },
  // One address across accounts: a guesser trying many accounts.
  address: { free: 20, capSeconds: 15 * 60 },
  // One account from anywhere: guessing spread over addresses; capped low, since its owner shares it.
  account: { free: 10, capSeconds: 5 * 60 },
} satisfies Record<string, Delay>;
type Scope = keyof typeof DELAYS;

/** A device that logged in to the account before waits this share of each delay. */
const TRUSTED_SHARE = 0.25;

export function delaySeconds(scope: Scope, failures: number, trusted = false): number {
  const { free, capSeconds } = DELAYS[scope];
  if (failures < free) return 0;
  const seconds = Math.min(capSeconds, 2 ** (failures - free));
  return trusted ? Math.max(1, Math.ceil(seconds * TRUSTED_SHARE)) : seconds;
}

type Keys = { email: string; address: string; trustedDevice: boolean };

// NUL bytes cannot be stored in PostgreSQL text; they identify nothing anyway.
const clean = (text: string) => text.replaceAll("\u0000", "").slice(0, 330);

function keysFor({ email, address }: Keys): Record<Scope, string> {
  return { pair: `pair:${clean(email)}|${clean(address)}`, address: `address:${clean(address)}`, account: `account:${clean(email)}` };
}

/** Seconds to wait before the next login attempt, or 0 when one is allowed. */
export async function loginWait(db: Db, input: Keys, now = Date.now()): Promise<number> {
  const keys = keysFor(input);
  const scopeOf = new Map(Object.entries(keys).map(([scope, key]) => [key, scope as Scope]));
  const rows = await db
    .select({ key: loginAttempts.key, n: sql<number>`count(*)::int`, latest: sql<string>`max(${loginAttempts.at})` })
    .from(loginAttempts)
    .where(and(inArray(loginAttempts.key, Object.values(keys)), gt(loginAttempts.at, new Date(now - LOGIN_WINDOW_MS))))
    .groupBy(loginAttempts.key);
  let wait = 0;
  for (const row of rows) {
    const delay = delaySeconds(scopeOf.get(row.key)!, Number(row.n), input.trustedDevice);
    const freeAt = new Date(row.latest).getTime() + delay * 1000;
    wait = Math.max(wait, Math.ceil((freeAt - now) / 1000));
  }
  return Math.max(wait, 0);
}

export async function recordLoginFailure(db: Db, input: Keys, now = Date.now()): Promise<void> {
  const at = new Date(now);
  await db.insert(loginAttempts).values(Object.values(keysFor(input)).map((key) => ({ key, at })));
  await db.delete(loginAttempts).where(lt(loginAttempts.at, new Date(now - LOGIN_WINDOW_MS)));
}

/** A login that succeeded forgets that account's failures from that address (not those made elsewhere). */
export async function clearLoginFailures(db: Db, input: Keys): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.key, keysFor(input).pair));
}
