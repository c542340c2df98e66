import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { apiTokens, users } from "~/db/schema";
import { hashSecret, newSecret } from "./secrets.server";

const TOKEN_PREFIX = "mlg_";
const LAST_USED_EVERY_MS = 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** How long a new token may live, in days: the account page offers these, the API accepts them. */
export const TOKEN_LIFETIMES = [7, 30, 90, 180, 365] as const;
export type TokenLifetime = (typeof TOKEN_LIFETIMES)[number];
export const DEFAULT_TOKEN_LIFETIME: TokenLifetime = 90;

export const isTokenLifetime = (days: unknown): days is TokenLifetime => (TOKEN_LIFETIMES as readonly unknown[]).includes(days);

/** A personal API token; only its hash is kept, so it is shown once. */
export async function createApiToken(db: Db, { userId, name, days = DEFAULT_TOKEN_LIFETIME }: { userId: string; name: string; days?: TokenLifetime }) {
  const token = newSecret(TOKEN_PREFIX);
  const [row] = await db
    .insert(apiTokens)
    .values({ userId, name: name.trim(), tokenHash: hashSecret(token), prefix: token.slice(0, 10), expiresAt: new Date(Date.now() + days * DAY_MS) })
    .returning({ id: apiTokens.id, expiresAt: apiTokens.expiresAt });
  return { id: row!.id, token, expiresAt: row!.expiresAt };
}

export function listApiTokens(db: Db, { userId }: { userId: string }) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      expiresAt: apiTokens.expiresAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of the user's own tokens; false when there is no such token. */
export async function revokeApiToken(db: Db, { userId, id }: { userId: string; id: string }): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/** Revokes every token of a user still open (a password change, a disabled account): none comes back to life. */
export async function revokeUserTokens(db: Db, { userId }: { userId: string }): Promise<void> {
  await db.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
}

/** The active user of a bearer token, or null when it is unknown, revoked, expired or the account is disabled. */
export async function getTokenUser(db: Db, { token }: { token: string }) {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const [row] = await db
    .select({
      tokenId: apiTokens.id,
      lastUsedAt: apiTokens.lastUsedAt,
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      locale: users.locale,
      disabledAt: users.disabledAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashSecret(token)), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, new Date())));
  if (!row || row.disabledAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  }
  const { tokenId: _t, lastUsedAt: _l, disabledAt: _d, ...user } = row;
  return user;
}
