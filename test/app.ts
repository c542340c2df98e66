import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

// Route handlers called as Remix calls them, on the application's own
// database: an in-memory PGlite per test file (vitest runs each file in its
// own process), migrated and seeded with the demo catalogue.
process.env.DATA_DIR = "memory://";
process.env.DEMO = "1";
delete process.env.DATABASE_URL;

type Handler = (args: ActionFunctionArgs & LoaderFunctionArgs) => unknown;

export async function call(
  handler: Handler,
  {
    method = "GET",
    path = "/",
    params = {},
    json,
    body,
    headers = {},
    address = "203.0.113.7",
  }: {
    method?: string;
    path?: string;
    params?: Record<string, string>;
    json?: unknown;
    body?: BodyInit;
    headers?: Record<string, string>;
    address?: string;
  },
): Promise<Response> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    (init.headers as Record<string, string>)["Content-Type"] ??= "application/json";
  } else if (body !== undefined) init.body = body;
  const request = new Request(`http://localhost${path}`, init);
  try {
    return asResponse(await handler({ request, params, context: { clientAddress: address } } as never));
  } catch (thrown) {
    // Remix answers a thrown Response or data(value, init) with its status (the error boundary draws it).
    if (thrown instanceof Response || isData(thrown)) return asResponse(thrown);
    throw thrown;
  }
}

type DataWithInit = { type: "DataWithResponseInit"; data: unknown; init?: ResponseInit };
const isData = (value: unknown): value is DataWithInit => !!value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit";

function asResponse(result: unknown): Response {
  if (result instanceof Response) return result;
  // Remix's data(value, init): the status and headers travel beside the value.
  if (isData(result)) return Response.json(result.data, result.init ?? undefined);
  return Response.json(result);
}

let lane: Promise<string> | undefined;

/**
 * The production server's lanes (app/server/submission-lane.server.ts) on a local port, as server.js
 * hands them requests: the JSON API, and the member page's posts, whose pages Remix would draw (here
 * the route's action, given the lane's outcome as server.js's Remix handler would be).
 */
export function laneOrigin(): Promise<string> {
  lane ??= (async () => {
    const { memberPostRoute, requestProtocol, serveMemberPost, serveSubmission, submissionSlug } = await import("~/server/submission-lane.server");
    const { action: memberPage } = await import("~/routes/s.$slug");
    const server = createServer((req, res) => {
      const clientAddress = String(req.headers["x-test-address"]);
      const found = submissionSlug(req);
      if (found !== null) return void serveSubmission(req, res, { slug: found, clientAddress, nonce: "test-nonce" });
      const member = memberPostRoute(req);
      if (member === null) return void res.writeHead(404).end();
      const render = async (request: Request, context: Record<string, unknown>) => {
        const result = await memberPage({ request, params: { slug: member.slug }, context } as never);
        return result instanceof Response ? result : Response.json((result as { data: unknown }).data, (result as { init?: ResponseInit }).init);
      };
      // Trusted as server.js trusts by default: a proxy on this machine (loopback).
      const protocol = requestProtocol(req, (address) => address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1");
      void serveMemberPost(req, res, { ...member, clientAddress, protocol, nonce: "test-nonce", render });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    server.unref();
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  })();
  return lane;
}

/** A member's submission through that lane over real HTTP: the same arguments as call() minus the handler. */
export async function postToLane(
  slug: string,
  { path = "/", json, body, headers = {}, address = "203.0.113.7" }: { path?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string>; address?: string },
): Promise<Response> {
  const init: RequestInit = { method: "POST", headers: { ...headers, "X-Test-Address": address } };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    (init.headers as Record<string, string>)["Content-Type"] ??= "application/json";
  } else if (body !== undefined) init.body = body;
  const query = new URL(path, "http://localhost").search;
  return fetch(`${await laneOrigin()}/api/surveys/${encodeURIComponent(slug)}/responses${query}`, init);
}
