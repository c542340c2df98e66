import { describe, expect, it } from "vitest";
import { recommend } from "./engine";
import { roleQuestion, SAMPLE_QUESTIONS } from "./sample-survey";
import type { Recommendations, Respondent } from "./types";

type Answers = { antenna?: string; sector?: string; themes?: string[]; formats?: string[]; venues?: string[]; slots?: string[]; rhythm?: string; gives?: string[]; seeks?: string[] };

/** Respondents of the sample survey, `times` copies of one answer set. */
function members(times: number, answers: Answers, row: { antenna?: string | null } = {}): Respondent[] {
  const { antenna = "lie", sector = "interior-design", themes = [], formats = [], venues = [], slots = [], rhythm, gives = [], seeks = [] } = answers;
  return Array.from({ length: times }, () => ({
    antenna: row.antenna === undefined ? antenna : row.antenna,
    sector,
    answers: { where: antenna, trade: sector, topics: themes, kinds: formats, places: venues, times: slots, rhythm, gives, seeks },
  }));
}

const shown = (result: Recommendations) => {
  if (result.suppressed) throw new Error(`segment suppressed: ${result.reason}`);
  return result;
};

const breakfastGroup = { themes: ["interior-design"], formats: ["working-breakfast"], venues: ["shared-space"], slots: ["mon-morning"], rhythm: "weekly" };

describe("meeting proposals", () => {
  it("counts as participants those who share the theme, the format, the slot and the place", () => {
    const respondents = [
      ...members(6, breakfastGroup),
      ...members(3, { ...breakfastGroup, slots: ["tue-evening"] }),
      ...members(2, { ...breakfastGroup, formats: ["afterwork"] }),
    ];
    const result = shown(recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize: 5 }));
    expect(result.proposals[0]).toMatchObject({
      theme: "interior-design",
      format: "working-breakfast",
      slot: "mon-morning",
      venue: "shared-space",
      frequency: "weekly",
      participants: 6,
    });
    expect(result.proposals[0]!.reasons).toEqual([
      { key: "reason.theme", params: { count: 11, theme: "interior-design" } },
      { key: "reason.format", params: { count: 9, format: "working-breakfast" } },
      { key: "reason.slot", params: { count: 6, slot: "mon-morning" } },
      { key: "reason.venue", params: { count: 6, venue: "shared-space" } },
      { key: "reason.frequency", params: { frequency: "weekly" } },
    ]);
  });

  it("drops a proposal with fewer participants than the minimum group size instead of showing it small", () => {
    const respondents = [...members(4, breakfastGroup), ...members(8, { themes: ["music"], formats: ["afterwork"], slots: ["weekend"], venues: ["online"] })];
    const result = shown(recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize: 5 }));
    expect(result.proposals.map((proposal) => proposal.theme)).toEqual(["music"]);
  });

  it("ranks proposals by participants, one per theme, and names the most chosen rhythm of the participants", () => {
    const respondents = [
      ...members(5, { ...breakfastGroup, rhythm: "monthly" }),
      ...members(2, { ...breakfastGroup, rhythm: "weekly" }),
      ...members(9, { themes: ["fair-pricing"], formats: ["afterwork"], slots: ["thu-lunch"], venues: ["workshop"], rhythm: "quarterly" }),
    ];
    const result = shown(recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize: 5 }));
    expect(result.proposals.map(({ theme, participants, frequency }) => ({ theme, participants, frequency }))).toEqual([
      { theme: "fair-pricing", participants: 9, frequency: "quarterly" },
      { theme: "interior-design", participants: 7, frequency: "monthly" },
    ]);
  });

  it("names the segment in the first reason of a proposal", () => {
    const respondents = [...members(7, breakfastGroup), ...members(7, { ...breakfastGroup, antenna: "bru" })];
    const result = shown(recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize: 5, segment: { antenna: "lie" } }));
    expect(result.proposals[0]!.reasons[0]).toEqual({ key: "reason.theme_antenna", params: { count: 7, theme: "interior-design", antenna: "lie" } });
  });

  it("proposes nothing for a theme whose count a wider view would give back as a small difference", () => {
    // 7 in Liège and 2 in Brussels chose the theme: Liège's 7 against the whole survey's 9 would expose those 2.
    const respondents = [...members(7, breakfastGroup), ...members(2, { ...breakfastGroup, antenna: "bru" }), ...members(20, { antenna: "bru", themes: ["music"] })];
    const result = shown(recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize: 5, segment: { antenna: "lie" } }));
    expect(result.themes.find((theme) => theme.theme === "interior-design")).toEqual({ theme: "interior-design", count: null, hidden: "difference" });
    expect(result.proposals).toEqual([]);
  });

  it("keeps a combination that nearly all comes from one antenna in that antenna's view and hides it from the whole survey", () => {
    // Third places interest 7 in Liège and 12 in Brussels; its breakfast group is 7 in Liège and 2 in Brussels.
    const thirdPlaces = { ...breakfastGroup, themes: ["third-places"] };
    const respondents = [
      ...members(7, thirdPlaces),
      ...members(2, { ...thirdPlaces, antenna: "bru" }),
      ...members(10, { antenna: "bru", themes: ["third-places"] }),
      ...members(20, { antenna: "bru", themes: ["music"], formats: ["afterwork"], slots: ["weekend"], venues: ["online"] }),
    ];
    const liege = shown(recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize: 5, segment: { antenna: "lie" } }));
    const whole = shown(recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize: 5 }));
    expect(liege.proposals.map(({ theme, format, participants }) => ({ theme, format, participants }))).toEqual([
      { theme: "third-places", format: "working-breakfast", participants: 7 },
    ]);
    expect(whole.proposals.map(({ theme, participants }) => ({ theme, participants }))).toEqual([{ theme: "music", participants: 20 }]);
  });

  it("still proposes themes and formats when the survey does not ask for slots or places, and says what is missing", () => {
    const questions = SAMPLE_QUESTIONS.filter((question) => question.role !== "availability.slot" && question.role !== "preference.venue");
    const result = shown(recommend({ questions, respondents: members(6, breakfastGroup), minGroupSize: 5 }));
    expect(result.proposals[0]).toMatchObject({ theme: "interior-design", format: "working-breakfast", slot: null, venue: null, participants: 6 });
    expect(result.missingRoles).toEqual([
      { role: "preference.venue", reason: { key: "missing.venue", params: {} } },
      { role: "availability.slot", reason: { key: "missing.slot", params: {} } },
    ]);
  });

  it("proposes nothing but says why when the survey has no theme question", () => {
    const questions = SAMPLE_QUESTIONS.filter((question) => question.role !== "interest.theme");
    const result = shown(recommend({ questions, respondents: members(6, breakfastGroup), minGroupSize: 5 }));
    expect(result).toMatchObject({ themes: [], proposals: [], programme: null, transversalThemes: [] });
    expect(result.missingRoles.map((missing) => missing.role)).toEqual(["interest.theme"]);
  });

  it("finds questions by role, not by name, and ignores answers outside the choices", () => {
    const questions = [roleQuestion("q1", "interest.theme", true, ["a", "b"]), roleQuestion("q2", "preference.format", false, ["x", "y"])];
    const respondents: Respondent[] = Array.from({ length: 6 }, (_, i) => ({ antenna: null, sector: null, answers: { q1: ["a", "other"], q2: i < 5 ? "x" : "z" } }));
    const result = shown(recommend({ questions, respondents, minGroupSize: 5 }));
    expect(result.proposals.map(({ theme, format, participants }) => ({ theme, format, participants }))).toEqual([{ theme: "a", format: "x", participants: 5 }]);
  });
});

describe("themes", () => {
  it("ranks themes by interest with the share of respondents and a 95 % interval", () => {
    const respondents = [...members(8, { themes: ["music", "fair-pricing"] }), ...members(12, { themes: ["fair-pricing"] })];
    const result = shown(recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize: 5 }));
    const [first, second] = result.themes;
    expect(first).toMatchObject({ theme: "fair-pricing", count: 20, share: 1 });
    expect(second).toMatchObject({ theme: "music", count: 8, share: 0.4 });
    if (second?.count == null || !("interval" in second)) throw new Error("music should be shown");
    expect(second.interval.low).toBeGreaterThan(0.2);
    expect(second.interval.high).toBeLessThan(0.62);
  });

  it("reports a theme chosen by fewer than the minimum group size as less than it, without the number", () => {
    const respondents = [...members(2, { themes: ["music"] }), ...members(10, { themes: ["fair-pricing"] })];
    const result = shown(recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize: 5 }));
    expect(result.themes.find((theme) => theme.theme === "music")).toEqual({ theme: "music", count: null, lessThan: 5 });
  });
});

describe("segments", () => {
  it("refuses a segment smaller than the minimum group size and gives no figures", () => {
    const respondents = [...members(4, breakfastGroup), ...members(30, { ...breakfastGroup, antenna: "bru" })];
    expect(recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize: 5, segment: { antenna: "lie" } })).toEqual({
      suppressed: true,
      reason: "segment_too_small",
      minGroupSize: 5,
      segment: { antenna: "lie" },
      missingRoles: [],
    });
  });

  it("refuses a segment whose rest of the survey is smaller than the minimum group size", () => {
    const respondents = [...members(30, breakfastGroup), ...members(3, { ...breakfastGroup, antenna: "bru" })];
    const result = recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize: 5, segment: { antenna: "lie" } });
    expect(result).toMatchObject({ suppressed: true, reason: "complement_too_small" });
  });

  it("takes the antenna from the profile question when the response row has none", () => {
    const respondents = [...members(6, breakfastGroup, { antenna: null }), ...members(6, { ...breakfastGroup, antenna: "bru" }, { antenna: null })];
    const result = shown(recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize: 5, segment: { antenna: "lie" } }));
    expect(result.n).toBe(6);
  });

  it("never uses a minimum group size below 3", () => {
    const result = recommend({ questions: SAMPLE_QUESTIONS, respondents: members(2, breakfastGroup), minGroupSize: 1 });
    expect(result).toMatchObject({ suppressed: true, minGroupSize: 3 });
  });
});

describe("programme", () => {
  it("picks the proposals that together reach the most distinct respondents, with the share of the segment", () => {
    const respondents = [
      // Two themes chosen by the same 10 people, and a third by 6 others: the programme takes one of the first two and the third.
      ...members(10, { themes: ["music", "fair-pricing"], formats: ["afterwork"], slots: ["weekend"], venues: ["online"] }),
      ...members(6, { themes: ["digital-tools"], formats: ["afterwork"], slots: ["weekend"], venues: ["online"] }),
      ...members(4, { themes: [] }),
    ];
    const result = shown(recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize: 5, k: 3 }));
    expect(result.programme?.proposals.map((proposal) => proposal.theme)).toEqual(["music", "digital-tools"]);
    expect(result.programme).toMatchObject({ k: 3, reached: 16, share: 0.8 });
    expect(result.programme?.reasons).toEqual([{ key: "programme.reached", params: { count: 16, percent: 80 } }]);
  });
});

describe("partner meetings", () => {
  it("proposes a meeting per antenna where enough members offer a skill and enough look for it", () => {
    const respondents = [
      ...members(5, { gives: ["legal-advice"] }),
      ...members(6, { seeks: ["legal-advice", "funding"] }),
      ...members(4, { gives: ["funding"] }),
      ...members(12, { antenna: "bru", gives: ["legal-advice"], seeks: ["legal-advice"] }),
    ];
    const result = shown(recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize: 5 }));
    expect(result.partnerMeetings.map(({ antenna, skill, offers, needs }) => ({ antenna, skill, offers, needs }))).toEqual([
      { antenna: "bru", skill: "legal-advice", offers: 12, needs: 12 },
      { antenna: "lie", skill: "legal-advice", offers: 5, needs: 6 },
    ]);
    expect(result.partnerMeetings[1]!.reasons).toEqual([
      { key: "partner.offers_antenna", params: { count: 5, skill: "legal-advice", antenna: "lie" } },
      { key: "partner.needs", params: { count: 6, skill: "legal-advice" } },
    ]);
  });
});

describe("transversal themes", () => {
  it("reports pairs of themes chosen together far more often than chance, with their lift", () => {
    const respondents = [
      ...members(10, { themes: ["music", "digital-tools"] }),
      ...members(10, { themes: ["fair-pricing"] }),
      ...members(10, { themes: ["social-protection"] }),
    ];
    const result = shown(recommend({ questions: SAMPLE_QUESTIONS, respondents, minGroupSize: 5 }));
    expect(result.transversalThemes.map(({ themes, together, lift }) => ({ themes, together, lift }))).toEqual([
      { themes: ["music", "digital-tools"], together: 10, lift: 3 },
    ]);
  });
});
