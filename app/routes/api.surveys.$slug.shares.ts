import type { ActionFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/guard.server";
import { getDb } from "~/db/db.server";
import { apiRoute, readJson } from "~/http/api.server";
import { AppError, isAppError } from "~/http/errors";
import { resultsError } from "~/results/export.server";
import { createShareLinkFromApi, shareApiSchema } from "~/results/share-links.server";
import { getSurveyBySlug } from "~/surveys/surveys.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });

/**
 * `POST /api/surveys/:slug/shares {antenna?, sector?, expiresAt?}` (staff) → 201 `{token, url}`:
 * a read-only link to the results and recommendations of that view, shown once.
 */
export function action({ request, params }: ActionFunctionArgs) {
  return apiRoute(request, async (locale) => {
    if (request.method !== "POST") throw new AppError(405, "method_not_allowed");
    const user = await requireApiUser(request, "shares:manage");
    const db = await getDb();
    const survey = await getSurveyBySlug(db, { slug: params.slug ?? "" });
    if (!survey) throw new AppError(404, "not_found");
    try {
      const input = await readJson(request, shareApiSchema);
      const { token } = await createShareLinkFromApi(db, { survey, userId: user.id, input });
      return Response.json({ token, url: `${new URL(request.url).origin}/r/${token}` }, { status: 201, headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      // A share link's own refusals (an expiry in the past, a date it cannot read) are told in the results' words.
      if (isAppError(error)) return resultsError(error, locale);
      throw error;
    }
  });
}
