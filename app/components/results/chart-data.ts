// How a chart orders its bars and spans its axis, apart from Chart.js so that
// tests can read it. Pure.

/**
 * Items by a figure, withheld figures (null: "fewer than k", or a mean with
 * nothing released behind it) last, since their size is unknown. Ties keep the
 * survey's order (the sort is stable).
 */
export function sortedBy<T>(items: readonly T[], figure: (item: T) => number | null, order: "largest" | "smallest"): T[] {
  const sign = order === "largest" ? -1 : 1;
  return [...items].sort((a, b) => {
    const [x, y] = [figure(a), figure(b)];
    return x === null ? (y === null ? 0 : 1) : y === null ? -1 : sign * (x - y);
  });
}

/** Answers by count, largest first, withheld ones last. */
export const byCount = <T extends { count: number | null }>(options: readonly T[]): T[] => sortedBy(options, (option) => option.count, "largest");

/**
 * The end of a percentage axis fitted to the data: the largest bar (or the
 * top of an interval's whisker) rounded up to the next 5 % (10 % above 20 %),
 * never past 100 % and never below 5 %, so a 12 % answer does not sit in the
 * first tenth of an empty 0–100 % frame.
 */
export function percentAxisMax(values: readonly (number | null | undefined)[]): number {
  const top = Math.max(0, ...values.filter((value): value is number => typeof value === "number" && Number.isFinite(value)));
  const step = top > 20 ? 10 : 5;
  return Math.min(100, Math.max(step, Math.ceil(top / step - 1e-9) * step));
}
