import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportSurveyData } from "~/admin/personal-data.server";
import { audit } from "~/auth/audit.server";
import { requireSurvey } from "~/surveys/survey-action.server";

/** Everything stored about a survey, for an admin answering a data request (logged). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, survey } = await requireSurvey(request, params.slug, "data:export");
  const data = await exportSurveyData(db, { surveyId: survey.id });
  await audit(db, { userId: user.id, action: "survey.export-all", target: survey.slug });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${survey.slug}-all-data.json"`,
      "Cache-Control": "no-store",
    },
  });
}
