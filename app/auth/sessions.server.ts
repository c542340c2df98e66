import { and, eq, gt, lt, ne, or } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { sessions, users } from "~/db/schema";
import { hashSecret, newSecret } from "./secrets.server";

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000; // 2 hours without a request
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000; // a working day at most
// last_seen_at is written at most this often, not on every request.
const TOUCH_EVERY_MS = 60 * 1000;

/** A new session with a fresh id: called at every login, so ids rotate. */
export async function createSession(db: Db, { userId }: { userId: string }): Promise<string> {
  const token = newSecret();
  await db.insert(sessions).values({
    idHash: hashSecret(token),
    userId,
    expiresAt: new Date(Date.now() + SESSION_ABSOLUTE_MS),
  });
  return token;
}

/** The active user of a session token, or null when it ended, expired, idled out or the account is disabled. */
export async function getSessionUser(db: Db, { token }: { token: string }) {
  const idHash = hashSecret(token);
  const now = Date.now();
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      locale: users.locale,
      disabledAt: users.disabledAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.idHash, idHash),
        gt(sessions.expiresAt, new Date(now)),
        gt(sessions.lastSeenAt, new Date(now - SESSION_IDLE_MS)),
      ),
    );
  if (!row || row.disabledAt) return null;
  if (now - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.idHash, idHash));
  }
  const { disabledAt: _disabled, lastSeenAt: _seen, ...user } = row;
  return user;
}

export async function endSession(db: Db, { token }: { token: string }): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, hashSecret(token)));
}

/** Ends every session of a user, but the one of `except` (a session token) when given. */
export async function endUserSessions(db: Db, { userId, except = null }: { userId: string; except?: string | null }): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), except ? ne(sessions.idHash, hashSecret(except)) : undefined));
}

export async function purgeExpiredSessions(db: Db): Promise<void> {
  const now = Date.now();
  await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, new Date(now)), lt(sessions.lastSeenAt, new Date(now - SESSION_IDLE_MS))));
}
