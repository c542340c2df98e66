import type { Db } from "~/db/client.server";
import { AppError } from "~/http/errors";
import { burnPasswordCheck, verifyPassword } from "./password.server";
import { clearLoginFailures, loginWait, recordLoginFailure } from "./rate-limit.server";
import { findUserByEmail, normalizeEmail } from "./users.server";

/**
 * Checks an email and password under the login rate limit; shared by the
 * login page and `POST /api/tokens`. Throws 429 with the wait, or 401.
 */
export async function attemptLogin(
  db: Db,
  input: { email: string; password: string; address: string; trustedUserIds: string[] },
) {
  const email = normalizeEmail(input.email);
  const user = await findUserByEmail(db, email);
  const keys = { email, address: input.address, trustedDevice: !!user && input.trustedUserIds.includes(user.id) };
  const wait = await loginWait(db, keys);
  if (wait > 0) {
    throw new AppError(429, "too_many_attempts", undefined, { "Retry-After": String(wait) });
  }
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!user || !valid || user.disabledAt) {
    await recordLoginFailure(db, keys);
    throw new AppError(401, "invalid_credentials");
  }
  await clearLoginFailures(db, keys);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
