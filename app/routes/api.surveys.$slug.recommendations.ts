import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/db.server";
import { apiRoute } from "~/http/api.server";
import { authorizeRecommendations, getRecommendations } from "~/networking/load.server";

/**
 * `GET /api/surveys/:slug/recommendations?antenna=&sector=&k=` (staff, reader
 * or `share=` link): DESIGN.md's shape, reasons as sentences in the request's
 * language, plus shares, intervals, transversal themes and missing roles.
 */
export function loader({ request, params }: LoaderFunctionArgs) {
  return apiRoute(request, async (locale) => {
    const db = await getDb();
    const { survey, query } = await authorizeRecommendations(request, { db, slug: params.slug ?? "" });
    const view = await getRecommendations(db, { survey, query, locale });
    return Response.json(view, { headers: { "Cache-Control": "private, no-store", "Content-Language": locale } });
  });
}
