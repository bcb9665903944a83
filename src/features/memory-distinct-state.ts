/**
 * The in-process state of one `distinct` series for one entity: the values seen per bucket, at most
 * `cap` per bucket, and the head bucket that bounds what is retained (head - N < bucket ≤ head).
 */
import type { SeriesPlan } from './domain/feature-plan.js';

export interface DistinctState {
  head: number;
  /** Bucket indices, ascending; values[i] holds the distinct values of buckets[i]. */
  buckets: number[];
  values: string[][];
}

/**
 * Records one event in bucket b; `value` null still moves the head (the event passed the feature's
 * filters) but adds nothing. Returns the state, created when undefined; too old events change nothing.
 */
export function recordDistinct(st: DistinctState | undefined, s: SeriesPlan, b: number, value: string | null, cap: number): DistinctState {
  if (st === undefined) st = { head: b, buckets: [], values: [] };
  else if (b > st.head) {
    st.head = b;
    const lo = b - s.buckets + 1;
    let drop = 0;
    while (drop < st.buckets.length && (st.buckets[drop] as number) < lo) drop++;
    if (drop > 0) {
      st.buckets.splice(0, drop);
      st.values.splice(0, drop);
    }
  } else if (b <= st.head - s.buckets) return st;
  if (value === null) return st;
  let i = st.buckets.length - 1;
  while (i >= 0 && (st.buckets[i] as number) > b) i--;
  if (i < 0 || st.buckets[i] !== b) {
    st.buckets.splice(i + 1, 0, b);
    st.values.splice(i + 1, 0, [value]);
    return st;
  }
  const vs = st.values[i] as string[];
  if (vs.length < cap && !vs.includes(value)) vs.push(value);
  return st;
}

/** Distinct values over the retained buckets in [max(b(t), head) - N + 1, b(t)]; scratch is reused. */
export function countDistinct(st: DistinctState | undefined, s: SeriesPlan, t: number, scratch: Set<string>): number {
  if (st === undefined) return 0;
  const bt = Math.floor(t / s.bucketMs);
  const lo = (bt > st.head ? bt : st.head) - s.buckets + 1;
  let single: string[] | null = null;
  let many = false;
  for (let i = 0; i < st.buckets.length; i++) {
    const b = st.buckets[i] as number;
    if (b < lo) continue;
    if (b > bt) break;
    const vs = st.values[i] as string[];
    if (single === null) single = vs;
    else {
      if (!many) {
        scratch.clear();
        for (const v of single) scratch.add(v);
        many = true;
      }
      for (const v of vs) scratch.add(v);
    }
  }
  if (single === null) return 0;
  return many ? scratch.size : single.length;
}

/** Past this time no query within a window of now sees the state. */
export function distinctExpiry(st: DistinctState, s: SeriesPlan): number {
  return (st.head + s.buckets) * s.bucketMs;
}
