import { describe, expect, it } from "vitest";
import { fromLocalInput, toLocalInput } from "./dates";

describe("dates typed in Brussels time", () => {
  it.each([
    ["winter time is UTC+1", "2026-12-01T09:00", "2026-12-01T08:00:00.000Z"],
    ["summer time is UTC+2", "2026-07-01T09:00", "2026-07-01T07:00:00.000Z"],
    ["the morning after the spring change", "2026-03-29T09:00", "2026-03-29T07:00:00.000Z"],
  ])("%s", (_name, local, utc) => {
    expect(fromLocalInput(local)?.toISOString()).toBe(utc);
    expect(toLocalInput(new Date(utc))).toBe(local);
  });

  it("reads an empty or malformed value as no date", () => {
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("tomorrow")).toBeNull();
    expect(toLocalInput(null)).toBe("");
  });
});
