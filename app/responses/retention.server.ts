import { and, eq, inArray, isNotNull, lt, or } from "drizzle-orm";
import { audit } from "~/auth/audit.server";
import type { Db } from "~/db/client.server";
import { responses, surveys } from "~/db/schema";
import { readOptions } from "~/surveys/options";
import { eraseFigures } from "./release.server";

/**
 * Erases the responses of every survey closed longer ago than its retention
 * period (24 months unless staff chose otherwise), and logs each erasure.
 * Run at start-up and every few hours; running it twice does nothing more.
 */
export async function eraseExpiredResponses(db: Db, { now = new Date() }: { now?: Date } = {}): Promise<{ slug: string; erased: number }[]> {
  const closed = await db
    .select({ id: surveys.id, slug: surveys.slug, closesAt: surveys.closesAt, settings: surveys.settings })
    .from(surveys)
    .where(and(isNotNull(surveys.closesAt), lt(surveys.closesAt, now), or(eq(surveys.status, "open"), inArray(surveys.status, ["closed", "archived"]))));
  const done: { slug: string; erased: number }[] = [];
  for (const survey of closed) {
    const until = new Date(survey.closesAt!);
    until.setMonth(until.getMonth() + readOptions(survey.settings).retentionMonths);
    if (until > now) continue;
    const erased = await db.delete(responses).where(eq(responses.surveyId, survey.id)).returning({ id: responses.id });
    if (erased.length === 0) continue;
    // The summary counts and the releases were made of the erased answers: they go too.
    await eraseFigures(db, { surveyId: survey.id });
    await audit(db, { userId: null, action: "responses.retention-erase", target: survey.slug, detail: { erased: erased.length } });
    done.push({ slug: survey.slug, erased: erased.length });
  }
  return done;
}

