import { describe, expect, it } from "vitest";
import { releaseCount } from "./cell-key";
import { keywordCounts, tokenize } from "./keywords";

const written = (texts: string[]) => texts.map((text, i) => ({ text, recordKey: 1000 + 37 * i }));
const keyOf = (indexes: number[]) => indexes.reduce((sum, i) => sum + 1000 + 37 * i, 0);

describe("keywords", () => {
  it("drops French, Dutch and English stop words, short words and numbers, and ignores accents and case", () => {
    expect(tokenize({ text: "Des rencontres à la KOP, le lundi à 9h et Vidéo 2025" })).toEqual(["rencontres", "kop", "lundi", "video"]);
    expect(tokenize({ text: "Ik wil graag een werkontbijt in Gent" })).toEqual(["graag", "werkontbijt", "gent"]);
    expect(tokenize({ text: "More meetings about the fair pricing" })).toEqual(["meetings", "fair", "pricing"]);
  });

  it("counts each word once per writer, across languages, released like any count of people", () => {
    const texts = written(["Un afterwork à Liège, afterwork !", "Afterwork in Gent", "An afterwork in Liège please", "afterwork et vidéo", "Afterwork, vidéo et son", "video"]);
    const afterwork = releaseCount({ count: 5, cellKey: keyOf([0, 1, 2, 3, 4]), minGroupSize: 5 });
    // "vidéo" has 2 writers (3 with "video" unaccented): never a keyword at k = 5.
    expect(keywordCounts({ texts, minGroupSize: 5 })).toEqual(afterwork === null ? [] : [{ word: "afterwork", count: afterwork }]);
    expect(keywordCounts({ texts, minGroupSize: 3 }).find((keyword) => keyword.word === "video")?.count).toBe(releaseCount({ count: 3, cellKey: keyOf([3, 4, 5]), minGroupSize: 3 }) ?? undefined);
  });

  it("leaves out a word fewer than k writers use, so no keyword points at a small group", () => {
    const texts = written(["alpha beta", "alpha gamma", "alpha", "alpha", "alpha", "beta"]);
    const words = keywordCounts({ texts, minGroupSize: 3 }).map((keyword) => keyword.word);
    expect(words).toContain("alpha");
    expect(words).not.toContain("beta");
    expect(words).not.toContain("gamma");
    expect(keywordCounts({ texts, minGroupSize: 3, limit: 0 })).toEqual([]);
  });
});
