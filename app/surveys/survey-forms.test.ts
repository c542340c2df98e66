import { describe, expect, it } from "vitest";
import { parseForm } from "~/http/forms";
import { formData as form } from "../../test/form-data";
import { newSurveyForm, settingsForm } from "./survey-forms";


const settings: [string, string][] = [
  ["title.fr", "Enquête"],
  ["title.nl", ""],
  ["title.en", "Survey"],
  ["slug", "liege-2026"],
  ["antennas", "lie"],
  ["locales", "fr"],
  ["locales", "nl"],
  ["minGroupSize", "5"],
  ["access", "public"],
  ["anonymous", "on"],
  ["opensAt", "2026-03-29T02:30"],
  ["closesAt", ""],
  ["privacyNotice.fr", "Texte"],
  ["retentionMonths", "12"],
];

describe("the settings form's schema", () => {
  it("reads one ticked box as a list, Brussels times as instants, the title as SurveyJS holds it", () => {
    const submission = parseForm(form(settings), settingsForm);
    if (submission.status !== "success") throw new Error(JSON.stringify(submission.error));
    expect(submission.value).toMatchObject({
      title: { default: "Enquête", en: "Survey" },
      antennas: ["lie"],
      sectors: [],
      locales: ["fr", "nl"],
      minGroupSize: 5,
      anonymous: true,
      requireConsent: false,
      closesAt: null,
      privacyNotice: { fr: "Texte" },
      retentionMonths: 12,
    });
    expect(submission.value.title).not.toHaveProperty("nl");
    // 02:30 on the night clocks go forward does not exist in Brussels: it is read as the same wall-clock hour, an hour on.
    expect(submission.value.opensAt?.toISOString()).toMatch(/^2026-03-29T0[01]:30:00\.000Z$/);
  });

  it.each<[string, [string, string][], string, string]>([
    ["no French title", [["title.fr", ""]], "title.fr", "required"],
    ["a title with markup", [["title.fr", "<b>Enquête</b>"]], "title.fr", "markup_refused"],
    ["no language", [["locales", ""]], "locales", "required"],
    ["a group size below 3", [["minGroupSize", "2"]], "minGroupSize", "invalid_min_group_size"],
    ["a closing before the opening", [["closesAt", "2026-03-01T09:00"]], "closesAt", "closes_before_opening"],
    ["a date that is not one", [["closesAt", "soon"]], "closesAt", "invalid_value"],
    ["a link with a capital", [["slug", "Liege"]], "slug", "invalid_slug"],
  ])("refuses %s on its field", (_, changes, field, code) => {
    const changed = settings.filter(([name]) => !changes.some(([other]) => other === name)).concat(changes);
    const submission = parseForm(form(changed), settingsForm);
    expect(submission.status === "error" && submission.error?.[field]).toEqual([code]);
  });
});

describe("the new-survey form's schema", () => {
  it("takes empty targets as everyone and an empty title as the template's", () => {
    const submission = parseForm(form([["source", "template"], ["antenna", ""], ["sector", ""], ["slug", ""], ["title.fr", ""]]), newSurveyForm);
    expect(submission.status === "success" && submission.value).toEqual({ source: "template", title: { fr: "", nl: "", en: "" } });
  });
});
