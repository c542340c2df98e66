import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { createApiToken, DEFAULT_TOKEN_LIFETIME, isTokenLifetime } from "~/auth/api-tokens.server";
import { audit } from "~/auth/audit.server";
import { readTrustedDevice } from "~/auth/guard.server";
import { attemptLogin } from "~/auth/login.server";
import { can } from "~/auth/permissions";
import { getDb } from "~/db/db.server";
import { apiRoute, readJson } from "~/http/api.server";
import { AppError } from "~/http/errors";

const body = z.object({
  email: z.string().trim().min(1, "required").max(320),
  password: z.string().min(1, "required").max(1024),
  name: z.string().trim().min(1, "required").max(100, "too_long"),
  // Days the token lives: one of TOKEN_LIFETIMES (90 unless said).
  expiresInDays: z
    .number({ invalid_type_error: "invalid_value" })
    .refine(isTokenLifetime, "invalid_value")
    .default(DEFAULT_TOKEN_LIFETIME),
});

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });

/** `POST /api/tokens {email, password, name, expiresInDays?}` → 201 `{token, expiresAt}` for staff and admins. */
export function action({ request, context }: ActionFunctionArgs) {
  return apiRoute(request, async () => {
    if (request.method !== "POST") throw new AppError(405, "method_not_allowed");
    const input = await readJson(request, body);
    const db = await getDb();
    const user = await attemptLogin(db, {
      email: input.email,
      password: input.password,
      address: String(context.clientAddress ?? "unknown"),
      trustedUserIds: await readTrustedDevice(request),
    });
    if (!can(user, "tokens:own")) throw new AppError(403, "forbidden");
    const { id, token, expiresAt } = await createApiToken(db, { userId: user.id, name: input.name, days: input.expiresInDays });
    await audit(db, { userId: user.id, action: "token.create", target: id, detail: { name: input.name, days: input.expiresInDays } });
    return Response.json({ token, expiresAt }, { status: 201, headers: { "Cache-Control": "no-store" } });
  });
}
