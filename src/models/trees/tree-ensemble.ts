/**
 * A boosted-tree model ready to score — trained here ('gbdt') or imported ('xgboost', 'onnx'):
 * probability = logistic(base margin + Σ leaf values), score on the model's points scale, and
 * reasons from exact TreeSHAP contributions converted to points.
 */
import type { Dataset, ModelRow } from '../domain/dataset.js';
import { logistic, pointsFromLogOdds, scaleFactor } from '../domain/points-scale.js';
import {
  DEFAULT_SCALE,
  type ModelArtifact,
  type ModelScore,
  type PointsScale,
  type ScoreReason,
  type ScoringModel,
} from '../domain/scoring-model.js';
import { decodeEnsembleBody, encodeEnsembleBody } from './tree-artifact.js';
import { nextNode, type TreeArrays } from './tree-arrays.js';
import { compilePlan, planMargin, planMargins, type ScoringPlan } from './tree-plan.js';
import { addShapValues, maxDepth, treeExpectation } from './tree-shap.js';

export type TreeModelKind = 'gbdt' | 'xgboost' | 'onnx';

/** One input variable. A categorical one is scored by its code: its index in `categories`. */
export interface TreeFeature {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Known labels of a categorical variable; any other label is treated as missing. */
  categories?: readonly string[];
}

/** Where the node covers behind TreeSHAP's expectations came from. */
export type CoverSource = 'training' | 'model' | 'even' | 'data';

export interface TreeEnsembleInit {
  kind: TreeModelKind;
  features: readonly TreeFeature[];
  /** Log-odds before any tree: the intercept. */
  baseMargin: number;
  trees: TreeArrays;
  scale?: PointsScale;
  covers: CoverSource;
  /** Provenance kept with the artifact (objective, producer, version, training summary). */
  source?: Readonly<Record<string, string | number | boolean | null>>;
}

/** A row's contributions: `values[j]` belongs to `variables[j]`; they add up to margin − expectedValue. */
export interface TreeContributions {
  expectedValue: number;
  margin: number;
  values: Float64Array;
}

/** Reasons returned by `score` when `top` is not given. */
export const DEFAULT_REASON_COUNT = 4;

/**
 * @example
 * const model = TreeEnsemble.fromArtifact(stored);
 * const { probability, score, reasons } = model.score({ age: 31, purpose: 'car (new)' });
 */
export class TreeEnsemble implements ScoringModel {
  readonly kind: TreeModelKind;
  readonly variables: readonly string[];
  readonly scale: PointsScale;
  readonly features: readonly TreeFeature[];
  readonly baseMargin: number;
  readonly trees: TreeArrays;
  readonly covers: CoverSource;
  readonly source: Readonly<Record<string, string | number | boolean | null>>;
  private readonly codes: ReadonlyArray<Map<string, number> | null>;
  private expected: number | undefined;
  private depth: number | undefined;
  private plan: ScoringPlan | undefined;

  constructor(init: TreeEnsembleInit) {
    this.kind = init.kind;
    this.features = init.features.map((f) => ({ ...f, ...(f.categories ? { categories: [...f.categories] } : {}) }));
    this.variables = this.features.map((f) => f.name);
    this.baseMargin = init.baseMargin;
    this.trees = init.trees;
    this.scale = init.scale ?? DEFAULT_SCALE;
    this.covers = init.covers;
    this.source = init.source ?? {};
    this.codes = this.features.map((f) =>
      f.kind === 'categorical' ? new Map((f.categories ?? []).map((c, i) => [c, i])) : null,
    );
  }

  get treeCount(): number {
    return this.trees.roots.length;
  }

  /** The margin of a row about which nothing is known (covers-weighted): where contributions start. */
  get expectedValue(): number {
    if (this.expected === undefined) {
      let e = this.baseMargin;
      for (let t = 0; t < this.treeCount; t++) e += treeExpectation(this.trees, t);
      this.expected = e;
    }
    return this.expected;
  }

  /**
   * The row as the trees read it: numbers rounded to float32 (XGBoost and ONNX Runtime compare in
   * float32), categories as codes, NaN for missing, unparsable or unknown values.
   */
  encode(row: ModelRow): Float64Array {
    const x = new Float64Array(this.features.length);
    for (let j = 0; j < this.features.length; j++) {
      const raw = row[this.features[j]!.name];
      x[j] = this.encodeValue(j, raw);
    }
    return x;
  }

  private encodeValue(j: number, raw: number | string | null | undefined): number {
    if (raw === null || raw === undefined) return Number.NaN;
    const codes = this.codes[j];
    if (codes) return codes.get(String(raw)) ?? Number.NaN;
    const v = typeof raw === 'number' ? raw : raw.trim() === '' ? Number.NaN : Number(raw);
    return Math.fround(v);
  }

  /** Log-odds of bad for an encoded row. */
  marginOf(x: Float64Array): number {
    return this.baseMargin + planMargin(this.scoringPlan(), x, 0);
  }

  private scoringPlan(): ScoringPlan {
    this.plan ??= compilePlan(this.trees);
    return this.plan;
  }

  margin(row: ModelRow): number {
    return this.marginOf(this.encode(row));
  }

  probability(row: ModelRow): number {
    return logistic(this.margin(row));
  }

  /** Each variable's TreeSHAP contribution to the row's log-odds. */
  contributions(row: ModelRow): TreeContributions {
    const x = this.encode(row);
    const values = new Float64Array(this.features.length);
    this.depth ??= maxDepth(this.trees);
    addShapValues(this.trees, x, values, this.depth);
    return { expectedValue: this.expectedValue, margin: this.marginOf(x), values };
  }

  score(row: ModelRow, top = DEFAULT_REASON_COUNT): ModelScore {
    if (top <= 0) {
      // No reasons asked for (a rule reading the score): skip TreeSHAP, by far the dearer part.
      const m = this.margin(row);
      return { probability: logistic(m), score: pointsFromLogOdds(m, this.scale), reasons: [] };
    }
    const { margin, values } = this.contributions(row);
    // A contribution raising the log-odds of bad by c costs factor · c points (score = offset − factor · log-odds).
    const factor = scaleFactor(this.scale);
    const reasons: ScoreReason[] = [];
    for (let j = 0; j < values.length; j++) {
      const pointsLost = factor * values[j]!;
      if (pointsLost > 0) reasons.push({ variable: this.variables[j]!, pointsLost, value: shown(row[this.variables[j]!]) });
    }
    reasons.sort((p, q) => q.pointsLost - p.pointsLost || (p.variable < q.variable ? -1 : 1));
    return {
      probability: logistic(margin),
      score: pointsFromLogOdds(margin, this.scale),
      reasons: reasons.slice(0, Math.max(0, top)),
    };
  }

  /** Margins for every row of a data set; columns are matched by name, absent ones are missing. */
  marginDataset(data: Dataset): Float64Array {
    const out = new Float64Array(data.rows).fill(this.baseMargin);
    planMargins(this.scoringPlan(), this.encodeDataset(data), this.features.length, data.rows, out);
    return out;
  }

  /** P(bad) for every row of a data set: the fast path for batch scoring and evaluation. */
  predictDataset(data: Dataset): Float64Array {
    const m = this.marginDataset(data);
    for (let i = 0; i < m.length; i++) m[i] = logistic(m[i]!);
    return m;
  }

  /** Row-major float32 matrix (the rounding is the float32 comparison semantics), NaN = missing. */
  private encodeDataset(data: Dataset): Float32Array {
    const f = this.features.length;
    const x = new Float32Array(data.rows * f).fill(Number.NaN);
    const byName = new Map(data.columns.map((c) => [c.name, c]));
    for (let j = 0; j < f; j++) {
      const col = byName.get(this.features[j]!.name);
      if (!col) continue;
      const codes = this.codes[j];
      if (col.kind === 'numeric') {
        if (codes) for (let r = 0; r < data.rows; r++) x[r * f + j] = this.encodeValue(j, nullIfNaN(col.values[r]!));
        else for (let r = 0; r < data.rows; r++) x[r * f + j] = col.values[r]!;
      } else {
        for (let r = 0; r < data.rows; r++) x[r * f + j] = this.encodeValue(j, col.values[r] ?? null);
      }
    }
    return x;
  }

  /**
   * The same model with covers counted from `data` (rows routed through every tree): use when a
   * source gave no covers (ONNX without hit rates) so that contributions are measured against
   * this population rather than an even split at every node.
   */
  withCovers(data: Dataset): TreeEnsemble {
    const a = this.trees;
    const cover = new Float64Array(a.feature.length);
    const byName = new Map(data.columns.map((c) => [c.name, c]));
    const x = new Float64Array(this.features.length);
    for (let r = 0; r < data.rows; r++) {
      for (let j = 0; j < this.features.length; j++) {
        const col = byName.get(this.features[j]!.name);
        const raw = !col ? null : col.kind === 'numeric' ? nullIfNaN(col.values[r]!) : (col.values[r] ?? null);
        x[j] = this.encodeValue(j, raw);
      }
      for (let t = 0; t < a.roots.length; t++) {
        let n = a.roots[t]!;
        cover[n]! += 1;
        while (a.feature[n]! >= 0) {
          n = nextNode(a, n, x[a.feature[n]!]!);
          cover[n]! += 1;
        }
      }
    }
    return new TreeEnsemble({ ...this.init(), trees: { ...a, cover }, covers: 'data' });
  }

  /** The same model on another points scale. */
  withScale(scale: PointsScale): TreeEnsemble {
    return new TreeEnsemble({ ...this.init(), scale });
  }

  private init(): TreeEnsembleInit {
    return {
      kind: this.kind, features: this.features, baseMargin: this.baseMargin, trees: this.trees,
      scale: this.scale, covers: this.covers, source: this.source,
    };
  }

  toArtifact(): ModelArtifact {
    return { kind: this.kind, formatVersion: 1, body: encodeEnsembleBody(this.init()) };
  }

  /** Rebuilds a model from `toArtifact()` output; throws a field-named error when the body is malformed. */
  static fromArtifact(artifact: ModelArtifact): TreeEnsemble {
    return new TreeEnsemble(decodeEnsembleBody(artifact));
  }
}

function nullIfNaN(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

function shown(raw: number | string | null | undefined): string {
  return raw === null || raw === undefined || (typeof raw === 'number' && Number.isNaN(raw)) ? '(missing)' : String(raw);
}
