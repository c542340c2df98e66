import { describe, expect, it } from "vitest";
import { listQuestions } from "~/surveys/definition.server";
import { networkingTemplate } from "~/surveys/template";
import { comparedSpecs, mergeQuestions } from "./questions.server";

const questions = mergeQuestions([listQuestions(networkingTemplate().definition)]);
const names = (specs: { name: string }[]) => specs.map((spec) => spec.name);

describe("what a comparison puts side by side", () => {
  it("leaves out the question that asks the compared dimension itself, and only that one", () => {
    expect(names(comparedSpecs(questions, { dimension: "antenna" }))).not.toContain("antenna");
    expect(names(comparedSpecs(questions, { dimension: "antenna" }))).toContain("sector");
    expect(names(comparedSpecs(questions, { dimension: "sector" }))).not.toContain("sector");
    expect(names(comparedSpecs(questions, { dimension: "sector" }))).toContain("antenna");
    expect(comparedSpecs(questions, { dimension: "antenna" })).toHaveLength(questions.length - 1);
  });

  it("keeps a question's role across versions", () => {
    const newest = listQuestions(networkingTemplate().definition);
    const withoutRoles = newest.map(({ role: _role, ...rest }) => rest);
    const merged = mergeQuestions([withoutRoles, newest]);
    expect(merged.find((question) => question.name === "antenna")?.role).toBe("profile.antenna");
  });
});
