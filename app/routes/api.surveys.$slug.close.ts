import type { ActionFunctionArgs } from "@remix-run/node";
import { surveyLifecycleApi } from "~/surveys/lifecycle-api.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });

/** `POST /api/surveys/:slug/close` (staff). */
export const action = ({ request, params }: ActionFunctionArgs) => surveyLifecycleApi(request, params.slug, "close");
