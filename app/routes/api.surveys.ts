import type { ActionFunctionArgs } from "@remix-run/node";
import { audit } from "~/auth/audit.server";
import { requireApiUser } from "~/auth/guard.server";
import { getDb } from "~/db/db.server";
import { apiRoute, readJson } from "~/http/api.server";
import { AppError } from "~/http/errors";
import { createSurveyBody, createSurveyFromApi, surveyForApi } from "~/surveys/api.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });

/** `POST /api/surveys` (staff) → 201 with the new draft. */
export function action({ request }: ActionFunctionArgs) {
  return apiRoute(request, async () => {
    if (request.method !== "POST") throw new AppError(405, "method_not_allowed");
    const user = await requireApiUser(request, "surveys:edit");
    const body = await readJson(request, createSurveyBody);
    const db = await getDb();
    const survey = await createSurveyFromApi(db, body, { userId: user.id });
    await audit(db, { userId: user.id, action: "survey.create", target: survey.slug, detail: { via: "api" } });
    return Response.json(await surveyForApi(db, survey), { status: 201 });
  });
}
