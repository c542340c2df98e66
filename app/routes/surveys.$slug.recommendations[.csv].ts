import type { LoaderFunctionArgs } from "@remix-run/node";
import { proposalsCsv, requireRecommendations } from "~/networking/load.server";

/** The proposals of the page's segment as CSV, with their reasons in the reader's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { survey, locale, query, view } = await requireRecommendations(request, { slug: params.slug });
  // A refused segment exports nothing, not even an empty table that would confirm its size.
  if (view.suppressed) return new Response(view.message, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const where = [query.antenna ?? "all", query.sector].filter(Boolean).join("-");
  return new Response(proposalsCsv(view, locale), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${survey.slug}-recommendations-${where}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
