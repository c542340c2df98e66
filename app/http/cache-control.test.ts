import { describe, expect, it } from "vitest";
import { pageCacheControl } from "./cache-control";

describe("a page's Cache-Control", () => {
  it.each<[(string | null)[], string]>([
    [[], "no-store"],
    [[null, null], "no-store"],
    [["public, max-age=300"], "public, max-age=300"],
    [["public, max-age=300", "private, max-age=60"], "private, max-age=60"],
    [["private, max-age=60", "no-store"], "no-store"],
    [["no-cache", "public, max-age=300"], "no-cache"],
  ])("of %j is %s", (values, expected) => {
    expect(pageCacheControl(values)).toBe(expected);
  });
});
