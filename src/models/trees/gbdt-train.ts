/**
 * Histogram gradient boosting for a binary target (log-loss), trained inside the platform:
 * pre-binned variables, second-order gains with an L2 penalty, learned missing-value directions,
 * LightGBM-style categorical splits, row subsampling from a seed, and early stopping on a
 * validation set. The result is a TreeEnsemble of kind 'gbdt'. Deterministic per seed and data.
 */
import type { Dataset } from '../domain/dataset.js';
import { logistic } from '../domain/points-scale.js';
import { Rng } from '../../shared/prng.js';
import { binDataset, type BinnedFeature } from './gbdt-binning.js';
import { binRule, growTree, growWorkspace, type GrownTree } from './gbdt-grow.js';
import { type GbdtOptions, resolveGbdtOptions } from './gbdt-options.js';
import { histogramLayout } from './gbdt-split.js';
import { packTrees } from './tree-arrays.js';
import { TreeEnsemble, type TreeFeature } from './tree-ensemble.js';
import { treeError } from './tree-errors.js';

export type { GbdtOptions } from './gbdt-options.js';

export interface GbdtResult {
  model: TreeEnsemble;
  /** Trees in the model (the best round's count when early stopping ran). */
  trees: number;
  /** Rounds actually boosted (≥ trees when early stopping cut the tail). */
  roundsRun: number;
  stoppedEarly: boolean;
  /** Training log-loss after each round. */
  trainLogloss: number[];
  /** Validation log-loss after each round, when a validation set was given. */
  validationLogloss?: number[];
}

/**
 * Trains boosted trees on `train` (its target: 1 = bad).
 *
 * @example
 * const { model } = trainGbdt(train, { rounds: 500, learningRate: 0.05, maxDepth: 4,
 *   validation: holdout, earlyStopping: { rounds: 30 }, seed: 7 });
 */
export function trainGbdt(train: Dataset, options: GbdtOptions = {}): GbdtResult {
  const o = resolveGbdtOptions(options);
  const target = checkTarget(train, 'train', true);
  if (o.validation) checkTarget(o.validation, 'validation', false);
  const features = binDataset(train, o, o.variables);
  const modelFeatures: TreeFeature[] = features.map((f) =>
    f.kind === 'numeric' ? { name: f.name, kind: 'numeric' } : { name: f.name, kind: 'categorical', categories: f.categories! },
  );
  if (o.validation) checkValidationColumns(o.validation, modelFeatures);
  const rows = train.rows;
  let positives = 0;
  for (let i = 0; i < rows; i++) positives += target[i]!;
  // Start from the log-odds of the training bad rate (XGBoost's boost_from_average).
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, positives / rows));
  const baseMargin = Math.log(rate / (1 - rate));

  const layout = histogramLayout(features);
  const ws = growWorkspace(features, layout, rows);
  const margin = new Float64Array(rows).fill(baseMargin);
  const grad = new Float64Array(rows);
  const hess = new Float64Array(rows);
  const rng = new Rng(o.seed);
  const all = Uint32Array.from({ length: rows }, (_, i) => i);
  const grown: GrownTree[] = [];
  const trainLogloss: number[] = [];
  const validationLogloss: number[] = [];
  const valTarget = o.validation?.target;
  const valMargin = o.validation ? new Float64Array(o.validation.rows).fill(baseMargin) : null;
  let best = Number.POSITIVE_INFINITY;
  let bestTrees = 0;
  let stoppedEarly = false;

  for (let round = 0; round < o.rounds; round++) {
    for (let i = 0; i < rows; i++) {
      const p = logistic(margin[i]!);
      grad[i] = p - target[i]!;
      hess[i] = Math.max(p * (1 - p), 1e-16);
    }
    const sample = o.subsample < 1 ? drawSample(rng, rows, o.subsample) : all;
    const tree = growTree(ws, sample, grad, hess, o);
    grown.push(tree);
    addTreeToMargins(tree, features, margin);
    trainLogloss.push(logloss(margin, target));
    if (o.validation && valMargin && valTarget) {
      const one = new TreeEnsemble({ kind: 'gbdt', features: modelFeatures, baseMargin: 0, trees: packTrees([{ nodes: tree.nodes }], features.length), covers: 'training' });
      const add = one.marginDataset(o.validation);
      for (let i = 0; i < add.length; i++) valMargin[i]! += add[i]!;
      const loss = logloss(valMargin, valTarget);
      validationLogloss.push(loss);
      if (loss < best) {
        best = loss;
        bestTrees = round + 1;
      } else if (o.earlyStopping && round + 1 - bestTrees >= o.earlyStopping.rounds) {
        stoppedEarly = true;
        break;
      }
    }
  }
  const keep = o.earlyStopping ? bestTrees : grown.length;
  const model = new TreeEnsemble({
    kind: 'gbdt',
    features: modelFeatures,
    baseMargin,
    trees: packTrees(grown.slice(0, keep).map((t) => ({ nodes: t.nodes })), features.length),
    ...(o.scale ? { scale: o.scale } : {}),
    covers: 'training',
    source: {
      trainer: 'fengkong-gbdt',
      objective: 'binary:logloss',
      trainingRows: rows,
      trainingBadRate: positives / rows,
      learningRate: o.learningRate,
      growth: o.growth,
      maxDepth: o.maxDepth,
      maxLeaves: o.maxLeaves,
      lambda: o.lambda,
      subsample: o.subsample,
      seed: o.seed,
      trees: keep,
      bestValidationLogloss: o.validation ? best : null,
    },
  });
  return {
    model,
    trees: keep,
    roundsRun: grown.length,
    stoppedEarly,
    trainLogloss,
    ...(o.validation ? { validationLogloss } : {}),
  };
}

/** Bernoulli row sample, so the draw for a row does not depend on the others' outcomes. */
function drawSample(rng: Rng, rows: number, rate: number): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < rows; i++) if (rng.next() < rate) out.push(i);
  if (out.length === 0) out.push(Math.floor(rng.next() * rows));
  return Uint32Array.from(out);
}

/** Adds a new tree's leaf values to every training row's margin, routing rows by their bins. */
function addTreeToMargins(tree: GrownTree, features: readonly BinnedFeature[], margin: Float64Array): void {
  const rules = tree.splits.map((s) => (s ? binRule(s, features[s.feature]!.valueBins) : null));
  const { nodes, splits } = tree;
  for (let r = 0; r < margin.length; r++) {
    let n = 0;
    for (let s = splits[n]; s; s = splits[n]) {
      n = rules[n]!(features[s.feature]!.bins[r]!) ? nodes[n]!.left! : nodes[n]!.right!;
    }
    margin[r]! += nodes[n]!.value!;
  }
}

/** Mean log-loss of margins against 0/1 targets, computed stably from the margin. */
export function logloss(margin: Float64Array, target: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < margin.length; i++) {
    const z = margin[i]!;
    // −log σ(z) = log(1 + e^(−z)), −log(1 − σ(z)) = log(1 + e^z).
    const s = target[i] ? -z : z;
    sum += s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
  }
  return sum / margin.length;
}

function checkTarget(data: Dataset, field: string, bothClasses: boolean): Uint8Array {
  const t = data.target;
  if (!t || t.length !== data.rows) throw treeError(field, 'target', { zh: '数据缺少目标变量', en: 'The data has no target' });
  if (data.rows < 2) throw treeError(field, 'rows', { zh: '数据行数太少', en: 'The data has too few rows' });
  let ones = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== 0 && t[i] !== 1) throw treeError(field, 'target', { zh: '目标变量只能取 0 或 1', en: 'The target must be 0 or 1' });
    ones += t[i]!;
  }
  if (bothClasses && (ones === 0 || ones === t.length)) {
    throw treeError(field, 'target', { zh: '目标变量只有一个类别,无法训练', en: 'The target has a single class; there is nothing to learn' });
  }
  return t;
}

function checkValidationColumns(v: Dataset, features: readonly TreeFeature[]): void {
  const byName = new Map(v.columns.map((c) => [c.name, c]));
  for (const f of features) {
    const c = byName.get(f.name);
    if (c && c.kind !== f.kind) {
      throw treeError('validation', 'column', {
        zh: `验证集的变量 ${f.name} 类型与训练集不同`,
        en: `Variable ${f.name} has a different type in the validation set`,
      });
    }
  }
}
