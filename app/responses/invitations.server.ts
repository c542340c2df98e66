import { and, eq, isNull, sql } from "drizzle-orm";
import { hashSecret, newSecret } from "~/auth/secrets.server";
import type { Db } from "~/db/client.server";
import { invitations } from "~/db/schema";

export const MAX_INVITATIONS_AT_ONCE = 5000;

/** N single-use invitations; the tokens (256 random bits) are returned once and stored hashed. */
export async function createInvitations(
  db: Db,
  { surveyId, count, antenna, sector }: { surveyId: string; count: number; antenna: string | null; sector: string | null },
): Promise<string[]> {
  const tokens = Array.from({ length: count }, () => newSecret());
  for (let i = 0; i < tokens.length; i += 500) {
    await db.insert(invitations).values(
      tokens.slice(i, i + 500).map((token) => ({ surveyId, tokenHash: hashSecret(token), antenna, sector })),
    );
  }
  return tokens;
}

export type Invitation = { id: string; antenna: string | null; sector: string | null; used: boolean };

export async function findInvitation(db: Db, { surveyId, token }: { surveyId: string; token: string }): Promise<Invitation | null> {
  const [row] = await db
    .select({ id: invitations.id, antenna: invitations.antenna, sector: invitations.sector, usedOn: invitations.usedOn })
    .from(invitations)
    .where(and(eq(invitations.surveyId, surveyId), eq(invitations.tokenHash, hashSecret(token))));
  return row ? { id: row.id, antenna: row.antenna, sector: row.sector, used: row.usedOn !== null } : null;
}

/** How many were handed out and used: never which (an anonymous survey must not tell). */
export async function invitationStats(db: Db, { surveyId }: { surveyId: string }) {
  const [row] = await db
    .select({ created: sql<number>`count(*)::int`, used: sql<number>`count(${invitations.usedOn})::int` })
    .from(invitations)
    .where(eq(invitations.surveyId, surveyId));
  return { created: Number(row?.created ?? 0), used: Number(row?.used ?? 0) };
}

/** Erases the invitations of a survey that were never used (a used one still blocks a second answer). */
export async function eraseUnusedInvitations(db: Db, { surveyId }: { surveyId: string }): Promise<number> {
  const rows = await db
    .delete(invitations)
    .where(and(eq(invitations.surveyId, surveyId), isNull(invitations.usedOn)))
    .returning({ id: invitations.id });
  return rows.length;
}
