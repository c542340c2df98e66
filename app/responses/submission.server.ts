// `POST /api/surveys/:slug/responses` once its headers are known and its body
// read: what the Remix route runs, and what the production server runs
// directly for members' submissions, without Remix's router or a Fetch
// Request (docs/decisions/008-submission-path.md). Errors are thrown as
// AppError; the caller answers them in the member's language.
import { getDb } from "~/db/db.server";
import { checkJsonHeaders, MAX_JSON_BYTES, parseJson } from "~/http/api.server";
import { AppError } from "~/http/errors";
import { SUBMISSIONS_PER_MINUTE, throttle } from "~/http/throttle.server";
import { getSurveyForAnswers } from "~/surveys/surveys.server";
import { responseBody, type SubmitResult, submitResponse } from "./responses.server";

export const SUBMISSION_MAX_BYTES = MAX_JSON_BYTES;

export type Submission = {
  slug: string;
  clientAddress: string;
  contentType: string | null;
  contentLength: string | null;
  /** Reads the body (at most SUBMISSION_MAX_BYTES + 1 bytes); called only once the rate limit and headers passed. */
  body: () => Promise<Uint8Array>;
};

/** 201 for a new response, 200 for an update or an identical replay; the body DESIGN.md gives. */
export async function receiveSubmission({ slug, clientAddress, contentType, contentLength, body }: Submission): Promise<{ status: 200 | 201; body: SubmitResult["body"] }> {
  const wait = throttle(`submit:${clientAddress}`, { limit: SUBMISSIONS_PER_MINUTE, windowMs: 60_000 });
  if (wait > 0) throw new AppError(429, "rate_limited", undefined, { "Retry-After": String(wait) });
  checkJsonHeaders({ contentType, contentLength }, SUBMISSION_MAX_BYTES);
  const parsed = parseJson(await body(), responseBody, { maxBytes: SUBMISSION_MAX_BYTES });
  const db = await getDb();
  const survey = await getSurveyForAnswers(db, { slug });
  const result = await submitResponse(db, { survey, body: parsed });
  return { status: result.created ? 201 : 200, body: result.body };
}

/** The headers of a submission's success. */
export const SUBMISSION_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } as const;
