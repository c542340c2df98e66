// The one way in for a member's answers (issue 11): the JSON API (Remix route
// and production lane) and the member page (its form posts and autosave, Remix
// route and production lane) all admit a request here (rate limit, content
// type, body limit) before reading its body, and store through submitResponse()
// (responses.server.ts), which checks the answers against the survey version.
// Errors are thrown as AppError; each edge answers them in the member's language.
import { getDb } from "~/db/db.server";
import { checkJsonHeaders, MAX_JSON_BYTES, parseJson } from "~/http/api.server";
import { AppError } from "~/http/errors";
import { submissionsPerMinute, throttle } from "~/http/throttle.server";
import { getSurveyForAnswers } from "~/surveys/surveys.server";
import { responseBody, type SubmitResult, submitResponse } from "./responses.server";
import { isFormContentType } from "~/http/forms.server";

/** The most a member's request may carry, JSON or form: a page of answers is a few kilobytes. */
export const SUBMISSION_MAX_BYTES = MAX_JSON_BYTES;

type SubmissionKind = "json" | "form";

type Admission = {
  kind: SubmissionKind;
  clientAddress: string;
  contentType: string | null;
  contentLength: string | null;
};

/**
 * Whether a member's request may be read at all: the per-address rate limit,
 * then its type and declared size (413 before a byte of the body is read).
 */
export function admitSubmission({ kind, clientAddress, contentType, contentLength }: Admission): void {
  const wait = throttle(`submit:${clientAddress}`, { limit: submissionsPerMinute(), windowMs: 60_000 });
  if (wait > 0) throw new AppError(429, "rate_limited", undefined, { "Retry-After": String(wait) });
  if (kind === "json") return checkJsonHeaders({ contentType, contentLength }, SUBMISSION_MAX_BYTES);
  if (!isFormContentType(contentType)) throw new AppError(415, "unsupported_media_type");
  const length = contentLength === null ? null : Number(contentLength);
  if (length !== null && (!Number.isFinite(length) || length > SUBMISSION_MAX_BYTES)) throw new AppError(413, "payload_too_large");
}

/** A body read up to the limit: more than that is a 413, whatever the headers said. */
function checkBodySize(bytes: Uint8Array): Uint8Array {
  if (bytes.byteLength > SUBMISSION_MAX_BYTES) throw new AppError(413, "payload_too_large");
  return bytes;
}

/** A form post's fields, from a body already admitted and read. Multipart is the browser's upload form: no member page sends it. */
export function formFields(bytes: Uint8Array, contentType: string | null): URLSearchParams {
  if (!(contentType ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) throw new AppError(415, "unsupported_media_type");
  return new URLSearchParams(new TextDecoder().decode(checkBodySize(bytes)));
}

export type Submission = Omit<Admission, "kind"> & {
  slug: string;
  /** Reads the body (at most SUBMISSION_MAX_BYTES + 1 bytes); called only once admitted. */
  body: () => Promise<Uint8Array>;
};

/** `POST /api/surveys/:slug/responses`: 201 for a new response, 200 for an update or an identical replay; the body DESIGN.md gives. */
export async function receiveSubmission({ slug, body, ...admission }: Submission): Promise<{ status: 200 | 201; body: SubmitResult["body"] }> {
  admitSubmission({ kind: "json", ...admission });
  const parsed = parseJson(await body(), responseBody, { maxBytes: SUBMISSION_MAX_BYTES });
  const db = await getDb();
  const survey = await getSurveyForAnswers(db, { slug });
  const result = await submitResponse(db, { survey, body: parsed });
  return { status: result.created ? 201 : 200, body: result.body };
}

/** The headers of a submission's success. */
export const SUBMISSION_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } as const;
