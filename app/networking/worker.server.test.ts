import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { answerIndexBuilder, finishIndex } from "./answers";
import { recommendFromIndex } from "./engine";
import { SAMPLE_ANTENNAS, SAMPLE_QUESTIONS, SAMPLE_SECTORS } from "./sample-survey";
import { generateRespondents } from "./synthetic";
import { computeRecommendations, runRecommendationJob, startRecommendationWorker, stopRecommendationWorker } from "./worker.server";

const builder = answerIndexBuilder(SAMPLE_QUESTIONS);
builder.add(generateRespondents({ questions: SAMPLE_QUESTIONS, antennas: SAMPLE_ANTENNAS, sectors: SAMPLE_SECTORS, count: 400, seed: 3 }));
const source = { rows: builder.rows(), releases: [{ number: 1, closing: false }] };
const index = finishIndex(source.rows, source.releases);
const options = { minGroupSize: 5, segment: { antenna: "lie" } };

/**
 * A stand-in for recommendations-worker.js speaking the same protocol: it
 * keeps the sources it is sent, forgets them all when asked for k = 9, dies on
 * k = 7, and answers with what it received instead of running the engine
 * (which only the production build can load in a worker).
 */
function fakeWorker(): URL {
  const script = path.join(mkdtempSync(path.join(tmpdir(), "reco-worker-")), "worker.mjs");
  writeFileSync(
    script,
    `import { parentPort } from "node:worker_threads";
const kept = new Map();
parentPort.on("message", (job) => {
  if (job.options.k === 7) process.exit(3);
  if (job.options.k === 9 && !job.source) kept.clear();
  if (job.source) kept.set(job.key, job.source);
  const source = kept.get(job.key);
  if (!source) return parentPort.postMessage({ id: job.id, missing: true });
  parentPort.postMessage({ id: job.id, result: { fromWorker: true, sentIndex: Boolean(job.source), rows: source.rows.count, k: job.options.k } });
});`,
  );
  return pathToFileURL(script);
}

afterEach(() => stopRecommendationWorker());

describe("the recommendations worker", () => {
  it("answers a job as the engine does, keeps the index it laid out, and asks again for one it does not have", () => {
    expect(runRecommendationJob({ id: 1, key: "s|1|1", source, options })).toEqual({ id: 1, result: recommendFromIndex(index, options) });
    expect(runRecommendationJob({ id: 2, key: "s|1|1", options })).toEqual({ id: 2, result: recommendFromIndex(index, options) });
    expect(runRecommendationJob({ id: 3, key: "other", options })).toEqual({ id: 3, missing: true });
  });

  it("runs the engine in the calling thread when no worker was started", async () => {
    expect(await computeRecommendations("s|1|1", source, options)).toEqual(recommendFromIndex(index, options));
  });

  it("sends a release's index to the worker once, and again when the worker let it go", async () => {
    startRecommendationWorker(fakeWorker());
    expect(await computeRecommendations("s|1|1", source, { ...options, k: 1 })).toEqual({ fromWorker: true, sentIndex: true, rows: 400, k: 1 });
    expect(await computeRecommendations("s|1|1", source, { ...options, k: 2 })).toEqual({ fromWorker: true, sentIndex: false, rows: 400, k: 2 });
    // The worker forgot it: it answers "missing", and the same job comes back with the index.
    expect(await computeRecommendations("s|1|1", source, { ...options, k: 9 })).toEqual({ fromWorker: true, sentIndex: true, rows: 400, k: 9 });
  });

  it("finishes the jobs in flight here when the worker dies, and the later ones too", async () => {
    startRecommendationWorker(fakeWorker());
    const dying = { ...options, k: 7 };
    expect(await computeRecommendations("s|1|1", source, dying)).toEqual(recommendFromIndex(index, dying));
    expect(await computeRecommendations("s|1|1", source, { ...options, k: 2 })).toEqual(recommendFromIndex(index, { ...options, k: 2 }));
  });
});
