import { and, eq, isNull, sql } from "drizzle-orm";
import { hashSecret, newSecret } from "~/auth/secrets.server";
import type { Db } from "~/db/client.server";
import { invitations } from "~/db/schema";
import { AppError } from "~/http/errors";


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

export type Invitation = {
  id: string;
  antenna: string | null;
  sector: string | null;
  used: boolean;
  /** The hash of the partial response it is bound to, if any (see bindInvitation). */
  startedResponse: string | null;
};

export async function findInvitation(db: Db, { surveyId, token }: { surveyId: string; token: string }): Promise<Invitation | null> {
  const [row] = await db
    .select({ id: invitations.id, antenna: invitations.antenna, sector: invitations.sector, usedOn: invitations.usedOn, startedResponse: invitations.startedResponse })
    .from(invitations)
    .where(and(eq(invitations.surveyId, surveyId), eq(invitations.tokenHash, hashSecret(token))));
  return row ? { id: row.id, antenna: row.antenna, sector: row.sector, used: row.usedOn !== null, startedResponse: row.startedResponse } : null;
}

const startedBy = (responseId: string) => hashSecret(`invitation-response:${responseId}`);

/**
 * Binds an invitation to the partial response its holder started, so that one
 * invitation keeps one response (a second response started with it is a 409).
 * Only a hash of the response's id is kept, and only until the invitation is
 * used (useInvitation erases it): an anonymous survey then keeps no link.
 */
export async function bindInvitation(db: Db, { invitation, responseId }: { invitation: Invitation; responseId: string }): Promise<void> {
  const hash = startedBy(responseId);
  // Already bound to this response when it was read: every later autosave of it writes nothing here.
  if (invitation.startedResponse === hash) return;
  const invitationId = invitation.id;
  const bound = await db
    .update(invitations)
    .set({ startedResponse: hash })
    .where(and(eq(invitations.id, invitationId), isNull(invitations.usedOn), sql`(${invitations.startedResponse} is null or ${invitations.startedResponse} = ${hash})`))
    .returning({ id: invitations.id });
  if (bound.length === 0) throw await invitationRefusal(db, invitationId);
}

/** Uses up an invitation with the response it started (or its first save), in the caller's transaction. */
export async function useInvitation(db: Pick<Db, "update" | "select">, { invitationId, responseId }: { invitationId: string; responseId: string }): Promise<void> {
  const used = await db
    .update(invitations)
    .set({ usedOn: sql`current_date`, startedResponse: null })
    .where(
      and(eq(invitations.id, invitationId), isNull(invitations.usedOn), sql`(${invitations.startedResponse} is null or ${invitations.startedResponse} = ${startedBy(responseId)})`),
    )
    .returning({ id: invitations.id });
  if (used.length === 0) throw await invitationRefusal(db, invitationId);
}

/** Why an invitation could not be taken: used already, or held by another response under way. */
async function invitationRefusal(db: Pick<Db, "select">, invitationId: string): Promise<AppError> {
  const [row] = await db.select({ usedOn: invitations.usedOn }).from(invitations).where(eq(invitations.id, invitationId));
  return new AppError(409, row?.usedOn ? "invitation_used" : "invitation_in_use");
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
