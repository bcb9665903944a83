/**
 * Puts values into bins fast: numeric breaks as a Float64Array searched by bisection, categories
 * through a Map. Used by WOE tables, the WOE transform and the scorecard's scoring path alike, so
 * training and scoring can never disagree about a bin.
 */
import type { Column } from '../domain/dataset.js';
import { parseDecimal } from '../dataset/raw-table.js';
import type { VariableBins } from './bins.js';
import { binCount } from './bins.js';
import { countAtOrBelow } from '../domain/interval-search.js';

/** Bin of `v` for left-closed intervals: the number of breaks ≤ v; NaN goes to `missing`. */
export function numericBin(breaks: Float64Array, v: number, missing: number): number {
  return v !== v ? missing : countAtOrBelow(breaks, v);
}

/** A compiled bin lookup for one variable. */
export interface BinLocator {
  readonly kind: 'numeric' | 'categorical';
  readonly bins: number;
  readonly missing: number;
  /** Breaks (numeric) — empty for categorical. */
  readonly breaks: Float64Array;
  /** Category → bin (categorical) — empty for numeric. */
  readonly categories: ReadonlyMap<string, number>;
}

export function compileBins(bins: VariableBins): BinLocator {
  const count = binCount(bins);
  const categories = new Map<string, number>();
  if (bins.kind === 'categorical') bins.groups.forEach((g, i) => g.forEach((c) => categories.set(c, i)));
  return {
    kind: bins.kind,
    bins: count,
    missing: count - 1,
    breaks: bins.kind === 'numeric' ? Float64Array.from(bins.breaks) : new Float64Array(0),
    categories,
  };
}

/**
 * Bin of one raw value as a scoring row may carry it: a numeric variable accepts numbers and
 * numeric strings, a categorical one compares the text (numbers are turned into their text).
 */
export function locate(loc: BinLocator, value: number | string | null | undefined): number {
  if (value === null || value === undefined) return loc.missing;
  if (loc.kind === 'numeric') {
    // Text is read by the same decimal rule as the file loader, so "0x10" is not 16 here either.
    const v = typeof value === 'number' ? value : parseDecimal(value.trim());
    return numericBin(loc.breaks, Number.isFinite(v) ? v : NaN, loc.missing);
  }
  const b = loc.categories.get(typeof value === 'string' ? value : String(value));
  return b === undefined ? loc.missing : b;
}

/** The bin of every row of a column. A column of the other kind is converted value by value. */
export function assignColumn(loc: BinLocator, column: Column | undefined, rows: number): Int32Array {
  const out = new Int32Array(rows);
  if (!column) return out.fill(loc.missing);
  if (column.kind === 'numeric' && loc.kind === 'numeric') {
    const v = column.values;
    for (let i = 0; i < rows; i++) out[i] = numericBin(loc.breaks, v[i]!, loc.missing);
  } else if (column.kind === 'categorical' && loc.kind === 'categorical') {
    const v = column.values;
    for (let i = 0; i < rows; i++) {
      const c = v[i];
      const b = c === null || c === undefined ? undefined : loc.categories.get(c);
      out[i] = b === undefined ? loc.missing : b;
    }
  } else {
    for (let i = 0; i < rows; i++) {
      const raw = column.values[i];
      out[i] = locate(loc, typeof raw === 'number' && Number.isNaN(raw) ? null : raw);
    }
  }
  return out;
}
