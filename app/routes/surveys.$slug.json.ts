import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireSurvey } from "~/surveys/survey-action.server";
import { getDefinition } from "~/surveys/surveys.server";

/** The current definition as a .json download (the designer's export). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, survey } = await requireSurvey(request, params.slug, "surveys:read");
  const definition = (await getDefinition(db, { surveyId: survey.id, version: survey.currentVersion })) ?? {};
  return new Response(`${JSON.stringify(definition, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${survey.slug}-v${survey.currentVersion}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
