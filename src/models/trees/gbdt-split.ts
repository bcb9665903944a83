/**
 * Gradient histograms and the best split of one node. A histogram holds, per bin of every
 * variable, the sums of gradient, hessian and rows; a sibling's is its parent's minus the other
 * child's (the subtraction trick), so only the smaller child is ever scanned row by row.
 * Numeric splits scan bin boundaries with the missing bin tried on both sides; categorical
 * splits order the node's categories by gradient/hessian and scan that order (LightGBM's method).
 */
import type { BinnedFeature } from './gbdt-binning.js';

/** Offsets of each variable's bins in a histogram (3 numbers per bin: gradient, hessian, rows). */
export interface HistogramLayout {
  offset: Int32Array;
  /** Length of one histogram array. */
  size: number;
}

export function histogramLayout(features: readonly BinnedFeature[]): HistogramLayout {
  const offset = new Int32Array(features.length);
  let at = 0;
  features.forEach((f, j) => {
    offset[j] = at;
    at += 3 * (f.valueBins + 1);
  });
  return { offset, size: at };
}

/** Sums gradient, hessian and row count per bin over rows `index[begin..end)` into `hist` (overwritten). */
export function buildHistogram(
  hist: Float64Array, layout: HistogramLayout, features: readonly BinnedFeature[],
  index: Uint32Array, begin: number, end: number, grad: Float64Array, hess: Float64Array,
  gBuf: Float64Array, hBuf: Float64Array,
): void {
  hist.fill(0);
  // Gathering the node's gradients once makes the per-variable loops read memory in order.
  for (let i = begin; i < end; i++) {
    const r = index[i]!;
    gBuf[i - begin] = grad[r]!;
    hBuf[i - begin] = hess[r]!;
  }
  for (let j = 0; j < features.length; j++) {
    const bins = features[j]!.bins;
    const off = layout.offset[j]!;
    for (let i = begin; i < end; i++) {
      const b = off + 3 * bins[index[i]!]!;
      hist[b]! += gBuf[i - begin]!;
      hist[b + 1]! += hBuf[i - begin]!;
      hist[b + 2]! += 1;
    }
  }
}

/** `into = parent − child`, element by element. */
export function subtractHistogram(into: Float64Array, parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < into.length; i++) into[i] = parent[i]! - child[i]!;
}

export interface SplitParams {
  lambda: number;
  minSplitGain: number;
  minChildWeight: number;
  minDataInLeaf: number;
  catSmooth: number;
  catL2: number;
}

/** The chosen split of a node and the sums of its two children. */
export interface Split {
  gain: number;
  feature: number;
  /** Numeric: left ⇔ bin ≤ bin. */
  bin: number;
  /** Categorical: left ⇔ the bin (category code) is in this set, kept sorted. */
  categories: number[] | null;
  defaultLeft: boolean;
  gl: number; hl: number; cl: number;
  gr: number; hr: number; cr: number;
}

/** The best split of a node with totals (g, h, c), or null when none passes the constraints. */
export function findBestSplit(
  hist: Float64Array, layout: HistogramLayout, features: readonly BinnedFeature[],
  g: number, h: number, c: number, p: SplitParams,
): Split | null {
  let best: Split | null = null;
  for (let j = 0; j < features.length; j++) {
    const f = features[j]!;
    const s = f.kind === 'numeric'
      ? numericSplit(hist, layout.offset[j]!, f.valueBins, j, g, h, c, p)
      : categoricalSplit(hist, layout.offset[j]!, f.valueBins, j, g, h, c, p);
    if (s && (!best || s.gain > best.gain)) best = s;
  }
  return best;
}

function score(g: number, h: number, lambda: number): number {
  return (g * g) / (h + lambda);
}

function allowed(hl: number, cl: number, hr: number, cr: number, p: SplitParams): boolean {
  return hl >= p.minChildWeight && hr >= p.minChildWeight && cl >= p.minDataInLeaf && cr >= p.minDataInLeaf;
}

function numericSplit(
  hist: Float64Array, off: number, nb: number, feature: number, g: number, h: number, c: number, p: SplitParams,
): Split | null {
  const m = off + 3 * nb;
  const gm = hist[m]!;
  const hm = hist[m + 1]!;
  const cm = hist[m + 2]!;
  const parent = score(g, h, p.lambda);
  let bestGain = p.minSplitGain;
  let best: Split | null = null;
  let gl = 0;
  let hl = 0;
  let cl = 0;
  // k = nb − 1 puts every value left: only a split when the missing rows go right.
  for (let k = 0; k < nb; k++) {
    const b = off + 3 * k;
    if (hist[b + 2]! === 0 && k > 0) continue; // an empty bin repeats the previous boundary
    gl += hist[b]!;
    hl += hist[b + 1]!;
    cl += hist[b + 2]!;
    // Missing to the right.
    {
      const gr = g - gl;
      const hr = h - hl;
      const cr = c - cl;
      if (allowed(hl, cl, hr, cr, p)) {
        const gain = 0.5 * (score(gl, hl, p.lambda) + score(gr, hr, p.lambda) - parent);
        if (gain > bestGain) {
          bestGain = gain;
          // With no missing rows here the direction is free: send a future missing value the larger way.
          const defaultLeft = cm === 0 && hl > hr;
          best = { gain, feature, bin: k, categories: null, defaultLeft, gl, hl, cl, gr, hr, cr };
        }
      }
    }
    if (cm > 0 && k < nb - 1) {
      const gl2 = gl + gm;
      const hl2 = hl + hm;
      const cl2 = cl + cm;
      const gr = g - gl2;
      const hr = h - hl2;
      const cr = c - cl2;
      if (allowed(hl2, cl2, hr, cr, p)) {
        const gain = 0.5 * (score(gl2, hl2, p.lambda) + score(gr, hr, p.lambda) - parent);
        if (gain > bestGain) {
          bestGain = gain;
          best = { gain, feature, bin: k, categories: null, defaultLeft: true, gl: gl2, hl: hl2, cl: cl2, gr, hr, cr };
        }
      }
    }
  }
  return best;
}

function categoricalSplit(
  hist: Float64Array, off: number, nb: number, feature: number, g: number, h: number, c: number, p: SplitParams,
): Split | null {
  const present: number[] = [];
  for (let k = 0; k < nb; k++) if (hist[off + 3 * k + 2]! > 0) present.push(k);
  if (present.length < 1) return null;
  const ratio = (k: number) => hist[off + 3 * k]! / (hist[off + 3 * k + 1]! + p.catSmooth);
  present.sort((a, b) => ratio(a) - ratio(b) || a - b);
  const m = off + 3 * nb;
  const gm = hist[m]!;
  const hm = hist[m + 1]!;
  const cm = hist[m + 2]!;
  const lambda = p.lambda + p.catL2;
  const parent = score(g, h, lambda);
  let bestGain = p.minSplitGain;
  let bestAt = -1;
  let bestMissingLeft = false;
  let sums = [0, 0, 0, 0, 0, 0];
  let gl = 0;
  let hl = 0;
  let cl = 0;
  // The prefix of the ordering goes left; its complement is the other side, so one direction suffices.
  for (let i = 0; i < present.length; i++) {
    const b = off + 3 * present[i]!;
    gl += hist[b]!;
    hl += hist[b + 1]!;
    cl += hist[b + 2]!;
    for (const missingLeft of cm > 0 ? [false, true] : [false]) {
      if (i === present.length - 1 && !(cm > 0 && !missingLeft)) continue;
      const gL = missingLeft ? gl + gm : gl;
      const hL = missingLeft ? hl + hm : hl;
      const cL = missingLeft ? cl + cm : cl;
      const gR = g - gL;
      const hR = h - hL;
      const cR = c - cL;
      if (!allowed(hL, cL, hR, cR, p)) continue;
      const gain = 0.5 * (score(gL, hL, lambda) + score(gR, hR, lambda) - parent);
      if (gain > bestGain) {
        bestGain = gain;
        bestAt = i;
        bestMissingLeft = cm === 0 ? hL > hR : missingLeft;
        sums = [gL, hL, cL, gR, hR, cR];
      }
    }
  }
  if (bestAt < 0) return null;
  const categories = present.slice(0, bestAt + 1).sort((a, b) => a - b);
  const [gL, hL, cL, gR, hR, cR] = sums as [number, number, number, number, number, number];
  return { gain: bestGain, feature, bin: -1, categories, defaultLeft: bestMissingLeft, gl: gL, hl: hL, cl: cL, gr: gR, hr: hR, cr: cR };
}
