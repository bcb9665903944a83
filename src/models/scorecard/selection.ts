/**
 * Variable selection before and around the logistic fit: screens on missing rate, identical-value
 * rate and IV, then drops the lower-IV variable of every highly correlated WOE pair and,
 * iteratively, the variable with the highest VIF. Every dropped variable carries its reason in
 * both languages. Stepwise selection lives in stepwise.ts and is re-exported here.
 */
import type { Bilingual } from '../../shared/i18n.js';
import type { Column, Dataset } from '../domain/dataset.js';
import { invertSymmetric } from './linear-algebra.js';
import type { WoeTable } from './woe.js';

export { stepwise, dropWrongSigns, type StepwiseOptions, type StepwiseResult } from './stepwise.js';

export type SelectionStep = 'missing' | 'identical' | 'iv' | 'correlation' | 'vif' | 'stepwise' | 'sign';

/** A variable left out, the step that dropped it, the figure it was judged on and why. */
export interface DroppedVariable {
  variable: string;
  step: SelectionStep;
  /** The figure judged: missing rate, identical rate, IV, |correlation|, VIF, ΔAIC or p-value, coefficient. */
  value: number;
  threshold: number;
  /** The variable it was compared with (correlation). */
  partner?: string;
  reason: Bilingual;
}

export interface SelectionResult {
  kept: string[];
  dropped: DroppedVariable[];
}

/** WOE columns by variable name. */
export type WoeColumns = ReadonlyMap<string, Float64Array>;

const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 1000 ? v.toExponential(3) : String(Math.round(v * 10000) / 10000)) : String(v));

/** Share of rows with no value. */
export function missingRate(column: Column): number {
  let m = 0;
  const n = column.values.length;
  if (n === 0) return 0;
  if (column.kind === 'numeric') for (let i = 0; i < n; i++) m += Number.isNaN(column.values[i]!) ? 1 : 0;
  else for (let i = 0; i < n; i++) m += column.values[i] === null ? 1 : 0;
  return m / n;
}

/** Share of rows holding the most common value (missing counts as one value). */
export function identicalRate(column: Column): number {
  const n = column.values.length;
  if (n === 0) return 0;
  const counts = new Map<number | string | null, number>();
  for (let i = 0; i < n; i++) {
    const raw = column.values[i]!;
    const v = typeof raw === 'number' && Number.isNaN(raw) ? null : raw;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let max = 0;
  for (const c of counts.values()) max = Math.max(max, c);
  return max / n;
}

export interface ScreenOptions {
  /** Least IV to keep (default 0.02). */
  minIv?: number;
  /** Most missing share to keep (default 0.95). */
  maxMissingRate?: number;
  /** Most share of one value to keep (default 0.95). */
  maxIdenticalRate?: number;
}

/** First screen, in the order missing rate → identical rate → IV; a variable is judged by the first it fails. */
export function screenVariables(data: Dataset, tables: readonly WoeTable[], options: ScreenOptions = {}): SelectionResult {
  const minIv = options.minIv ?? 0.02;
  const maxMissing = options.maxMissingRate ?? 0.95;
  const maxIdentical = options.maxIdenticalRate ?? 0.95;
  const columns = new Map(data.columns.map((c) => [c.name, c]));
  const kept: string[] = [];
  const dropped: DroppedVariable[] = [];
  for (const t of tables) {
    const column = columns.get(t.variable);
    const missing = column ? missingRate(column) : 1;
    const identical = column ? identicalRate(column) : 1;
    if (missing > maxMissing) {
      dropped.push({ variable: t.variable, step: 'missing', value: missing, threshold: maxMissing, reason: { zh: `缺失率 ${fmt(missing)} 高于 ${maxMissing}`, en: `missing rate ${fmt(missing)} is above ${maxMissing}` } });
    } else if (identical > maxIdentical) {
      dropped.push({ variable: t.variable, step: 'identical', value: identical, threshold: maxIdentical, reason: { zh: `同值率 ${fmt(identical)} 高于 ${maxIdentical}`, en: `identical-value rate ${fmt(identical)} is above ${maxIdentical}` } });
    } else if (t.iv < minIv) {
      dropped.push({ variable: t.variable, step: 'iv', value: t.iv, threshold: minIv, reason: { zh: `IV ${fmt(t.iv)} 低于 ${minIv}`, en: `IV ${fmt(t.iv)} is below ${minIv}` } });
    } else kept.push(t.variable);
  }
  return { kept, dropped };
}

/** Pearson correlation; 0 when either column is constant. */
export function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

/**
 * Goes through the variables from highest IV down and keeps one only if its WOE correlates with
 * no kept variable above `maxCorrelation` in absolute value — so of every such pair, the lower-IV
 * variable goes.
 */
export function correlationFilter(variables: readonly string[], columns: WoeColumns, iv: ReadonlyMap<string, number>, maxCorrelation = 0.7): SelectionResult {
  const order = [...variables].sort((a, b) => (iv.get(b) ?? 0) - (iv.get(a) ?? 0) || (a < b ? -1 : 1));
  const keptSet: string[] = [];
  const dropped: DroppedVariable[] = [];
  for (const v of order) {
    let worst = 0;
    let partner = '';
    for (const k of keptSet) {
      const r = Math.abs(pearson(columns.get(v)!, columns.get(k)!));
      if (r > worst) {
        worst = r;
        partner = k;
      }
    }
    if (worst > maxCorrelation) {
      dropped.push({
        variable: v,
        step: 'correlation',
        value: worst,
        threshold: maxCorrelation,
        partner,
        reason: {
          zh: `与 ${partner} 的 WOE 相关系数 ${fmt(worst)} 高于 ${maxCorrelation},且 IV 较低`,
          en: `WOE correlation ${fmt(worst)} with ${partner} is above ${maxCorrelation} and its IV is lower`,
        },
      });
    } else keptSet.push(v);
  }
  const keep = new Set(keptSet);
  return { kept: variables.filter((v) => keep.has(v)), dropped };
}

/**
 * Variance inflation factor of each column, VIFⱼ = 1/(1 − Rⱼ²) = (R⁻¹)ⱼⱼ with R the correlation
 * matrix. Exactly collinear columns get a tiny ridge (1e-10) so they show as huge VIFs, not a crash.
 */
export function vif(columns: readonly Float64Array[]): Float64Array {
  const p = columns.length;
  const r = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    r[j * p + j] = 1;
    for (let k = 0; k < j; k++) r[j * p + k] = r[k * p + j] = pearson(columns[j]!, columns[k]!);
  }
  let inv = invertSymmetric(r, p);
  if (!inv) {
    for (let j = 0; j < p; j++) r[j * p + j] = 1 + 1e-10;
    inv = invertSymmetric(r, p);
  }
  const out = new Float64Array(p);
  for (let j = 0; j < p; j++) out[j] = inv ? inv[j * p + j]! : Infinity;
  return out;
}

/** Drops the highest-VIF variable while any VIF is above `maxVif`, recomputing after each drop. */
export function vifFilter(variables: readonly string[], columns: WoeColumns, maxVif = 10): SelectionResult {
  const kept = [...variables];
  const dropped: DroppedVariable[] = [];
  while (kept.length > 1) {
    const v = vif(kept.map((name) => columns.get(name)!));
    let worst = 0;
    for (let j = 1; j < v.length; j++) if (v[j]! > v[worst]!) worst = j;
    if (!(v[worst]! > maxVif)) break;
    const value = v[worst]!;
    dropped.push({ variable: kept[worst]!, step: 'vif', value, threshold: maxVif, reason: { zh: `VIF ${fmt(value)} 高于 ${maxVif}`, en: `VIF ${fmt(value)} is above ${maxVif}` } });
    kept.splice(worst, 1);
  }
  return { kept, dropped };
}
