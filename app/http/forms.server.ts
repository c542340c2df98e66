// The one reader of a page's form post. A body that is not a form (JSON,
// binary, a multipart body without its boundary) or is too large is refused
// with a 4xx whose code the error page says in the reader's language
// (root.tsx), before any field is read: nothing is stored.
import { data } from "@remix-run/node";
import type { Submission } from "@conform-to/react";
import type { Refusal } from "./errors";

/** The designer's JSON import is the largest form a page sends. */
export const FORM_MAX_BYTES = 2 * 1024 * 1024;

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/** Whether a Content-Type is a form's (url-encoded or multipart), whatever its parameters. */
export const isFormContentType = (contentType: string | null): boolean => FORM_TYPES.has((contentType ?? "").split(";")[0]!.trim().toLowerCase());

export const refusal = (status: number, code: string) => data<Refusal>({ error: code }, { status });

export async function readForm(request: Request, { maxBytes = FORM_MAX_BYTES }: { maxBytes?: number } = {}): Promise<FormData> {
  if (!isFormContentType(request.headers.get("Content-Type"))) throw refusal(415, "form_expected");
  const length = request.headers.get("Content-Length");
  if (length !== null && !(Number(length) <= maxBytes)) throw refusal(413, "payload_too_large");
  try {
    return await request.formData();
  } catch {
    throw refusal(400, "form_unreadable");
  }
}

/**
 * A refused form, as conform's reply: what was typed goes back into the fields
 * (but `hideFields`, passwords), with the schema's errors and, when the schema
 * accepted it but the action did not (an unknown antenna, an address taken),
 * the action's codes beside their fields; `error` is the form's own message.
 */
export function refuseForm(
  submission: Pick<Submission<unknown>, "reply">,
  { error = "invalid_request", fields = {}, status = 400, hideFields }: { error?: string; fields?: Record<string, string>; status?: number; hideFields?: string[] } = {},
) {
  const fieldErrors = Object.fromEntries(Object.entries(fields).filter(([name]) => name !== "_").map(([name, code]) => [name, [code]]));
  return data({ error, result: submission.reply({ formErrors: fields._ ? [fields._] : undefined, fieldErrors, hideFields }) }, { status });
}
