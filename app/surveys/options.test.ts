import { describe, expect, it } from "vitest";
import { DEFAULT_RETENTION_MONTHS, defaultPrivacyNotice, privacyNotice, readOptions } from "./options";

const facts = { controller: "Smart", contact: "dpo@example.org", anonymous: true, minGroupSize: 5 };

describe("survey options", () => {
  it("default to 24 months, no consent box and the proposed notice, also for unreadable settings", () => {
    expect(readOptions({})).toEqual({ privacyNotice: {}, retentionMonths: DEFAULT_RETENTION_MONTHS, requireConsent: false });
    expect(readOptions({ retentionMonths: "forever" }).retentionMonths).toBe(24);
  });

  it.each(["fr", "nl", "en"] as const)("give GDPR article 13's information in %s", (locale) => {
    const text = defaultPrivacyNotice(locale, { ...facts, retentionMonths: 18 });
    expect(text).toContain("Smart");
    expect(text).toContain("dpo@example.org");
    expect(text).toContain("18");
    expect(text).toContain("5");
    expect(text).toMatch(/autoriteprotectiondonnees|gegevensbeschermingsautoriteit|dataprotectionauthority/);
  });

  it("say plainly that an anonymous response cannot be traced back, and that a named one is linked", () => {
    expect(defaultPrivacyNotice("en", { ...facts, retentionMonths: 24 })).toContain("we cannot find your response from who you are");
    expect(defaultPrivacyNotice("en", { ...facts, anonymous: false, retentionMonths: 24 })).toContain("not anonymous");
  });

  it("prefer the survey's own text in the member's language", () => {
    const options = readOptions({ privacyNotice: { nl: "Eigen tekst" } });
    expect(privacyNotice(options, "nl", facts)).toBe("Eigen tekst");
    expect(privacyNotice(options, "fr", facts)).toContain("Responsable du traitement");
  });
});

describe("texts written by staff", () => {
  it("refuse HTML markup in a survey title, an antenna name and a privacy notice, but not a lone '<'", async () => {
    const { localizableTitleSchema } = await import("./survey-forms");
    const { antennaSchema } = await import("~/catalogue/codes");
    const { surveyOptionsSchema } = await import("./options");
    expect(localizableTitleSchema.safeParse({ default: "<b>Titre</b>" }).success).toBe(false);
    expect(localizableTitleSchema.safeParse({ default: "Prix < coût ? <3" }).success).toBe(true);
    expect(antennaSchema.safeParse({ code: "x", name: { fr: "<img src=x onerror=alert(1)>", nl: "x", en: "x" }, defaultLocale: "fr" }).success).toBe(false);
    expect(surveyOptionsSchema.safeParse({ privacyNotice: { fr: "<script>alert(1)</script>" } }).success).toBe(false);
  });
});
