/**
 * Pre-binning for histogram boosting: each numeric variable into at most `maxBins` quantile bins
 * of its float32 values, each categorical one into one bin per kept category, and missing values
 * into one extra bin of their own so every split can learn where they go.
 */
import type { Dataset } from '../domain/dataset.js';
import { FLT_MAX } from './tree-arrays.js';
import { treeError } from './tree-errors.js';

export interface BinnedFeature {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Bin of every row; `valueBins` (the last index) is the missing bin. */
  bins: Uint8Array;
  /** Bins holding values; at most 255 so the missing bin still fits a byte. */
  valueBins: number;
  /** Numeric: `x <= upper[k]` ⇔ bin ≤ k (float32 values; the last is the largest float32). */
  upper?: Float64Array;
  /** Categorical: the label of each bin, which is also its code in the model. */
  categories?: string[];
}

export interface BinningOptions {
  maxBins: number;
  maxCategories: number;
  minCategoryCount: number;
}

/** Bins the chosen columns of a data set (all of them by default). */
export function binDataset(data: Dataset, options: BinningOptions, variables?: readonly string[]): BinnedFeature[] {
  const byName = new Map(data.columns.map((c) => [c.name, c]));
  const names = variables ?? data.columns.map((c) => c.name);
  if (names.length === 0) throw treeError('variables', 'empty', { zh: '没有可用的变量', en: 'There are no variables to train on' });
  return names.map((name) => {
    const col = byName.get(name);
    if (!col) throw treeError('variables', 'unknown', { zh: `训练数据中没有变量 ${name}`, en: `The training data has no variable ${name}` });
    return col.kind === 'numeric' ? binNumeric(name, col.values, options.maxBins) : binCategorical(name, col.values, options);
  });
}

function binNumeric(name: string, values: Float64Array, maxBins: number): BinnedFeature {
  const n = values.length;
  // float32 first: the model compares in float32, so bins must be cut between float32 values.
  const sorted = Float32Array.from(values).filter((v) => !Number.isNaN(v)).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1]!++;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  const upper: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 0; i + 1 < distinct.length; i++) upper.push(between(distinct[i]!, distinct[i + 1]!));
  } else {
    // Greedy equal-frequency cuts; a value as frequent as a whole bin gets a bin of its own.
    let remaining = sorted.length;
    let acc = 0;
    for (let i = 0; i + 1 < distinct.length && upper.length < maxBins - 1; i++) {
      const target = remaining / (maxBins - upper.length);
      const c = counts[i]!;
      if (acc > 0 && c >= target) {
        upper.push(between(distinct[i - 1]!, distinct[i]!));
        remaining -= acc;
        acc = 0;
        if (upper.length >= maxBins - 1) break;
      }
      acc += c;
      if (acc >= remaining / (maxBins - upper.length)) {
        upper.push(between(distinct[i]!, distinct[i + 1]!));
        remaining -= acc;
        acc = 0;
      }
    }
  }
  upper.push(FLT_MAX);
  const up = Float64Array.from(upper);
  const valueBins = up.length;
  const bins = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const v = Math.fround(values[r]!);
    if (Number.isNaN(v)) {
      bins[r] = valueBins;
      continue;
    }
    let lo = 0;
    let hi = valueBins - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (v <= up[mid]!) hi = mid;
      else lo = mid + 1;
    }
    bins[r] = lo;
  }
  return { name, kind: 'numeric', bins, valueBins, upper: up };
}

/** A float32 threshold t with a ≤ t < b: the midpoint when float32 can hold it, else a itself. */
function between(a: number, b: number): number {
  const m = Math.fround((a + b) / 2);
  return m >= a && m < b ? m : a;
}

function binCategorical(name: string, values: ReadonlyArray<string | null>, o: BinningOptions): BinnedFeature {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null && v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  const kept = [...counts.entries()]
    .filter(([, c]) => c >= o.minCategoryCount)
    .sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0))
    .slice(0, Math.min(o.maxCategories, 255))
    .map(([label]) => label);
  const code = new Map(kept.map((c, i) => [c, i]));
  const valueBins = kept.length;
  const bins = new Uint8Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    bins[r] = v === null || v === undefined ? valueBins : (code.get(v) ?? valueBins);
  }
  return { name, kind: 'categorical', bins, valueBins, categories: kept };
}
