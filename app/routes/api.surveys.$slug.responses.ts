import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/db.server";
import { apiRoute, readJson } from "~/http/api.server";
import { AppError } from "~/http/errors";
import { SUBMISSIONS_PER_MINUTE, throttle } from "~/http/throttle.server";
import { responseBody, submitResponse } from "~/responses/responses.server";
import { getSurveyBySlug } from "~/surveys/surveys.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });

/** `POST /api/surveys/:slug/responses` (public while open): 201 new, 200 update or identical replay. */
export function action({ request, params, context }: ActionFunctionArgs) {
  return apiRoute(request, async () => {
    if (request.method !== "POST") throw new AppError(405, "method_not_allowed");
    const wait = throttle(`submit:${String(context.clientAddress)}`, { limit: SUBMISSIONS_PER_MINUTE, windowMs: 60_000 });
    if (wait > 0) throw new AppError(429, "rate_limited", undefined, { "Retry-After": String(wait) });
    const body = await readJson(request, responseBody);
    const db = await getDb();
    const survey = await getSurveyBySlug(db, { slug: params.slug ?? "" });
    const result = await submitResponse(db, { survey, body });
    return Response.json(result.body, { status: result.created ? 201 : 200, headers: { "Cache-Control": "no-store" } });
  });
}
