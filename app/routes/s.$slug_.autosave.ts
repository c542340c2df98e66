import type { ActionFunctionArgs } from "@remix-run/node";
import { memberAction } from "~/responses/member-page.server";

// The member page's autosave (DESIGN.md "Surveys": JavaScript only enhances the form).
export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  memberAction(request, params.slug ?? "", { autosave: true, clientAddress: String(context.clientAddress) });
