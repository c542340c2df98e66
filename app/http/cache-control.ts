// What caches may keep of a page or its data. Remix sends a page with the
// headers of its routes' `headers` exports only, so the Cache-Control a loader
// or action set (results, a member's answers, a share link) is gathered here
// (entry.server.tsx) rather than repeated in every route.

/** When no route says: nothing is kept (every page is someone's answers, results or account). */
export const PAGE_CACHE_CONTROL = "no-store";

/** The strictest of the values the page's routes set (no-store, then private or no-cache, then the first one), or PAGE_CACHE_CONTROL when none did. */
export function pageCacheControl(values: (string | null | undefined)[]): string {
  const given = values.filter((value): value is string => !!value);
  return given.find((value) => /no-store/i.test(value)) ?? given.find((value) => /private|no-cache/i.test(value)) ?? given[0] ?? PAGE_CACHE_CONTROL;
}
