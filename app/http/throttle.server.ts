// A per-address request budget for the public endpoints, kept in this
// process's memory: generous (a room of members behind one network shares
// an address), cheap on the hot path, and forgotten on restart. Each
// instance counts on its own, which only makes the limit more generous.
import { env } from "~/env.server";

type Window = { start: number; count: number };
const windows = new Map<string, Window>();
let lastSweep = 0;

/** Counts one request for `key`; returns the seconds to wait when over `limit` per `windowMs`, else 0. */
export function throttle(key: string, { limit, windowMs, now = Date.now() }: { limit: number; windowMs: number; now?: number }): number {
  if (now - lastSweep > windowMs) {
    for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
    lastSweep = now;
  }
  const window = windows.get(key);
  if (!window || now - window.start >= windowMs) {
    windows.set(key, { start: now, count: 1 });
    return 0;
  }
  window.count += 1;
  return window.count > limit ? Math.ceil((window.start + windowMs - now) / 1000) : 0;
}

/** Submissions per address per minute (SUBMISSIONS_PER_MINUTE, checked at start-up). */
export const submissionsPerMinute = (): number => env().SUBMISSIONS_PER_MINUTE;
