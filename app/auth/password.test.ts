import { describe, expect, it } from "vitest";
import { checkNewPassword } from "./password-rules";
import { hashPassword, verifyPassword } from "./password.server";

describe("new passwords", () => {
  it.each([
    ["seven chars", "abcdefg", "password_too_short"],
    ["eight chars", "kq8#mzpw", null],
    ["64 chars", "x".repeat(30) + "y".repeat(34), null],
    ["128 chars", "z".repeat(128), null],
    ["129 chars", "z".repeat(129), "password_too_long"],
    ["a famous one", "Password123", "password_too_common"],
    ["the French classic", "motdepasse", "password_too_common"],
    ["the Dutch classic", "Wachtwoord1", "password_too_common"],
    ["emoji count as one character each", "🔑🔑🔑🔑🔑🔑🔑", "password_too_short"],
  ])("%s → %s", (_label, password, problem) => {
    expect(checkNewPassword(password)).toBe(problem);
  });

  it("are verified against their hash and a wrong one fails", async () => {
    const hash = await hashPassword("long enough secret");
    expect(await verifyPassword(hash, "long enough secret")).toBe(true);
    expect(await verifyPassword(hash, "long enough secreT")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });
});
