// When released figures move (DESIGN.md, "Moments"; docs/decisions/009).
// Complete responses are released in batches: a release takes every complete
// response not released yet once there are at least minGroupSize of them (more
// on a large survey, so that the number of releases stays small), and all of
// them when the survey closes. A view's figures then follow its own members:
// they move to a newer release only once at least minGroupSize of the view's
// members arrived since the release it shows (and at closing), so reading a
// narrow view before and after one release never isolates one new member.
//
// Pure: the results (from SQL) and the recommendation engine (in memory) both decide here.

/** How many pending complete responses make a release: k, or 1 % of those released on a large survey. */
export function batchSize({ released, minGroupSize }: { released: number; minGroupSize: number }): number {
  return Math.max(minGroupSize, Math.floor(released / 100));
}

export function releaseIsDue({
  pending,
  released,
  minGroupSize,
  closed,
  closedReleased,
}: {
  /** Complete responses not released yet. */
  pending: number;
  released: number;
  minGroupSize: number;
  /** The survey no longer takes answers. */
  closed: boolean;
  /** The last release already was a closing one. */
  closedReleased: boolean;
}): boolean {
  if (closed) return pending > 0 || !closedReleased;
  return pending >= batchSize({ released, minGroupSize });
}

/** One release of the survey, with how many of a view's members it released. */
export type ViewRelease = { number: number; count: number; closing: boolean };

/**
 * The release whose figures a view shows: its members are pooled release after
 * release, and the view moves on when the pool holds at least minGroupSize of
 * them, or at a closing release. `current` is true when no member of the view
 * was released after it, so the latest counts are the view's own.
 */
export function viewRelease({ releases, minGroupSize }: { releases: ViewRelease[]; minGroupSize: number }): { release: number; current: boolean } {
  let shown = 0;
  let pool = 0;
  for (const { number, count, closing } of releases) {
    pool += count;
    if (pool >= minGroupSize || closing) {
      shown = number;
      pool = 0;
    }
  }
  return { release: shown, current: pool === 0 };
}
