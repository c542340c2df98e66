import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { call, laneOrigin, postToLane } from "../../test/app";
import { action as respond } from "~/routes/api.surveys.$slug.responses";
import { submissionSlug } from "./submission-lane.server";

// The production server's lane for members' submissions (server.js sends it
// every POST /api/surveys/:slug/responses): the headers, origin check and
// limits of the rest of the site. test/api-surveys.test.ts runs the API's
// cases through it and through the Remix route.

describe("which requests the lane takes", () => {
  it.each([
    ["POST", "/api/surveys/faire-reseau/responses", "faire-reseau"],
    ["POST", "/api/surveys/faire-reseau/responses?lng=nl", "faire-reseau"],
    ["GET", "/api/surveys/faire-reseau/responses", null],
    ["POST", "/api/surveys/faire-reseau/responses/x", null],
    ["POST", "/api/surveys/faire-reseau", null],
    ["POST", "/s/faire-reseau", null],
    ["POST", "/api/surveys//responses", null],
  ])("%s %s → %s", (method, url, slug) => {
    expect(submissionSlug({ method, url })).toBe(slug);
  });
});

describe("the lane's answers", () => {
  it("carries the site's security headers and answers as the Remix route does", async () => {
    const viaLane = await postToLane("nope", { path: "/?lng=en", json: {} });
    const viaRoute = await call(respond, { method: "POST", path: "/?lng=en", params: { slug: "nope" }, json: {} });
    expect(viaLane.status).toBe(400);
    expect(await viaLane.json()).toEqual(await viaRoute.json());
    expect(viaLane.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(viaLane.headers.get("x-content-type-options")).toBe("nosniff");
    expect(viaLane.headers.get("x-frame-options")).toBe("DENY");
  });

  it("refuses a cross-site POST made with the member's cookies, in their language", async () => {
    const refused = await postToLane("nope", { json: {}, headers: { Origin: "https://evil.example", Cookie: "maillage_response=x", "Accept-Language": "nl" } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: "cross_site_request", message: expect.stringMatching(/Maillage/) });
  });

  it("stops reading a body sent in chunks past the limit: 413, and the connection closes", async () => {
    const origin = await laneOrigin();
    const { status, connection, body } = await new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      const req = httpRequest(`${origin}/api/surveys/nope/responses?lng=en`, { method: "POST", headers: { "Content-Type": "application/json", "X-Test-Address": "203.0.113.9" } }, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk)).on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
      });
      req.on("error", reject);
      // No Content-Length: 300 KB in 1 KB chunks, as a misbehaving client would stream it.
      req.write('{"id":"');
      for (let i = 0; i < 300; i++) req.write("x".repeat(1024));
      req.end('"}');
    });
    expect(status).toBe(413);
    expect(connection).toBe("close");
    expect(JSON.parse(body)).toMatchObject({ error: "payload_too_large", message: "The request is too large." });
  });

  it("lets a phone hang up halfway through its body: nothing logged as an error, and the next member is answered", async () => {
    const origin = new URL(await laneOrigin());
    const errors = vi.spyOn(console, "error");
    try {
      await new Promise<void>((resolve) => {
        const socket = connect(Number(origin.port), origin.hostname, () => {
          socket.write("POST /api/surveys/nope/responses HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nX-Test-Address: 203.0.113.10\r\n\r\n{\"id\":");
          setTimeout(() => socket.destroy(), 50);
        });
        socket.on("close", () => resolve());
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const next = await postToLane("nope", { path: "/?lng=en", json: {} });
      expect(next.status).toBe(400);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });
});
