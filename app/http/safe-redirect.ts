// The one place a redirect target read from a request is checked (a form
// field, a query parameter): only a path of this site goes through. Browsers
// drop tabs and newlines from URLs, read "\" as "/" and follow "//host", so
// "/%09/host" or "/\t/host" would leave the site: any control character or
// backslash, raw or percent-encoded, refuses the target.

const BASE = "http://maillage.invalid";
// Controls (C0, DEL, C1) and the backslash; once decoded, a target must hold none.
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\\]/;
const LONGEST = 2048;

/** Percent-decoding until nothing changes (a few rounds at most); null when a round is malformed. */
function decodedFully(value: string): string | null {
  let current = value;
  for (let round = 0; round < 4; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

/**
 * A same-site path to send the browser to, or `fallback`. What comes back is
 * the path as the URL parser writes it (non-ASCII percent-encoded), so it is
 * always a valid Location header.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > LONGEST) return fallback;
  const decoded = decodedFully(to);
  for (const form of [to, decoded]) {
    if (form === null || !form.startsWith("/") || form.startsWith("//") || FORBIDDEN.test(form)) return fallback;
  }
  const url = new URL(to, BASE);
  if (url.origin !== BASE) return fallback;
  return url.pathname + url.search + url.hash;
}
