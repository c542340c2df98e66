import { createCookie, redirect } from "@remix-run/node";
import { sessionSecret } from "~/db/db.server";
import { getDb } from "~/db/db.server";
import type { Role } from "~/db/schema";
import { secureCookies } from "~/env.server";
import { AppError } from "~/http/errors";
import { getTokenUser } from "./api-tokens.server";
import { type Permission, can } from "./permissions";
import { getSessionUser } from "./sessions.server";
import { SESSION_ABSOLUTE_MS } from "./sessions.server";

export type CurrentUser = { id: string; email: string; name: string; role: Role; locale: string | null };

let cookies: { session: ReturnType<typeof createCookie>; device: ReturnType<typeof createCookie> } | undefined;

// `__Host-` in production: the browser then refuses the cookie unless it is
// Secure, has Path=/ and no Domain, so a sibling sub-domain cannot plant one.
function getCookies() {
  if (cookies) return cookies;
  const secure = secureCookies();
  const base = { path: "/", sameSite: "lax" as const, httpOnly: true, secure, secrets: [sessionSecret()] };
  cookies = {
    session: createCookie(secure ? "__Host-maillage_session" : "maillage_session", {
      ...base,
      maxAge: SESSION_ABSOLUTE_MS / 1000,
    }),
    device: createCookie(secure ? "__Host-maillage_device" : "maillage_device", {
      ...base,
      maxAge: 180 * 24 * 60 * 60,
    }),
  };
  return cookies;
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value = await getCookies().session.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export const serializeSessionCookie = (token: string) => getCookies().session.serialize(token);
export const clearSessionCookie = () => getCookies().session.serialize("", { maxAge: 0 });

/** Users that already logged in from this browser (ids), from the signed device cookie. */
export async function readTrustedDevice(request: Request): Promise<string[]> {
  const value = await getCookies().device.parse(request.headers.get("Cookie"));
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export async function serializeTrustedDevice(request: Request, userId: string): Promise<string> {
  const ids = [userId, ...(await readTrustedDevice(request)).filter((id) => id !== userId)].slice(0, 5);
  return getCookies().device.serialize(ids);
}

function bearerToken(request: Request): string | null {
  const header = request.headers.get("Authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

/** The signed-in user, by bearer token or session cookie, or null. */
export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const db = await getDb();
  const bearer = bearerToken(request);
  if (bearer) return getTokenUser(db, { token: bearer });
  const token = await readSessionToken(request);
  return token ? getSessionUser(db, { token }) : null;
}

/** For pages: sends an anonymous visitor to the login page, refuses a user without the permission. */
export async function requireUser(request: Request, permission?: Permission): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  if (permission && !can(user, permission)) throw new Response("Forbidden", { status: 403 });
  return user;
}

/** For the JSON API: 401 without valid credentials, 403 without the permission. */
export async function requireApiUser(request: Request, permission: Permission): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (!user) throw new AppError(401, "unauthorized", undefined, { "WWW-Authenticate": 'Bearer realm="maillage"' });
  if (!can(user, permission)) throw new AppError(403, "forbidden");
  return user;
}
