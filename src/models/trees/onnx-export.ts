/**
 * Writes a tree model as an ONNX model holding one ai.onnx.ml TreeEnsembleClassifier, for serving
 * in ONNX Runtime or any other ONNX engine. Input `input`: float [N, F] in the model's variable
 * order, NaN for missing, a categorical variable as its category code (its index in the
 * category list stored in the `fengkong.features` metadata; unknown labels as NaN). Outputs
 * `label` (int64, 1 = bad when P(bad) > 0.5) and `probabilities` (float [N, 2]: P(good), P(bad)).
 */
import { ATTR, ATTR_TYPE, DIM, ELEM, ENTRY, GRAPH, META_FEATURES, META_KIND, META_SCALE, MODEL, ML_DOMAIN, NODE, OPSET, SHAPE, TENSOR_TYPE, TYPE, VALUE_INFO } from './onnx-format.js';
import { ProtoWriter } from './protobuf-wire.js';
import { OP_EQ, OP_IN, OP_LE, OP_LT } from './tree-arrays.js';
import type { TreeEnsemble } from './tree-ensemble.js';

export interface OnnxExportOptions {
  /** Name of the input tensor. Default 'input'. */
  inputName?: string;
  /** producer_version written into the model. */
  producerVersion?: string;
}

/** The flat node lists of a TreeEnsembleClassifier. */
interface NodeLists {
  treeIds: number[]; nodeIds: number[]; featureIds: number[]; modes: string[]; values: number[];
  trueIds: number[]; falseIds: number[]; missingTrue: number[]; hitRates: number[];
  leafTree: number[]; leafNode: number[]; leafWeight: number[];
}

/**
 * @example
 * writeFileSync('model.onnx', exportOnnx(model));
 */
export function exportOnnx(model: TreeEnsemble, options: OnnxExportOptions = {}): Uint8Array {
  const input = options.inputName ?? 'input';
  const lists = nodeLists(model);
  const node = new ProtoWriter()
    .string(NODE.input, input)
    .string(NODE.output, 'label')
    .string(NODE.output, 'probabilities')
    .string(NODE.name, 'trees')
    .string(NODE.opType, 'TreeEnsembleClassifier')
    .string(NODE.domain, ML_DOMAIN);
  const attrs: Array<[string, ProtoWriter]> = [
    ['nodes_treeids', ints(lists.treeIds)],
    ['nodes_nodeids', ints(lists.nodeIds)],
    ['nodes_featureids', ints(lists.featureIds)],
    ['nodes_modes', strings(lists.modes)],
    ['nodes_values', floats(lists.values)],
    ['nodes_truenodeids', ints(lists.trueIds)],
    ['nodes_falsenodeids', ints(lists.falseIds)],
    ['nodes_missing_value_tracks_true', ints(lists.missingTrue)],
    // Covers travel as hit rates, so an import of this file keeps the same TreeSHAP expectations.
    ['nodes_hitrates', floats(lists.hitRates)],
    ['class_treeids', ints(lists.leafTree)],
    ['class_nodeids', ints(lists.leafNode)],
    ['class_ids', ints(lists.leafTree.map(() => 0))],
    ['class_weights', floats(lists.leafWeight)],
    ['classlabels_int64s', ints([0, 1])],
    ['post_transform', string('LOGISTIC')],
    ['base_values', floats([model.baseMargin])],
  ];
  for (const [name, w] of attrs) node.message(NODE.attribute, w.string(ATTR.name, name));
  const graph = new ProtoWriter()
    .message(GRAPH.node, node)
    .string(GRAPH.name, 'fengkong_trees')
    .message(GRAPH.input, valueInfo(input, ELEM.FLOAT, ['N', model.features.length]))
    .message(GRAPH.output, valueInfo('label', ELEM.INT64, ['N']))
    .message(GRAPH.output, valueInfo('probabilities', ELEM.FLOAT, ['N', 2]));
  const meta: Array<[string, string]> = [
    [META_KIND, model.kind],
    [META_FEATURES, JSON.stringify(model.features)],
    [META_SCALE, JSON.stringify(model.scale)],
  ];
  const out = new ProtoWriter()
    .int(MODEL.irVersion, 8)
    .string(MODEL.producerName, 'fengkong')
    .string(MODEL.producerVersion, options.producerVersion ?? '0.1.0')
    .string(MODEL.docString, 'Boosted trees: P(bad) = probabilities[:, 1]. Input: variables in the order of fengkong.features, NaN = missing, categories as codes.')
    .message(MODEL.graph, graph)
    .message(MODEL.opsetImport, new ProtoWriter().string(OPSET.domain, '').int(OPSET.version, 17))
    .message(MODEL.opsetImport, new ProtoWriter().string(OPSET.domain, ML_DOMAIN).int(OPSET.version, 3));
  for (const [key, value] of meta) out.message(MODEL.metadataProps, new ProtoWriter().string(ENTRY.key, key).string(ENTRY.value, value));
  return out.finish();
}

/**
 * Node ids are the position within the tree; a category-set split becomes a chain of BRANCH_EQ
 * nodes (appended after the tree's own ids) over the smaller of the set and its complement, whose
 * true branches all lead to the same subtree — the shape ONNX converters use for LightGBM.
 */
function nodeLists(model: TreeEnsemble): NodeLists {
  const a = model.trees;
  const l: NodeLists = {
    treeIds: [], nodeIds: [], featureIds: [], modes: [], values: [], trueIds: [], falseIds: [], missingTrue: [], hitRates: [],
    leafTree: [], leafNode: [], leafWeight: [],
  };
  const push = (t: number, id: number, feature: number, mode: string, value: number, yes: number, no: number, missingYes: boolean, cover: number) => {
    l.treeIds.push(t); l.nodeIds.push(id); l.featureIds.push(feature); l.modes.push(mode); l.values.push(value);
    l.trueIds.push(yes); l.falseIds.push(no); l.missingTrue.push(missingYes ? 1 : 0); l.hitRates.push(cover);
  };
  for (let t = 0; t < a.roots.length; t++) {
    const root = a.roots[t]!;
    const end = t + 1 < a.roots.length ? a.roots[t + 1]! : a.feature.length;
    let extra = end - root;
    for (let n = root; n < end; n++) {
      const id = n - root;
      const f = a.feature[n]!;
      if (f < 0) {
        push(t, id, 0, 'LEAF', 0, 0, 0, false, a.cover[n]!);
        l.leafTree.push(t); l.leafNode.push(id); l.leafWeight.push(a.value[n]!);
        continue;
      }
      const left = a.left[n]! - root;
      const right = a.right[n]! - root;
      const dl = a.defaultLeft[n] === 1;
      const op = a.op[n];
      if (op === OP_LE || op === OP_LT || op === OP_EQ) {
        const mode = op === OP_LE ? 'BRANCH_LEQ' : op === OP_LT ? 'BRANCH_LT' : 'BRANCH_EQ';
        push(t, id, f, mode, a.threshold[n]!, left, right, dl, a.cover[n]!);
        continue;
      }
      if (op !== OP_IN) throw new Error(`unknown split op ${String(op)}`);
      const set = Array.from(a.cats.subarray(a.catStart[n]!, a.catStart[n]! + a.catCount[n]!));
      const k = model.features[f]!.categories?.length ?? 0;
      const inSet = new Set(set);
      const complement = Array.from({ length: k }, (_, c) => c).filter((c) => !inSet.has(c));
      // Chain over S: EQ → left, the last miss → right. Over the complement: EQ → right, last miss → left.
      const useSet = complement.length === 0 || set.length <= complement.length;
      const chain = useSet ? set : complement;
      const hit = useSet ? left : right;
      const miss = useSet ? right : left;
      // NaN never equals a code: it falls through to `miss` unless the first link sends it to `hit`.
      const missingToHit = useSet ? dl : !dl;
      chain.forEach((code, i) => {
        const me = i === 0 ? id : extra++;
        const next = i === chain.length - 1 ? miss : extra;
        push(t, me, f, 'BRANCH_EQ', code, hit, next, i === 0 && missingToHit, a.cover[n]!);
      });
    }
  }
  return l;
}

function ints(values: readonly number[]): ProtoWriter {
  return new ProtoWriter().int(ATTR.type, ATTR_TYPE.INTS).packedInts(ATTR.ints, values);
}

function floats(values: readonly number[]): ProtoWriter {
  return new ProtoWriter().int(ATTR.type, ATTR_TYPE.FLOATS).packedFloats(ATTR.floats, values);
}

function strings(values: readonly string[]): ProtoWriter {
  const w = new ProtoWriter().int(ATTR.type, ATTR_TYPE.STRINGS);
  for (const v of values) w.string(ATTR.strings, v);
  return w;
}

function string(value: string): ProtoWriter {
  return new ProtoWriter().int(ATTR.type, ATTR_TYPE.STRING).string(ATTR.s, value);
}

function valueInfo(name: string, elem: number, dims: ReadonlyArray<number | string>): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of dims) shape.message(SHAPE.dim, typeof d === 'number' ? new ProtoWriter().int(DIM.value, d) : new ProtoWriter().string(DIM.param, d));
  const tensor = new ProtoWriter().int(TENSOR_TYPE.elemType, elem).message(TENSOR_TYPE.shape, shape);
  return new ProtoWriter().string(VALUE_INFO.name, name).message(VALUE_INFO.type, new ProtoWriter().message(TYPE.tensorType, tensor));
}
