// Members' submissions in production, taken by the Node server before
// Express and Remix (docs/decisions/008-submission-path.md): the endpoints
// that get thousands of requests a second, where Express's middleware and
// Remix's router cost more than the work itself. The JSON API, and the member
// page's own posts (its buttons and its autosave, issue 11): the same security
// headers, origin check and core as their Remix routes
// (app/routes/api.surveys.$slug.responses.ts, s.$slug.tsx, s.$slug_.autosave.ts,
// which dev mode and tests use). A member post whose answer is a page (errors,
// a revealed question, the "finish later" link) is drawn by Remix, handed the
// outcome already computed: the answers are read and saved once.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { apiError, toAppError } from "~/http/api.server";
import { getLocale } from "~/i18n/i18n.server";
import { memberPost, type MemberOutcome, outcomeHeaders } from "~/responses/member-page.server";
import { receiveSubmission, SUBMISSION_HEADERS, SUBMISSION_MAX_BYTES } from "~/responses/submission.server";
import { headerValue, refuseCrossSite, responseHeaders, toHeaders } from "./lifecycle.server";

const SUBMISSION_PATH = /^\/api\/surveys\/([^/?]+)\/responses(?:\?|$)/;

/** The survey's slug when this request is a member's submission, else null (the request goes to Express). */
export function submissionSlug(req: Pick<IncomingMessage, "method" | "url">): string | null {
  if (req.method !== "POST") return null;
  return SUBMISSION_PATH.exec(req.url ?? "")?.[1] ?? null;
}

const MEMBER_POST_PATH = /^\/s\/([a-z0-9-]+)(\/autosave)?\/?(?:\?|$)/;

/** The survey's slug (and whether it is the autosave) when this request is a member page's post, else null. */
export function memberPostRoute(req: Pick<IncomingMessage, "method" | "url">): { slug: string; autosave: boolean } | null {
  if (req.method !== "POST") return null;
  const found = MEMBER_POST_PATH.exec(req.url ?? "");
  return found ? { slug: found[1]!, autosave: found[2] !== undefined } : null;
}

/** Whether a proxy at this address, this many hops away, is trusted (Express's compiled `trust proxy`). */
type TrustProxy = (address: string, hop: number) => boolean;

/**
 * The scheme the member's browser used, as Express's `req.protocol` says it:
 * TLS here, or X-Forwarded-Proto from a trusted proxy only. The links a member
 * keeps (finish later, withdraw) are made with it.
 */
export function requestProtocol(req: Pick<IncomingMessage, "headers" | "socket">, trust: TrustProxy): "http" | "https" {
  if ((req.socket as TLSSocket).encrypted) return "https";
  const forwarded = headerValue(req.headers, "x-forwarded-proto");
  if (forwarded === null || !trust(req.socket.remoteAddress ?? "", 0)) return "http";
  return forwarded.split(",")[0]!.trim() === "https" ? "https" : "http";
}

/** Remix's own handler, for the pages a member post answers with (server.js passes the build's). */
type RenderPage = (request: Request, loadContext: Record<string, unknown>) => Promise<Response>;

/**
 * Answers a member page's post: a redirect or the autosave's JSON straight
 * away, a page through Remix with the outcome already computed.
 */
export async function serveMemberPost(
  req: IncomingMessage,
  res: ServerResponse,
  { slug, autosave, clientAddress, protocol, nonce, render }: { slug: string; autosave: boolean; clientAddress: string; protocol: "http" | "https"; nonce: string; render: RenderPage },
): Promise<void> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  for (const [name, value] of Object.entries(responseHeaders(nonce, false, path))) res.setHeader(name, value);
  // The scheme and host name the URL the member's links are made of, as Remix's Express adapter does.
  const url = new URL(req.url ?? "/", `${protocol}://${headerValue(req.headers, "host") ?? "localhost"}`);
  const refusal = await refuseCrossSite({ method: "POST", url: url.href, headers: req.headers });
  if (refusal) return send(res, refusal.status, Object.fromEntries(refusal.headers), await refusal.text());
  const header = (name: string) => headerValue(req.headers, name);
  let outcome: MemberOutcome;
  try {
    outcome = await memberPost({
      slug,
      autosave,
      request: { url, cookie: header("cookie"), acceptLanguage: header("accept-language") },
      key: req,
      clientAddress,
      contentType: header("content-type"),
      contentLength: header("content-length"),
      body: () => readBody(req, res, SUBMISSION_MAX_BYTES + 1),
    });
  } catch (error) {
    if (error instanceof ClientGone) return void res.destroy();
    throw error;
  }
  const cookies = outcome.cookies.length ? { "Set-Cookie": outcome.cookies } : {};
  if (outcome.kind === "redirect") {
    res.writeHead(302, { Location: outcome.location, "Cache-Control": "no-store", "Content-Length": 0, ...cookies });
    return void res.end();
  }
  if (outcome.kind === "json") {
    for (const [name, value] of Object.entries({ ...cookies, ...outcomeHeaders(outcome) })) res.setHeader(name, value);
    return send(res, outcome.status, SUBMISSION_HEADERS, JSON.stringify(outcome.body));
  }
  // A page: Remix's action finds the outcome in its context and draws it (nothing is read or saved again).
  const request = new Request(url, { method: "POST", headers: toHeaders(req.headers) });
  request.headers.delete("content-length");
  const response = await render(request, { cspNonce: nonce, clientAddress, memberOutcome: outcome });
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie" && name !== "content-length") headers[name] = value;
  });
  const setCookies = response.headers.getSetCookie();
  if (setCookies.length) headers["set-cookie"] = setCookies;
  send(res, response.status, headers, await response.text());
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

function send(res: ServerResponse, status: number, headers: Record<string, string | string[]>, body: string) {
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
