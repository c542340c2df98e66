import { redirect } from "@remix-run/node";
import { requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/db.server";
import type { Permission } from "~/auth/permissions";
import { getSurveyBySlug } from "./surveys.server";

/** For a survey's staff pages: the user (with the permission) and the survey, or a 404. */
export async function requireSurvey(request: Request, slug: string | undefined, permission: Permission) {
  const user = await requireUser(request, permission);
  const db = await getDb();
  const survey = slug ? await getSurveyBySlug(db, { slug }) : null;
  if (!survey) throw new Response("Not found", { status: 404 });
  return { user, db, survey };
}

export const backTo = (slug: string, message: string) => redirect(`/surveys/${slug}?done=${encodeURIComponent(message)}`);
