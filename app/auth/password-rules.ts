// What a new password must be, checked in the browser as the user types and
// on the server before it is hashed (password.server.ts).
import { COMMON_PASSWORDS } from "./common-passwords";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export type PasswordProblem = "password_too_short" | "password_too_long" | "password_too_common";

/** Why a new password is refused, or null when it is acceptable. */
export function checkNewPassword(password: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return "password_too_short";
  if (length > PASSWORD_MAX) return "password_too_long";
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return "password_too_common";
  return null;
}
