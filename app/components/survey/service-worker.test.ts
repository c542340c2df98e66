import { readFileSync } from "node:fs";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";

// public/sw.js is served as it is (no build step): it runs here in a sandbox
// standing in for the worker's global scope, and tells which requests it
// answers itself. Everything it leaves alone goes to the network untouched.
type Listener = (event: unknown) => void;
type Worker = {
  listeners: Record<string, Listener>;
  maillageWorker: { documentKey: (url: URL) => string | null; documentAssets: (html: string) => string[] };
};

function loadWorker(): Worker {
  const listeners: Record<string, Listener> = {};
  const self = { location: new URL("https://maillage.test/sw.js"), addEventListener: (type: string, listener: Listener) => (listeners[type] = listener) } as Record<string, unknown>;
  runInNewContext(readFileSync(path.join(__dirname, "../../../public/sw.js"), "utf8"), { self, URL, caches: {}, fetch: () => Promise.reject(new Error("no network")) });
  return { listeners, maillageWorker: self.maillageWorker as Worker["maillageWorker"] };
}

/** Whether the worker answers this request itself (respondWith), rather than letting it through. */
function answers(worker: Worker, url: string, init: { method?: string; mode?: string } = {}): boolean {
  let answered = false;
  const request = { url: new URL(url, "https://maillage.test").href, method: init.method ?? "GET", mode: init.mode ?? "cors" };
  worker.listeners.fetch!({ request, respondWith: (response: Promise<unknown>) => ((answered = true), response.catch(() => undefined)), waitUntil: () => undefined, preloadResponse: Promise.resolve(undefined) });
  return answered;
}

describe("the member pages' service worker", () => {
  const worker = loadWorker();

  it("keeps one copy per survey, whatever the query, and its privacy notice", () => {
    const key = (url: string) => worker.maillageWorker.documentKey(new URL(url, "https://maillage.test"));
    expect(key("/s/faire-reseau?page=3&lng=nl")).toBe("/s/faire-reseau");
    expect(key("/s/faire-reseau/")).toBe("/s/faire-reseau");
    expect(key("/s/faire-reseau/privacy")).toBe("/s/faire-reseau/privacy");
    for (const other of ["/s/faire-reseau/withdraw?t=abc", "/s/faire-reseau/autosave", "/surveys/faire-reseau", "/s/", "/api/surveys/faire-reseau"]) expect(key(other)).toBeNull();
  });

  it("answers member pages and the scripts they load, network first for pages", () => {
    expect(answers(worker, "/s/faire-reseau?page=2", { mode: "navigate" })).toBe(true);
    expect(answers(worker, "/s/faire-reseau/privacy", { mode: "navigate" })).toBe(true);
    expect(answers(worker, "/assets/root-Cp8m8FMa.js")).toBe(true);
    expect(answers(worker, "/favicon.svg")).toBe(true);
  });

  it("lets answers, the API and other sites' requests go to the network untouched", () => {
    expect(answers(worker, "/s/faire-reseau?page=2", { method: "POST", mode: "navigate" })).toBe(false);
    expect(answers(worker, "/s/faire-reseau/autosave", { method: "POST" })).toBe(false);
    expect(answers(worker, "/api/surveys/faire-reseau/results")).toBe(false);
    expect(answers(worker, "/surveys/faire-reseau/results.csv")).toBe(false);
    expect(answers(worker, "https://elsewhere.test/assets/x.js")).toBe(false);
    expect(answers(worker, "/s/faire-reseau.data")).toBe(false);
  });

  it("knows the modules, styles and icon a page loads from its HTML", () => {
    const html =
      '<link rel="icon" href="/favicon.svg" type="image/svg+xml"/><link rel="modulepreload" href="/assets/entry.client-Qw3.js"/>' +
      '<link rel="stylesheet" href="/assets/app-C0r.css"/><link rel="modulepreload" href="/assets/entry.client-Qw3.js"/><script src="https://elsewhere.test/x.js"></script>';
    expect(worker.maillageWorker.documentAssets(html)).toEqual(["/favicon.svg", "/assets/entry.client-Qw3.js", "/assets/app-C0r.css"]);
  });
});
