import { describe, expect, it } from "vitest";
import { type ExportTexts, exportColumns, hiddenValues, neutralizeCell, summaryRows } from "./export.server";
import type { ResultQuestion } from "./questions.server";
import type { QuestionResult } from "./results.server";

const questions: ResultQuestion[] = [
  { name: "themes", type: "multiple", title: "Thèmes", choices: [{ value: "design", text: { default: "Design", en: "Design" } }, { value: "pricing", text: { default: "Prix juste", en: "Fair pricing" } }], rows: [], hasOther: true },
  { name: "frequency", type: "single", title: "Rythme", choices: [{ value: "monthly", text: { default: "Mensuel", en: "Monthly" } }], rows: [], hasOther: false },
  { name: "priorities", type: "ranking", title: "Priorités", choices: [{ value: "x", text: "X" }, { value: "y", text: "Y" }], rows: [], hasOther: false },
  { name: "suggestion", type: "text", title: "Suggestion", choices: [], rows: [], hasOther: false },
];
const texts: ExportTexts = {
  labels: {
    themes: { title: "Themes", choices: { design: "Design", pricing: "Fair pricing", other: "Other" }, rows: {} },
    frequency: { title: "Rhythm", choices: { monthly: "Monthly" }, rows: {} },
    priorities: { title: "Priorities", choices: { x: "X", y: "Y" }, rows: {} },
    suggestion: { title: "Suggestion", choices: {}, rows: {} },
  },
  other: "Other",
  otherText: "other (written answer)",
  yes: "Yes",
  no: "No",
};
const answers = { themes: ["pricing", "other"], "themes-Comment": "=1+1", frequency: "monthly", priorities: ["y", "x"], suggestion: "@me" };

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

describe("export columns", () => {
  it("give a multiple choice one 1/0 column per option, 'other' included, with labels in the chosen language", () => {
    const columns = exportColumns({ questions, texts, freeTextShown: new Set() });
    const themes = columns.filter((column) => column.header.startsWith("Themes"));
    expect(themes.map((column) => column.header)).toEqual(["Themes: Design", "Themes: Fair pricing", "Themes: Other"]);
    expect(themes.map((column) => column.cell(answers))).toEqual([0, 1, 1]);
    expect(columns.find((column) => column.header === "Rhythm")?.cell(answers)).toBe("Monthly");
  });

  it("give a ranking one column per item with its position", () => {
    const columns = exportColumns({ questions, texts, freeTextShown: new Set() });
    expect(columns.filter((column) => column.header.startsWith("Priorities")).map((column) => column.cell(answers))).toEqual([2, 1]);
  });

  it("leave out free text unless the privacy rule shows it for the segment", () => {
    const hidden = exportColumns({ questions, texts, freeTextShown: new Set() }).map((column) => column.header);
    expect(hidden).not.toContain("Suggestion");
    expect(hidden).not.toContain("Themes: other (written answer)");
    const shown = exportColumns({ questions, texts, freeTextShown: new Set(["suggestion", "themes"]) });
    expect(shown.find((column) => column.header === "Suggestion")?.cell(answers)).toBe("@me");
    expect(shown.find((column) => column.header === "Themes: other (written answer)")?.cell(answers)).toBe("=1+1");
  });

  it("leave an unanswered question empty rather than 0", () => {
    const columns = exportColumns({ questions, texts, freeTextShown: new Set() });
    expect(columns.map((column) => column.cell({}))).toEqual(columns.map(() => null));
  });
});

describe("the summary sheet", () => {
  it("writes hidden counts as words, never as the raw number", () => {
    const results: QuestionResult[] = [
      { name: "themes", type: "multiple", n: 20, options: [{ value: "design", count: 12 }, { value: "pricing", count: null, lessThan: 5 }, { value: "other", count: null, hidden: "difference" }] },
    ];
    const summary = { question: "Question", option: "Answer", count: "Respondents", respondents: "Respondents", lessThan: (n: number) => `fewer than ${n}`, hidden: "hidden" };
    const rows = summaryRows({ results, n: 20, texts, summary });
    expect(rows).toContainEqual(["Themes", "Design", 12]);
    expect(rows).toContainEqual(["Themes", "Fair pricing", "fewer than 5"]);
    expect(rows).toContainEqual(["Themes", "Other", "hidden"]);
  });
});

describe("export of a segment with small groups", () => {
  it("drops the column of a hidden option and masks a hidden single answer, so no small group can be counted", () => {
    const results = [
      { name: "themes", type: "multiple", n: 12, options: [{ value: "design", count: 9 }, { value: "pricing", count: null, lessThan: 5 }, { value: "other", count: null, lessThan: 5 }] },
      { name: "frequency", type: "single", n: 12, options: [{ value: "monthly", count: null, hidden: "difference" }] },
    ] as unknown as QuestionResult[];
    const columns = exportColumns({ questions, texts: { ...texts, hidden: "(hidden)" }, freeTextShown: new Set(["themes"]), hidden: hiddenValues(results) });
    const headers = columns.map((column) => column.header);
    expect(headers).toContain("Themes: Design");
    expect(headers).not.toContain("Themes: Fair pricing");
    expect(headers).not.toContain("Themes: Other");
    expect(headers).not.toContain("Themes: other (written answer)");
    const rhythm = columns.find((column) => column.header === "Rhythm")!;
    expect(rhythm.cell(answers)).toBe("(hidden)");
  });
});
