import { describe, expect, it } from "vitest";
import { resources } from "~/i18n/resources";
import { AUDIT_ACTIONS } from "./audit-actions";

describe("the audit log's actions", () => {
  it("are each said in words, and no text is left for an action that is gone", () => {
    // Texts nest by the action's parts ("survey.create" → survey → create); the locales test checks Dutch and English have the same keys as French.
    const texts = (resources.fr!.common as { audit: { actions: Record<string, Record<string, string>> } }).audit.actions;
    const said = Object.entries(texts).flatMap(([group, actions]) => Object.keys(actions).map((action) => `${group}.${action}`));
    expect(said.sort()).toEqual(Object.keys(AUDIT_ACTIONS).sort());
  });
});
