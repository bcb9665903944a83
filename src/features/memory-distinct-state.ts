/**
 * The in-process state of the `distinct` series of one entity (one key value of one key group), in
 * one array per entity: a[0..k-1] = end offset of each series' segment (as in memory-packed-state.ts).
 *
 *   small segment: [head, (value, m, bucket_1 < … < bucket_m)…] — each distinct value once, with the
 *                  buckets it occurs in: a customer with one device over ten buckets is 14 cells, and a
 *                  count compares bucket numbers, never strings;
 *   large segment: [BigDistinct] — once a segment holds more than `indexAt` values (a hot IP, a busy
 *                  merchant) it becomes an object with per-bucket value lists and, per value, the latest
 *                  bucket holding it: an in-order count is a sum over ≤ N buckets, a record O(1).
 * Buckets are relative to a fixed epoch (see memory-feature-store.ts) so they stay small integers.
 * Retained: head - N < bucket ≤ head; at most `cap` values per bucket (first come, first kept).
 */
import type { SeriesPlan } from './domain/feature-plan.js';

export interface BigDistinct {
  head: number;
  /** Bucket indices, ascending; values[i] holds the distinct values of buckets[i]. */
  buckets: number[];
  values: string[][];
  /** value → latest bucket holding it. */
  last: Map<string, number>;
  /** lastCount[i] = values whose latest bucket is buckets[i]. */
  lastCount: number[];
}

export type DistinctCell = number | string | BigDistinct;

export function emptyDistinctEntity(k: number): DistinctCell[] {
  const a = new Array<DistinctCell>(k);
  for (let i = 0; i < k; i++) a[i] = k;
  return a;
}

function start(a: DistinctCell[], slot: number, k: number): number {
  return slot === 0 ? k : (a[slot - 1] as number);
}

/** As memory-packed-state.ts's reserve, for this array kind (separate so each stays monomorphic). */
export function reserveCells(a: DistinctCell[], k: number, extra: number): DistinctCell[] {
  const used = a[k - 1] as number;
  if (a.length - used >= extra) return a;
  const out = new Array<DistinctCell>(used + extra + (used >> 1));
  for (let i = 0; i < used; i++) out[i] = a[i] as DistinctCell;
  return out;
}

/** Cells a segment may grow by when recording `value` (an upper bound). */
export function distinctGrowth(a: DistinctCell[], k: number, s: SeriesPlan, value: string | null): number {
  const st = start(a, s.slot, k);
  const en = a[s.slot] as number;
  if (en === st) return value === null ? 1 : 4;
  return value === null || typeof a[st] === 'object' ? 0 : 3;
}

/** As memory-packed-state.ts's reshape; the freed tail is zeroed so it holds no strings. */
function reshapeCells(a: DistinctCell[], k: number, slot: number, at: number, remove: number, insert: number): DistinctCell[] {
  const used = a[k - 1] as number;
  const delta = insert - remove;
  if (delta === 0) return a;
  let out = a;
  if (used + delta > a.length) {
    out = new Array<DistinctCell>(used + delta + (used >> 1));
    for (let i = 0; i < at; i++) out[i] = a[i] as DistinctCell;
    for (let i = at + remove; i < used; i++) out[i + delta] = a[i] as DistinctCell;
  } else {
    // Plain loops: copyWithin and fill are slow on holey arrays.
    if (delta < 0) {
      for (let i = at + remove; i < used; i++) a[i + delta] = a[i] as DistinctCell;
      for (let i = used + delta; i < used; i++) a[i] = 0;
      if (a.length - (used + delta) > 64 && a.length > 2 * (used + delta)) a.length = used + delta;
    } else for (let i = used - 1; i >= at + remove; i--) a[i + delta] = a[i] as DistinctCell;
  }
  for (let j = slot; j < k; j++) out[j] = (out[j] as number) + delta;
  return out;
}

/**
 * Records one event in bucket b; `value` null still moves the head (the event passed the feature's
 * filters) but adds nothing. Too old events change nothing. Returns the (possibly new) array.
 */
export function recordDistinct(
  a: DistinctCell[],
  k: number,
  s: SeriesPlan,
  b: number,
  value: string | null,
  cap: number,
  indexAt: number,
): DistinctCell[] {
  const slot = s.slot;
  const st = start(a, slot, k);
  let en = a[slot] as number;
  if (en === st) {
    if (value === null) {
      a = reshapeCells(a, k, slot, st, 0, 1);
      a[st] = b;
    } else {
      a = reshapeCells(a, k, slot, st, 0, 4);
      a[st] = b;
      a[st + 1] = value;
      a[st + 2] = 1;
      a[st + 3] = b;
    }
    return a;
  }
  const first = a[st] as number | BigDistinct;
  if (typeof first === 'object') {
    recordBig(first, s, b, value, cap);
    return a;
  }
  if (b > first) {
    a[st] = b;
    a = evictSmall(a, k, slot, b - s.buckets + 1);
    en = a[slot] as number;
  } else if (b <= first - s.buckets) return a;
  if (value === null) return a;
  let values = 0;
  let p = st + 1;
  while (p < en && a[p] !== value) {
    values++;
    p += 2 + (a[p + 1] as number);
  }
  if (p < en) {
    // Known value: add bucket b to its list unless there already, or b is full.
    const m = a[p + 1] as number;
    let q = p + 2 + m;
    while (q > p + 2 && (a[q - 1] as number) > b) q--;
    if (q > p + 2 && a[q - 1] === b) return a;
    if (cap <= indexAt && valuesIn(a, st, en, b) >= cap) return a;
    a = reshapeCells(a, k, slot, q, 0, 1);
    a[q] = b;
    a[p + 1] = m + 1;
    return a;
  }
  if (cap <= indexAt && valuesIn(a, st, en, b) >= cap) return a;
  a = reshapeCells(a, k, slot, en, 0, 3);
  a[en] = value;
  a[en + 1] = 1;
  a[en + 2] = b;
  return values + 1 > indexAt ? promote(a, k, slot) : a;
}

/** Drops buckets below lo from every value of a small segment, and values left with none. */
function evictSmall(a: DistinctCell[], k: number, slot: number, lo: number): DistinctCell[] {
  let p = start(a, slot, k) + 1;
  while (p < (a[slot] as number)) {
    const m = a[p + 1] as number;
    let d = 0;
    while (d < m && (a[p + 2 + d] as number) < lo) d++;
    if (d === m) a = reshapeCells(a, k, slot, p, 2 + m, 0);
    else {
      if (d > 0) {
        a = reshapeCells(a, k, slot, p + 2, d, 0);
        a[p + 1] = m - d;
      }
      p += 2 + m - d;
    }
  }
  return a;
}

/** How many values of a small segment occur in bucket b (only needed when cap ≤ indexAt). */
function valuesIn(a: DistinctCell[], st: number, en: number, b: number): number {
  let n = 0;
  for (let p = st + 1; p < en; p += 2 + (a[p + 1] as number)) {
    const m = a[p + 1] as number;
    for (let q = p + 2; q < p + 2 + m; q++) if (a[q] === b) n++;
  }
  return n;
}

/** Distinct values over the retained buckets in [max(bt, head) - N + 1, bt]. */
export function countDistinct(a: DistinctCell[] | undefined, k: number, s: SeriesPlan, bt: number, scratch: Set<string>): number {
  if (a === undefined) return 0;
  const st = start(a, s.slot, k);
  const en = a[s.slot] as number;
  if (en === st) return 0;
  const first = a[st] as number | BigDistinct;
  if (typeof first === 'object') return countBig(first, s, bt, scratch);
  const lo = (bt > first ? bt : first) - s.buckets + 1;
  let count = 0;
  for (let p = st + 1; p < en; p += 2 + (a[p + 1] as number)) {
    // A value counts when its latest bucket at or before bt is ≥ lo.
    let q = p + 1 + (a[p + 1] as number);
    while (q > p + 1 && (a[q] as number) > bt) q--;
    if (q > p + 1 && (a[q] as number) >= lo) count++;
  }
  return count;
}

/** The segment's head bucket, or null when the series has no state for this entity. */
export function distinctHead(a: DistinctCell[], k: number, slot: number): number | null {
  const st = start(a, slot, k);
  if (a[slot] === st) return null;
  const first = a[st] as number | BigDistinct;
  return typeof first === 'object' ? first.head : first;
}

function promote(a: DistinctCell[], k: number, slot: number): DistinctCell[] {
  const st = start(a, slot, k);
  const en = a[slot] as number;
  const byBucket = new Map<number, string[]>();
  const last = new Map<string, number>();
  for (let p = st + 1; p < en; p += 2 + (a[p + 1] as number)) {
    const v = a[p] as string;
    const m = a[p + 1] as number;
    for (let q = p + 2; q < p + 2 + m; q++) {
      const b = a[q] as number;
      const list = byBucket.get(b);
      if (list) list.push(v);
      else byBucket.set(b, [v]);
    }
    last.set(v, a[p + 1 + m] as number);
  }
  const buckets = [...byBucket.keys()].sort((x, y) => x - y);
  const big: BigDistinct = {
    head: a[st] as number,
    buckets,
    values: buckets.map((b) => byBucket.get(b) as string[]),
    last,
    lastCount: buckets.map(() => 0),
  };
  for (const b of last.values()) {
    const i = buckets.indexOf(b);
    big.lastCount[i] = (big.lastCount[i] as number) + 1;
  }
  a = reshapeCells(a, k, slot, st, en - st, 1);
  a[st] = big;
  return a;
}

function recordBig(st: BigDistinct, s: SeriesPlan, b: number, value: string | null, cap: number): void {
  if (b > st.head) {
    st.head = b;
    const lo = b - s.buckets + 1;
    let drop = 0;
    while (drop < st.buckets.length && (st.buckets[drop] as number) < lo) {
      const gone = st.buckets[drop] as number;
      for (const v of st.values[drop] as string[]) if (st.last.get(v) === gone) st.last.delete(v);
      drop++;
    }
    // shift() is O(1) on small arrays (V8 trims from the left); one bucket at a time is the usual case.
    for (let i = 0; i < drop; i++) {
      st.buckets.shift();
      st.values.shift();
      st.lastCount.shift();
    }
  } else if (b <= st.head - s.buckets) return;
  if (value === null) return;
  let i = st.buckets.length - 1;
  while (i >= 0 && (st.buckets[i] as number) > b) i--;
  if (i < 0 || st.buckets[i] !== b) {
    i++;
    if (i === st.buckets.length) {
      st.buckets.push(b);
      st.values.push([]);
      st.lastCount.push(0);
    } else {
      st.buckets.splice(i, 0, b);
      st.values.splice(i, 0, []);
      st.lastCount.splice(i, 0, 0);
    }
  }
  const vs = st.values[i] as string[];
  if (vs.length >= cap) return;
  const prev = st.last.get(value);
  if (prev === b) return;
  if (prev !== undefined && prev > b && vs.includes(value)) return; // late: only the bucket itself knows
  vs.push(value);
  if (prev === undefined || prev < b) {
    if (prev !== undefined) {
      let j = i - 1;
      while (j > 0 && st.buckets[j] !== prev) j--;
      st.lastCount[j] = (st.lastCount[j] as number) - 1;
    }
    st.lastCount[i] = (st.lastCount[i] as number) + 1;
    st.last.set(value, b);
  }
}

function countBig(st: BigDistinct, s: SeriesPlan, bt: number, scratch: Set<string>): number {
  const lo = (bt > st.head ? bt : st.head) - s.buckets + 1;
  if (bt >= st.head) {
    // In order: every retained bucket ≤ bt, so a value counts iff its latest bucket is ≥ lo.
    let n = 0;
    for (let i = st.buckets.length - 1; i >= 0 && (st.buckets[i] as number) >= lo; i--) n += st.lastCount[i] as number;
    return n;
  }
  scratch.clear();
  for (let i = 0; i < st.buckets.length; i++) {
    const b = st.buckets[i] as number;
    if (b < lo) continue;
    if (b > bt) break;
    for (const v of st.values[i] as string[]) scratch.add(v);
  }
  return scratch.size;
}
