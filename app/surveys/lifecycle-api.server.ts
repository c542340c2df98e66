import { audit } from "~/auth/audit.server";
import { requireApiUser } from "~/auth/guard.server";
import { getDb } from "~/db/db.server";
import { apiRoute, refuseForeignBody } from "~/http/api.server";
import { AppError } from "~/http/errors";
import { surveyForApi } from "./api.server";
import { publishSurvey } from "./publish.server";
import { getSurveyBySlug, setSurveyStatus } from "./surveys.server";

/** Publish or close through the API, with the same checks as the survey page. */
export function surveyLifecycleApi(request: Request, slug: string | undefined, operation: "publish" | "close") {
  return apiRoute(request, async () => {
    if (request.method !== "POST") throw new AppError(405, "method_not_allowed");
    refuseForeignBody(request);
    const user = await requireApiUser(request, "surveys:edit");
    const db = await getDb();
    const survey = await getSurveyBySlug(db, { slug: slug ?? "" });
    if (!survey) throw new AppError(404, "not_found");
    const updated = operation === "publish" ? await publishSurvey(db, survey) : await setSurveyStatus(db, { surveyId: survey.id, status: "closed" });
    await audit(db, { userId: user.id, action: `survey.${operation}`, target: survey.slug, detail: { via: "api" } });
    return Response.json(await surveyForApi(db, updated));
  });
}
