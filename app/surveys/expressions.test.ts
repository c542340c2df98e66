import { ConditionRunner } from "survey-core";
import { describe, expect, it } from "vitest";
import { conditionVariables, evaluateCondition, isSupportedCondition } from "./expressions";

// Conditions as staff write them in `visibleIf`, plus the corners of
// survey-core's semantics (case, numeric strings, empty values, arrays).
const CORPUS = [
  "{frequency} = 'monthly'",
  "{frequency} == 'monthly'",
  "{frequency} = \"monthly\"",
  "{frequency} equal 'monthly'",
  "{frequency} = 'MONTHLY'",
  "{frequency} = ' monthly '",
  "{frequency} <> 'monthly'",
  "{frequency} != 'monthly'",
  "{frequency} notequal 'weekly'",
  "{frequency} = monthly",
  "{age} > 30",
  "{age} < 30",
  "{age} >= 42",
  "{age} <= 42",
  "{age} = 42",
  "{age} = '42'",
  "{age} > '9'",
  "{age} greater 18 and {age} less 65",
  "{age} >= -1",
  "{age} = 42.0",
  "{code} = '007'",
  "{code} = 7",
  "{score} > 3",
  "{score} = 4",
  "{rating} >= 4",
  "{consent} = true",
  "{consent} = false",
  "{consent} = 'true'",
  "{consent} <> true",
  "{consent}",
  "!{consent}",
  "negate {consent}",
  "{themes} contains 'digital-tools'",
  "{themes} contains 'DIGITAL-TOOLS'",
  "{themes} notcontains 'digital-tools'",
  "{themes} contain 'fair-pricing'",
  "{themes} notcontain 'fair-pricing'",
  "{themes} anyof ['digital-tools', 'third-places']",
  "{themes} anyof ['wellbeing']",
  "{themes} allof ['digital-tools', 'fair-pricing']",
  "{themes} allof ['digital-tools', 'wellbeing']",
  "{themes} noneof ['wellbeing', 'international']",
  "{themes} anyof []",
  "{themes} empty",
  "{themes} notempty",
  "{themes.length} > 1",
  "{themes} = ['fair-pricing', 'digital-tools']",
  "{frequency} anyof ['monthly', 'weekly']",
  "{frequency} allof ['monthly']",
  "{frequency} contains 'month'",
  "{frequency} notcontains 'week'",
  "{suggestion} contains 'KOP'",
  "{suggestion} empty",
  "{suggestion} notempty",
  "{suggestion} = ''",
  "{missing} empty",
  "{missing} notempty",
  "{missing} = ''",
  "{missing} = 'x'",
  "{missing} <> 'x'",
  "{missing} > 3",
  "{missing} < 3",
  "{missing} contains 'x'",
  "{missing} notcontains 'x'",
  "{missing} anyof ['x']",
  "{missing} allof ['x']",
  "{FREQUENCY} = 'monthly'",
  "{matrix.quality} = 'good'",
  "{matrix.quality} notempty",
  "{matrix} empty",
  "{frequency} = 'monthly' and {age} > 30",
  "{frequency} = 'monthly' && {age} > 30",
  "{frequency} = 'monthly' or {age} > 30",
  "{frequency} = 'monthly' || {age} > 30",
  "{frequency} = 'weekly' or {age} > 30 and {consent} = true",
  "({frequency} = 'weekly' or {age} > 30) and {consent} = true",
  "!({frequency} = 'monthly')",
  "!({themes} anyof ['wellbeing']) and {age} >= 18",
  "{themes} contains 'digital-tools' = true",
  "{age} > 18 = true",
  "{missing} and {age}",
  "{suggestion} or {missing}",
  "{age} and {frequency}",
  "{frequency} = 'monthly' AND {consent} = TRUE",
  "{other} = 'other' and {other-Comment} notempty",
  "{rating} anyof [4, 5]",
  "{rating} = '5'",
  "{age} = null",
  "{missing} = null",
  "{missing} = undefined",
  "{empty_list} empty",
  "{empty_list} anyof ['x']",
  "{empty_list} notcontains 'x'",
  "{empty_list} = []",
];

const ANSWER_SETS: { values: Record<string, unknown> }[] = (
  [
  {},
  {
    frequency: "monthly",
    age: 42,
    code: "007",
    score: "4",
    rating: 5,
    consent: true,
    themes: ["fair-pricing", "digital-tools"],
    suggestion: "Un afterwork à la KOP",
    matrix: { quality: "good" },
    other: "other",
    "other-Comment": "Une balade",
    empty_list: [],
  },
  {
    frequency: "Weekly",
    age: "17",
    code: 7,
    score: 2,
    rating: "3",
    consent: false,
    themes: ["wellbeing"],
    suggestion: "",
    matrix: {},
    other: "none",
  },
  { frequency: "", age: 0, consent: "true", themes: [], rating: 4, matrix: { quality: "" } },
  { frequency: " monthly ", age: 30.5, themes: ["third-places", "digital-tools", "fair-pricing"], suggestion: "kop", code: "7" },
  ] as Record<string, unknown>[]
).map((values) => ({ values }));

const surveyCore = (expression: string, values: Record<string, unknown>): boolean =>
  new ConditionRunner(expression).runValues(structuredClone(values));

describe("the browser's condition evaluator", () => {
  it("supports every expression of the corpus", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(CORPUS.filter((expression) => !isSupportedCondition(expression))).toEqual([]);
  });

  it.each(CORPUS)("agrees with survey-core on %s for every answer set", (expression) => {
    const disagreements = ANSWER_SETS.filter(
      ({ values }) => evaluateCondition(expression, values) !== surveyCore(expression, values),
    ).map(({ values }) => ({ values, ours: evaluateCondition(expression, values), surveyCore: surveyCore(expression, values) }));
    expect(disagreements).toEqual([]);
  });

  it.each([
    "age({birthdate}) > 18",
    "{a} + 1 > 2",
    "{a} * 2 = 4",
    "{a} = 007",
    "not {a} = 'x'",
    "{a} = 'x' and",
    "{a} = 'x",
    "{a[0]} = 'x'",
    "{#a} = 'x'",
    "iif({a} = 1, true, false)",
    "",
  ])("declines %j so that the server decides", (expression) => {
    expect(evaluateCondition(expression, { a: "x" })).toBeUndefined();
  });

  it("names the questions a condition reads, a matrix row by its matrix", () => {
    expect(conditionVariables("{a} = 1 and {matrix.row} notempty or {a} contains {b}")).toEqual(["a", "matrix", "b"]);
  });
});
