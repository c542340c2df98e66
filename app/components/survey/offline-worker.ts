// The member pages' service worker (public/sw.js, docs/decisions/010): it keeps
// the last page of each survey and the scripts it needs, so that reopening the
// survey without the network shows it. Scoped to /s/: staff pages never meet it.

export const WORKER_URL = "/sw.js";
export const WORKER_SCOPE = "/s/";

/**
 * Registers the worker once the page has loaded (it never competes with the
 * page's own scripts). A page the worker did not serve (the first visit) asks
 * it to keep a copy, so that a reload offline already finds one.
 */
export function registerWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  const container = navigator.serviceWorker;
  const served = container.controller !== null;
  const url = window.location.href;
  const register = () =>
    container
      .register(WORKER_URL, { scope: WORKER_SCOPE })
      .then(async () => {
        if (served) return;
        const { active } = await container.ready;
        active?.postMessage({ type: "keep", url });
      })
      // No worker (private mode, an old phone): the page works as before, online.
      .catch(() => undefined);
  if (document.readyState === "complete") void register();
  else window.addEventListener("load", () => void register(), { once: true });
}
