import { describe, expect, it } from "vitest";
import { neutralizeCell, resultsCsv, resultTables, type TableWords } from "./export.server";
import type { ResultsViewData } from "./questions.server";

describe("neutralizeCell", () => {
  it.each([
    ["=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ["+32 4 123", "'+32 4 123"],
    ["-2", "'-2"],
    ["@cmd", "'@cmd"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["Un apéro = du lien", "Un apéro = du lien"],
    ["", ""],
  ])("turns %j into %j", (value, expected) => {
    expect(neutralizeCell(value)).toBe(expected);
  });
});

const words: TableWords = {
  question: "Question",
  row: "Row",
  answer: "Answer",
  respondents: "Respondents",
  share: "Share (%)",
  lessThan: (count) => `fewer than ${count}`,
  whole: "This view",
  cooperative: "Whole cooperative",
  segment: (name) => name,
};

const view = {
  survey: { slug: "s", title: "S", minGroupSize: 5, locales: ["fr"], access: "public" },
  query: {},
  antennas: [{ code: "lie", name: "Liège" }],
  sectors: [],
  labels: {
    themes: { title: "Themes", choices: { design: "Design", pricing: "=Fair pricing" }, rows: {} },
    grid: { title: "Grid", choices: { yes: "Yes", no: "No" }, rows: { r1: "Row one" } },
  },
  results: {
    suppressed: false,
    n: 40,
    minGroupSize: 5,
    release: { number: 1, releasedAt: null, batch: 5 },
    questions: [
      { name: "themes", type: "multiple", n: 38, options: [{ value: "design", count: 19 }, { value: "pricing", count: null, lessThan: 5 }] },
      { name: "grid", type: "matrix", n: 20, options: [], rows: [{ row: "r1", n: 20, options: [{ value: "yes", count: 12 }, { value: "no", count: 8 }] }] },
    ],
  },
  comparison: {
    minGroupSize: 5,
    dimension: "antenna",
    segments: [
      { value: null, suppressed: false, n: 40, questions: [{ name: "themes", type: "multiple", n: 38, options: [{ value: "design", count: 19, share: 0.5, interval: null }, { value: "pricing", count: null, share: null, interval: null }] }] },
      { value: "lie", suppressed: false, n: 10, questions: [{ name: "themes", type: "multiple", n: 10, options: [{ value: "design", count: 7, share: 0.7, interval: null }, { value: "pricing", count: null, share: null, interval: null }] }] },
    ],
  },
} as unknown as ResultsViewData;

describe("resultTables", () => {
  const [header, ...lines] = resultTables(view, words);

  it("is the page's cross-table: a line per answer, respondents and share per view and compared segment", () => {
    expect(header).toEqual(["Question", "Row", "Answer", "This view: Respondents", "This view: Share (%)", "Whole cooperative: Respondents", "Whole cooperative: Share (%)", "Liège: Respondents", "Liège: Share (%)"]);
    expect(lines[0]).toEqual(["Respondents", "", "", 40, null, 40, null, 10, null]);
    expect(lines).toContainEqual(["Themes", "", "Design", 19, 50, 19, 50, 7, 70]);
    expect(lines).toContainEqual(["Grid", "Row one", "Yes", 12, 60, null, null, null, null]);
  });

  it("writes a withheld count as words, never as a number, and neutralises formulas in labels", () => {
    expect(lines).toContainEqual(["Themes", "", "'=Fair pricing", "fewer than 5", null, "fewer than 5", null, "fewer than 5", null]);
  });

  it("holds no line per respondent: as many lines as the page has figures, whatever the number of answers", () => {
    // The respondents line, then per question its n and each answer.
    expect(lines).toHaveLength(1 + (1 + 2) + (1 + 2));
  });

  it("is empty for a refused view", () => {
    expect(resultTables({ ...view, results: { suppressed: true, reason: "segment_too_small", minGroupSize: 5 } } as ResultsViewData, words)).toEqual([]);
  });
});

describe("resultsCsv", () => {
  const tables = [
    ["Question", "Row", "Answer", "This view: Respondents", "This view: Share (%)"],
    ["Themes", "", "=Fair pricing", 12, 33.3],
    ["Themes", "", "Design; interior", "fewer than 5", null],
  ];
  const notes = ["How the figures are protected", "-2 at most"];

  it.each([
    ["fr", "\uFEFFQuestion;Row;Answer;This view: Respondents;This view: Share (%)\nThemes;;'=Fair pricing;12;33,3\nThemes;;\"Design; interior\";fewer than 5;\n\nHow the figures are protected\n'-2 at most\n"],
    ["nl", "\uFEFFQuestion;Row;Answer;This view: Respondents;This view: Share (%)\nThemes;;'=Fair pricing;12;33,3\nThemes;;\"Design; interior\";fewer than 5;\n\nHow the figures are protected\n'-2 at most\n"],
    ["en", "\uFEFFQuestion,Row,Answer,This view: Respondents,This view: Share (%)\nThemes,,'=Fair pricing,12,33.3\nThemes,,Design; interior,fewer than 5,\n\nHow the figures are protected\n'-2 at most\n"],
  ] as const)("writes %s with its spreadsheet's separator and decimal mark, a BOM, and neutralised notes", (locale, expected) => {
    expect(resultsCsv(tables, notes, locale)).toBe(expected);
  });
});
