// The recommendation engine on the whole cooperative (35,000 respondents) and on
// 1,000,000, with synthetic answers. Prints time and memory; writes bench/results/reco.json.
// Run: npm run bench:reco (npx vite-node bench/reco.ts)
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
const { questions, antennas, sectors } = templateSizedQuestions();

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

const results = SIZES.map((count) => {
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
  const respondents = generated.value;
  const before = memory();
  const timings = { indexMs: [] as number[], wholeMs: [] as number[], antennaMs: [] as number[], antennaSectorMs: [] as number[] };
  let summary = {};
  for (let run = 0; run < RUNS; run++) {
    const index = time(() => indexAnswers(questions, respondents));
    const whole = time(() => recommendFromIndex(index.value, { minGroupSize: 5 }));
    const antenna = time(() => recommendFromIndex(index.value, { minGroupSize: 5, segment: { antenna: "lie" } }));
    const both = time(() => recommendFromIndex(index.value, { minGroupSize: 5, segment: { antenna: "lie", sector: "sector-3" } }));
    timings.indexMs.push(index.ms);
    timings.wholeMs.push(whole.ms);
    timings.antennaMs.push(antenna.ms);
    timings.antennaSectorMs.push(both.ms);
    const top = antenna.value.suppressed ? null : antenna.value.proposals[0];
    const indexMB = Object.values(index.value.roles).reduce((sum, role) => sum + [...role.members.values()].reduce((s, bits) => s + bits.byteLength, 0), 0) / MB;
    summary = { indexMB: Math.round(indexMB * 10) / 10, topProposalInLiege: top && { theme: top.theme, format: top.format, slot: top.slot, venue: top.venue, participants: top.participants } };
  }
  const after = memory();
  const medians = Object.fromEntries(Object.entries(timings).map(([name, values]) => [name, median(values)]));
  const row = {
    respondents: count,
    generateMs: generated.ms,
    ...medians,
    // One reader's request: build the index, then the recommendations for one segment.
    requestMs: Math.round(((medians.indexMs ?? 0) + (medians.antennaMs ?? 0)) * 10) / 10,
    memoryBefore: before,
    memoryAfter: after,
    ...summary,
  };
  console.log(JSON.stringify(row));
  return row;
});

const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown", node: process.version, totalMemoryMB: Math.round(os.totalmem() / MB) };
const out = path.join("bench", "results", "reco.json");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine, runs: RUNS, results }, null, 2)}\n`);
console.log(`written ${out}`);
