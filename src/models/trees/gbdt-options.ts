/**
 * Training options of the in-platform gradient-boosted trees, their defaults, and the check that
 * refuses a bad option by name in both languages before any work starts.
 */
import type { Dataset } from '../domain/dataset.js';
import type { PointsScale } from '../domain/scoring-model.js';
import { treeError } from './tree-errors.js';

export interface GbdtOptions {
  /** Most boosting rounds (trees); fewer when early stopping ends training. Default 300. */
  rounds?: number;
  /** Shrinkage applied to every leaf, (0, 1]. Default 0.1. */
  learningRate?: number;
  /** 'depthwise' grows level by level to maxDepth (XGBoost's default); 'leafwise' splits the best leaf first until maxLeaves (LightGBM's). Default 'depthwise'. */
  growth?: 'depthwise' | 'leafwise';
  /** Deepest level, 1–30. Default 5 (depthwise) or 12 (leafwise). */
  maxDepth?: number;
  /** Most leaves per tree, 2–4096. Default 2^maxDepth (depthwise) or 31 (leafwise). */
  maxLeaves?: number;
  /** L2 penalty λ on leaf values (the gain is ½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)] − γ). Default 1. */
  lambda?: number;
  /** γ: least gain a split must bring. Default 0. */
  minSplitGain?: number;
  /** Least hessian sum in a child. Default 1 (XGBoost's). */
  minChildWeight?: number;
  /** Least training rows in a leaf. Default 20 (LightGBM's). */
  minDataInLeaf?: number;
  /** Fraction of rows drawn (without replacement, per round) to grow each tree, (0, 1]. Default 1. */
  subsample?: number;
  /** Seed of the row sampling; the same seed and data give the same model. Default 1. */
  seed?: number;
  /** Value bins per numeric variable, 2–255 (missing values get one more bin of their own). Default 255. */
  maxBins?: number;
  /** Categories kept per categorical variable (most frequent first), 1–255; the rest score as missing. Default 64. */
  maxCategories?: number;
  /** A category needs this many training rows to be kept; rarer ones score as missing. Default 10. */
  minCategoryCount?: number;
  /** Added to the hessian when ordering categories by gradient/hessian at a node. Default 10. */
  catSmooth?: number;
  /** Extra L2 penalty in the gain of categorical splits (they can fit noise more easily). Default 10. */
  catL2?: number;
  /** Rows scored after every round; required for early stopping. */
  validation?: Dataset;
  /** Stop when validation log-loss has not improved for `rounds` rounds, and keep the best round's trees. */
  earlyStopping?: { rounds: number };
  /** Variables to use, by name (default: every column of the training data). */
  variables?: readonly string[];
  /** Points scale of the resulting model. */
  scale?: PointsScale;
}

export type ResolvedGbdtOptions = Required<Omit<GbdtOptions, 'validation' | 'earlyStopping' | 'variables' | 'scale'>> &
  Pick<GbdtOptions, 'validation' | 'earlyStopping' | 'variables' | 'scale'>;

const KNOWN = new Set<string>([
  'rounds', 'learningRate', 'growth', 'maxDepth', 'maxLeaves', 'lambda', 'minSplitGain', 'minChildWeight',
  'minDataInLeaf', 'subsample', 'seed', 'maxBins', 'maxCategories', 'minCategoryCount', 'catSmooth', 'catL2',
  'validation', 'earlyStopping', 'variables', 'scale',
]);

/** Fills defaults and checks every option; throws a REQUEST_INVALID error naming the first bad one. */
export function resolveGbdtOptions(options: GbdtOptions = {}): ResolvedGbdtOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw bad(key, 'unknown', `未知的训练参数 ${key}`, `unknown training option ${key}`);
  }
  const growth = options.growth ?? 'depthwise';
  if (growth !== 'depthwise' && growth !== 'leafwise') {
    throw bad('growth', 'enum', 'growth 须为 depthwise 或 leafwise', 'growth must be depthwise or leafwise');
  }
  const maxDepth = int(options, 'maxDepth', growth === 'depthwise' ? 5 : 12, 1, 30);
  const resolved: ResolvedGbdtOptions = {
    rounds: int(options, 'rounds', 300, 1, 100_000),
    learningRate: num(options, 'learningRate', 0.1, 0, 1, false),
    growth,
    maxDepth,
    maxLeaves: int(options, 'maxLeaves', growth === 'depthwise' ? 2 ** maxDepth : 31, 2, 4096),
    lambda: num(options, 'lambda', 1, 0, 1e6, true),
    minSplitGain: num(options, 'minSplitGain', 0, 0, 1e12, true),
    minChildWeight: num(options, 'minChildWeight', 1, 0, 1e12, true),
    minDataInLeaf: int(options, 'minDataInLeaf', 20, 1, 1e9),
    subsample: num(options, 'subsample', 1, 0, 1, false),
    seed: int(options, 'seed', 1, -(2 ** 31), 2 ** 32 - 1),
    maxBins: int(options, 'maxBins', 255, 2, 255),
    maxCategories: int(options, 'maxCategories', 64, 1, 255),
    minCategoryCount: int(options, 'minCategoryCount', 10, 1, 1e9),
    catSmooth: num(options, 'catSmooth', 10, 0, 1e12, true),
    catL2: num(options, 'catL2', 10, 0, 1e12, true),
    ...(options.validation ? { validation: options.validation } : {}),
    ...(options.variables ? { variables: options.variables } : {}),
    ...(options.scale ? { scale: options.scale } : {}),
  };
  if (options.earlyStopping !== undefined) {
    const r = options.earlyStopping?.rounds;
    if (typeof r !== 'number' || !Number.isInteger(r) || r < 1) {
      throw bad('earlyStopping.rounds', 'range', 'earlyStopping.rounds 须为 ≥ 1 的整数', 'earlyStopping.rounds must be an integer ≥ 1');
    }
    if (!options.validation) {
      throw bad('validation', 'required', '提前停止需要验证集(validation)', 'early stopping needs a validation set (validation)');
    }
    resolved.earlyStopping = { rounds: r };
  }
  if (options.validation && !options.validation.target) {
    throw bad('validation', 'target', '验证集缺少目标变量', 'the validation set has no target');
  }
  return resolved;
}

function int(o: GbdtOptions, key: keyof GbdtOptions, dflt: number, min: number, max: number): number {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw bad(key, 'range', `${key} 须为 ${min}–${max} 之间的整数`, `${key} must be an integer from ${min} to ${max}`);
  }
  return v;
}

/** A number in (min, max] — or [min, max] when `minIncluded`. */
function num(o: GbdtOptions, key: keyof GbdtOptions, dflt: number, min: number, max: number, minIncluded: boolean): number {
  const v = o[key];
  if (v === undefined) return dflt;
  const ok = typeof v === 'number' && Number.isFinite(v) && (minIncluded ? v >= min : v > min) && v <= max;
  if (!ok) {
    const range = `${minIncluded ? '[' : '('}${min}, ${max}]`;
    throw bad(key, 'range', `${key} 须为区间 ${range} 内的数`, `${key} must be a number in ${range}`);
  }
  return v as number;
}

function bad(field: string, reason: string, zh: string, en: string): Error {
  return treeError(field, reason, { zh, en });
}
