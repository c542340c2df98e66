// npm run bench:page — the member page under Lighthouse's mobile profile, as
// DevTools applies it (issue 4, "Speed"): the production build serving a
// published 20-question survey, against the same survey drawn by
// survey-react-ui in a bare page (the design this one replaces). Cold cache
// each run; medians; writes bench/results/page.json. Sizes are compressed
// bodies (the budget's measure); jsWithHeadersKB adds the response headers.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { type Browser, chromium, type Page } from "@playwright/test";
import { build } from "vite";
import { machine, median, publishSurvey, startServer } from "./server-lib";

const RUNS = Number(process.env.RUNS ?? 5);
const BUDGET = { jsKB: 120, firstQuestionMs: 1500 };
// Lighthouse's mobile profile (slow 4G, mid-range phone), as DevTools throttling applies it.
const NETWORK = { offline: false, latency: 562.5, downloadThroughput: (1474.56 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };
const CPU_SLOWDOWN = 4;
const SCREEN = { width: 412, height: 823, deviceScaleFactor: 1.75 };

const text = (fr: string, nl: string, en: string) => ({ default: fr, nl, en });
const choices = (...values: string[]) => values.map((value) => ({ value, text: text(`Choix ${value}`, `Keuze ${value}`, `Choice ${value}`) }));

/** Twenty questions of the kinds the designer offers, on one page. */
function twentyQuestions() {
  const kinds = [
    (n: number) => ({ type: "radiogroup", choices: choices("a", "b", "c", "d"), isRequired: n === 1 }),
    () => ({ type: "checkbox", choices: choices("a", "b", "c", "d", "e", "f"), showOtherItem: true, otherText: text("Autre", "Andere", "Other") }),
    () => ({ type: "dropdown", choices: choices("a", "b", "c", "d", "e") }),
    () => ({ type: "rating", rateMin: 1, rateMax: 5 }),
    () => ({ type: "boolean" }),
    () => ({ type: "text" }),
    () => ({ type: "comment" }),
  ];
  const elements = Array.from({ length: 20 }, (_, index) => ({
    name: `q${index + 1}`,
    title: text(`Question ${index + 1} : que préférez-vous ?`, `Vraag ${index + 1}: wat heb je liever?`, `Question ${index + 1}: what do you prefer?`),
    ...kinds[index % kinds.length]!(index + 1),
  }));
  return { locale: "en", pages: [{ name: "all", elements }] };
}

type Run = { htmlBytes: number; jsBytes: number; cssBytes: number; jsTransferredBytes: number; firstQuestionMs: number; tapRegisteredMs: number; tapDelayMs: number };
type Target = { url: string; question: string; choice: string };

/** One cold load: a fresh context (empty cache), throttled through CDP, timed in the page. */
async function measure(browser: Browser, target: Target): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: SCREEN.width, height: SCREEN.height }, deviceScaleFactor: SCREEN.deviceScaleFactor, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", NETWORK);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  // Compressed bodies by type (what the budget counts), and the JS with its response headers.
  const responses = new Map<string, { type: string; headerBytes: number }>();
  const bytes = { Document: 0, Script: 0, Stylesheet: 0 } as Record<string, number>;
  let jsTransferredBytes = 0;
  cdp.on("Network.responseReceived", (event) => responses.set(event.requestId, { type: event.type, headerBytes: event.response.encodedDataLength }));
  cdp.on("Network.loadingFinished", (event) => {
    const response = responses.get(event.requestId);
    if (!response || !(response.type in bytes)) return;
    bytes[response.type]! += event.encodedDataLength - response.headerBytes;
    if (response.type === "Script") jsTransferredBytes += event.encodedDataLength;
  });
  // Checked on every frame from the first one: the moment the first question is drawn.
  await page.addInitScript((selector: string) => {
    const look = () => {
      const element = document.querySelector(selector);
      const box = element?.getBoundingClientRect();
      if (box && box.height > 0 && box.top < window.innerHeight) (window as unknown as { __firstQuestion: number }).__firstQuestion = performance.now();
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }, target.question);
  await page.goto(target.url, { waitUntil: "commit" });
  await page.waitForFunction(() => (window as unknown as { __firstQuestion?: number }).__firstQuestion !== undefined, undefined, { timeout: 60_000, polling: 50 });
  // A tap on the first choice as soon as it shows; registered when the control says checked.
  const tapAt = await page.evaluate(() => performance.now());
  await tapChoice(page, target.choice);
  await page.waitForFunction((selector) => document.querySelector<HTMLInputElement>(selector)?.checked === true, target.choice, { timeout: 60_000, polling: 20 });
  const timings = await page.evaluate(() => ({ first: (window as unknown as { __firstQuestion: number }).__firstQuestion, now: performance.now() }));
  await page.waitForLoadState("networkidle");
  await context.close();
  return {
    htmlBytes: bytes.Document!,
    jsBytes: bytes.Script!,
    cssBytes: bytes.Stylesheet!,
    jsTransferredBytes,
    firstQuestionMs: Math.round(timings.first),
    tapRegisteredMs: Math.round(timings.now),
    tapDelayMs: Math.round(timings.now - tapAt),
  };
}

/** Taps what a finger would hit: the choice's label row (survey-react-ui hides the input itself). */
async function tapChoice(page: Page, choice: string) {
  const box = await page.evaluate((selector) => {
    const input = document.querySelector(selector);
    const target = input?.closest("label") ?? input;
    const rect = target?.getBoundingClientRect();
    return rect ? { x: rect.left + Math.min(20, rect.width / 2), y: rect.top + rect.height / 2 } : null;
  }, choice);
  if (!box) throw new Error(`no choice ${choice}`);
  await page.touchscreen.tap(box.x, box.y);
}

/** The reference: survey-core + survey-react-ui + React in a bare page, built by Vite, served gzipped. */
async function referencePage(definition: unknown): Promise<{ url: string; close: () => void }> {
  const root = mkdtempSync(path.join(os.tmpdir(), "maillage-bench-ref-"));
  symlinkSync(path.resolve("node_modules"), path.join(root, "node_modules"), "dir");
  writeFileSync(
    path.join(root, "index.html"),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>survey-react-ui</title></head>` +
      `<body><div id="root"></div><script type="module" src="./main.js"></script></body></html>`,
  );
  writeFileSync(
    path.join(root, "main.js"),
    `import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { Model } from "survey-core";
import { Survey } from "survey-react-ui";
import "survey-core/survey-core.min.css";
const model = new Model(${JSON.stringify(definition)});
model.locale = "en";
createRoot(document.getElementById("root")).render(createElement(Survey, { model }));
`,
  );
  await build({ root, configFile: false, logLevel: "warn", build: { outDir: path.join(root, "dist"), emptyOutDir: true } });
  const files = new Map<string, { body: Buffer; type: string }>();
  const dist = path.join(root, "dist");
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, `${prefix}${entry.name}/`);
      else files.set(`/${prefix}${entry.name}`, { body: gzipSync(readFileSync(full)), type: contentType(entry.name) });
    }
  };
  walk(dist, "");
  const server: Server = createServer((request, response) => {
    const file = files.get(request.url === "/" ? "/index.html" : (request.url ?? "").split("?")[0]!);
    if (!file) return response.writeHead(404).end();
    response.writeHead(200, { "Content-Type": file.type, "Content-Encoding": "gzip", "Cache-Control": "no-store" }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, close: () => (server.close(), rmSync(root, { recursive: true, force: true })) };
}

const contentType = (name: string) =>
  name.endsWith(".html") ? "text/html; charset=utf-8" : name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "application/octet-stream";

function summarise(runs: Run[]) {
  const pick = (key: keyof Run) => median(runs.map((run) => run[key]));
  return {
    htmlKB: +(pick("htmlBytes") / 1024).toFixed(1),
    jsKB: +(pick("jsBytes") / 1024).toFixed(1),
    cssKB: +(pick("cssBytes") / 1024).toFixed(1),
    jsWithHeadersKB: +(pick("jsTransferredBytes") / 1024).toFixed(1),
    firstQuestionMs: pick("firstQuestionMs"),
    tapRegisteredMs: pick("tapRegisteredMs"),
    tapDelayMs: pick("tapDelayMs"),
  };
}

const definition = twentyQuestions();
const dataDir = mkdtempSync(path.join(os.tmpdir(), "maillage-bench-page-"));
const server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: "", DEMO: "0" });
const reference = await referencePage(definition);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const { slug } = await publishSurvey(server.origin, {
    slug: `bench-page-${Date.now()}`,
    title: text("Vingt questions", "Twintig vragen", "Twenty questions"),
    definition,
  });
  const ours: Target = { url: `${server.origin}/s/${slug}?lng=en`, question: "[data-question] legend, [data-question] label", choice: "#q-q1-0" };
  const theirs: Target = { url: reference.url, question: ".sd-question__title, .sd-question", choice: 'input[type="radio"]' };
  const memberRuns: Run[] = [];
  const referenceRuns: Run[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    memberRuns.push(await measure(browser, ours));
    referenceRuns.push(await measure(browser, theirs));
    console.log(`run ${run + 1}/${RUNS}: member ${memberRuns.at(-1)!.firstQuestionMs} ms, survey-react-ui ${referenceRuns.at(-1)!.firstQuestionMs} ms`);
  }
  const member = summarise(memberRuns);
  const surveyReactUi = summarise(referenceRuns);
  const ratio = {
    js: +(surveyReactUi.jsKB / member.jsKB).toFixed(1),
    firstQuestion: +(surveyReactUi.firstQuestionMs / member.firstQuestionMs).toFixed(1),
    tapRegistered: +(surveyReactUi.tapRegisteredMs / member.tapRegisteredMs).toFixed(1),
  };
  const withinBudget = { js: member.jsKB <= BUDGET.jsKB, firstQuestion: member.firstQuestionMs < BUDGET.firstQuestionMs };
  console.table({ "member page": member, "survey-react-ui": surveyReactUi });
  console.log(`survey-react-ui / member page: JS ×${ratio.js}, first question ×${ratio.firstQuestion}, tap registered ×${ratio.tapRegistered}`);
  console.log(`budget (≤ ${BUDGET.jsKB} KB JS, first question < ${BUDGET.firstQuestionMs} ms): JS ${withinBudget.js ? "ok" : "OVER"}, first question ${withinBudget.firstQuestion ? "ok" : "OVER"}`);
  mkdirSync("bench/results", { recursive: true });
  const report = {
    date: new Date().toISOString(),
    machine: machine(),
    profile: { network: NETWORK, cpuSlowdown: CPU_SLOWDOWN, screen: SCREEN, cache: "cold" },
    runs: RUNS,
    questions: 20,
    budget: BUDGET,
    member,
    surveyReactUi,
    ratio,
    withinBudget,
    raw: { member: memberRuns, surveyReactUi: referenceRuns },
  };
  writeFileSync("bench/results/page.json", `${JSON.stringify(report, null, 2)}\n`);
  console.log("Written: bench/results/page.json");
} finally {
  await browser.close();
  reference.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
