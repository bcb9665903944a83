/**
 * The merging and splitting behind every binning method, on an ordered sequence of cells (value
 * intervals, or categories sorted by bad rate): chi-merge, minimum bin size, monotonic bad rate,
 * and best-first decision-tree splits. Only adjacent cells are ever joined, so the order holds.
 */
import { ivOf } from './woe.js';

/** A run of adjacent atomic cells `first..last` with their summed counts. */
export interface Group {
  first: number;
  last: number;
  good: number;
  bad: number;
}

export function groupsFromCells(good: ArrayLike<number>, bad: ArrayLike<number>): Group[] {
  const out: Group[] = [];
  for (let i = 0; i < good.length; i++) out.push({ first: i, last: i, good: good[i]!, bad: bad[i]! });
  return out;
}

/** Pearson chi-square of the 2×2 table of two groups; terms with an expected count of 0 are skipped. */
export function pairChiSquare(a: Group, b: Group): number {
  const na = a.good + a.bad;
  const nb = b.good + b.bad;
  const n = na + nb;
  if (n === 0) return 0;
  const goods = a.good + b.good;
  const bads = a.bad + b.bad;
  let chi = 0;
  const cells: Array<[number, number, number]> = [
    [a.good, na, goods],
    [a.bad, na, bads],
    [b.good, nb, goods],
    [b.bad, nb, bads],
  ];
  for (const [observed, row, col] of cells) {
    const expected = (row * col) / n;
    if (expected > 0) chi += ((observed - expected) * (observed - expected)) / expected;
  }
  return chi;
}

function mergeAt(groups: Group[], i: number): void {
  const a = groups[i]!;
  const b = groups[i + 1]!;
  groups.splice(i, 2, { first: a.first, last: b.last, good: a.good + b.good, bad: a.bad + b.bad });
}

/** Index i of the adjacent pair (i, i+1) with the smallest chi-square among those `eligible`; -1 if none. */
function weakestPair(groups: Group[], eligible: (i: number) => boolean = () => true): number {
  let best = -1;
  let bestChi = Infinity;
  for (let i = 0; i + 1 < groups.length; i++) {
    if (!eligible(i)) continue;
    const chi = pairChiSquare(groups[i]!, groups[i + 1]!);
    // Strict < keeps the leftmost of equal pairs, so results are deterministic.
    if (chi < bestChi) {
      bestChi = chi;
      best = i;
    }
  }
  return best;
}

/**
 * ChiMerge: joins the most similar adjacent pair (lowest chi-square) while there are more than
 * `maxBins` groups or some pair's chi-square is below `threshold` (2.706 = 10% significance, 1 df).
 */
export function chiMerge(start: readonly Group[], maxBins: number, threshold: number): Group[] {
  const groups = start.slice();
  while (groups.length > 1) {
    const i = weakestPair(groups);
    const chi = pairChiSquare(groups[i]!, groups[i + 1]!);
    if (groups.length <= maxBins && chi >= threshold) break;
    mergeAt(groups, i);
  }
  return groups;
}

/** Joins every group smaller than `minCount` rows to the neighbour it differs from least (smallest first). */
export function enforceMinCount(start: readonly Group[], minCount: number): Group[] {
  const groups = start.slice();
  while (groups.length > 1) {
    let small = -1;
    let smallN = Infinity;
    groups.forEach((g, i) => {
      const n = g.good + g.bad;
      if (n < minCount && n < smallN) {
        small = i;
        smallN = n;
      }
    });
    if (small < 0) break;
    if (small === 0) mergeAt(groups, 0);
    else if (small === groups.length - 1) mergeAt(groups, small - 1);
    else {
      const left = pairChiSquare(groups[small - 1]!, groups[small]!);
      const right = pairChiSquare(groups[small]!, groups[small + 1]!);
      mergeAt(groups, left <= right ? small - 1 : small);
    }
  }
  return groups;
}

function rate(g: Group): number {
  const n = g.good + g.bad;
  return n === 0 ? 0 : g.bad / n;
}

export type Trend = 'ascending' | 'descending';

/** Whether the bad rate never falls (ascending) or never rises (descending) from group to group. */
export function isMonotonic(groups: readonly Group[], trend: Trend): boolean {
  for (let i = 0; i + 1 < groups.length; i++) {
    const d = rate(groups[i + 1]!) - rate(groups[i]!);
    if (trend === 'ascending' ? d < 0 : d > 0) return false;
  }
  return true;
}

/** Joins violating neighbours (the most similar pair first) until the bad rate follows `trend`. */
export function enforceMonotonic(start: readonly Group[], trend: Trend): Group[] {
  const groups = start.slice();
  const violates = (i: number) => {
    const d = rate(groups[i + 1]!) - rate(groups[i]!);
    return trend === 'ascending' ? d < 0 : d > 0;
  };
  for (;;) {
    const i = weakestPair(groups, violates);
    if (i < 0) return groups;
    mergeAt(groups, i);
  }
}

/** Monotonic in whichever direction keeps more information value (ties go to ascending). */
export function enforceMonotonicAuto(start: readonly Group[]): { groups: Group[]; trend: Trend } {
  const up = enforceMonotonic(start, 'ascending');
  const down = enforceMonotonic(start, 'descending');
  const iv = (gs: Group[]) => ivOf(gs.map((g) => g.good), gs.map((g) => g.bad));
  return iv(down) > iv(up) + 1e-12 ? { groups: down, trend: 'descending' } : { groups: up, trend: 'ascending' };
}

export type Impurity = 'entropy' | 'gini';

function impurity(good: number, bad: number, kind: Impurity): number {
  const n = good + bad;
  if (n === 0) return 0;
  const p = bad / n;
  if (kind === 'gini') return 2 * p * (1 - p);
  const q = 1 - p;
  return -(p > 0 ? p * Math.log(p) : 0) - (q > 0 ? q * Math.log(q) : 0);
}

interface Leaf {
  first: number;
  last: number;
  split: number;
  gain: number;
}

/**
 * Best-first decision-tree binning over atomic cells: repeatedly splits the leaf whose best split
 * most lowers the rows-weighted impurity (information gain or Gini), each child keeping at least
 * `minCount` rows, until `maxBins` leaves or the best gain is below `minGain` × the root impurity.
 */
export function treeSplit(cells: readonly Group[], options: { maxBins: number; minCount: number; impurity: Impurity; minGain: number }): Group[] {
  const cg = new Float64Array(cells.length + 1);
  const cb = new Float64Array(cells.length + 1);
  cells.forEach((c, i) => {
    cg[i + 1] = cg[i]! + c.good;
    cb[i + 1] = cb[i]! + c.bad;
  });
  const total = cg[cells.length]! + cb[cells.length]!;
  const rootImpurity = impurity(cg[cells.length]!, cb[cells.length]!, options.impurity);
  const bestSplit = (first: number, last: number): Leaf => {
    const g = cg[last + 1]! - cg[first]!;
    const b = cb[last + 1]! - cb[first]!;
    const parent = (g + b) * impurity(g, b, options.impurity);
    let best: Leaf = { first, last, split: -1, gain: -Infinity };
    for (let s = first + 1; s <= last; s++) {
      const lg = cg[s]! - cg[first]!;
      const lb = cb[s]! - cb[first]!;
      const rg = g - lg;
      const rb = b - lb;
      if (lg + lb < options.minCount || rg + rb < options.minCount) continue;
      const gain = (parent - (lg + lb) * impurity(lg, lb, options.impurity) - (rg + rb) * impurity(rg, rb, options.impurity)) / total;
      if (gain > best.gain) best = { first, last, split: s, gain };
    }
    return best;
  };
  const leaves: Leaf[] = [bestSplit(0, cells.length - 1)];
  while (leaves.length < options.maxBins) {
    let pick = -1;
    leaves.forEach((l, i) => {
      if (l.split >= 0 && (pick < 0 || l.gain > leaves[pick]!.gain)) pick = i;
    });
    if (pick < 0 || leaves[pick]!.gain < options.minGain * rootImpurity) break;
    const l = leaves[pick]!;
    leaves.splice(pick, 1, bestSplit(l.first, l.split - 1), bestSplit(l.split, l.last));
  }
  return leaves.map((l) => ({ first: l.first, last: l.last, good: cg[l.last + 1]! - cg[l.first]!, bad: cb[l.last + 1]! - cb[l.first]! }));
}
