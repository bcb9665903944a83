/**
 * Population stability index between an expected sample (usually training) and an actual one
 * (recent applicants): PSI = Σ (aᵢ − eᵢ)·ln(aᵢ/eᵢ) over bins of shares, for a score and for each
 * variable, with the standard reading < 0.1 stable, 0.1–0.25 watch, > 0.25 shifted.
 *
 * Epsilon: a bin empty on one side would make the log infinite, so every share is floored at
 * `epsilon` (default 1e-4, i.e. one row in ten thousand) before the sum.
 */
import type { Bilingual } from '../../shared/i18n.js';
import type { Column, Dataset } from '../domain/dataset.js';
import { optionError } from '../dataset/model-error.js';
import { countAtOrBelow } from '../domain/interval-search.js';

export type PsiReading = 'stable' | 'watch' | 'shift';

export interface PsiBin {
  label: string;
  expected: number;
  actual: number;
  expectedShare: number;
  actualShare: number;
  /** This bin's term of the sum. */
  psi: number;
}

export interface PsiResult {
  psi: number;
  reading: PsiReading;
  label: Bilingual;
  bins: PsiBin[];
}

export interface PsiOptions {
  /** Quantile bins of the expected sample for numeric values (default 10). */
  bins?: number;
  /** Floor on every share (default 1e-4). */
  epsilon?: number;
}

/** The standard reading of a PSI value. */
export function psiReading(psi: number): { reading: PsiReading; label: Bilingual } {
  if (psi < 0.1) return { reading: 'stable', label: { zh: '稳定(PSI < 0.1)', en: 'stable (PSI < 0.1)' } };
  if (psi <= 0.25) return { reading: 'watch', label: { zh: '需关注(PSI 0.1–0.25)', en: 'watch (PSI 0.1–0.25)' } };
  return { reading: 'shift', label: { zh: '显著偏移(PSI > 0.25)', en: 'shifted (PSI > 0.25)' } };
}

function resolve(o: PsiOptions): { bins: number; epsilon: number } {
  const bins = o.bins ?? 10;
  const epsilon = o.epsilon ?? 1e-4;
  if (!Number.isInteger(bins) || bins < 2 || bins > 1000) throw optionError('bins', '须为 2 到 1000 之间的整数', 'must be an integer from 2 to 1000');
  if (!(epsilon > 0 && epsilon < 0.1)) throw optionError('epsilon', '须在 0 与 0.1 之间', 'must lie between 0 and 0.1');
  return { bins, epsilon };
}

/** PSI from counts per bin of the two samples. */
export function psiFromCounts(labels: readonly string[], expected: ArrayLike<number>, actual: ArrayLike<number>, epsilon = 1e-4): PsiResult {
  let te = 0;
  let ta = 0;
  for (let k = 0; k < labels.length; k++) {
    te += expected[k]!;
    ta += actual[k]!;
  }
  let psi = 0;
  const bins: PsiBin[] = labels.map((label, k) => {
    const e = te === 0 ? 0 : expected[k]! / te;
    const a = ta === 0 ? 0 : actual[k]! / ta;
    const ef = Math.max(e, epsilon);
    const af = Math.max(a, epsilon);
    const term = (af - ef) * Math.log(af / ef);
    psi += term;
    return { label, expected: expected[k]!, actual: actual[k]!, expectedShare: e, actualShare: a, psi: term };
  });
  return { psi, ...psiReading(psi), bins };
}

/** Left-closed quantile breaks of a sample (NaN ignored), each above the minimum and the last. */
export function quantileBreaks(values: Float64Array, bins: number): number[] {
  const sorted = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  const out: number[] = [];
  if (sorted.length === 0) return out;
  for (let q = 1; q < bins; q++) {
    const v = sorted[Math.floor((q * sorted.length) / bins)]!;
    if (v > sorted[0]! && (out.length === 0 || v > out[out.length - 1]!)) out.push(v);
  }
  return out;
}

function bucket(breaks: number[], v: number): number {
  return Number.isNaN(v) ? breaks.length + 1 : countAtOrBelow(breaks, v);
}

/**
 * PSI of a numeric quantity (a score, a probability, a numeric variable): bins at the expected
 * sample's quantiles, plus a missing bin when either sample has NaN.
 *
 * @example
 * psiNumeric(trainScores, recentScores).reading // 'stable'
 */
export function psiNumeric(expected: Float64Array, actual: Float64Array, options: PsiOptions = {}): PsiResult {
  const o = resolve(options);
  const breaks = quantileBreaks(expected, o.bins);
  const k = breaks.length + 2;
  const e = new Float64Array(k);
  const a = new Float64Array(k);
  for (const v of expected) e[bucket(breaks, v)]!++;
  for (const v of actual) a[bucket(breaks, v)]!++;
  const edges = [-Infinity, ...breaks, Infinity].map((x) => (x === -Infinity ? '-inf' : x === Infinity ? 'inf' : String(x)));
  const labels = edges.slice(0, -1).map((from, i) => `[${from},${edges[i + 1]})`);
  labels.push('missing');
  if (e[k - 1] === 0 && a[k - 1] === 0) return psiFromCounts(labels.slice(0, -1), e.subarray(0, k - 1), a.subarray(0, k - 1), o.epsilon);
  return psiFromCounts(labels, e, a, o.epsilon);
}

/** PSI of a categorical variable, one bin per category met in either sample (sorted), missing last. */
export function psiCategorical(expected: ReadonlyArray<string | null>, actual: ReadonlyArray<string | null>, options: PsiOptions = {}): PsiResult {
  const { epsilon } = resolve(options);
  const MISSING = '\u0000missing';
  const count = (values: ReadonlyArray<string | null>) => {
    const m = new Map<string, number>();
    for (const v of values) m.set(v ?? MISSING, (m.get(v ?? MISSING) ?? 0) + 1);
    return m;
  };
  const ce = count(expected);
  const ca = count(actual);
  const keys = [...new Set([...ce.keys(), ...ca.keys()])].filter((k) => k !== MISSING).sort();
  if (ce.has(MISSING) || ca.has(MISSING)) keys.push(MISSING);
  return psiFromCounts(
    keys.map((k) => (k === MISSING ? 'missing' : k)),
    keys.map((k) => ce.get(k) ?? 0),
    keys.map((k) => ca.get(k) ?? 0),
    epsilon,
  );
}

function asNumbers(c: Column): Float64Array {
  return c.kind === 'numeric' ? c.values : Float64Array.from(c.values, (v) => (v === null ? NaN : Number(v)));
}

/**
 * PSI of every variable present in both datasets (or of the named ones): numeric by the expected
 * sample's quantile bins, categorical by category. A variable numeric in one sample and text in the
 * other is compared as categories.
 */
export function variablePsi(expected: Dataset, actual: Dataset, options: PsiOptions & { variables?: readonly string[] } = {}): Array<PsiResult & { variable: string; kind: 'numeric' | 'categorical' }> {
  const actualBy = new Map(actual.columns.map((c) => [c.name, c]));
  const wanted = options.variables ? new Set(options.variables) : undefined;
  const out: Array<PsiResult & { variable: string; kind: 'numeric' | 'categorical' }> = [];
  for (const ce of expected.columns) {
    if (wanted && !wanted.has(ce.name)) continue;
    const ca = actualBy.get(ce.name);
    if (!ca) continue;
    if (ce.kind === 'numeric' && ca.kind === 'numeric') out.push({ variable: ce.name, kind: 'numeric', ...psiNumeric(ce.values, ca.values, options) });
    else {
      const text = (c: Column) => (c.kind === 'categorical' ? c.values : Array.from(asNumbers(c), (v) => (Number.isNaN(v) ? null : String(v))));
      out.push({ variable: ce.name, kind: 'categorical', ...psiCategorical(text(ce), text(ca), options) });
    }
  }
  return out;
}
