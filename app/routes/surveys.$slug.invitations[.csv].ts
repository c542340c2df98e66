import type { ActionFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { audit } from "~/auth/audit.server";
import { parseForm } from "~/http/forms";
import { invitationsForm } from "~/responses/invitation-forms";
import { createInvitations } from "~/responses/invitations.server";
import { invitationLink } from "~/responses/links";
import { assertKnownCodes } from "~/surveys/settings-form.server";
import { requireSurvey } from "~/surveys/survey-action.server";
import { readForm } from "~/http/forms.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });

/** Generates N invitations and hands them over at once as CSV (one link per line, for a mail merge): tokens are never shown again. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, survey } = await requireSurvey(request, params.slug, "invitations:create");
  // The page checks the same schema before posting; a post that still fails it is refused as such.
  const submission = parseForm(await readForm(request), invitationsForm);
  if (submission.status !== "success") return new Response("Bad request", { status: 400 });
  const { count } = submission.value;
  const antenna = submission.value.antenna ?? null;
  const sector = submission.value.sector ?? null;
  await assertKnownCodes(db, { antennas: antenna ? [antenna] : [], sectors: sector ? [sector] : [] }).catch(() => {
    throw new Response("Bad request", { status: 400 });
  });
  const tokens = await createInvitations(db, { surveyId: survey.id, count, antenna, sector });
  await audit(db, { userId: user.id, action: "invitations.create", target: survey.slug, detail: { count, antenna, sector } });
  const origin = new URL(request.url).origin;
  const csv = stringify([["link"], ...tokens.map((token) => [invitationLink(origin, survey.slug, token)])]);
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${survey.slug}-invitations-${antenna ?? "all"}-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
