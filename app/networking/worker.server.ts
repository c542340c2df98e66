// The recommendations off the request's event loop: in production server.js
// starts one worker thread (recommendations-worker.js, which loads this same
// build) and the engine runs there; a page or API request only waits for its
// answer. Each release's rows (reduced to numbers) are handed over once; the
// worker lays out the index from them and keeps it.
// Without a worker (dev server, tests, or a worker that died) the engine runs
// in the calling thread: the same pure function, the same figures.
import { Worker } from "node:worker_threads";
import { type AnswerIndex, finishIndex, type IndexRows, type Release } from "./answers";
import { recommendFromIndex, type RecommendOptions } from "./engine";
import type { Recommendations } from "./types";

/** What an index is made of: a release's rows and the survey's releases then. */
export type IndexSource = { rows: IndexRows; releases: Release[] };

/** What the worker is asked: the index's source travels only the first time its key is seen. */
export type RecommendationJob = { id: number; key: string; source?: IndexSource; options: RecommendOptions };
export type RecommendationAnswer = { id: number; result: Recommendations } | { id: number; missing: true } | { id: number; error: string };

/** Indexes the worker keeps, as many as the main thread's index cache (load.server.ts). */
const KEPT = 8;
const kept = new Map<string, AnswerIndex>();

/** The worker's side: one job in, one answer out (the main thread runs it too when there is no worker). An index is laid out once per key. */
export function runRecommendationJob({ id, key, source, options }: RecommendationJob): RecommendationAnswer {
  try {
    let known = kept.get(key);
    kept.delete(key);
    if (!known && source) known = finishIndex(source.rows, source.releases);
    if (!known) return { id, missing: true };
    kept.set(key, known);
    while (kept.size > KEPT) kept.delete(kept.keys().next().value!);
    return { id, result: recommendFromIndex(known, options) };
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) };
  }
}

type Pending = { job: RecommendationJob; source: IndexSource; resolve: (result: Recommendations) => void; reject: (error: Error) => void };

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();
/** Keys whose index the worker was sent (it may have let one go since: it then answers `missing`). */
const sent = new Set<string>();

/** Called by server.js in production with the worker script's location. */
export function startRecommendationWorker(script: URL): void {
  const started = new Worker(script);
  started.unref();
  started.on("message", (answer: RecommendationAnswer) => settle(answer));
  const fail = (error: Error) => {
    if (worker !== started) return;
    // The jobs in flight run here instead; later ones too, until a restart.
    worker = null;
    sent.clear();
    for (const [id, { job, source, resolve, reject }] of pending) {
      pending.delete(id);
      settleHere({ ...job, source }, resolve, () => reject(error));
    }
  };
  started.on("error", fail);
  started.on("exit", (code) => fail(new Error(`recommendations worker exited with ${code}`)));
  worker = started;
}

export async function stopRecommendationWorker(): Promise<void> {
  const stopping = worker;
  worker = null;
  sent.clear();
  await stopping?.terminate();
}

function settle(answer: RecommendationAnswer) {
  const waiting = pending.get(answer.id);
  if (!waiting) return;
  if ("missing" in answer) {
    // The worker let this index go: send its source again with the same job.
    sent.delete(waiting.job.key);
    waiting.job = { ...waiting.job, source: waiting.source };
    sent.add(waiting.job.key);
    worker?.postMessage(waiting.job);
    return;
  }
  pending.delete(answer.id);
  if ("error" in answer) waiting.reject(new Error(answer.error));
  else waiting.resolve(answer.result);
}

/** Runs a job in this thread. */
function settleHere(job: RecommendationJob, resolve: (result: Recommendations) => void, reject: (error: Error) => void): void {
  const answer = runRecommendationJob(job);
  if ("result" in answer) resolve(answer.result);
  else reject(new Error("error" in answer ? answer.error : "no index"));
}

/** The engine's answer for one view of a release (`key` names its index), from the worker when there is one. */
export function computeRecommendations(key: string, source: IndexSource, options: RecommendOptions): Promise<Recommendations> {
  if (!worker) return new Promise((resolve, reject) => settleHere({ id: 0, key, source, options }, resolve, reject));
  const job: RecommendationJob = { id: nextId++, key, options, ...(sent.has(key) ? {} : { source }) };
  sent.add(key);
  while (sent.size > 4 * KEPT) sent.delete(sent.values().next().value!);
  return new Promise((resolve, reject) => {
    pending.set(job.id, { job, source, resolve, reject });
    worker!.postMessage(job);
  });
}
