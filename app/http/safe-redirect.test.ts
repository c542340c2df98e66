import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect";

describe("a redirect target read from a request", () => {
  it.each([
    ["/account", "/account"],
    ["/admin/users?x=1", "/admin/users?x=1"],
    ["/surveys/accueil#results", "/surveys/accueil#results"],
    // Non-ASCII goes out percent-encoded: a valid Location header.
    ["/surveys/été?q=café", "/surveys/%C3%A9t%C3%A9?q=caf%C3%A9"],
    ["/%E6%97%A5%E6%9C%AC", "/%E6%97%A5%E6%9C%AC"],
    ["/a/../account", "/account"],
  ])("keeps the same-site path %s as %s", (to, expected) => {
    expect(safeRedirect(to)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/%2509/evil.example",
    "/%2F/evil.example",
    "/%5C/evil.example",
    "/%5c%5cevil.example",
    "/\n/evil.example",
    "/%0d%0aSet-Cookie:%20x=1",
    "/account\r\nSet-Cookie: x=1",
    "/%E0%A4%A",
    "/\u0085/evil.example",
    "",
    `/${"a".repeat(3000)}`,
  ])("refuses %j", (to) => {
    expect(safeRedirect(to)).toBe("/");
    expect(safeRedirect(to, "/surveys")).toBe("/surveys");
  });

  it("refuses what is not a string", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect(new File(["/account"], "x.txt"))).toBe("/");
  });
});
