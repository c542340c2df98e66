import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { audit } from "~/auth/audit.server";
import { requireApiUser } from "~/auth/guard.server";
import { getDb } from "~/db/db.server";
import { apiRoute, readJson } from "~/http/api.server";
import { AppError } from "~/http/errors";
import { invitationCount } from "~/responses/invitation-forms";
import { createInvitations } from "~/responses/invitations.server";
import { invitationLink } from "~/responses/links";
import { assertKnownCodes } from "~/surveys/settings-form.server";
import { getSurveyBySlug } from "~/surveys/surveys.server";

const body = z.object({
  count: invitationCount,
  antenna: z.string().max(40).nullish(),
  sector: z.string().max(40).nullish(),
});

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });

/** `POST /api/surveys/:slug/invitations {count, antenna?, sector?}` (staff) → the single-use links. */
export function action({ request, params }: ActionFunctionArgs) {
  return apiRoute(request, async () => {
    if (request.method !== "POST") throw new AppError(405, "method_not_allowed");
    const user = await requireApiUser(request, "invitations:create");
    const input = await readJson(request, body);
    const db = await getDb();
    const survey = await getSurveyBySlug(db, { slug: params.slug ?? "" });
    if (!survey) throw new AppError(404, "not_found");
    await assertKnownCodes(db, { antennas: input.antenna ? [input.antenna] : [], sectors: input.sector ? [input.sector] : [] });
    const tokens = await createInvitations(db, { surveyId: survey.id, count: input.count, antenna: input.antenna ?? null, sector: input.sector ?? null });
    await audit(db, { userId: user.id, action: "invitations.create", target: survey.slug, detail: { count: input.count, antenna: input.antenna, sector: input.sector } });
    const origin = new URL(request.url).origin;
    return Response.json({ links: tokens.map((token) => invitationLink(origin, survey.slug, token)) }, { status: 201, headers: { "Cache-Control": "no-store" } });
  });
}
