import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { getDatabase } from "./db/db.server";
import { isDatabaseUnavailable } from "./http/api.server";
import { pageCacheControl } from "./http/cache-control";

// The production server (server.js) calls these through the build's entry module.
export { startup, shutdown, refuseCrossSite, responseHeaders } from "./server/lifecycle.server";
export { runRecommendationJob, startRecommendationWorker } from "./networking/worker.server";
export { memberPostRoute, requestProtocol, serveMemberPost, submissionSlug, serveSubmission } from "./server/submission-lane.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

/**
 * A page that failed while the database does not answer is a 503 to retry
 * shortly, not a fault of the page (in production Remix hands this function
 * its errors without their codes, so the database is asked directly).
 */
async function statusOf(responseStatusCode: number): Promise<number> {
  if (responseStatusCode !== 500) return responseStatusCode;
  const answers = await getDatabase()
    .then((database) => database.ping())
    .then(
      () => true,
      () => false,
    );
  return answers ? 500 : 503;
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;
  keepCacheControl(responseHeaders, remixContext);
  responseStatusCode = await statusOf(responseStatusCode);
  if (responseStatusCode === 503) responseHeaders.set("Retry-After", "5");

  // Bots and no-JS crawlers get the whole page at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1000);
  });
}

/** The strictest Cache-Control any matched route's loader or action set, else no-store (http/cache-control.ts). */
function keepCacheControl(responseHeaders: Headers, { staticHandlerContext }: EntryContext) {
  const set = [staticHandlerContext.actionHeaders, staticHandlerContext.loaderHeaders].flatMap((byRoute) => Object.values(byRoute ?? {})).map((headers) => headers.get("Cache-Control"));
  responseHeaders.set("Cache-Control", pageCacheControl([responseHeaders.get("Cache-Control"), ...set]));
}

/** A page's data fetched by the browser (client navigation, a form's answer): the same rule as the page. */
export function handleDataRequest(response: Response): Response {
  response.headers.set("Cache-Control", pageCacheControl([response.headers.get("Cache-Control")]));
  return response;
}

export function handleError(error: unknown, { request }: { request: Request }) {
  // Aborted requests and unknown URLs are not faults of the server.
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  // The database away: one line per request, not a stack (the page says 503).
  if (isDatabaseUnavailable(error)) return void console.error(`Database unavailable: ${(error as Error).message}`);
  console.error(error);
}
