/**
 * Trains a scorecard end to end on a training sample: binning → WOE → selection (screens,
 * correlation, VIF, stepwise, coefficient signs) → logistic fit → points scaling, and returns the
 * card with everything a model review reads (WOE tables, selection log, coefficients, timings).
 */
import { performance } from 'node:perf_hooks';
import type { Dataset } from '../domain/dataset.js';
import { DEFAULT_SCALE, type PointsScale } from '../domain/scoring-model.js';
import { ModelError, optionError } from '../dataset/model-error.js';
import { type BinningOptions, binVariable, resolveBinningOptions } from './binning.js';
import { buildPointsTable, validateScale } from './scaling.js';
import { Scorecard } from './scorecard.js';
import { correlationFilter, type DroppedVariable, screenVariables, vifFilter } from './selection.js';
import { dropWrongSigns, stepwise } from './stepwise.js';
import { woeColumn, woeTable, type WoeTable } from './woe.js';
import { fitLogistic, type LogisticFit } from './logistic.js';

export interface SelectionOptions {
  /** Least IV to keep (default 0.02). */
  minIv?: number;
  /** Most missing share (default 0.95). */
  maxMissingRate?: number;
  /** Most share of one value (default 0.95). */
  maxIdenticalRate?: number;
  /** Of two WOE columns correlated above this, the lower-IV one goes (default 0.7). */
  maxCorrelation?: number;
  /** Drop the highest VIF while above this (default 10). */
  maxVif?: number;
  /** Stepwise direction, or 'none' to keep all that passed the filters (default 'both'). */
  stepwise?: 'none' | 'forward' | 'backward' | 'both';
  /** Stepwise criterion (default 'aic'). */
  criterion?: 'aic' | 'pvalue';
  pEnter?: number;
  pRemove?: number;
  /** Drop variables whose coefficient is not positive (default true): their points would reward risk. */
  requirePositiveCoefficients?: boolean;
}

export interface TrainOptions {
  /** Candidate variables (default: every column of the dataset). */
  variables?: readonly string[];
  binning?: BinningOptions;
  selection?: SelectionOptions;
  /** L2 penalty of the logistic fits (default 0.01: negligible shrinkage, always a unique fit). */
  l2?: number;
  maxIterations?: number;
  tolerance?: number;
  /** Points scale (default DEFAULT_SCALE: 600 at odds 1:19, PDO 50). */
  scale?: PointsScale;
}

/** One line of the coefficient table. */
export interface CoefficientRow {
  /** Variable name, or '(intercept)'. */
  variable: string;
  estimate: number;
  stdError: number;
  z: number;
  pValue: number;
  /** IV of the variable (absent for the intercept). */
  iv?: number;
}

export interface TrainResult {
  scorecard: Scorecard;
  /** WOE tables of every candidate variable, selected or not, in column order. */
  bins: WoeTable[];
  selection: { kept: string[]; dropped: DroppedVariable[] };
  coefficients: CoefficientRow[];
  fit: { logLikelihood: number; aic: number; iterations: number; l2: number };
  rows: number;
  bads: number;
  timings: { binningMs: number; woeMs: number; selectionMs: number; fitMs: number; scalingMs: number; totalMs: number };
}

const KNOWN = {
  top: ['variables', 'binning', 'selection', 'l2', 'maxIterations', 'tolerance', 'scale'],
  binning: ['method', 'maxBins', 'minBinShare', 'initialBins', 'chiThreshold', 'monotonic', 'impurity', 'treeMinGain', 'manual'],
  selection: ['minIv', 'maxMissingRate', 'maxIdenticalRate', 'maxCorrelation', 'maxVif', 'stepwise', 'criterion', 'pEnter', 'pRemove', 'requirePositiveCoefficients'],
};

function unknownKeys(prefix: string, value: object | undefined, known: readonly string[]): void {
  for (const k of Object.keys(value ?? {})) if (!known.includes(k)) throw optionError(`${prefix}${k}`, '不是已知选项', 'is not a known option');
}

function ratio(name: string, v: number | undefined, fallback: number, max = 1): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v >= 0 && v <= max)) throw optionError(name, `须在 0 到 ${max} 之间`, `must lie between 0 and ${max}`);
  return v;
}

function resolveSelection(s: SelectionOptions = {}) {
  unknownKeys('selection.', s, KNOWN.selection);
  const stepwiseMode = s.stepwise ?? 'both';
  if (!['none', 'forward', 'backward', 'both'].includes(stepwiseMode)) throw optionError('selection.stepwise', '须为 none、forward、backward 或 both', 'must be none, forward, backward or both');
  const maxVif = s.maxVif ?? 10;
  if (typeof maxVif !== 'number' || !(maxVif >= 1)) throw optionError('selection.maxVif', '须为不小于 1 的数', 'must be a number of at least 1');
  return {
    minIv: ratio('selection.minIv', s.minIv, 0.02, Infinity),
    maxMissingRate: ratio('selection.maxMissingRate', s.maxMissingRate, 0.95),
    maxIdenticalRate: ratio('selection.maxIdenticalRate', s.maxIdenticalRate, 0.95),
    maxCorrelation: ratio('selection.maxCorrelation', s.maxCorrelation, 0.7),
    maxVif,
    stepwise: stepwiseMode,
    criterion: s.criterion ?? 'aic',
    pEnter: s.pEnter ?? 0.05,
    pRemove: s.pRemove ?? 0.1,
    requirePositiveCoefficients: s.requirePositiveCoefficients ?? true,
  };
}

/**
 * Trains a scorecard.
 *
 * @example
 * const { scorecard, bins, selection } = trainScorecard(train, { binning: { method: 'chimerge', monotonic: 'auto' } });
 */
export function trainScorecard(train: Dataset, options: TrainOptions = {}): TrainResult {
  const t0 = performance.now();
  unknownKeys('', options, KNOWN.top);
  unknownKeys('binning.', options.binning, KNOWN.binning);
  const binning = resolveBinningOptions(options.binning);
  const sel = resolveSelection(options.selection);
  const l2 = options.l2 ?? 0.01;
  if (typeof l2 !== 'number' || !(l2 >= 0) || !Number.isFinite(l2)) throw optionError('l2', '须为非负数', 'must be a non-negative number');
  const scale = validateScale(options.scale ?? DEFAULT_SCALE);
  const target = train.target;
  if (!target) throw new ModelError('DATASET_INVALID', { zh: '训练样本需要目标列', en: 'The training sample needs the target' }, { field: 'target' });
  let bads = 0;
  for (let i = 0; i < target.length; i++) bads += target[i]!;
  if (bads === 0 || bads === train.rows) {
    throw new ModelError('DATASET_INVALID', { zh: '训练样本的目标只有一个类别', en: 'The training target has one class only' }, { field: 'target' });
  }
  const byName = new Map(train.columns.map((c) => [c.name, c]));
  const candidates = options.variables ? [...options.variables] : train.columns.map((c) => c.name);
  for (const v of candidates) if (!byName.has(v)) throw optionError('variables', `变量 "${v}" 不在训练样本中`, `variable "${v}" is not in the training sample`);
  for (const v of Object.keys(binning.manual)) if (!byName.has(v)) throw optionError(`binning.manual.${v}`, '变量不在训练样本中', 'the variable is not in the training sample');
  const fitOptions = { l2, ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }), ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }) };

  const tBin = performance.now();
  const binsOf = candidates.map((v) => binVariable(byName.get(v)!, target, binning));
  const tWoe = performance.now();
  const tables = binsOf.map((b) => woeTable(b, byName.get(b.variable)!, target));
  const ivOf = new Map(tables.map((t) => [t.variable, t.iv]));
  const tSel = performance.now();

  const dropped: DroppedVariable[] = [];
  const screen = screenVariables(train, tables, sel);
  dropped.push(...screen.dropped);
  const woe = new Map(screen.kept.map((v) => [v, woeColumn(tables.find((t) => t.variable === v)!, byName.get(v), train.rows)]));
  const corr = correlationFilter(screen.kept, woe, ivOf, sel.maxCorrelation);
  dropped.push(...corr.dropped);
  const vif = vifFilter(corr.kept, woe, sel.maxVif);
  dropped.push(...vif.dropped);
  let kept = vif.kept;
  if (sel.stepwise !== 'none' && kept.length > 0) {
    const sw = stepwise(kept, woe, target, { direction: sel.stepwise, criterion: sel.criterion, pEnter: sel.pEnter, pRemove: sel.pRemove, l2 });
    dropped.push(...sw.dropped);
    kept = sw.kept;
  }
  if (sel.requirePositiveCoefficients && kept.length > 0) {
    const signs = dropWrongSigns(kept, woe, target, l2);
    dropped.push(...signs.dropped);
    kept = signs.kept;
  }
  if (kept.length === 0) {
    throw new ModelError(
      'MODEL_FIT_FAILED',
      { zh: '没有变量通过变量筛选,无法建立评分卡;请查看筛选记录或放宽阈值', en: 'No variable passed selection, so there is no scorecard to build; see the selection log or relax the thresholds' },
      { field: 'selection' },
    );
  }
  // Keep the card's variables in column order: stable and easy to read.
  const order = new Map(candidates.map((v, i) => [v, i]));
  kept.sort((a, b) => order.get(a)! - order.get(b)!);
  const tFit = performance.now();
  const fit: LogisticFit = fitLogistic(kept.map((v) => woe.get(v)!), target, { ...fitOptions, names: kept });
  const tScale = performance.now();
  const coefficients = new Map(kept.map((v, j) => [v, fit.coefficients[j + 1]!]));
  const table = buildPointsTable(fit.coefficients[0]!, coefficients, tables.filter((t) => coefficients.has(t.variable)), scale);
  const scorecard = new Scorecard(table);
  const tEnd = performance.now();

  return {
    scorecard,
    bins: tables,
    selection: { kept, dropped },
    coefficients: fit.names.map((variable, j) => ({
      variable,
      estimate: fit.coefficients[j]!,
      stdError: fit.standardErrors[j]!,
      z: fit.z[j]!,
      pValue: fit.pValues[j]!,
      ...(j === 0 ? {} : { iv: ivOf.get(variable)! }),
    })),
    fit: { logLikelihood: fit.logLikelihood, aic: fit.aic, iterations: fit.iterations, l2 },
    rows: train.rows,
    bads,
    timings: { binningMs: tWoe - tBin, woeMs: tSel - tWoe, selectionMs: tFit - tSel, fitMs: tScale - tFit, scalingMs: tEnd - tScale, totalMs: tEnd - t0 },
  };
}
