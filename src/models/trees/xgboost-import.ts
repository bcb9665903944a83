/**
 * Reads a model saved by XGBoost in its JSON format (`booster.save_model('model.json')`, XGBoost
 * ≥ 1.0) into a TreeEnsemble of kind 'xgboost'. XGBoost sends `x < threshold` left with float32
 * thresholds and inputs; the ensemble compares in float32 too, so predictions match XGBoost's.
 */
import type { PointsScale } from '../domain/scoring-model.js';
import { OP_LT, packTrees, type RawNode, type RawTree } from './tree-arrays.js';
import { TreeEnsemble, type TreeFeature } from './tree-ensemble.js';
import { treeError } from './tree-errors.js';

export interface XgboostImportOptions {
  /** Points scale of the imported model (default: the platform's). */
  scale?: PointsScale;
  /** Variable names when the file has none (`learner.feature_names` empty); default f0, f1, … as XGBoost names them. */
  featureNames?: readonly string[];
}

/** Objectives whose margin is the log-odds of the positive class. */
const OBJECTIVES = new Set(['binary:logistic', 'reg:logistic', 'binary:logitraw']);

type Json = Record<string, unknown>;

/**
 * @example
 * const model = importXgboostJson(readFileSync('model.json', 'utf8'));
 * model.probability({ f0: 0.3, f1: null }); // = XGBoost's predict()
 */
export function importXgboostJson(input: string | Uint8Array | object, options: XgboostImportOptions = {}): TreeEnsemble {
  const doc = parse(input);
  const learner = obj(doc.learner, 'learner');
  const objective = str(obj(learner.objective, 'learner.objective').name, 'learner.objective.name');
  if (!OBJECTIVES.has(objective)) {
    throw fail('learner.objective.name', 'unsupported',
      `目标函数 ${objective} 不是二分类对数几率模型(支持 binary:logistic、reg:logistic、binary:logitraw)`,
      `objective ${objective} is not a binary log-odds model (supported: binary:logistic, reg:logistic, binary:logitraw)`);
  }
  const params = obj(learner.learner_model_param, 'learner.learner_model_param');
  const numClass = Number(params.num_class ?? 0);
  if (numClass > 1) throw fail('learner.learner_model_param.num_class', 'unsupported', `多分类模型(${numClass} 类)不受支持`, `multi-class models (${numClass} classes) are not supported`);
  const numTarget = Number(params.num_target ?? 1);
  if (numTarget !== 1) throw fail('learner.learner_model_param.num_target', 'unsupported', '只支持单目标模型', 'only single-target models are supported');
  const numFeature = Number(params.num_feature);
  if (!Number.isInteger(numFeature) || numFeature < 1) throw fail('learner.learner_model_param.num_feature', 'type', '变量个数无效', 'the feature count is invalid');

  const { model, weights } = boosterModel(obj(learner.gradient_booster, 'learner.gradient_booster'));
  const trees = arr(model.trees, 'gradient_booster.model.trees');
  const treeInfo = Array.isArray(model.tree_info) ? (model.tree_info as unknown[]) : [];
  const raw: RawTree[] = trees.map((t, i) => readTree(obj(t, `trees[${i}]`), i, weights?.[i] ?? 1, treeInfo[i]));

  const features = featureList(learner, numFeature, options.featureNames);
  const version = Array.isArray(doc.version) ? (doc.version as number[]) : [];
  const baseScore = parseBaseScore(params.base_score);
  const baseMargin = marginOfBaseScore(baseScore, objective, version);
  const coversKnown = trees.every((t) => Array.isArray((t as Json).sum_hessian));
  const attributes = (learner.attributes ?? {}) as Json;
  return new TreeEnsemble({
    kind: 'xgboost',
    features,
    baseMargin,
    trees: packTrees(raw, features.length, 'gradient_booster.model.trees'),
    ...(options.scale ? { scale: options.scale } : {}),
    covers: coversKnown ? 'model' : 'even',
    source: {
      producer: 'xgboost',
      version: version.join('.'),
      objective,
      baseScore,
      trees: raw.length,
      bestIteration: typeof attributes.best_iteration === 'string' ? Number(attributes.best_iteration) : null,
    },
  });
}

function parse(input: string | Uint8Array | object): Json {
  if (typeof input === 'object' && !(input instanceof Uint8Array)) return input as Json;
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  if (!text.trimStart().startsWith('{')) {
    throw fail('model', 'format', '不是 JSON 格式的 XGBoost 模型(UBJSON 与旧二进制格式请用 save_model("model.json") 另存)',
      'not an XGBoost JSON model (re-save UBJSON or legacy binary models with save_model("model.json"))');
  }
  try {
    return JSON.parse(text) as Json;
  } catch (cause) {
    throw fail('model', 'json', 'JSON 解析失败', 'the JSON does not parse', cause);
  }
}

/** The tree container, and DART's per-tree weights (XGBoost scales each DART tree by its weight_drop). */
function boosterModel(gb: Json): { model: Json; weights: number[] | null } {
  if (gb.name === 'gbtree') return { model: obj(gb.model, 'learner.gradient_booster.model'), weights: null };
  if (gb.name === 'dart') {
    const inner = obj(gb.gbtree, 'learner.gradient_booster.gbtree');
    return { model: obj(inner.model, 'learner.gradient_booster.gbtree.model'), weights: arr(gb.weight_drop, 'learner.gradient_booster.weight_drop').map(Number) };
  }
  throw fail('learner.gradient_booster.name', 'unsupported', `${String(gb.name)} 不是树模型(支持 gbtree、dart)`, `${String(gb.name)} is not a tree booster (supported: gbtree, dart)`);
}

function readTree(t: Json, i: number, weight: number, group: unknown): RawTree {
  const where = `gradient_booster.model.trees[${i}]`;
  if (group !== undefined && Number(group) !== 0) throw fail(where, 'group', '树属于非零的输出组(多分类?)', 'the tree belongs to a non-zero output group (multi-class?)');
  const param = (t.tree_param ?? {}) as Json;
  if (Number(param.size_leaf_vector ?? 1) > 1) throw fail(where, 'unsupported', '不支持向量叶节点', 'vector leaves are not supported');
  const left = nums(t.left_children, `${where}.left_children`);
  const right = nums(t.right_children, `${where}.right_children`);
  const index = nums(t.split_indices, `${where}.split_indices`);
  const cond = nums(t.split_conditions, `${where}.split_conditions`);
  const dflt = arr(t.default_left, `${where}.default_left`);
  const type = Array.isArray(t.split_type) ? (t.split_type as unknown[]) : [];
  const hess = Array.isArray(t.sum_hessian) ? (t.sum_hessian as unknown[]).map(Number) : null;
  const n = left.length;
  for (const [name, a] of [['right_children', right], ['split_indices', index], ['split_conditions', cond], ['default_left', dflt]] as const) {
    if (a.length !== n) throw fail(`${where}.${name}`, 'length', `长度与 left_children 不一致`, `length differs from left_children`);
  }
  const nodes: RawNode[] = [];
  for (let k = 0; k < n; k++) {
    const cover = hess ? hess[k]! : Number.NaN;
    if (left[k] === -1) {
      nodes.push({ feature: -1, value: Math.fround(cond[k]!) * weight, cover });
      continue;
    }
    if (Number(type[k] ?? 0) !== 0) {
      throw fail(`${where}.split_type`, 'categorical',
        '模型含类别型分裂(enable_categorical),暂不支持导入:请对类别变量做独热编码后重新训练',
        'the model has categorical splits (enable_categorical), which are not imported: one-hot encode categorical variables and retrain');
    }
    nodes.push({
      feature: index[k]!, op: OP_LT, threshold: cond[k]!, left: left[k]!, right: right[k]!,
      defaultLeft: dflt[k] === 1 || dflt[k] === true, cover,
    });
  }
  return { nodes, root: 0 };
}

function featureList(learner: Json, numFeature: number, given: readonly string[] | undefined): TreeFeature[] {
  const fromFile = Array.isArray(learner.feature_names) ? (learner.feature_names as unknown[]).map(String) : [];
  const names = fromFile.length > 0 ? fromFile : given ? [...given] : Array.from({ length: numFeature }, (_, j) => `f${j}`);
  if (names.length !== numFeature) {
    throw fail('featureNames', 'length', `变量名 ${names.length} 个,模型有 ${numFeature} 个变量`, `${names.length} names for a model of ${numFeature} features`);
  }
  if (new Set(names).size !== names.length) throw fail('learner.feature_names', 'duplicate', '变量名重复', 'feature names repeat');
  return names.map((name) => ({ name, kind: 'numeric' }));
}

/** base_score as XGBoost writes it: a number, "0.5", or since 2.0 a bracketed vector like "[5E-1]". */
export function parseBaseScore(raw: unknown): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1).split(',') : [text];
  if (inner.length !== 1) throw fail('learner.learner_model_param.base_score', 'unsupported', '只支持单个 base_score', 'only a single base_score is supported');
  const v = Number(inner[0]);
  if (inner[0]!.trim() === '' || !Number.isFinite(v)) throw fail('learner.learner_model_param.base_score', 'type', 'base_score 不是数值', 'base_score is not a number');
  return v;
}

/**
 * The margin XGBoost starts from. For logistic objectives base_score is a probability, turned into
 * log-odds in float32 as XGBoost does (−log(1/p − 1)). binary:logitraw has taken base_score as a
 * margin since XGBoost 1.4 (dmlc/xgboost#6517); earlier versions applied the logit as well.
 */
function marginOfBaseScore(b: number, objective: string, version: readonly number[]): number {
  const raw = objective === 'binary:logitraw' && ((version[0] ?? 0) > 1 || ((version[0] ?? 0) === 1 && (version[1] ?? 0) >= 4));
  if (raw) return Math.fround(b);
  if (!(b > 0 && b < 1)) {
    throw fail('learner.learner_model_param.base_score', 'range', 'base_score 须在 (0, 1) 之间', 'base_score must lie in (0, 1)');
  }
  const p = Math.fround(b);
  return Math.fround(-Math.log(Math.fround(Math.fround(1 / p) - 1)));
}

function obj(v: unknown, field: string): Json {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw fail(field, 'type', '缺失或不是对象', 'missing or not an object');
  return v as Json;
}

function arr(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw fail(field, 'type', '缺失或不是列表', 'missing or not a list');
  return v;
}

function nums(v: unknown, field: string): number[] {
  const a = arr(v, field);
  const out = a.map(Number);
  if (out.some((x) => Number.isNaN(x))) throw fail(field, 'type', '含非数值', 'holds a non-number');
  return out;
}

function str(v: unknown, field: string): string {
  if (typeof v !== 'string') throw fail(field, 'type', '缺失或不是字符串', 'missing or not a string');
  return v;
}

function fail(field: string, reason: string, zh: string, en: string, cause?: unknown): Error {
  return treeError(field, reason, { zh: `XGBoost 模型无效:${zh}`, en: `Unusable XGBoost model: ${en}` }, cause);
}
