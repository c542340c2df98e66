import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, readLimited } from "~/http/api.server";
import { AppError } from "~/http/errors";
import { receiveSubmission, SUBMISSION_HEADERS, SUBMISSION_MAX_BYTES } from "~/responses/submission.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });

/**
 * `POST /api/surveys/:slug/responses` (public while open): 201 new, 200 update or identical replay.
 * In production, server.js runs the same receiveSubmission() without Remix (server/submission-lane.server.ts).
 */
export function action({ request, params, context }: ActionFunctionArgs) {
  return apiRoute(request, async () => {
    if (request.method !== "POST") throw new AppError(405, "method_not_allowed");
    const { status, body } = await receiveSubmission({
      slug: params.slug ?? "",
      clientAddress: String(context.clientAddress),
      contentType: request.headers.get("Content-Type"),
      contentLength: request.headers.get("Content-Length"),
      body: () => readLimited(request, SUBMISSION_MAX_BYTES),
    });
    return Response.json(body, { status, headers: SUBMISSION_HEADERS });
  });
}
