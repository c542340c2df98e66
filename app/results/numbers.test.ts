import { describe, expect, it } from "vitest";
import { csvConventions, csvNumber, formatNumber, formatPercent } from "./numbers";

describe("numbers in the reader's language", () => {
  it.each([
    ["fr", 2.3333, "2,33"],
    ["nl", 2.3333, "2,33"],
    ["en", 2.3333, "2.33"],
    // A whole mean is written whole, never "8.00".
    ["fr", 8, "8"],
    ["fr", 35123, "35\u202f123"],
    ["nl", 35123, "35.123"],
    ["en", 35123, "35,123"],
  ])("writes a mean in %s: %d as %j", (locale, value, expected) => {
    expect(formatNumber(value, locale, { fractionDigits: 2 })).toBe(expected);
  });

  it.each([
    ["fr", "12,5\u00a0%"],
    ["nl", "12,5%"],
    ["en", "12.5%"],
  ])("writes a share in %s as %j", (locale, expected) => {
    expect(formatPercent(12.5, locale, { fractionDigits: 1 })).toBe(expected);
  });

  it("writes CSV for a Belgian spreadsheet in French and Dutch, and for an English one", () => {
    expect(csvConventions("fr")).toEqual({ delimiter: ";", decimal: "," });
    expect(csvConventions("nl")).toEqual({ delimiter: ";", decimal: "," });
    expect(csvConventions("en")).toEqual({ delimiter: ",", decimal: "." });
    expect(csvNumber(33.3, ",")).toBe("33,3");
    expect(csvNumber(1234, ",")).toBe("1234");
  });
});
