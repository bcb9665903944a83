/**
 * The JSON body a tree model is stored as (artifact kinds 'gbdt', 'xgboost', 'onnx'), and the
 * checked way back: every array is validated and the trees are re-packed, so a hand-edited or
 * truncated artifact fails with the field that is wrong instead of scoring nonsense.
 */
import type { ModelArtifact, PointsScale } from '../domain/scoring-model.js';
import { packTrees, type RawNode, type TreeArrays } from './tree-arrays.js';
import type { CoverSource, TreeEnsembleInit, TreeFeature, TreeModelKind } from './tree-ensemble.js';
import { treeError } from './tree-errors.js';

export const ENSEMBLE_FORMAT = 'fengkong.tree-ensemble';

const NODE_ARRAYS = ['feature', 'op', 'threshold', 'left', 'right', 'defaultLeft', 'value', 'cover', 'catStart', 'catCount'] as const;

/** Plain-JSON form of a model (numbers survive JSON exactly: JavaScript prints the shortest round-trip form). */
export function encodeEnsembleBody(init: TreeEnsembleInit): Record<string, unknown> {
  const t = init.trees;
  const trees: Record<string, number[]> = { roots: [...t.roots], cats: [...t.cats] };
  for (const k of NODE_ARRAYS) trees[k] = [...t[k]];
  return {
    format: ENSEMBLE_FORMAT,
    features: init.features.map((f) => (f.categories ? { name: f.name, kind: f.kind, categories: [...f.categories] } : { name: f.name, kind: f.kind })),
    baseMargin: init.baseMargin,
    scale: init.scale,
    covers: init.covers,
    source: init.source ?? {},
    trees,
  };
}

export function decodeEnsembleBody(artifact: ModelArtifact): TreeEnsembleInit {
  const kind = artifact.kind;
  if (kind !== 'gbdt' && kind !== 'xgboost' && kind !== 'onnx') {
    throw fail('kind', 'unsupported', `kind "${String(kind)}" is not a tree model`, `类型 "${String(kind)}" 不是树模型`);
  }
  if (artifact.formatVersion !== 1) throw fail('formatVersion', 'unsupported', 'only format version 1 is known', '只支持格式版本 1');
  const body = artifact.body as Record<string, unknown> | null;
  if (!body || typeof body !== 'object' || body.format !== ENSEMBLE_FORMAT) {
    throw fail('body.format', 'format', `the body is not a ${ENSEMBLE_FORMAT}`, `模型内容不是 ${ENSEMBLE_FORMAT}`);
  }
  const features = decodeFeatures(body.features);
  const baseMargin = body.baseMargin;
  if (typeof baseMargin !== 'number' || !Number.isFinite(baseMargin)) {
    throw fail('body.baseMargin', 'type', 'must be a finite number', '须为有限数值');
  }
  const covers = body.covers;
  if (covers !== 'training' && covers !== 'model' && covers !== 'even' && covers !== 'data') {
    throw fail('body.covers', 'enum', 'must be training, model, even or data', '须为 training、model、even 或 data');
  }
  const source = body.source && typeof body.source === 'object' ? (body.source as TreeEnsembleInit['source']) : {};
  return {
    kind: kind as TreeModelKind,
    features,
    baseMargin,
    trees: decodeTrees(body.trees, features.length),
    scale: decodeScale(body.scale),
    covers: covers as CoverSource,
    ...(source ? { source } : {}),
  };
}

function decodeFeatures(raw: unknown): TreeFeature[] {
  if (!Array.isArray(raw) || raw.length === 0) throw fail('body.features', 'type', 'must be a non-empty list', '须为非空列表');
  const names = new Set<string>();
  return raw.map((f: unknown, j) => {
    const o = f as Record<string, unknown> | null;
    const where = `body.features[${j}]`;
    if (!o || typeof o.name !== 'string' || o.name === '') throw fail(where, 'name', 'needs a name', '缺少变量名');
    if (names.has(o.name)) throw fail(where, 'duplicate', `variable "${o.name}" appears twice`, `变量 "${o.name}" 重复`);
    names.add(o.name);
    if (o.kind === 'numeric') return { name: o.name, kind: 'numeric' };
    if (o.kind !== 'categorical' || !Array.isArray(o.categories) || !o.categories.every((c) => typeof c === 'string')) {
      throw fail(where, 'kind', 'must be numeric, or categorical with a list of category labels', '须为 numeric,或带类别列表的 categorical');
    }
    return { name: o.name, kind: 'categorical', categories: o.categories as string[] };
  });
}

function decodeScale(raw: unknown): PointsScale {
  const s = raw as Record<string, unknown> | null;
  const ok = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (!s || typeof s.baseScore !== 'number' || !Number.isFinite(s.baseScore) || !ok(s.baseOdds) || !ok(s.pdo)) {
    throw fail('body.scale', 'type', 'needs baseScore, a positive baseOdds and a positive pdo', '需要 baseScore、正的 baseOdds 与正的 pdo');
  }
  return { baseScore: s.baseScore, baseOdds: s.baseOdds as number, pdo: s.pdo as number };
}

function decodeTrees(raw: unknown, featureCount: number): TreeArrays {
  const t = raw as Record<string, unknown> | null;
  if (!t || typeof t !== 'object') throw fail('body.trees', 'type', 'missing', '缺失');
  const arr = (k: string): number[] => {
    const v = t[k];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && !Number.isNaN(x))) {
      throw fail(`body.trees.${k}`, 'type', 'must be a list of numbers', '须为数值列表');
    }
    return v as number[];
  };
  const roots = arr('roots');
  const cats = arr('cats');
  const cols = Object.fromEntries(NODE_ARRAYS.map((k) => [k, arr(k)])) as Record<(typeof NODE_ARRAYS)[number], number[]>;
  const n = cols.feature.length;
  for (const k of NODE_ARRAYS) {
    if (cols[k].length !== n) throw fail(`body.trees.${k}`, 'length', `has ${cols[k].length} entries, feature has ${n}`, `长度 ${cols[k].length} 与 feature 的 ${n} 不一致`);
  }
  if (roots.length === 0) throw fail('body.trees.roots', 'empty', 'the model has no trees', '模型没有树');
  const nodes: RawNode[] = [];
  for (let i = 0; i < n; i++) {
    const feature = cols.feature[i]!;
    if (feature < 0) {
      nodes.push({ feature: -1, value: cols.value[i]!, cover: cols.cover[i]! });
      continue;
    }
    const start = cols.catStart[i]!;
    const count = cols.catCount[i]!;
    if (count < 0 || (count > 0 && (start < 0 || start + count > cats.length))) {
      throw fail('body.trees.catStart', 'range', `node ${i} points outside cats`, `节点 ${i} 的类别集合越界`);
    }
    const op = cols.op[i]!;
    if (op !== 0 && op !== 1 && op !== 2 && op !== 3) throw fail('body.trees.op', 'enum', `node ${i} has unknown op ${op}`, `节点 ${i} 的比较方式 ${op} 未知`);
    nodes.push({
      feature, op, threshold: cols.threshold[i]!, left: cols.left[i]!, right: cols.right[i]!,
      defaultLeft: cols.defaultLeft[i] === 1, cover: cols.cover[i]!,
      ...(op === 3 ? { categories: cats.slice(start, start + count) } : {}),
    });
  }
  return packTrees(roots.map((root) => ({ nodes, root })), featureCount, 'body.trees');
}

function fail(field: string, reason: string, en: string, zh: string): Error {
  return treeError(field, reason, { zh: `树模型文件无效:${zh}`, en: `Invalid tree model artifact: ${en}` });
}
