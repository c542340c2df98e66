import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { clearSessionCookie, readSessionToken } from "~/auth/guard.server";
import { endSession } from "~/auth/sessions.server";
import { getDb } from "~/db/db.server";

// GET never changes state: logging out is a POST (the header's button).
export const loader = () => redirect("/");

export async function action({ request }: ActionFunctionArgs) {
  const token = await readSessionToken(request);
  if (token) await endSession(await getDb(), { token });
  return redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie() } });
}
