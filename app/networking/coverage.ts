// The programme: up to k proposals that together reach the most distinct respondents.
import { type Bitset, countNew, uniteInto } from "./bitset";

export type Coverage = { chosen: number[]; reached: number; union: Bitset };

/**
 * Greedy maximum coverage: each step takes the set that adds the most new
 * members (the first one on ties). Maximum coverage is NP-hard; greedy reaches
 * at least 1 - (1 - 1/k)^k >= 1 - 1/e ≈ 63 % of the best k sets (Nemhauser,
 * Wolsey & Fisher 1978), and tests find it equal to brute force on most small inputs.
 *
 * `minGain` stops as soon as no set adds that many members: a step that adds
 * fewer than minGroupSize people would expose a small group by difference. When
 * it stops early the best is still below reached + k * (minGain - 1).
 */
export function greedyCoverage(sets: Bitset[], k: number, size: number, minGain = 1): Coverage {
  const union = new Uint32Array(Math.ceil(size / 32));
  const chosen: number[] = [];
  let reached = 0;
  while (chosen.length < k) {
    let best = -1;
    let bestGain = 0;
    sets.forEach((set, index) => {
      if (chosen.includes(index)) return;
      const gain = countNew(union, set);
      if (gain > bestGain) [best, bestGain] = [index, gain];
    });
    if (best < 0 || bestGain < minGain) break;
    reached += uniteInto(union, sets[best]!);
    chosen.push(best);
  }
  return { chosen, reached, union };
}

/** The worst ratio greedy can have against the optimum with k picks. */
export const greedyRatio = (k: number): number => 1 - (1 - 1 / k) ** k;
