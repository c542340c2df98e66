import { describe, expect, it } from "vitest";
import { cellKeyOf, MAX_ADJUSTMENT, RECORD_KEY_RANGE, releaseCount } from "~/results/cell-key";
import { recommend } from "./engine";
import { SAMPLE_ANTENNAS, SAMPLE_QUESTIONS, SAMPLE_SECTORS, templateSizedQuestions } from "./sample-survey";
import { generateRespondents, mulberry32, type PlantedGroup } from "./synthetic";
import type { Respondent } from "./types";

const base = { questions: SAMPLE_QUESTIONS, antennas: SAMPLE_ANTENNAS, sectors: SAMPLE_SECTORS };

describe("synthetic answers", () => {
  it("are the same for the same seed and differ for another seed", () => {
    expect(generateRespondents({ ...base, count: 50, seed: 7 })).toEqual(generateRespondents({ ...base, count: 50, seed: 7 }));
    expect(generateRespondents({ ...base, count: 50, seed: 7 })).not.toEqual(generateRespondents({ ...base, count: 50, seed: 8 }));
    expect(Array.from({ length: 3 }, mulberry32(1))).toEqual(Array.from({ length: 3 }, mulberry32(1)));
  });

  it("only use the survey's choice values, with the antenna on the row and in the answers", () => {
    const values = new Map(SAMPLE_QUESTIONS.map((question) => [question.name, new Set(question.choices.map((choice) => choice.value))]));
    for (const respondent of generateRespondents({ ...base, count: 200, seed: 3 })) {
      expect(respondent.answers.where).toBe(respondent.antenna);
      for (const [name, answer] of Object.entries(respondent.answers)) {
        for (const value of [answer].flat()) expect(values.get(name)?.has(value as string)).toBe(true);
      }
    }
  });

  it("contain each planted group with its theme, format, slot and place", () => {
    const group: PlantedGroup = { antenna: "gen", theme: "music", format: "forest-walk", slot: "weekend", venue: "workshop", size: 12 };
    const respondents = generateRespondents({ ...base, count: 100, seed: 5, planted: [group] });
    const planted = respondents.filter(
      ({ antenna, answers }) =>
        antenna === "gen" &&
        [answers.topics].flat().includes("music") &&
        [answers.kinds].flat().includes("forest-walk") &&
        [answers.times].flat().includes("weekend") &&
        [answers.places].flat().includes("workshop"),
    );
    expect(planted.length).toBeGreaterThanOrEqual(12);
  });
});

describe("planted preferences", () => {
  // The template's number of choices (25 themes, 11 formats, 21 slots, 6 places, 7 antennas).
  const template = templateSizedQuestions();
  const venueValues = template.questions.find((question) => question.role === "preference.venue")!.choices.map((choice) => choice.value);
  const groups = (size: number): PlantedGroup[] => [
    { antenna: "lie", theme: "sector-4", format: "format-2", slot: "slot-1", venue: "venue-1", size },
    { antenna: "bru", theme: "topic-3", format: "format-7", slot: "slot-12", venue: "venue-6", size },
    { antenna: "gen", theme: "topic-9", format: "format-11", slot: "slot-20", venue: "venue-3", size },
  ];
  const cases = [1, 2, 3, 4, 5].flatMap((seed) =>
    [
      { count: 700, size: 8 },
      { count: 3500, size: 20 },
      { count: 14000, size: 50 },
    ].map((sizes) => ({ seed, ...sizes })),
  );
  /** Did the member's answer leave room for this value: ticked it, or skipped the question (no preference)? */
  const fits = (answer: unknown, value: string) => answer === undefined || (Array.isArray(answer) && answer.length === 0) || [answer].flat().includes(value);
  /** The oracle: respondents of the antenna who chose the theme and whom the format and the slot fit, found by plain filtering. */
  const sharing = (respondents: Respondent[], group: Omit<PlantedGroup, "size">) =>
    respondents.filter(
      ({ antenna, answers }) => antenna === group.antenna && [answers.themes].flat().includes(group.theme) && fits(answers.formats, group.format) && fits(answers.slots, group.slot),
    );
  /** The place most of them accept, by plain counting (the survey's order on ties). */
  const favouritePlace = (members: Respondent[], venues: string[]) =>
    venues.map((venue) => ({ venue, count: members.filter(({ answers }) => fits(answers.venues, venue)).length })).sort((a, b) => b.count - a.count)[0]!.venue;
  /** Record keys as the database draws them, seeded so that every run is alike. */
  const withRecordKeys = (respondents: Respondent[], seed: number) => {
    const random = mulberry32(seed);
    return respondents.map((respondent) => ({ ...respondent, recordKey: Math.floor(random() * RECORD_KEY_RANGE) }));
  };
  /** What the cell key method must release for exactly these members. */
  const releasedOf = (members: Respondent[]) => releaseCount({ count: members.length, cellKey: cellKeyOf(members.map((member) => member.recordKey ?? 0)), minGroupSize: 5 });

  it.each(cases)("are each recovered as their antenna's top proposal, released from their members (seed $seed, $count respondents, groups of $size)", ({ seed, count, size }) => {
    const respondents = withRecordKeys(generateRespondents({ ...template, count, seed, planted: groups(size) }), seed + 1000);
    for (const group of groups(size)) {
      const result = recommend({ questions: template.questions, respondents, minGroupSize: 5, segment: { antenna: group.antenna } });
      if (result.suppressed) throw new Error(`segment ${group.antenna} suppressed`);
      const { theme, format, slot, venue, participants } = result.proposals[0] ?? {};
      expect({ theme, format, slot, antenna: result.proposals[0]?.antenna }).toEqual({ theme: group.theme, format: group.format, slot: group.slot, antenna: group.antenna });
      const members = sharing(respondents, group);
      expect(members.length).toBeGreaterThanOrEqual(size);
      expect(venue).toBe(favouritePlace(members, venueValues));
      expect(participants).toBe(releasedOf(members));
      expect(Math.abs(participants! - members.length)).toBeLessThanOrEqual(MAX_ADJUSTMENT);
    }
  });

  it.each([21, 22, 23])("count a group that did not agree on a place at its full size, and meet where most of them accept (seed %i)", (seed) => {
    const group = { antenna: "lie", theme: "topic-4", format: "format-3", slot: "slot-9", size: 17 };
    const respondents = withRecordKeys(generateRespondents({ ...template, count: 1400, seed, planted: [group] }), seed + 1000);
    const result = recommend({ questions: template.questions, respondents, minGroupSize: 5, segment: { antenna: "lie" } });
    if (result.suppressed) throw new Error("segment suppressed");
    const proposal = result.proposals.find((candidate) => candidate.theme === group.theme)!;
    const members = sharing(respondents, group);
    expect(proposal).toMatchObject({ format: group.format, slot: group.slot, participants: releasedOf(members), venue: favouritePlace(members, venueValues) });
    expect(proposal.participants).toBeGreaterThanOrEqual(group.size - MAX_ADJUSTMENT);
  });

  it.each([11, 12, 13])("are recovered without a place when the survey does not ask for one (seed %i)", (seed) => {
    const questions = template.questions.filter((question) => question.role !== "preference.venue");
    const group = { antenna: "cha", theme: "topic-1", format: "format-5", slot: "slot-8", size: 12 };
    const respondents = withRecordKeys(generateRespondents({ ...template, questions, count: 2100, seed, planted: [group] }), seed + 1000);
    const result = recommend({ questions, respondents, minGroupSize: 5, segment: { antenna: "cha" } });
    if (result.suppressed) throw new Error("segment suppressed");
    expect(result.proposals[0]).toMatchObject({ theme: group.theme, format: group.format, slot: group.slot, venue: null, participants: releasedOf(sharing(respondents, group)) });
  });
});
