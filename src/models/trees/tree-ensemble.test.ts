import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rowAt } from '../domain/dataset.js';
import { pointsFromLogOdds, scaleFactor } from '../domain/points-scale.js';
import { DEFAULT_SCALE, type ModelArtifact } from '../domain/scoring-model.js';
import { FengkongError } from '../../shared/errors.js';
import { trainGbdt } from './gbdt-train.js';
import { syntheticCredit } from './synthetic-data.js';
import { OP_IN, OP_LE, OP_LT, packTrees, type TreeArrays } from './tree-arrays.js';
import { TreeEnsemble } from './tree-ensemble.js';

const data = syntheticCredit({ rows: 3000, variables: 10, seed: 21 });
const { model } = trainGbdt(data, { rounds: 40, maxDepth: 4, learningRate: 0.2, subsample: 0.8, seed: 2 });
const sample = syntheticCredit({ rows: 300, variables: 10, seed: 22 });

describe('TreeEnsemble', () => {
  it('contributions add up to the margin minus the expected value', () => {
    for (let i = 0; i < 100; i++) {
      const row = rowAt(sample, i);
      const c = model.contributions(row);
      const sum = c.values.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - (c.margin - c.expectedValue)) < 1e-9, `row ${i}: ${sum} vs ${c.margin - c.expectedValue}`);
      assert.ok(Math.abs(c.margin - model.margin(row)) < 1e-12);
    }
    // Also for a row with every variable missing and an unknown category.
    const empty = model.contributions({ channel: 'teleport' });
    assert.ok(Math.abs(empty.values.reduce((a, b) => a + b, 0) - (empty.margin - empty.expectedValue)) < 1e-9);
  });

  it('TreeSHAP equals Shapley values computed by brute force over every coalition', () => {
    const small = syntheticCredit({ rows: 2000, variables: 10, seed: 5 });
    const keep = ['x01', 'x02', 'x03', 'x07', 'channel'];
    const m = trainGbdt(small, { rounds: 8, maxDepth: 4, learningRate: 0.3, variables: keep }).model;
    for (let i = 0; i < 20; i++) {
      const row = rowAt(sample, i);
      const x = m.encode(row);
      const brute = bruteForceShapley(m.trees, x, m.baseMargin);
      const c = m.contributions(row);
      brute.forEach((v, j) => assert.ok(Math.abs(v - c.values[j]!) < 1e-9, `row ${i} ${keep[j]}: ${v} vs ${c.values[j]}`));
    }
  });

  it('scores: probability, points on the scale, worst reasons first', () => {
    const row = rowAt(sample, 3);
    const s = model.score(row, 3);
    assert.equal(s.probability, model.probability(row));
    assert.ok(Math.abs(s.score - pointsFromLogOdds(model.margin(row), DEFAULT_SCALE)) < 1e-9);
    assert.ok(s.reasons.length <= 3);
    const c = model.contributions(row);
    for (let k = 0; k < s.reasons.length; k++) {
      const r = s.reasons[k]!;
      assert.ok(r.pointsLost > 0);
      if (k > 0) assert.ok(s.reasons[k - 1]!.pointsLost >= r.pointsLost);
      const j = model.variables.indexOf(r.variable);
      assert.ok(Math.abs(r.pointsLost - scaleFactor(DEFAULT_SCALE) * c.values[j]!) < 1e-9);
    }
  });

  it('predictDataset equals row-by-row probability', () => {
    const p = model.predictDataset(sample);
    for (let i = 0; i < sample.rows; i++) assert.ok(Math.abs(p[i]! - model.probability(rowAt(sample, i))) < 1e-12);
  });

  it('round-trips through its artifact (and JSON) identically', () => {
    const artifact = model.toArtifact();
    const back = TreeEnsemble.fromArtifact(JSON.parse(JSON.stringify(artifact)) as ModelArtifact);
    assert.deepEqual(back.toArtifact(), artifact);
    assert.deepEqual(back.predictDataset(sample), model.predictDataset(sample));
    const row = rowAt(sample, 0);
    assert.deepEqual(back.contributions(row), model.contributions(row));
  });

  it('refuses a damaged artifact, naming the field', () => {
    const good = model.toArtifact();
    const body = good.body as { trees: Record<string, number[]> };
    const cases: Array<[ModelArtifact, string]> = [
      [{ ...good, kind: 'scorecard' }, 'kind'],
      [{ ...good, body: { ...body, trees: { ...body.trees, left: body.trees.left!.slice(1) } } }, 'body.trees.left'],
      [{ ...good, body: { ...body, trees: { ...body.trees, left: body.trees.left!.map((l) => (l > 0 ? 10 ** 7 : l)) } } }, 'body.trees'],
      [{ ...good, body: { ...body, baseMargin: 'x' } }, 'body.baseMargin'],
    ];
    for (const [a, field] of cases) {
      assert.throws(() => TreeEnsemble.fromArtifact(a), (e: unknown) =>
        e instanceof FengkongError && (e.details as unknown as Array<{ field: string }>)[0]!.field.startsWith(field));
    }
  });

  it('compares in float32: x < t for XGBoost-style nodes, x <= t for the trainer', () => {
    // 0.1 is not a float32; the threshold is fround(0.1), and the input rounds to the same value.
    const trees = (op: typeof OP_LE | typeof OP_LT) => packTrees([{ nodes: [
      { feature: 0, op, threshold: 0.1, left: 1, right: 2, defaultLeft: true },
      { feature: -1, value: -1 }, { feature: -1, value: 1 },
    ] }], 1);
    const lt = new TreeEnsemble({ kind: 'xgboost', features: [{ name: 'x', kind: 'numeric' }], baseMargin: 0, trees: trees(OP_LT), covers: 'even' });
    const le = new TreeEnsemble({ kind: 'gbdt', features: [{ name: 'x', kind: 'numeric' }], baseMargin: 0, trees: trees(OP_LE), covers: 'even' });
    assert.equal(lt.margin({ x: 0.1 }), 1);
    assert.equal(le.margin({ x: 0.1 }), -1);
    assert.equal(lt.margin({ x: 0.09999999 }), -1);
    assert.equal(lt.margin({ x: null }), -1);
    assert.equal(lt.margin({ x: '0.2' }), 1);
    assert.equal(lt.margin({ x: 'n/a' }), -1);
    const data = { rows: 3, columns: [{ kind: 'numeric' as const, name: 'x', values: Float64Array.of(0.1, 0.05, Number.NaN) }] };
    assert.deepEqual([...lt.marginDataset(data)], [1, -1, -1]);
  });

  it('withCovers recounts covers from data and keeps contributions additive', () => {
    const counted = model.withCovers(sample);
    assert.equal(counted.covers, 'data');
    const root = counted.trees.roots[0]!;
    assert.equal(counted.trees.cover[root], sample.rows);
    const row = rowAt(sample, 5);
    const c = counted.contributions(row);
    assert.ok(Math.abs(c.values.reduce((a, b) => a + b, 0) - (c.margin - c.expectedValue)) < 1e-9);
    assert.equal(counted.probability(row), model.probability(row));
  });

  it('category sets score by membership, unknown labels as missing', () => {
    const trees = packTrees([{ nodes: [
      { feature: 0, op: OP_IN, categories: [2, 0], left: 1, right: 2, defaultLeft: false },
      { feature: -1, value: 0.5 }, { feature: -1, value: -0.5 },
    ] }], 1);
    const m = new TreeEnsemble({ kind: 'gbdt', features: [{ name: 'k', kind: 'categorical', categories: ['a', 'b', 'c'] }], baseMargin: 0, trees, covers: 'even' });
    assert.deepEqual(['a', 'b', 'c', 'd', null].map((k) => m.margin({ k })), [0.5, -0.5, 0.5, -0.5, -0.5]);
  });
});

/** v(S) by the path-dependent rule, then Shapley values by the subset-sum formula. */
function bruteForceShapley(a: TreeArrays, x: Float64Array, base: number): number[] {
  const m = x.length;
  const goesLeft = (n: number): boolean => {
    const v = x[a.feature[n]!]!;
    if (Number.isNaN(v)) return a.defaultLeft[n] === 1;
    if (a.op[n] === OP_LE) return v <= a.threshold[n]!;
    if (a.op[n] === OP_LT) return v < a.threshold[n]!;
    if (a.op[n] === OP_IN) return Array.from(a.cats.subarray(a.catStart[n]!, a.catStart[n]! + a.catCount[n]!)).includes(v);
    return v === a.threshold[n]!;
  };
  const expect = (n: number, known: Set<number>): number => {
    if (a.feature[n]! < 0) return a.value[n]!;
    const l = a.left[n]!;
    const r = a.right[n]!;
    if (known.has(a.feature[n]!)) return expect(goesLeft(n) ? l : r, known);
    const cl = a.cover[l]!;
    const cr = a.cover[r]!;
    return (cl * expect(l, known) + cr * expect(r, known)) / (cl + cr);
  };
  const v = (known: Set<number>) => {
    let s = base;
    for (let t = 0; t < a.roots.length; t++) s += expect(a.roots[t]!, known);
    return s;
  };
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const phi = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if (mask & (1 << i)) continue;
      const s = new Set<number>();
      for (let j = 0; j < m; j++) if (mask & (1 << j)) s.add(j);
      const w = (fact(s.size) * fact(m - s.size - 1)) / fact(m);
      phi[i]! += w * (v(new Set([...s, i])) - v(s));
    }
  }
  return phi;
}
