import type { ActionFunctionArgs } from "@remix-run/node";
import { memberAutosave } from "~/responses/member-page.server";

// The member page's autosave (DESIGN.md "Surveys": JavaScript only enhances the form).
export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
export const action = ({ request, params }: ActionFunctionArgs) => memberAutosave(request, params.slug ?? "");
