// Maillage's service worker for the member pages (docs/decisions/010-service-worker.md).
// Registered with scope /s/ by the member page's script: staff pages are outside
// its scope and never pass through it. What it does, and nothing else:
// - a member's survey page (GET /s/<slug>, any query) goes to the network first;
//   the answer is kept as the one copy of that survey (its query dropped), and
//   served only when the network fails. A page that is not a form to answer
//   (the thanks, a closed survey) removes the copy instead.
// - the scripts and styles those copies need (/assets/, hashed, immutable) come
//   from the cache first; the ones no copy needs any more are removed.
// - every other request, and every POST (answers, autosave), goes to the
//   network untouched: the worker never sees an answer on its way.
// Plain JavaScript with no build step: the file is served as it is.

const PAGES = "maillage-pages-v1";
const ASSETS = "maillage-assets-v1";
const OURS = [PAGES, ASSETS];
// The survey form carries this attribute (survey-page.tsx) only for a member's own page.
const FORM_MARK = "data-offline-survey";

/** The cache key of a member document (`/s/<slug>` or its privacy notice), or null for anything else. */
function documentKey(url) {
  const match = /^\/s\/([a-z0-9-]+)(\/privacy)?\/?$/.exec(url.pathname);
  return match ? `/s/${match[1]}${match[2] ?? ""}` : null;
}

/** The scripts, styles and icon a document loads (Remix lists every module it needs as a modulepreload). */
function documentAssets(html) {
  const found = new Set();
  for (const match of html.matchAll(/<link rel="(?:modulepreload|stylesheet|icon)" href="(\/(?:assets\/[^"]+|favicon\.svg))"/g)) found.add(match[1]);
  return [...found];
}

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith("maillage-") && !OURS.includes(name)) await caches.delete(name);
      // The network request starts while the worker wakes up.
      await self.registration.navigationPreload?.enable();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    const key = documentKey(url);
    event.respondWith(key ? networkFirst(event, key) : fromNetwork(event));
    return;
  }
  if (url.pathname.startsWith("/assets/")) event.respondWith(cacheFirst(event));
  // The icon keeps its name from one version to the next: the network first, the copy offline.
  else if (url.pathname === "/favicon.svg") event.respondWith(fetch(request).catch(() => caches.match(url.pathname, { cacheName: ASSETS }).then((copy) => copy ?? Response.error())));
});

// A page that was served without the worker (the first visit) asks for its copy.
self.addEventListener("message", (event) => {
  const { data } = event;
  if (!data || data.type !== "keep" || typeof data.url !== "string") return;
  const url = new URL(data.url, self.location.origin);
  const key = url.origin === self.location.origin ? documentKey(url) : null;
  if (!key) return;
  event.waitUntil(
    fetch(url.pathname + url.search, { credentials: "same-origin" })
      .then((response) => keep(key, response))
      .catch(() => undefined),
  );
});

/** A navigation outside the member documents (withdraw link…): the network only. */
async function fromNetwork(event) {
  return (await event.preloadResponse) ?? fetch(event.request);
}

async function networkFirst(event, key) {
  let response;
  try {
    response = (await event.preloadResponse) ?? (await fetch(event.request));
  } catch (error) {
    const copy = await (await caches.open(PAGES)).match(key);
    if (copy) return copy;
    throw error;
  }
  // The server down behind a proxy (5xx): the copy is worth more than an error page.
  if (response.status >= 500) return (await (await caches.open(PAGES)).match(key)) ?? response;
  event.waitUntil(keep(key, response.clone()).catch(() => undefined));
  return response;
}

/** Keeps a member document as its survey's one copy, or forgets the copy when the page is no form to answer. */
async function keep(key, response) {
  // A redirect (an invitation or "finish later" link being swapped for a cookie) changes nothing.
  if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) return;
  const pages = await caches.open(PAGES);
  const html = response.status === 200 && (response.headers.get("Content-Type") ?? "").includes("text/html") ? await response.clone().text() : "";
  const wanted = key.endsWith("/privacy") ? html !== "" : html.includes(FORM_MARK);
  if (wanted) await pages.put(key, response);
  else await pages.delete(key);
  await syncAssets(pages);
}

/** The asset cache holds exactly what the kept documents load. */
async function syncAssets(pages) {
  const needed = new Set();
  for (const request of await pages.keys()) {
    const copy = await pages.match(request);
    if (copy) for (const path of documentAssets(await copy.text())) needed.add(path);
  }
  const assets = await caches.open(ASSETS);
  for (const request of await assets.keys()) if (!needed.has(new URL(request.url).pathname)) await assets.delete(request);
  for (const path of needed) {
    if (await assets.match(path)) continue;
    const response = await fetch(path);
    if (response.ok) await assets.put(path, response);
  }
}

async function cacheFirst(event) {
  const assets = await caches.open(ASSETS);
  const hit = await assets.match(event.request);
  if (hit) return hit;
  const response = await fetch(event.request);
  // Hashed names never change content: keep what a member page loads (syncAssets prunes).
  if (response.ok) event.waitUntil(assets.put(event.request, response.clone()).catch(() => undefined));
  return response;
}

// For the unit tests (app/components/survey/service-worker.test.ts), which load this file in a sandbox.
self.maillageWorker = { documentKey, documentAssets };
