// Members' submissions in production, taken by the Node server before
// Express and Remix (docs/decisions/008-submission-path.md): the one
// endpoint that gets thousands of requests a second, where Express's
// middleware and Remix's router cost more than the work itself. The same
// security headers, origin check and receiveSubmission() as the Remix route
// (app/routes/api.surveys.$slug.responses.ts, which dev mode and tests use).
import type { IncomingMessage, ServerResponse } from "node:http";
import { apiError, toAppError } from "~/http/api.server";
import { getLocale } from "~/i18n/i18n.server";
import { receiveSubmission, SUBMISSION_HEADERS, SUBMISSION_MAX_BYTES } from "~/responses/submission.server";
import { headerValue, refuseCrossSite, responseHeaders, toHeaders } from "./lifecycle.server";

const SUBMISSION_PATH = /^\/api\/surveys\/([^/?]+)\/responses(?:\?|$)/;

/** The survey's slug when this request is a member's submission, else null (the request goes to Express). */
export function submissionSlug(req: Pick<IncomingMessage, "method" | "url">): string | null {
  if (req.method !== "POST") return null;
  return SUBMISSION_PATH.exec(req.url ?? "")?.[1] ?? null;
}

/** Answers a member's submission: what the Remix route would answer, byte for byte in its body. */
export async function serveSubmission(
  req: IncomingMessage,
  res: ServerResponse,
  { slug, clientAddress, nonce }: { slug: string; clientAddress: string; nonce: string },
): Promise<void> {
  for (const [name, value] of Object.entries(responseHeaders(nonce, false, "/api"))) res.setHeader(name, value);
  // Only the query (?lng=) matters here: the host is not trusted to make a URL.
  const url = new URL(req.url ?? "/", "http://localhost").href;
  const refusal = await refuseCrossSite({ method: "POST", url, headers: req.headers });
  if (refusal) return send(res, refusal.status, Object.fromEntries(refusal.headers), await refusal.text());
  const header = (name: string) => headerValue(req.headers, name);
  try {
    const result = await receiveSubmission({
      slug,
      clientAddress,
      contentType: header("content-type"),
      contentLength: header("content-length"),
      body: () => readBody(req, res, SUBMISSION_MAX_BYTES + 1),
    });
    send(res, result.status, SUBMISSION_HEADERS, JSON.stringify(result.body));
  } catch (error) {
    if (error instanceof ClientGone) return void res.destroy();
    // An error in the member's language: only now is a Fetch Request worth building.
    const response = apiError(toAppError(error), await getLocale(new Request(url, { method: "POST", headers: toHeaders(req.headers) })));
    send(res, response.status, Object.fromEntries(response.headers), await response.text());
  }
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...headers, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

/** The member's phone hung up before its body arrived: nobody is left to answer. */
class ClientGone extends Error {}

/**
 * The request's body, read up to `limit` bytes. Beyond it reading stops and
 * the connection closes after the answer (parseJson answers 413).
 */
function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => req.off("data", onData).off("end", onEnd).off("error", onGone).off("close", onGone);
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, Math.min(size, limit)));
    };
    const onGone = () => {
      stop();
      reject(new ClientGone());
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size < limit) return;
      req.pause();
      res.setHeader("Connection", "close");
      onEnd();
    };
    req.on("data", onData).on("end", onEnd).on("error", onGone).on("close", onGone);
  });
}
