/** z for a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

export type Interval = { low: number; high: number };

/**
 * Wilson score interval for a proportion `count / total`. Unlike the normal
 * approximation it stays inside [0, 1] and behaves for small groups and for
 * shares near 0 % or 100 %, which antenna comparisons hit often.
 */
export function wilsonInterval({ count, total, z = Z_95 }: { count: number; total: number; z?: number }): Interval {
  if (!Number.isFinite(count) || !Number.isFinite(total) || total <= 0 || count < 0 || count > total) {
    throw new RangeError(`wilsonInterval needs 0 <= count <= total and total > 0 (got ${count}/${total})`);
  }
  const p = count / total;
  const z2 = z * z;
  const denominator = 1 + z2 / total;
  const centre = (p + z2 / (2 * total)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) / denominator;
  // Clamp the rounding noise at the edges (count 0 or count = total).
  return { low: Math.max(0, centre - margin), high: Math.min(1, centre + margin) };
}
