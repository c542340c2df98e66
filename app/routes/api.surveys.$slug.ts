import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCurrentUser } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { getDb } from "~/db/db.server";
import { apiRoute } from "~/http/api.server";
import { AppError } from "~/http/errors";
import { surveyForApi } from "~/surveys/api.server";
import { getSurveyBySlug } from "~/surveys/surveys.server";

/** `GET /api/surveys/:slug`: public while open; staff and readers see every status. */
export function loader({ request, params }: LoaderFunctionArgs) {
  return apiRoute(request, async () => {
    const db = await getDb();
    const survey = await getSurveyBySlug(db, { slug: params.slug ?? "" });
    const visible = survey && (survey.effectiveStatus === "open" || can(await getCurrentUser(request), "surveys:read"));
    if (!survey || !visible) throw new AppError(404, "not_found");
    return Response.json(await surveyForApi(db, survey));
  });
}
