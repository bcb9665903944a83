/**
 * The arithmetic both backends share, written once so their answers agree to the last bit: the
 * running variance kept per bucket, its merge across buckets, and the rules that turn a window's
 * statistics into a feature value or null. The Redis Lua script repeats these formulas verbatim.
 */
import type { Aggregate } from './feature-spec.js';

/**
 * A bucket's sum of squared deviations after adding x (Welford; the mean comes from the exact sum,
 * so integer amounts keep exact means). n and sum are the values before x.
 */
export function m2After(n: number, sum: number, m2: number, x: number): number {
  if (n === 0) return 0;
  const meanOld = sum / n;
  const meanNew = (sum + x) / (n + 1);
  return m2 + (x - meanOld) * (x - meanNew);
}

/** Sum of squared deviations of two merged groups (Chan et al.); callers merge buckets oldest first. */
export function mergeM2(nA: number, sumA: number, m2A: number, nB: number, sumB: number, m2B: number): number {
  if (nA === 0) return m2B;
  if (nB === 0) return m2A;
  const d = sumB / nB - sumA / nA;
  return m2A + m2B + (d * d * nA * nB) / (nA + nB);
}

/**
 * A numeric feature's value from its window statistics: n values with sum, m2, min and max; x is the
 * current event's value (zscore and ratio_to_mean only). Null rules: mean/min/max null when n = 0;
 * zscore null when x is missing, n < 2 or the sample standard deviation is 0; ratio_to_mean null
 * when x is missing, n = 0 or the mean is 0. sum is 0 over no values.
 */
export function numericFeatureValue(
  aggregate: Aggregate,
  n: number,
  sum: number,
  m2: number,
  min: number,
  max: number,
  x: number | null,
): number | null {
  switch (aggregate) {
    case 'sum':
      return sum;
    case 'mean':
      return n > 0 ? sum / n : null;
    case 'min':
      return n > 0 ? min : null;
    case 'max':
      return n > 0 ? max : null;
    case 'zscore': {
      if (x === null || n < 2) return null;
      const sd = Math.sqrt(Math.max(0, m2) / (n - 1));
      return sd > 0 ? (x - sum / n) / sd : null;
    }
    case 'ratio_to_mean': {
      if (x === null || n === 0) return null;
      const mean = sum / n;
      return mean !== 0 ? x / mean : null;
    }
    default:
      return null;
  }
}

/**
 * since_last: seconds from the latest recorded event at or before t (`last`) to t; null when there
 * is none or it is more than a window before t. first_seen: seconds from the earliest recorded event
 * to t; null when the key has no event at or before t.
 */
export function recencyFeatureValue(
  aggregate: 'since_last' | 'first_seen',
  t: number,
  windowMs: number,
  first: number | null,
  last: number | null,
): number | null {
  if (aggregate === 'first_seen') return first !== null && first <= t ? (t - first) / 1000 : null;
  return last !== null && t - last <= windowMs ? (t - last) / 1000 : null;
}

/**
 * The latest of `recent` (ascending, the newest timestamps recorded, at most `cap`) at or before t.
 * When every kept timestamp is after t but the list is full, older events exist that were not kept:
 * `first` (the earliest ever) stands in, an upper bound on the true gap.
 */
export function latestAtOrBefore(recent: ArrayLike<number>, from: number, to: number, cap: number, first: number, t: number): number | null {
  for (let i = to - 1; i >= from; i--) {
    const r = recent[i] as number;
    if (r <= t) return r;
  }
  return to - from >= cap && first <= t ? first : null;
}
