// The bands a number question's answers are released in (DESIGN.md: numbers
// go out as counts per band, never as raw values, sums, minima or maxima).
// Fixed by the question's own bounds, never by the answers: bands drawn from
// the data would tell its smallest and largest values.
import type { NumberBand } from "./aggregate.server";

/** 1, 2, 2.5 or 5 times a power of ten: the smallest such width of at least `raw`. */
function niceWidth(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((step) => step * power).find((width) => width >= raw - 1e-9) ?? 10 * power;
}

/** Powers of ten, for a number question without bounds (amounts, counts of things). */
const DECADES: NumberBand[] = [
  { from: null, to: 0 },
  { from: 0, to: 1 },
  { from: 1, to: 10 },
  { from: 10, to: 100 },
  { from: 100, to: 1000 },
  { from: 1000, to: 10_000 },
  { from: 10_000, to: null },
];

/**
 * About five equal bands over [min, max] when the question sets both (an age
 * from 16 to 99 gives 10–29, 30–49, …), with an open band on each side;
 * otherwise bands by powers of ten.
 */
export function numberBands({ min, max }: { min?: number; max?: number }): NumberBand[] {
  if (min === undefined || max === undefined || !(max > min)) return DECADES;
  const width = niceWidth((max - min) / 5);
  const start = Math.floor(min / width) * width;
  const bands: NumberBand[] = [{ from: null, to: start }];
  for (let from = start; from <= max; from += width) bands.push({ from, to: from + width });
  bands.push({ from: bands.at(-1)!.to, to: null });
  return bands;
}
