/**
 * Discrimination and calibration metrics of a binary risk model: AUC, KS, Gini, lift and gain by
 * decile, calibration by decile, a score histogram, and ROC and KS curves for charts.
 *
 * Direction: every function here reads `risk`, where HIGHER MEANS RISKIER — a probability of bad
 * as it is, or a points score negated (points are higher for safer applicants). Labels: 1 = bad.
 */
import { ModelError } from '../dataset/model-error.js';

function invalid(zh: string, en: string, field: string): ModelError {
  return new ModelError('DATASET_INVALID', { zh, en }, { field });
}

/** Checks the inputs and counts the bads; refuses mismatched lengths, NaN and a single class. */
export function checkInputs(risk: Float64Array, labels: Uint8Array): { rows: number; bads: number } {
  if (risk.length !== labels.length) throw invalid('预测值与标签数量不一致', 'Predictions and labels differ in length', 'labels');
  let bads = 0;
  for (let i = 0; i < risk.length; i++) {
    if (Number.isNaN(risk[i]!)) throw invalid(`第 ${i + 1} 个预测值不是数值`, `Prediction ${i + 1} is not a number`, 'predictions');
    if (labels[i]! > 1) throw invalid(`第 ${i + 1} 个标签不是 0 或 1`, `Label ${i + 1} is neither 0 nor 1`, 'labels');
    bads += labels[i]!;
  }
  if (bads === 0 || bads === risk.length) throw invalid('标签只有一个类别,无法评估区分能力', 'The labels hold one class only; discrimination cannot be measured', 'labels');
  return { rows: risk.length, bads };
}

/** Row numbers sorted by risk, riskiest first; equal risks keep row order (deterministic). */
export function riskOrder(risk: Float64Array): Uint32Array {
  const order = new Uint32Array(risk.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => risk[b]! - risk[a]! || a - b);
}

/**
 * Area under the ROC curve as the Mann–Whitney statistic: the chance that a random bad is riskier
 * than a random good, ties counted one half (average ranks).
 */
export function auc(risk: Float64Array, labels: Uint8Array): number {
  const { rows: n, bads } = checkInputs(risk, labels);
  const order = riskOrder(risk).reverse(); // ascending
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && risk[order[j + 1]!] === risk[order[i]!]) j++;
    const avgRank = (i + j + 2) / 2; // ranks are 1-based
    for (let k = i; k <= j; k++) if (labels[order[k]!] === 1) rankSum += avgRank;
    i = j + 1;
  }
  const goods = n - bads;
  return (rankSum - (bads * (bads + 1)) / 2) / (bads * goods);
}

/** Gini = 2·AUC − 1. */
export function gini(aucValue: number): number {
  return 2 * aucValue - 1;
}

/**
 * The cumulative counts at every distinct risk value, riskiest first: at point k the rows with
 * risk ≥ thresholds[k] are flagged. Point 0 is "nothing flagged".
 */
export interface ThresholdCurve {
  thresholds: Float64Array;
  cumBads: Float64Array;
  cumGoods: Float64Array;
  bads: number;
  goods: number;
}

export function thresholdCurve(risk: Float64Array, labels: Uint8Array): ThresholdCurve {
  const { rows: n, bads } = checkInputs(risk, labels);
  const order = riskOrder(risk);
  const t: number[] = [Infinity];
  const cb: number[] = [0];
  const cg: number[] = [0];
  let b = 0;
  let g = 0;
  for (let i = 0; i < n; ) {
    const v = risk[order[i]!]!;
    while (i < n && risk[order[i]!] === v) {
      if (labels[order[i]!] === 1) b++;
      else g++;
      i++;
    }
    t.push(v);
    cb.push(b);
    cg.push(g);
  }
  return { thresholds: Float64Array.from(t), cumBads: Float64Array.from(cb), cumGoods: Float64Array.from(cg), bads, goods: n - bads };
}

/**
 * Kolmogorov–Smirnov statistic, max |TPR − FPR| over thresholds, and the threshold where it is
 * reached (flag rows with risk ≥ threshold; the riskiest threshold wins a tie).
 */
export function ks(risk: Float64Array, labels: Uint8Array): { ks: number; threshold: number } {
  const c = thresholdCurve(risk, labels);
  let best = -1;
  let at = 0;
  for (let k = 1; k < c.thresholds.length; k++) {
    const d = Math.abs(c.cumBads[k]! / c.bads - c.cumGoods[k]! / c.goods);
    if (d > best + 1e-15) {
      best = d;
      at = k;
    }
  }
  return { ks: best, threshold: c.thresholds[at]! };
}

/** Indices 0..m−1 evenly thinned to at most `max`, first and last and `keep` always among them. */
export function thin(m: number, max: number, keep: number[] = []): number[] {
  if (m <= max) return Array.from({ length: m }, (_v, i) => i);
  const slots = Math.max(2, max - keep.length);
  const set = new Set<number>(keep.filter((k) => k >= 0 && k < m));
  for (let i = 0; i < slots; i++) set.add(Math.round((i * (m - 1)) / (slots - 1)));
  return [...set].sort((a, b) => a - b);
}

/** ROC points (FPR, TPR) from (0,0) to (1,1), at most `maxPoints` of them. */
export function rocCurve(risk: Float64Array, labels: Uint8Array, maxPoints = 200): Array<{ fpr: number; tpr: number }> {
  const c = thresholdCurve(risk, labels);
  return thin(c.thresholds.length, maxPoints).map((k) => ({ fpr: c.cumGoods[k]! / c.goods, tpr: c.cumBads[k]! / c.bads }));
}

/**
 * KS chart points: x = share of all rows flagged (riskiest first), with TPR (bads caught) and FPR
 * (goods caught); the KS point itself is always kept.
 */
export function ksCurve(risk: Float64Array, labels: Uint8Array, maxPoints = 200): Array<{ x: number; tpr: number; fpr: number }> {
  const c = thresholdCurve(risk, labels);
  const n = c.bads + c.goods;
  let at = 0;
  let best = -1;
  for (let k = 0; k < c.thresholds.length; k++) {
    const d = Math.abs(c.cumBads[k]! / c.bads - c.cumGoods[k]! / c.goods);
    if (d > best + 1e-15) {
      best = d;
      at = k;
    }
  }
  return thin(c.thresholds.length, maxPoints, [at]).map((k) => ({
    x: (c.cumBads[k]! + c.cumGoods[k]!) / n,
    tpr: c.cumBads[k]! / c.bads,
    fpr: c.cumGoods[k]! / c.goods,
  }));
}

/** One risk group of a lift (gain) table; group 1 is the riskiest. */
export interface LiftRow {
  group: number;
  rows: number;
  bads: number;
  badRate: number;
  cumRows: number;
  cumBads: number;
  /** Share of all bads caught in this and riskier groups (gain). */
  cumBadCapture: number;
  /** badRate / overall bad rate. */
  lift: number;
  /** Cumulative bad rate / overall bad rate. */
  cumLift: number;
  minRisk: number;
  maxRisk: number;
}

/**
 * Lift and gain by equal-count groups (deciles by default), riskiest first. Groups are cut by
 * position in the risk order, so rows of one risk value may straddle two groups.
 */
export function liftTable(risk: Float64Array, labels: Uint8Array, groups = 10): LiftRow[] {
  const { rows: n, bads } = checkInputs(risk, labels);
  const order = riskOrder(risk);
  const overall = bads / n;
  const out: LiftRow[] = [];
  let cumRows = 0;
  let cumBads = 0;
  for (let g = 0; g < groups; g++) {
    const from = Math.floor((g * n) / groups);
    const to = Math.floor(((g + 1) * n) / groups);
    if (to <= from) continue;
    let b = 0;
    for (let i = from; i < to; i++) b += labels[order[i]!]!;
    cumRows += to - from;
    cumBads += b;
    out.push({
      group: g + 1,
      rows: to - from,
      bads: b,
      badRate: b / (to - from),
      cumRows,
      cumBads,
      cumBadCapture: cumBads / bads,
      lift: b / (to - from) / overall,
      cumLift: cumBads / cumRows / overall,
      minRisk: risk[order[to - 1]!]!,
      maxRisk: risk[order[from]!]!,
    });
  }
  return out;
}

/** Predicted against observed bad rate in one probability group (group 1 = lowest probabilities). */
export interface CalibrationRow {
  group: number;
  rows: number;
  meanPredicted: number;
  observedBadRate: number;
  minPredicted: number;
  maxPredicted: number;
}

/** Calibration by equal-count groups of the predicted probability, lowest first. */
export function calibrationTable(probabilities: Float64Array, labels: Uint8Array, groups = 10): CalibrationRow[] {
  const { rows: n } = checkInputs(probabilities, labels);
  const order = riskOrder(probabilities).reverse();
  const out: CalibrationRow[] = [];
  for (let g = 0; g < groups; g++) {
    const from = Math.floor((g * n) / groups);
    const to = Math.floor(((g + 1) * n) / groups);
    if (to <= from) continue;
    let sum = 0;
    let b = 0;
    for (let i = from; i < to; i++) {
      sum += probabilities[order[i]!]!;
      b += labels[order[i]!]!;
    }
    out.push({
      group: g + 1,
      rows: to - from,
      meanPredicted: sum / (to - from),
      observedBadRate: b / (to - from),
      minPredicted: probabilities[order[from]!]!,
      maxPredicted: probabilities[order[to - 1]!]!,
    });
  }
  return out;
}

/** One bar of a histogram: values in [from, to), the last bar closed, split into goods and bads. */
export interface HistogramBin {
  from: number;
  to: number;
  good: number;
  bad: number;
}

/** A round bar width (1, 2, 2.5 or 5 × 10ᵏ) giving at most `maxBins` bars over the range. */
export function niceWidth(range: number, maxBins: number): number {
  if (!(range > 0)) return 1;
  const raw = range / maxBins;
  const base = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * base >= raw) return m * base;
  return 10 * base;
}

/**
 * Histogram of scores (or probabilities) with good and bad counts per bar; bars have a round
 * width and start at a multiple of it. NaN values are left out.
 */
export function scoreHistogram(values: Float64Array, labels: Uint8Array, maxBins = 20): HistogramBin[] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return [];
  let width = niceWidth(max - min, maxBins);
  let start = Math.floor(min / width) * width;
  let count = Math.max(1, Math.ceil((max - start) / width + 1e-9));
  // Aligning the start to a multiple of the width can add one bar; widen once if it does.
  if (count > maxBins) {
    width = niceWidth((max - min) * 1.0001, Math.max(1, maxBins - 1));
    start = Math.floor(min / width) * width;
    count = Math.max(1, Math.ceil((max - start) / width + 1e-9));
  }
  const out: HistogramBin[] = [];
  // toPrecision(12) trims binary noise such as 0.15000000000000002 from the bar edges.
  const edge = (k: number) => Number((start + k * width).toPrecision(12));
  for (let k = 0; k < count; k++) out.push({ from: edge(k), to: edge(k + 1), good: 0, bad: 0 });
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    const k = Math.min(count - 1, Math.max(0, Math.floor((v - start) / width)));
    if (labels[i] === 1) out[k]!.bad++;
    else out[k]!.good++;
  }
  return out;
}
