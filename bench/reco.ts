// The recommendation engine on the whole cooperative (35,000 respondents) and
// on 1,000,000, with synthetic answers, for the template (25 themes) and for a
// survey of 100 themes. Prints time and memory; writes bench/results/reco.json.
// Run: npm run bench:reco (npx vite-node bench/reco.ts); RECO_SIZES=35000 for a quick run.
//
// What a reader waits for once per release: the index built from the rows,
// then one view (the overview of every antenna, or one antenna). Later
// requests of the same view read the cache (networking/load.server.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { indexAnswers } from "~/networking/answers";
import { recommendFromIndex } from "~/networking/engine";
import { templateSizedQuestions } from "~/networking/sample-survey";
import { generateRespondents } from "~/networking/synthetic";

const SIZES = (process.env.RECO_SIZES ?? "35000,1000000").split(",").map(Number);
const RUNS = 3;
const MB = 1024 * 1024;
// Issue 12's figures before this engine, on this kind of machine: the template at 1,000,000 took 3.3 s, 100 themes 59 s.
const BEFORE = { template: { respondents: 1_000_000, requestMs: 3300 }, hundredThemes: { respondents: 1_000_000, requestMs: 59_000 } };

const memory = () => {
  const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
  return { rssMB: Math.round(rss / MB), heapUsedMB: Math.round(heapUsed / MB), arrayBuffersMB: Math.round(arrayBuffers / MB) };
};

function time<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: Math.round((performance.now() - start) * 10) / 10 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const SURVEYS = [
  { name: "template", topics: 10 },
  { name: "hundredThemes", topics: 85 },
] as const;

const results = SURVEYS.flatMap(({ name, topics }) => {
  const { questions, antennas, sectors } = templateSizedQuestions({ topics });
  const themes = questions.find((question) => question.role === "interest.theme")!.choices.length;
  return SIZES.map((count) => {
    const generated = time(() =>
      generateRespondents({
        questions,
        antennas,
        sectors,
        count,
        seed: 42,
        planted: [{ antenna: "lie", theme: "sector-3", format: "format-2", slot: "slot-5", venue: "venue-1", size: Math.round(count / 500) }],
      }),
    );
    const respondents = generated.value.map((respondent, i) => ({ ...respondent, locale: ["fr", "nl", "en"][i % 3]! }));
    const before = memory();
    const timings = { indexMs: [] as number[], overviewMs: [] as number[], antennaMs: [] as number[], antennaSectorMs: [] as number[] };
    let summary = {};
    for (let run = 0; run < RUNS; run++) {
      const index = time(() => indexAnswers(questions, respondents));
      const overview = time(() => recommendFromIndex(index.value, { minGroupSize: 5 }));
      const antenna = time(() => recommendFromIndex(index.value, { minGroupSize: 5, segment: { antenna: "lie" } }));
      const both = time(() => recommendFromIndex(index.value, { minGroupSize: 5, segment: { antenna: "lie", sector: "sector-3" } }));
      timings.indexMs.push(index.ms);
      timings.overviewMs.push(overview.ms);
      timings.antennaMs.push(antenna.ms);
      timings.antennaSectorMs.push(both.ms);
      const top = antenna.value.suppressed ? null : antenna.value.proposals[0];
      const whole = overview.value.suppressed ? null : overview.value;
      summary = {
        topProposalInLiege: top && { theme: top.theme, format: top.format, slot: top.slot, venue: top.venue, participants: top.participants },
        overviewAntennas: whole && new Set(whole.proposals.map((proposal) => proposal.antenna)).size,
        programmeBound: whole?.programme?.bound,
        transversalPairs: whole?.transversalThemes.length,
      };
    }
    const after = memory();
    const medians = Object.fromEntries(Object.entries(timings).map(([key, values]) => [key, median(values)]));
    const row = {
      survey: name,
      themes,
      respondents: count,
      generateMs: generated.ms,
      ...medians,
      // What the first reader of a release waits for: the index, then the overview.
      requestMs: Math.round(((medians.indexMs ?? 0) + (medians.overviewMs ?? 0)) * 10) / 10,
      memoryBefore: before,
      memoryAfter: after,
      ...summary,
    };
    console.log(JSON.stringify(row));
    return [row];
  }).flat();
});

const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown", node: process.version, totalMemoryMB: Math.round(os.totalmem() / MB) };
const out = path.join("bench", "results", "reco.json");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine, runs: RUNS, before: BEFORE, results }, null, 2)}\n`);
console.log(`written ${out}`);
