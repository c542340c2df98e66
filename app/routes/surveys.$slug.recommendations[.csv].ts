import type { LoaderFunctionArgs } from "@remix-run/node";
import { proposalsCsvResponse, requireRecommendations } from "~/networking/load.server";

/** The proposals of the page's view as CSV, with their reasons in the reader's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { survey, locale, view } = await requireRecommendations(request, { slug: params.slug });
  return proposalsCsvResponse(view, locale, survey.slug);
}
