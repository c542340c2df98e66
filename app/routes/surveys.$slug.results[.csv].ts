import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale } from "~/i18n/i18n.server";
import { exportResponse } from "~/results/export.server";
import { requireSurvey } from "~/surveys/survey-action.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, survey } = await requireSurvey(request, params.slug, "results:read");
  return exportResponse(db, { survey, params: new URL(request.url).searchParams, locale: await getLocale(request), format: "csv", by: { userId: user.id } });
}
