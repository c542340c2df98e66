import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadSharedRecommendations, proposalsCsvResponse } from "~/networking/load.server";

/** The proposals a share link opens, as CSV: the same table as its page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const shared = await loadSharedRecommendations(request, { token: params.token ?? "" });
  if (!shared) return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  return proposalsCsvResponse(shared.view, shared.locale, shared.survey.slug);
}
