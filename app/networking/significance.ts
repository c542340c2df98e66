// Are two themes chosen together more often than chance? Under independence
// (the members of one theme drawn at random), how many also chose the other
// follows the hypergeometric law; the pair counts when its upper tail is
// below alpha divided by the number of pairs looked at (Bonferroni), so that
// answers drawn at random flag no pair, whatever the number of themes.

export const PAIR_ALPHA = 0.05;

/** ln(n!) exactly for small n (a table), by Stirling's series beyond. */
const SMALL = 256;
const LN_FACTORIAL = (() => {
  const table = new Float64Array(SMALL);
  for (let n = 1; n < SMALL; n++) table[n] = table[n - 1]! + Math.log(n);
  return table;
})();

export function lnFactorial(n: number): number {
  if (n < SMALL) return LN_FACTORIAL[n]!;
  const x = n + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3) + 1 / (1260 * x ** 5);
}

const lnChoose = (n: number, k: number) => lnFactorial(n) - lnFactorial(k) - lnFactorial(n - k);

/**
 * P(X >= observed) for X ~ Hypergeometric(population, successes, draws):
 * among `population` members, `successes` chose one theme and `draws` the
 * other; X is how many chose both if the two were unrelated.
 */
export function hypergeometricUpperTail({ population, successes, draws, observed }: { population: number; successes: number; draws: number; observed: number }): number {
  const low = Math.max(0, draws + successes - population);
  const high = Math.min(successes, draws);
  if (observed <= low) return 1;
  if (observed > high) return 0;
  const lnTotal = lnChoose(population, draws);
  const term = (x: number) => Math.exp(lnChoose(successes, x) + lnChoose(population - successes, draws - x) - lnTotal);
  // Each term from its neighbour: P(x + 1) / P(x) = (successes − x)(draws − x) / ((x + 1)(population − successes − draws + x + 1)).
  const up = (x: number) => ((successes - x) * (draws - x)) / ((x + 1) * (population - successes - draws + x + 1));
  const mode = Math.floor(((draws + 1) * (successes + 1)) / (population + 2));
  // Away from the mode the terms only shrink: sum the tail that starts there,
  // from its end nearest the mode, and stop once its terms no longer matter.
  const sumFrom = (from: number, to: number, step: 1 | -1) => {
    let sum = 0;
    let value = term(from);
    for (let x = from; step > 0 ? x <= to : x >= to; x += step) {
      sum += value;
      if ((step > 0 ? x > mode : x < mode) && value < sum * 1e-17) break;
      value = step > 0 ? value * up(x) : value / up(x - 1);
    }
    return sum;
  };
  if (observed > mode) return Math.min(1, sumFrom(observed, high, 1));
  return Math.min(1, Math.max(0, 1 - sumFrom(observed - 1, low, -1)));
}

/** The corrected threshold for `tests` pairs. */
export const pairThreshold = (tests: number, alpha = PAIR_ALPHA) => alpha / Math.max(1, tests);
