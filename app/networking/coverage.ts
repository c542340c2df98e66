// The programme: up to k meetings that together reach the most distinct
// respondents, chosen greedily over every feasible meeting.
//
// Maximum coverage is NP-hard; greedy (each step takes the meeting adding the
// most people not yet reached) reaches at least 1 - (1 - 1/k)^k >= 1 - 1/e
// ≈ 63 % of the best k meetings (Nemhauser, Wolsey & Fisher 1978). There are
// tens of thousands of meetings (antenna × theme × format × slot), so greedy
// runs lazily over their tree: a node's key is an upper bound on what any
// meeting under it can add (adding a condition only removes people, and what
// a set adds only shrinks as the union grows), so a node is opened, and a
// meeting taken, only when its fresh value beats every other key.

export type CoverTree<Node> = {
  roots: Node[];
  /** What the node's members would add to the union now: for an inner node, a bound on its leaves. */
  gain: (node: Node) => number;
  /** The node's children, or null for a meeting (a leaf). */
  children: (node: Node) => Node[] | null;
  /** May this meeting be proposed (its figures can be told)? Others are passed over. */
  feasible: (node: Node) => boolean;
  /** Adds the meeting's members to the union. */
  take: (node: Node) => void;
};

export type Cover<Node> = {
  chosen: Node[];
  /** The chosen meetings' gains, step by step (exact counts: never released as such). */
  gains: number[];
  /** true when it stopped before k because no feasible meeting adds minGain people. */
  stopped: boolean;
};

type Entry<Node> = { node: Node; key: number; order: number };

/** A binary max-heap on key, earlier entries first on ties (deterministic). */
class Heap<Node> {
  private items: Entry<Node>[] = [];
  private next = 0;
  get size() {
    return this.items.length;
  }
  peekKey(): number {
    return this.items[0]?.key ?? Number.NEGATIVE_INFINITY;
  }
  push(node: Node, key: number, order = this.next++) {
    const items = this.items;
    items.push({ node, key, order });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }
  pop(): Entry<Node> | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const [left, right] = [2 * i + 1, 2 * i + 2];
        let best = i;
        if (left < items.length && this.before(items[left]!, items[best]!)) best = left;
        if (right < items.length && this.before(items[right]!, items[best]!)) best = right;
        if (best === i) break;
        [items[i], items[best]] = [items[best]!, items[i]!];
        i = best;
      }
    }
    return top;
  }
  private before(a: Entry<Node>, b: Entry<Node>) {
    return a.key > b.key || (a.key === b.key && a.order < b.order);
  }
}

/**
 * Greedy maximum coverage over the leaves of `tree`, taking at most k and
 * stopping only when no feasible meeting adds at least `minGain` people.
 */
export function greedyCover<Node>(tree: CoverTree<Node>, k: number, minGain = 1): Cover<Node> {
  const heap = new Heap<Node>();
  for (const root of tree.roots) heap.push(root, tree.gain(root));
  const chosen: Node[] = [];
  const gains: number[] = [];
  while (chosen.length < k && heap.size > 0 && heap.peekKey() >= minGain) {
    const { node, order } = heap.pop()!;
    const gain = tree.gain(node);
    if (gain < minGain) continue;
    // Stale: another node may now promise more; look at it first (keeping this one's place among equals).
    if (gain < heap.peekKey()) {
      heap.push(node, gain, order);
      continue;
    }
    const children = tree.children(node);
    if (children) {
      for (const child of children) heap.push(child, tree.gain(child));
      continue;
    }
    if (!tree.feasible(node)) continue;
    tree.take(node);
    chosen.push(node);
    gains.push(gain);
  }
  return { chosen, gains, stopped: chosen.length < k };
}

/** The worst ratio greedy can have against the optimum after j of k picks: 1 - (1 - 1/k)^j. */
export const greedyRatio = (k: number, j = k): number => 1 - (1 - 1 / k) ** j;
