// The forms of accounts, one schema each, read by their actions and checked in
// the browser before posting: signing in, a password changed, an API token,
// and the admins' forms for users.
import { z } from "zod";
import { ROLES } from "~/db/values";
import { checkNewPassword } from "./password-rules";

/** A new password, by the rule the server applies before hashing it. */
const newPassword = z
  .string()
  .max(1024, "password_too_long")
  .superRefine((password, context) => {
    const problem = checkNewPassword(password);
    if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });

export const loginForm = z.object({
  email: z.string().trim().max(320, "too_long"),
  password: z.string().max(1024, "too_long"),
  /** Where to go once signed in: a same-site path, checked by safeRedirect. */
  redirectTo: z.string().max(2000).optional(),
});

export const passwordForm = z.object({
  current: z.string().max(1024, "too_long"),
  next: newPassword,
});

export const tokenForm = z.object({
  name: z.string({ required_error: "token_name_required" }).trim().max(100, "too_long"),
  /** One of the lifetimes the account page offers (api-tokens.server's TOKEN_LIFETIMES). */
  days: z.number().int(),
});

export const revokeTokenForm = z.object({ id: z.string().uuid() });

export const newUserForm = z.object({
  email: z.string().trim().email("invalid_email").max(320, "too_long"),
  name: z.string().trim().max(100, "too_long"),
  role: z.enum(ROLES),
  password: newPassword,
});

/** An admin sets someone's password (they forgot theirs): their sessions end and their tokens are revoked. */
export const passwordResetForm = z.object({ id: z.string().uuid(), password: newPassword });

/** A change to one user from the admins' table: a role, disabling or enabling, erasing (`confirm` ticked). */
export const userChangeForm = z.object({
  id: z.string().uuid(),
  role: z.enum(ROLES).optional(),
  disabled: z.enum(["0", "1"]).optional(),
  confirm: z.boolean().default(false),
});
