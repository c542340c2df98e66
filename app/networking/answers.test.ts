import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RoleQuestion } from "~/surveys/roles";
import { answerIndexBuilder, finishIndex, indexAnswers } from "./answers";
import { countMembers, hasMember } from "./bitset";
import type { Respondent } from "./types";

const choice = (value: string) => ({ value, text: { default: value } });
const questions: RoleQuestion[] = [
  { name: "antenna", role: "profile.antenna", multiple: false, title: { default: "Antenne" }, choices: ["lie", "bru", "cha"].map(choice) },
  { name: "themes", role: "interest.theme", multiple: true, title: { default: "Thèmes" }, choices: ["a", "b", "c", "d", "e"].map(choice) },
  { name: "slots", role: "availability.slot", multiple: true, title: { default: "Moments" }, choices: ["mon", "tue", "wed"].map(choice) },
];

// Answers as they may come: arrays in any order, repeated values, values outside the choices, a lone string, nothing.
const ticks = (values: string[]) => fc.oneof(fc.array(fc.constantFrom(...values, "other"), { maxLength: 6 }), fc.constantFrom(...values), fc.constant(undefined));
const respondent: fc.Arbitrary<Respondent> = fc.record({
  antenna: fc.constantFrom("lie", "bru", "cha", null),
  sector: fc.constant(null),
  answers: fc.record({ antenna: fc.constantFrom("lie", "bru"), themes: ticks(["a", "b", "c", "d", "e"]), slots: ticks(["mon", "tue", "wed"]) }, { requiredKeys: [] }),
});

describe("the answers index", () => {
  it("lists each member's ticked values once, in increasing order, as the role's bitsets hold them", () => {
    fc.assert(
      fc.property(fc.array(respondent, { maxLength: 80 }), (respondents) => {
        const index = indexAnswers(questions, respondents);
        expect(countMembers(index.all)).toBe(respondents.length);
        for (const role of ["interest.theme", "availability.slot"] as const) {
          const { values, members, byMember } = index.roles[role]!;
          for (let position = 0; position < index.size; position++) {
            const expected = values.flatMap((value, i) => (hasMember(members.get(value)!, position) ? [i] : []));
            expect([...byMember!.values.subarray(byMember!.offsets[position], byMember!.offsets[position + 1])]).toEqual(expected);
          }
        }
      }),
    );
  });

  it("builds the same index from rows given a page at a time as from all of them at once", () => {
    fc.assert(
      fc.property(fc.array(respondent, { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (respondents, page) => {
        const builder = answerIndexBuilder(questions);
        for (let from = 0; from < respondents.length; from += page) builder.add(respondents.slice(from, from + page));
        expect(finishIndex(builder.rows())).toEqual(indexAnswers(questions, respondents));
      }),
    );
  });

  it("leaves what it gave alone when more rows come", () => {
    const builder = answerIndexBuilder(questions);
    builder.add([{ antenna: "lie", sector: null, answers: { themes: ["a", "b"] } }]);
    const before = finishIndex(builder.rows());
    const rows = builder.rows();
    // Enough rows for every column to grow into new memory.
    builder.add(Array.from({ length: 3000 }, () => ({ antenna: "bru", sector: null, answers: { themes: ["c"] } })));
    expect(finishIndex(rows)).toEqual(before);
    expect(countMembers(finishIndex(builder.rows()).all)).toBe(3001);
  });
});
