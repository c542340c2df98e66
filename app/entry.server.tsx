import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { getDatabase } from "./db/db.server";
import { isDatabaseUnavailable } from "./http/api.server";

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

/** What a page or its data may be kept by caches when no route says: nothing (every page is someone's answers, results or account). */
const PAGE_CACHE_CONTROL = "no-store";

/**
 * Remix sends a page with the headers of its routes' `headers` exports only:
 * the Cache-Control a loader or action set (results, a member's answers, a
 * share link) would not reach the browser. The strictest one any matched
 * route set is kept, so that no route has to repeat it; else no-store.
 */
function keepCacheControl(responseHeaders: Headers, { staticHandlerContext }: EntryContext) {
  const set = [staticHandlerContext.actionHeaders, staticHandlerContext.loaderHeaders]
    .flatMap((byRoute) => Object.values(byRoute ?? {}))
    .map((headers) => headers.get("Cache-Control"))
    .filter((value): value is string => !!value);
  const strictest = set.find((value) => /no-store/i.test(value)) ?? set.find((value) => /private|no-cache/i.test(value)) ?? set[0];
  if (strictest && !/no-store/i.test(responseHeaders.get("Cache-Control") ?? "")) responseHeaders.set("Cache-Control", strictest);
  if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", PAGE_CACHE_CONTROL);
}

/** A page's data fetched by the browser (client navigation, a form's answer): the same default as the page. */
export function handleDataRequest(response: Response): Response {
  if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", PAGE_CACHE_CONTROL);
  return response;
}

export function handleError(error: unknown, { request }: { request: Request }) {
  // Aborted requests and unknown URLs are not faults of the server.
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  // The database away: one line per request, not a stack (the page says 503).
  if (isDatabaseUnavailable(error)) return void console.error(`Database unavailable: ${(error as Error).message}`);
  console.error(error);
}
