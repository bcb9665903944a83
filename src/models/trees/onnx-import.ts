/**
 * Reads an ONNX model whose graph is one ai.onnx.ml TreeEnsembleClassifier (binary, scores on
 * class id 0, post_transform LOGISTIC — the form skl2onnx and onnxmltools write for gradient
 * boosting, XGBoost and LightGBM) or TreeEnsembleRegressor (one target, read as log-odds) into a
 * TreeEnsemble of kind 'onnx'. Output-side Identity, Cast and ZipMap nodes are allowed; any other
 * node would change the inputs or outputs and is refused.
 */
import type { PointsScale } from '../domain/scoring-model.js';
import { ATTR, ATTR_TYPE, DIM, ELEM, ENTRY, GRAPH, META_FEATURES, MODEL, ML_DOMAIN, NODE, OPSET, SHAPE, TENSOR, TENSOR_TYPE, TYPE, VALUE_INFO } from './onnx-format.js';
import { decodeMessage, getDoubles, getFloat, getFloats, getInt, getInts, getMessages, getString, getStrings, type ProtoMessage } from './protobuf-wire.js';
import { OP_EQ, OP_IN, OP_LE, OP_LT, packTrees, type RawNode, type RawTree } from './tree-arrays.js';
import { TreeEnsemble, type TreeFeature } from './tree-ensemble.js';
import { treeError } from './tree-errors.js';

export interface OnnxImportOptions {
  scale?: PointsScale;
  /** Variable names in input column order, when the file does not carry fengkong.features; default f0, f1, … */
  featureNames?: readonly string[];
}

const PASS_THROUGH = new Set(['Identity', 'Cast', 'ZipMap']);

/**
 * @example
 * const model = importOnnx(readFileSync('gbm.onnx'), { featureNames: ['age', 'income'] });
 */
export function importOnnx(bytes: Uint8Array, options: OnnxImportOptions = {}): TreeEnsemble {
  const model = decodeMessage(bytes, 'model');
  const graphMsgs = getMessages(model, MODEL.graph, 'model.graph');
  if (graphMsgs.length !== 1) throw fail('model.graph', 'missing', '文件中没有计算图(不是 ONNX 模型?)', 'the file has no graph (not an ONNX model?)');
  const graph = graphMsgs[0]!;
  const mlOpset = getMessages(model, MODEL.opsetImport, 'model.opset_import').find((o) => getString(o, OPSET.domain) === ML_DOMAIN);
  const nodes = getMessages(graph, GRAPH.node, 'graph.node');
  const trees = nodes.filter((n) => /^TreeEnsemble(Classifier|Regressor)$/.test(getString(n, NODE.opType) ?? ''));
  if (trees.length !== 1) {
    throw fail('graph.node', 'unsupported', `需要恰好一个 TreeEnsembleClassifier/Regressor 节点,实有 ${trees.length} 个`, `expected exactly one TreeEnsembleClassifier/Regressor node, found ${trees.length}`);
  }
  const node = trees[0]!;
  if ((getString(node, NODE.domain) ?? '') !== ML_DOMAIN) throw fail('graph.node.domain', 'unsupported', `树节点不在 ${ML_DOMAIN} 域`, `the tree node is not in the ${ML_DOMAIN} domain`);
  for (const other of nodes) {
    const op = getString(other, NODE.opType) ?? '';
    if (other !== node && !PASS_THROUGH.has(op)) {
      throw fail('graph.node', 'unsupported', `计算图含有不支持的节点 ${op}(只支持树集成及输出端的 Identity/Cast/ZipMap)`, `the graph holds an unsupported node ${op} (only the tree ensemble and output-side Identity/Cast/ZipMap)`);
    }
  }
  const graphInputs = getMessages(graph, GRAPH.input, 'graph.input');
  const inputName = getStrings(node, NODE.input)[0];
  const input = graphInputs.find((i) => getString(i, VALUE_INFO.name) === inputName);
  if (!input) throw fail('graph.input', 'unsupported', '树节点的输入不是计算图的输入(前面有预处理?)', 'the tree node does not read a graph input (is there preprocessing before it?)');
  const shape = onnxInputShape(input);
  if (shape.elem !== undefined && shape.elem !== ELEM.FLOAT && shape.elem !== ELEM.DOUBLE) {
    throw fail('graph.input', 'type', '输入须为 float 或 double 张量', 'the input must be a float or double tensor');
  }

  const attrs = readAttributes(node);
  const isClassifier = getString(node, NODE.opType) === 'TreeEnsembleClassifier';
  const { leafTree, leafNode, leafWeight, baseMargin, postTransform } = isClassifier ? classifierLeaves(attrs) : regressorLeaves(attrs);
  const raw = buildTrees(attrs, leafTree, leafNode, leafWeight);
  const maxFeature = Math.max(-1, ...((attrs.ints.get('nodes_featureids') ?? []) as number[]));
  const features = featureList(model, options.featureNames, shape.columns ?? maxFeature + 1, maxFeature + 1);
  const hasCovers = (attrs.floats.get('nodes_hitrates') ?? []).length > 0;
  return new TreeEnsemble({
    kind: 'onnx',
    features,
    baseMargin,
    trees: packTrees(raw.trees, features.length, 'graph.node.attribute'),
    ...(options.scale ? { scale: options.scale } : {}),
    covers: hasCovers ? 'model' : 'even',
    source: {
      producer: getString(model, MODEL.producerName) ?? '',
      producerVersion: getString(model, MODEL.producerVersion) ?? '',
      operator: isClassifier ? 'TreeEnsembleClassifier' : 'TreeEnsembleRegressor',
      mlOpset: mlOpset ? (getInt(mlOpset, OPSET.version) ?? 1) : null,
      postTransform,
      trees: raw.trees.length,
    },
  });
}

interface Attributes {
  ints: Map<string, number[]>;
  floats: Map<string, number[]>;
  strings: Map<string, string[]>;
}

/** Every attribute of the node by name; *_as_tensor (double) attributes land among the floats under their base name. */
function readAttributes(node: ProtoMessage): Attributes {
  const out: Attributes = { ints: new Map(), floats: new Map(), strings: new Map() };
  for (const a of getMessages(node, NODE.attribute, 'graph.node.attribute')) {
    const name = getString(a, ATTR.name) ?? '';
    const type = getInt(a, ATTR.type);
    if (type === ATTR_TYPE.INTS || type === ATTR_TYPE.INT) out.ints.set(name, type === ATTR_TYPE.INT ? [getInt(a, ATTR.i) ?? 0] : getInts(a, ATTR.ints));
    else if (type === ATTR_TYPE.FLOATS || type === ATTR_TYPE.FLOAT) out.floats.set(name, type === ATTR_TYPE.FLOAT ? [getFloat(a, ATTR.f) ?? 0] : getFloats(a, ATTR.floats));
    else if (type === ATTR_TYPE.STRINGS) out.strings.set(name, getStrings(a, ATTR.strings));
    else if (type === ATTR_TYPE.STRING) out.strings.set(name, [getString(a, ATTR.s) ?? '']);
    else if (type === ATTR_TYPE.TENSOR && name.endsWith('_as_tensor')) {
      const t = getMessages(a, ATTR.t, `attribute ${name}`)[0];
      if (t) out.floats.set(name.slice(0, -'_as_tensor'.length), tensorValues(t, name));
    }
  }
  return out;
}

function tensorValues(t: ProtoMessage, name: string): number[] {
  const type = getInt(t, TENSOR.dataType);
  const raw = t.find((f) => f.field === TENSOR.rawData)?.bytes;
  if (raw && raw.length > 0) {
    const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const size = type === ELEM.DOUBLE ? 8 : 4;
    return Array.from({ length: Math.floor(raw.length / size) }, (_, i) => (size === 8 ? v.getFloat64(8 * i, true) : v.getFloat32(4 * i, true)));
  }
  if (type === ELEM.DOUBLE) return getDoubles(t, TENSOR.doubleData);
  if (type === ELEM.FLOAT) return getFloats(t, TENSOR.floatData);
  throw fail(`attribute ${name}`, 'type', '张量属性须为 float 或 double', 'tensor attributes must be float or double');
}

interface Leaves {
  leafTree: number[];
  leafNode: number[];
  leafWeight: number[];
  baseMargin: number;
  postTransform: string;
}

function classifierLeaves(a: Attributes): Leaves {
  const post = a.strings.get('post_transform')?.[0] ?? 'NONE';
  const labels = (a.ints.get('classlabels_int64s') ?? []).length || (a.strings.get('classlabels_strings') ?? []).length;
  if (labels !== 2) throw fail('classlabels', 'unsupported', `只支持二分类,模型有 ${labels} 个类别`, `only binary classifiers are supported; the model has ${labels} classes`);
  const ids = a.ints.get('class_ids') ?? [];
  // ONNX Runtime's binary case: weights on class id 0 only, P(second label) = logistic(base + Σ).
  if (post !== 'LOGISTIC' || ids.some((c) => c !== 0)) {
    throw fail('post_transform', 'unsupported',
      '只支持得分在类别 0、post_transform 为 LOGISTIC 的二分类树集成(梯度提升的常见导出形式)',
      'only binary ensembles with scores on class id 0 and post_transform LOGISTIC are supported (the usual export of gradient boosting)');
  }
  const base = a.floats.get('base_values') ?? [];
  return {
    leafTree: a.ints.get('class_treeids') ?? [], leafNode: a.ints.get('class_nodeids') ?? [],
    leafWeight: a.floats.get('class_weights') ?? [], baseMargin: base[0] ?? 0, postTransform: post,
  };
}

function regressorLeaves(a: Attributes): Leaves {
  const post = a.strings.get('post_transform')?.[0] ?? 'NONE';
  if (post !== 'NONE' && post !== 'LOGISTIC') throw fail('post_transform', 'unsupported', `post_transform ${post} 不受支持`, `post_transform ${post} is not supported`);
  const targets = a.ints.get('n_targets')?.[0] ?? 1;
  const ids = a.ints.get('target_ids') ?? [];
  if (targets !== 1 || ids.some((c) => c !== 0)) throw fail('n_targets', 'unsupported', '只支持单目标回归树集成', 'only single-target regressor ensembles are supported');
  const agg = a.strings.get('aggregate_function')?.[0] ?? 'SUM';
  let weights = a.floats.get('target_weights') ?? [];
  if (agg === 'AVERAGE') {
    const treeCount = new Set(a.ints.get('nodes_treeids') ?? []).size || 1;
    weights = weights.map((w) => w / treeCount);
  } else if (agg !== 'SUM') throw fail('aggregate_function', 'unsupported', `汇总方式 ${agg} 不受支持(支持 SUM、AVERAGE)`, `aggregate_function ${agg} is not supported (SUM, AVERAGE)`);
  const base = a.floats.get('base_values') ?? [];
  return { leafTree: a.ints.get('target_treeids') ?? [], leafNode: a.ints.get('target_nodeids') ?? [], leafWeight: weights, baseMargin: base[0] ?? 0, postTransform: post };
}

/** Groups the flat node lists by tree and turns every ONNX mode into a left/right split. */
function buildTrees(a: Attributes, leafTree: number[], leafNode: number[], leafWeight: number[]): { trees: RawTree[] } {
  const treeIds = a.ints.get('nodes_treeids') ?? [];
  const nodeIds = need(a.ints, 'nodes_nodeids', treeIds.length);
  const featureIds = need(a.ints, 'nodes_featureids', treeIds.length);
  const modes = need(a.strings, 'nodes_modes', treeIds.length);
  const values = need(a.floats, 'nodes_values', treeIds.length);
  const yes = need(a.ints, 'nodes_truenodeids', treeIds.length);
  const no = need(a.ints, 'nodes_falsenodeids', treeIds.length);
  const missingTrue = a.ints.get('nodes_missing_value_tracks_true') ?? [];
  const hit = a.floats.get('nodes_hitrates') ?? [];
  if (treeIds.length === 0) throw fail('nodes_treeids', 'empty', '模型没有树节点', 'the model has no tree nodes');
  if (leafTree.length !== leafNode.length || leafTree.length !== leafWeight.length) {
    throw fail('class_weights', 'length', '叶节点权重列表长度不一致', 'the leaf weight lists differ in length');
  }
  const key = (t: number, n: number) => `${t}:${n}`;
  const weight = new Map<string, number>();
  leafTree.forEach((t, i) => weight.set(key(t, leafNode[i]!), (weight.get(key(t, leafNode[i]!)) ?? 0) + leafWeight[i]!));
  const order = [...new Set(treeIds)].sort((p, q) => p - q);
  const byTree = new Map(order.map((t) => [t, { nodes: [] as RawNode[], index: new Map<number, number>(), root: -1 }]));
  treeIds.forEach((t, i) => byTree.get(t)!.index.set(nodeIds[i]!, byTree.get(t)!.index.size));
  treeIds.forEach((t, i) => {
    const tree = byTree.get(t)!;
    const local = (id: number) => {
      const at = tree.index.get(id);
      if (at === undefined) throw fail('nodes_truenodeids', 'reference', `树 ${t} 引用了不存在的节点 ${id}`, `tree ${t} refers to missing node ${id}`);
      return at;
    };
    const cover = hit.length === treeIds.length ? hit[i]! : Number.NaN;
    const mode = modes[i]!;
    const tracks = missingTrue[i] === 1;
    if (mode === 'LEAF') {
      tree.nodes.push({ feature: -1, value: weight.get(key(t, nodeIds[i]!)) ?? 0, cover });
      return;
    }
    // Every mode as "condition → left": the inverse modes swap the children. NaN fails every
    // comparison except ≠, so it takes the false branch unless missing_value_tracks_true.
    const y = local(yes[i]!);
    const n = local(no[i]!);
    const base = { feature: featureIds[i]!, threshold: values[i]!, cover };
    if (mode === 'BRANCH_LEQ') tree.nodes.push({ ...base, op: OP_LE, left: y, right: n, defaultLeft: tracks });
    else if (mode === 'BRANCH_LT') tree.nodes.push({ ...base, op: OP_LT, left: y, right: n, defaultLeft: tracks });
    else if (mode === 'BRANCH_EQ') tree.nodes.push({ ...base, op: OP_EQ, left: y, right: n, defaultLeft: tracks });
    else if (mode === 'BRANCH_GT') tree.nodes.push({ ...base, op: OP_LE, left: n, right: y, defaultLeft: !tracks });
    else if (mode === 'BRANCH_GTE') tree.nodes.push({ ...base, op: OP_LT, left: n, right: y, defaultLeft: !tracks });
    else if (mode === 'BRANCH_NEQ') tree.nodes.push({ ...base, op: OP_EQ, left: n, right: y, defaultLeft: false });
    else throw fail('nodes_modes', 'unsupported', `节点类型 ${mode} 不受支持`, `node mode ${mode} is not supported`);
  });
  // The root is the one node no other node points to (not always id 0).
  const trees = order.map((t) => {
    const tree = byTree.get(t)!;
    const pointed = new Set<number>();
    for (const nd of tree.nodes) if (nd.feature >= 0) pointed.add(nd.left!).add(nd.right!);
    const roots = tree.nodes.map((_, i) => i).filter((i) => !pointed.has(i));
    if (roots.length !== 1) throw fail('nodes_nodeids', 'structure', `树 ${t} 没有唯一的根节点`, `tree ${t} has no single root`);
    return { nodes: foldEqualityChains(tree.nodes), root: roots[0]! };
  });
  return { trees };
}

/**
 * Turns a chain of BRANCH_EQ nodes on one variable whose true branches share a target (how
 * categorical set splits are written to ONNX, by onnx-export and by onnxmltools for LightGBM)
 * back into one category-set node. Scores do not change; TreeSHAP then sees the one split the
 * model made instead of a chain whose hit rates cannot describe it.
 */
function foldEqualityChains(nodes: RawNode[]): RawNode[] {
  const refs = new Map<number, number>();
  for (const n of nodes) if (n.feature >= 0) for (const c of [n.left!, n.right!]) refs.set(c, (refs.get(c) ?? 0) + 1);
  const isCode = (v: number | undefined) => v !== undefined && Number.isInteger(v) && v >= 0 && v < 1 << 20;
  return nodes.map((n) => {
    if (n.op !== OP_EQ || !isCode(n.threshold)) return n;
    const codes = [n.threshold!];
    let missingHit = n.defaultLeft === true;
    let next = n.right!;
    for (;;) {
      const m = nodes[next]!;
      if (m.op !== OP_EQ || m.feature !== n.feature || m.left !== n.left || refs.get(next) !== 1 || !isCode(m.threshold)) break;
      codes.push(m.threshold!);
      missingHit ||= m.defaultLeft === true;
      next = m.right!;
    }
    if (codes.length < 2) return n;
    return { feature: n.feature, op: OP_IN, categories: codes, left: n.left!, right: next, defaultLeft: missingHit, ...(n.cover === undefined ? {} : { cover: n.cover }) };
  });
}

/** Element type and column count (second dimension) of a graph input, when declared. */
function onnxInputShape(input: ProtoMessage): { elem: number | undefined; columns: number | undefined } {
  const type = getMessages(input, VALUE_INFO.type, 'graph.input.type')[0];
  const tensor = type ? getMessages(type, TYPE.tensorType, 'graph.input.type')[0] : undefined;
  if (!tensor) return { elem: undefined, columns: undefined };
  const shape = getMessages(tensor, TENSOR_TYPE.shape, 'graph.input.shape')[0];
  const dims = shape ? getMessages(shape, SHAPE.dim, 'graph.input.shape') : [];
  return { elem: getInt(tensor, TENSOR_TYPE.elemType), columns: dims.length === 2 ? getInt(dims[1]!, DIM.value) : undefined };
}

function need<T>(m: Map<string, T[]>, name: string, length: number): T[] {
  const v = m.get(name);
  if (!v || v.length !== length) throw fail(name, 'length', `属性 ${name} 缺失或长度不符`, `attribute ${name} is missing or has the wrong length`);
  return v;
}

function featureList(model: ProtoMessage, given: readonly string[] | undefined, columns: number, used: number): TreeFeature[] {
  const meta = getMessages(model, MODEL.metadataProps, 'model.metadata_props').find((e) => getString(e, ENTRY.key) === META_FEATURES);
  if (meta) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(getString(meta, ENTRY.value) ?? '');
    } catch (cause) {
      throw fail(META_FEATURES, 'json', '元数据无法解析', 'the metadata does not parse', cause);
    }
    if (Array.isArray(parsed) && parsed.length >= used && parsed.every((f) => f && typeof f.name === 'string')) {
      return (parsed as TreeFeature[]).map((f) =>
        f.kind === 'categorical' && Array.isArray(f.categories) ? { name: f.name, kind: 'categorical', categories: f.categories.map(String) } : { name: f.name, kind: 'numeric' });
    }
    throw fail(META_FEATURES, 'type', '变量元数据格式不符', 'the variable metadata has the wrong shape');
  }
  const count = Math.max(columns, used);
  const names = given ? [...given] : Array.from({ length: count }, (_, j) => `f${j}`);
  if (names.length < used) throw fail('featureNames', 'length', `给出 ${names.length} 个变量名,模型用到 ${used} 列`, `${names.length} names given, the model reads ${used} columns`);
  return names.map((name) => ({ name, kind: 'numeric' }));
}

function fail(field: string, reason: string, zh: string, en: string, cause?: unknown): Error {
  return treeError(field, reason, { zh: `ONNX 模型无效:${zh}`, en: `Unusable ONNX model: ${en}` }, cause);
}

