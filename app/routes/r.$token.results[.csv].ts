import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/db.server";
import { getLocale } from "~/i18n/i18n.server";
import { exportResponse } from "~/results/export.server";
import { resolveSharedSurvey } from "~/results/share-links.server";

// The CSV of a share link's view, within its restriction.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const shared = await resolveSharedSurvey(db, { token: params.token ?? "" });
  if (!shared) throw new Response("Not found", { status: 404 });
  return exportResponse(db, { survey: shared.survey, params: new URL(request.url).searchParams, restriction: shared.link, locale: await getLocale(request), format: "csv", by: { userId: null, shareLinkId: shared.link.id } });
}
