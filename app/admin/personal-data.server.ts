import { asc, eq, or, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { apiTokens, auditLog, invitations, responses, sessions, shareLinks, surveys, surveyVersions, users } from "~/db/schema";
import { AppError } from "~/http/errors";

// What GDPR asks of the cooperative as controller: export everything kept
// about a survey or a staff account (erasing lives with each table's owner:
// eraseUser in auth, eraseUnusedInvitations in responses).

/** Everything stored about one survey, for an admin (secrets are stored only as hashes and are left out). */
export async function exportSurveyData(db: Db, { surveyId }: { surveyId: string }) {
  const [survey] = await db.select().from(surveys).where(eq(surveys.id, surveyId));
  if (!survey) throw new AppError(404, "not_found");
  const [versions, answers, invitationRows, shares, audit] = await Promise.all([
    db.select().from(surveyVersions).where(eq(surveyVersions.surveyId, surveyId)).orderBy(asc(surveyVersions.version)),
    db
      .select({
        id: responses.id,
        version: responses.version,
        locale: responses.locale,
        antenna: responses.antenna,
        sector: responses.sector,
        answers: responses.answers,
        complete: responses.complete,
        invitationId: responses.invitationId,
        createdOn: responses.createdOn,
        updatedAt: responses.updatedAt,
      })
      .from(responses)
      .where(eq(responses.surveyId, surveyId)),
    db
      .select({ id: invitations.id, antenna: invitations.antenna, sector: invitations.sector, usedOn: invitations.usedOn, createdAt: invitations.createdAt })
      .from(invitations)
      .where(eq(invitations.surveyId, surveyId)),
    db
      .select({ id: shareLinks.id, label: shareLinks.label, antenna: shareLinks.antenna, sector: shareLinks.sector, expiresAt: shareLinks.expiresAt, revokedAt: shareLinks.revokedAt, createdAt: shareLinks.createdAt })
      .from(shareLinks)
      .where(eq(shareLinks.surveyId, surveyId)),
    db.select().from(auditLog).where(or(eq(auditLog.target, survey.slug), eq(auditLog.target, survey.id))).orderBy(asc(auditLog.id)),
  ]);
  return { exportedAt: new Date().toISOString(), survey, versions, responses: answers, invitations: invitationRows, shareLinks: shares, auditLog: audit };
}

/** Everything stored about one staff account: profile, tokens (not their secrets), sessions count, actions logged. */
export async function exportUserData(db: Db, { userId }: { userId: string }) {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, locale: users.locale, disabledAt: users.disabledAt, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw new AppError(404, "not_found");
  const [tokens, [open], actions] = await Promise.all([
    db
      .select({ name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(eq(apiTokens.userId, userId)),
    db.select({ n: sql<number>`count(*)::int` }).from(sessions).where(eq(sessions.userId, userId)),
    db.select().from(auditLog).where(eq(auditLog.userId, userId)).orderBy(asc(auditLog.id)),
  ]);
  return { exportedAt: new Date().toISOString(), user, apiTokens: tokens, openSessions: Number(open?.n ?? 0), auditLog: actions };
}
