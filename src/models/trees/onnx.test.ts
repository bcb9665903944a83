import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { rowAt } from '../domain/dataset.js';
import type { ModelArtifact } from '../domain/scoring-model.js';
import { FengkongError } from '../../shared/errors.js';
import { trainGbdt } from './gbdt-train.js';
import { exportOnnx } from './onnx-export.js';
import { ATTR, ATTR_TYPE, DIM, ELEM, GRAPH, MODEL, ML_DOMAIN, NODE, OPSET, SHAPE, TENSOR_TYPE, TYPE, VALUE_INFO } from './onnx-format.js';
import { importOnnx } from './onnx-import.js';
import { decodeMessage, getFloats, getInts, ProtoWriter } from './protobuf-wire.js';
import { syntheticCredit } from './synthetic-data.js';
import { TreeEnsemble } from './tree-ensemble.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const data = syntheticCredit({ rows: 3000, variables: 12, seed: 31 });
const sample = syntheticCredit({ rows: 300, variables: 12, seed: 32 });

describe('ONNX', () => {
  it('imports an exported model whose outputs ONNX Runtime computed (fixture, to 1e-6)', () => {
    const model = importOnnx(readFileSync(new URL('gbdt-synthetic.onnx', fixtures)));
    const ort = JSON.parse(readFileSync(new URL('gbdt-synthetic.ort.json', fixtures), 'utf8')) as { rows: Array<Array<number | null>>; probabilities: number[]; labels: number[] };
    assert.equal(model.kind, 'onnx');
    assert.equal(ort.rows.length, 200);
    ort.rows.forEach((codes, i) => {
      const p = model.probability(decode(model, codes));
      assert.ok(Math.abs(p - ort.probabilities[i]!) < 1e-6, `row ${i}: ${p} vs ${ort.probabilities[i]}`);
      assert.equal(p > 0.5 ? 1 : 0, ort.labels[i]);
    });
    // And the ONNX file is the model it was exported from.
    const original = TreeEnsemble.fromArtifact(JSON.parse(readFileSync(new URL('gbdt-synthetic.artifact.json', fixtures), 'utf8')) as ModelArtifact);
    ort.rows.forEach((codes) => {
      const row = decode(model, codes);
      assert.ok(Math.abs(model.probability(row) - original.probability(row)) < 1e-6);
    });
  });

  it('round-trips a trained model: same predictions, same contributions', () => {
    const { model } = trainGbdt(data, { rounds: 30, maxDepth: 4, learningRate: 0.2 });
    const back = importOnnx(exportOnnx(model));
    assert.deepEqual(back.features, model.features);
    assert.equal(back.treeCount, model.treeCount);
    const p = model.predictDataset(sample);
    const q = back.predictDataset(sample);
    for (let i = 0; i < sample.rows; i++) assert.ok(Math.abs(p[i]! - q[i]!) < 1e-6);
    for (let i = 0; i < 20; i++) {
      const a = model.contributions(rowAt(sample, i));
      const b = back.contributions(rowAt(sample, i));
      a.values.forEach((v, j) => assert.ok(Math.abs(v - b.values[j]!) < 1e-6));
    }
  });

  it('matches ONNX Runtime live when onnxruntime-node is installed', async (t) => {
    const name = 'onnxruntime-node';
    const ort = await import(name).catch(() => null);
    if (!ort) {
      t.skip('onnxruntime-node is not installed (see fixtures/README.md)');
      return;
    }
    const { model } = trainGbdt(data, { rounds: 25, maxDepth: 5, learningRate: 0.2 });
    const f = model.features.length;
    const x = new Float32Array(sample.rows * f);
    for (let r = 0; r < sample.rows; r++) x.set(Float32Array.from(model.encode(rowAt(sample, r))), r * f);
    const session = await ort.InferenceSession.create(exportOnnx(model));
    const out = await session.run({ input: new ort.Tensor('float32', x, [sample.rows, f]) });
    const ours = model.predictDataset(sample);
    for (let r = 0; r < sample.rows; r++) assert.ok(Math.abs(out.probabilities.data[2 * r + 1] - ours[r]!) < 1e-6);
  });

  it('reads every branch mode and missing-value flag of a hand-built classifier', () => {
    // Tree 0: x0 >= 1 ? (x1 > 2 ? 0.5 : -0.25) : (x1 != 3 ? 1 : -1); NaN in x0 goes true.
    // Tree 1: x0 < 0 ? 0.125 : (x1 == 3 ? -0.5 : 0); NaN in x0 goes false.
    const bytes = handBuilt('TreeEnsembleClassifier', [
      [0, 0, 0, 'BRANCH_GTE', 1, 1, 2, 1], [0, 1, 1, 'BRANCH_GT', 2, 3, 4, 0], [0, 2, 1, 'BRANCH_NEQ', 3, 5, 6, 0],
      [0, 3, 0, 'LEAF', 0, 0, 0, 0], [0, 4, 0, 'LEAF', 0, 0, 0, 0], [0, 5, 0, 'LEAF', 0, 0, 0, 0], [0, 6, 0, 'LEAF', 0, 0, 0, 0],
      [1, 0, 0, 'BRANCH_LT', 0, 1, 2, 0], [1, 1, 0, 'LEAF', 0, 0, 0, 0], [1, 2, 1, 'BRANCH_EQ', 3, 3, 4, 0],
      [1, 3, 0, 'LEAF', 0, 0, 0, 0], [1, 4, 0, 'LEAF', 0, 0, 0, 0],
    ], [[0, 3, 0.5], [0, 4, -0.25], [0, 5, 1], [0, 6, -1], [1, 1, 0.125], [1, 3, -0.5], [1, 4, 0]], -0.2);
    const m = importOnnx(bytes);
    const cases: Array<[number | null, number | null, number]> = [
      [1, 2.5, 0.5 + 0], [1, 2, -0.25 + 0], [0.5, 3, -1 + -0.5], [0.5, 4, 1 + 0], [-1, 3, -1 + 0.125],
      [null, 5, 0.5 + 0], [null, 3, 0.5 + -0.5], [0.5, null, 1 + 0], [2, null, -0.25 + 0],
    ];
    for (const [x0, x1, sum] of cases) {
      assert.ok(Math.abs(m.margin({ f0: x0, f1: x1 }) - (-0.2 + sum)) < 1e-6, `${x0}, ${x1}`);
      assert.ok(Math.abs(m.probability({ f0: x0, f1: x1 }) - 1 / (1 + Math.exp(0.2 - sum))) < 1e-6);
    }
    const c = m.contributions({ f0: 0.5, f1: 3 });
    assert.ok(Math.abs(c.values[0]! + c.values[1]! - (c.margin - c.expectedValue)) < 1e-9);
    assert.equal(m.covers, 'even');
  });

  it('reads a regressor as log-odds, averaging when asked', () => {
    const nodes: NodeRow[] = [
      [0, 0, 0, 'BRANCH_LEQ', 0.5, 1, 2, 0], [0, 1, 0, 'LEAF', 0, 0, 0, 0], [0, 2, 0, 'LEAF', 0, 0, 0, 0],
      [1, 0, 0, 'BRANCH_LEQ', 1.5, 1, 2, 1], [1, 1, 0, 'LEAF', 0, 0, 0, 0], [1, 2, 0, 'LEAF', 0, 0, 0, 0],
    ];
    const leaves: LeafRow[] = [[0, 1, 1], [0, 2, 3], [1, 1, 10], [1, 2, 30]];
    const sum = importOnnx(handBuilt('TreeEnsembleRegressor', nodes, leaves, 0.5));
    const avg = importOnnx(handBuilt('TreeEnsembleRegressor', nodes, leaves, 0.5, 'AVERAGE'));
    assert.ok(Math.abs(sum.margin({ f0: 1 }) - (0.5 + 3 + 10)) < 1e-6);
    assert.ok(Math.abs(avg.margin({ f0: 1 }) - (0.5 + (3 + 10) / 2)) < 1e-6);
    assert.ok(Math.abs(sum.margin({ f0: null }) - (0.5 + 3 + 10)) < 1e-6);
  });

  it('refuses graphs it cannot score exactly, naming the problem', () => {
    const expectField = (f: () => unknown, field: string) =>
      assert.throws(f, (e: unknown) => e instanceof FengkongError && (e.details as unknown as Array<{ field: string }>)[0]!.field === field);
    const base: NodeRow[] = [[0, 0, 0, 'BRANCH_LEQ', 0.5, 1, 2, 0], [0, 1, 0, 'LEAF', 0, 0, 0, 0], [0, 2, 0, 'LEAF', 0, 0, 0, 0]];
    const leaves: LeafRow[] = [[0, 1, 1], [0, 2, -1]];
    expectField(() => importOnnx(handBuilt('TreeEnsembleClassifier', base, leaves, 0, undefined, 'Scaler')), 'graph.node');
    expectField(() => importOnnx(handBuilt('TreeEnsembleClassifier', base, leaves, 0, undefined, undefined, 'SOFTMAX')), 'post_transform');
    expectField(() => importOnnx(handBuilt('TreeEnsembleClassifier', [[0, 0, 0, 'BRANCH_XX', 0.5, 1, 2, 0], ...base.slice(1)], leaves, 0)), 'nodes_modes');
    expectField(() => importOnnx(Uint8Array.of(0x3a, 0x05, 0x01)), 'model');
    expectField(() => importOnnx(new TextEncoder().encode('not an onnx file')), 'model');
  });

  it('wire format: negative int64, packed and unpacked repeated fields', () => {
    const w = new ProtoWriter().int(1, -1).int(1, 2 ** 40).packedInts(2, [3, 300, -2]).float(3, 1.5).float(3, -2.25).packedFloats(4, [0.5]);
    const m = decodeMessage(w.finish());
    assert.deepEqual(getInts(m, 1), [-1, 2 ** 40]);
    assert.deepEqual(getInts(m, 2), [3, 300, -2]);
    assert.deepEqual(getFloats(m, 3), [1.5, -2.25]);
    assert.deepEqual(getFloats(m, 4), [0.5]);
  });
});

/** A row from the fixture's encoded inputs (category codes back to labels). */
function decode(model: TreeEnsemble, codes: Array<number | null>): Record<string, number | string | null> {
  return Object.fromEntries(codes.map((v, j) => {
    const f = model.features[j]!;
    return [f.name, v === null ? null : f.kind === 'categorical' ? f.categories![v]! : v];
  }));
}

/** [tree, node, feature, mode, value, true id, false id, missing tracks true] */
type NodeRow = [number, number, number, string, number, number, number, number];
/** [tree, node, weight] */
type LeafRow = [number, number, number];

/** An ONNX model written field by field, independently of onnx-export. */
function handBuilt(op: string, nodes: NodeRow[], leaves: LeafRow[], base: number, aggregate?: string, extraOp?: string, post = 'LOGISTIC'): Uint8Array {
  const ints = (v: number[]) => new ProtoWriter().int(ATTR.type, ATTR_TYPE.INTS).packedInts(ATTR.ints, v);
  const floats = (v: number[]) => new ProtoWriter().int(ATTR.type, ATTR_TYPE.FLOATS).packedFloats(ATTR.floats, v);
  const str = (v: string) => new ProtoWriter().int(ATTR.type, ATTR_TYPE.STRING).string(ATTR.s, v);
  const strs = (v: string[]) => v.reduce((w, s) => w.string(ATTR.strings, s), new ProtoWriter().int(ATTR.type, ATTR_TYPE.STRINGS));
  const col = (k: number) => nodes.map((n) => n[k] as number);
  const leafPrefix = op === 'TreeEnsembleClassifier' ? 'class' : 'target';
  const attrs: Array<[string, ProtoWriter]> = [
    ['nodes_treeids', ints(col(0))], ['nodes_nodeids', ints(col(1))], ['nodes_featureids', ints(col(2))],
    ['nodes_modes', strs(nodes.map((n) => n[3]))], ['nodes_values', floats(col(4))],
    ['nodes_truenodeids', ints(col(5))], ['nodes_falsenodeids', ints(col(6))], ['nodes_missing_value_tracks_true', ints(col(7))],
    [`${leafPrefix}_treeids`, ints(leaves.map((l) => l[0]))], [`${leafPrefix}_nodeids`, ints(leaves.map((l) => l[1]))],
    [`${leafPrefix}_ids`, ints(leaves.map(() => 0))], [`${leafPrefix}_weights`, floats(leaves.map((l) => l[2]))],
    ['post_transform', str(op === 'TreeEnsembleClassifier' ? post : 'NONE')], ['base_values', floats([base])],
    ...(op === 'TreeEnsembleClassifier' ? [['classlabels_int64s', ints([0, 1])] as [string, ProtoWriter]] : []),
    ...(aggregate ? [['aggregate_function', str(aggregate)] as [string, ProtoWriter]] : []),
  ];
  const node = new ProtoWriter().string(NODE.input, 'X').string(NODE.output, 'Y').string(NODE.opType, op).string(NODE.domain, ML_DOMAIN);
  for (const [name, w] of attrs) node.message(NODE.attribute, w.string(ATTR.name, name));
  const shape = new ProtoWriter().message(SHAPE.dim, new ProtoWriter().string(DIM.param, 'N')).message(SHAPE.dim, new ProtoWriter().int(DIM.value, 2));
  const input = new ProtoWriter().string(VALUE_INFO.name, 'X')
    .message(VALUE_INFO.type, new ProtoWriter().message(TYPE.tensorType, new ProtoWriter().int(TENSOR_TYPE.elemType, ELEM.FLOAT).message(TENSOR_TYPE.shape, shape)));
  const graph = new ProtoWriter().message(GRAPH.node, node).string(GRAPH.name, 'hand').message(GRAPH.input, input);
  if (extraOp) graph.message(GRAPH.node, new ProtoWriter().string(NODE.input, 'Y').string(NODE.output, 'Z').string(NODE.opType, extraOp).string(NODE.domain, ML_DOMAIN));
  return new ProtoWriter()
    .int(MODEL.irVersion, 8)
    .message(MODEL.graph, graph)
    .message(MODEL.opsetImport, new ProtoWriter().string(OPSET.domain, ML_DOMAIN).int(OPSET.version, 1))
    .finish();
}

