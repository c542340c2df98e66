import { describe, expect, it } from "vitest";
import { isCrossSiteMutation } from "./origin";
import { securityHeaders } from "./security-headers";

const request = (over: Partial<Parameters<typeof isCrossSiteMutation>[0]>) => ({
  method: "POST",
  host: "maillage.example",
  origin: null,
  secFetchSite: null,
  authorization: null,
  cookie: "maillage_session=x",
  ...over,
});

describe("cross-site request refusal", () => {
  it.each([
    ["a same-origin form post", { origin: "https://maillage.example" }, false],
    ["a post from another site", { origin: "https://evil.example" }, true],
    ["a post from a sibling sub-domain", { origin: "https://x.maillage.example" }, true],
    ["a post with the opaque origin null", { origin: "null" }, true],
    ["a post with an unparsable origin", { origin: "::::" }, true],
    ["a post without Origin that the browser marks cross-site", { secFetchSite: "cross-site" }, true],
    ["a post without Origin that the browser marks same-site", { secFetchSite: "same-site" }, true],
    ["a post without Origin marked same-origin", { secFetchSite: "same-origin" }, false],
    ["a bearer-token call without cookies from a script", { origin: "https://evil.example", authorization: "Bearer mlg_x", cookie: null }, false],
    ["a bearer-token call that also carries cookies", { origin: "https://evil.example", authorization: "Bearer mlg_x" }, true],
    ["a GET from another site (GET never changes state)", { method: "GET", origin: "https://evil.example" }, false],
  ])("%s → refused: %s", (_name, over, refused) => {
    expect(isCrossSiteMutation(request(over as never))).toBe(refused);
  });
});

describe("security headers", () => {
  it("forbid framing, plugins, base changes and inline scripts without the nonce", () => {
    const headers = securityHeaders({ nonce: "abc", secure: true, dev: false });
    const csp = headers["Content-Security-Policy"];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("script-src 'self' 'nonce-abc'");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("same-origin");
    expect(headers["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
  });

  it("let only the staff preview be framed, by Maillage itself", () => {
    const headers = securityHeaders({ nonce: "n", secure: false, dev: false, framable: true });
    expect(headers["Content-Security-Policy"]).toContain("frame-ancestors 'self'");
    expect(headers["X-Frame-Options"]).toBe("SAMEORIGIN");
  });

  it("send HSTS only over secure cookies (production)", () => {
    expect(securityHeaders({ nonce: "n", secure: false, dev: false })["Strict-Transport-Security"]).toBeUndefined();
  });
});

describe("errors at the API's edge", () => {
  it("answer a database that is away with 503 and Retry-After, anything unknown with a plain 500", async () => {
    const { toAppError } = await import("./api.server");
    const away = toAppError(Object.assign(new Error("Failed query"), { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) }));
    expect(away).toMatchObject({ status: 503, code: "service_unavailable", headers: { "Retry-After": "5" } });
    expect(toAppError(Object.assign(new Error("terminating connection"), { code: "57P01" })).status).toBe(503);
    expect(toAppError(new TypeError("boom"))).toMatchObject({ status: 500, code: "unexpected" });
  });
});
