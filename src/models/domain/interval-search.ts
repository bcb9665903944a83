/** Where a value falls among ascending cut points of left-closed intervals [b₋, b): shared by binning and PSI. */

/** The number of cut points ≤ v (binary search); the caller decides where NaN goes. */
export function countAtOrBelow(breaks: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = breaks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (breaks[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
