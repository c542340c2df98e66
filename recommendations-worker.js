// The recommendations' worker thread (app/networking/worker.server.ts): the
// engine runs here, off the event loop that serves requests. It loads the same
// production build as server.js and answers each job through its entry module.
import { parentPort } from "node:worker_threads";

const { entry } = await import("./build/server/index.js");
// Jobs posted while the build loaded wait in the port until this listener starts it.
parentPort.on("message", (job) => parentPort.postMessage(entry.module.runRecommendationJob(job)));
