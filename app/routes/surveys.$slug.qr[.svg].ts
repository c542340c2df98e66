import type { LoaderFunctionArgs } from "@remix-run/node";
import { surveyLink } from "~/responses/links";
import { qrSvg } from "~/responses/qr.server";
import { requireSurvey } from "~/surveys/survey-action.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { survey } = await requireSurvey(request, params.slug, "surveys:read");
  const svg = await qrSvg(surveyLink(new URL(request.url).origin, survey.slug));
  return new Response(svg, {
    headers: { "Content-Type": "image/svg+xml", "Content-Disposition": `attachment; filename="${survey.slug}-qr.svg"` },
  });
}
