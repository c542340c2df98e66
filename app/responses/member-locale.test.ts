import { describe, expect, it } from "vitest";
import { acceptedLanguages } from "./member-locale.server";

describe("Accept-Language", () => {
  it.each([
    [null, []],
    ["nl-BE,nl;q=0.9,en;q=0.8", ["nl", "nl", "en"]],
    ["en;q=0.5, fr-BE", ["fr", "en"]],
    ["de, *;q=0", ["de"]],
    ["fr;q=abc, nl", ["nl"]],
  ])("%s → %j", (header, expected) => {
    expect(acceptedLanguages(header)).toEqual(expected);
  });
});
