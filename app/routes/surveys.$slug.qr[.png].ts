import type { LoaderFunctionArgs } from "@remix-run/node";
import { surveyLink } from "~/responses/links";
import { qrPng } from "~/responses/qr.server";
import { requireSurvey } from "~/surveys/survey-action.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { survey } = await requireSurvey(request, params.slug, "surveys:read");
  const png = await qrPng(surveyLink(new URL(request.url).origin, survey.slug));
  return new Response(new Uint8Array(png), {
    headers: { "Content-Type": "image/png", "Content-Disposition": `attachment; filename="${survey.slug}-qr.png"` },
  });
}
