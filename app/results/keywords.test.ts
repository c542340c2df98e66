import { describe, expect, it } from "vitest";
import { keywordFrequencies, tokenize } from "./keywords";

describe("keywords", () => {
  it("drops French, Dutch and English stop words, short words and numbers, and ignores accents and case", () => {
    expect(tokenize({ text: "Des rencontres à la KOP, le lundi à 9h et Vidéo 2025" })).toEqual(["rencontres", "kop", "lundi", "video"]);
    expect(tokenize({ text: "Ik wil graag een werkontbijt in Gent" })).toEqual(["graag", "werkontbijt", "gent"]);
    expect(tokenize({ text: "More meetings about the fair pricing" })).toEqual(["meetings", "fair", "pricing"]);
  });

  it("counts each word once per answer, across languages, most frequent first", () => {
    const answers = ["Un afterwork à Liège, afterwork !", "Afterwork in Gent", "An afterwork in Liège please", "Vidéo et son", "video"];
    expect(keywordFrequencies({ answers })).toEqual([
      { word: "afterwork", count: 3 },
      { word: "liege", count: 2 },
      { word: "video", count: 2 },
    ]);
  });

  it("keeps words said once out by default and honours the limit", () => {
    expect(keywordFrequencies({ answers: ["alpha beta", "alpha gamma"] })).toEqual([{ word: "alpha", count: 2 }]);
    expect(keywordFrequencies({ answers: ["alpha beta", "alpha beta"], limit: 1 })).toEqual([{ word: "alpha", count: 2 }]);
  });
});
