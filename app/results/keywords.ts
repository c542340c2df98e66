// Recurring words across free-text answers in French, Dutch and English. The
// stop-word lists are short on purpose: they drop the grammar, not the topics.
import { addKeyed, type KeyedCount, NO_ONE, releaseKeyed } from "./cell-key";

const STOP_WORDS: Record<"fr" | "nl" | "en", string[]> = {
  fr: "au aux avec ce ces cette dans de des du elle en et eux il ils je la le les leur lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous est sont etre avoir ai fait faire plus tres aussi comme bien peu tout tous toutes cela ca si sans entre chez afin donc alors".split(" "),
  nl: "de het een en van ik je jij hij zij wij we ze u die dat dit in op aan met voor naar om te er is zijn was ben bent niet geen wel ook maar of als dan nog al meer heel zo bij uit tot door over onder mijn jouw uw ons onze hun hem haar wat wie waar hoe kan kunnen wil willen zou moet".split(" "),
  en: "a an the and or but of to in on at for with by from as is are was were be been being it its this that these those i you he she we they me my your our their not no so if then than too very can could would should will just more most some any all also about into out up".split(" "),
};

const STOP = new Set(Object.values(STOP_WORDS).flat());

export type Keyword = { word: string; count: number };

/** Lowercase words without accents, so "Vidéo" and "video" count together. */
export function tokenize({ text }: { text: string }): string[] {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 3 && !STOP.has(word) && !/^\d+$/.test(word));
}

/**
 * The most frequent words, each counted once per answer (how many writers
 * mention it), released like any count of respondents: a word fewer than
 * minGroupSize writers use is left out. Most frequent first, ties in
 * alphabetical order.
 */
export function keywordCounts({ texts, minGroupSize, limit = 30 }: { texts: { text: string; recordKey: number }[]; minGroupSize: number; limit?: number }): Keyword[] {
  const counts = new Map<string, KeyedCount>();
  for (const { text, recordKey } of texts) {
    for (const word of new Set(tokenize({ text }))) counts.set(word, addKeyed(counts.get(word) ?? NO_ONE, { count: 1, keySum: recordKey }));
  }
  return [...counts]
    .flatMap(([word, count]) => {
      const released = releaseKeyed(count, minGroupSize);
      return released === null || released === 0 ? [] : [{ word, count: released }];
    })
    .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word))
    .slice(0, limit);
}
