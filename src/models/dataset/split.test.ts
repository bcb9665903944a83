import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../domain/dataset.js';
import { stratifiedFolds, stratifiedSplit } from './split.js';

function sample(rows: number, badEvery: number): Dataset {
  const values = Float64Array.from({ length: rows }, (_v, i) => i);
  const target = Uint8Array.from({ length: rows }, (_v, i) => (i % badEvery === 0 ? 1 : 0));
  return { rows, columns: [{ kind: 'numeric', name: 'row', values }], target };
}

const sum = (a: Uint8Array) => a.reduce((x, y) => x + y, 0);

test('stratified split: disjoint, complete, same bad rate in both parts, rows follow their index', () => {
  for (const [rows, badEvery, share] of [[1000, 10, 0.3], [997, 3, 0.25], [50, 7, 0.5]] as const) {
    const data = sample(rows, badEvery);
    const bads = sum(data.target!);
    const s = stratifiedSplit(data, { testShare: share, seed: 42 });
    assert.equal(s.trainIndex.length + s.testIndex.length, rows);
    const all = new Set([...s.trainIndex, ...s.testIndex]);
    assert.equal(all.size, rows, 'no row in both parts');
    assert.equal(sum(s.test.target!), Math.round(bads * share), 'test bads');
    assert.equal(s.testIndex.length, Math.round(bads * share) + Math.round((rows - bads) * share));
    const values = s.test.columns[0]!.values as Float64Array;
    s.testIndex.forEach((row, i) => assert.equal(values[i], row));
    assert.ok([...s.trainIndex].every((v, i, a) => i === 0 || a[i - 1]! < v), 'ascending');
  }
});

test('stratified split: deterministic per seed, different across seeds', () => {
  const data = sample(500, 4);
  const a = stratifiedSplit(data, { seed: 7 });
  const b = stratifiedSplit(data, { seed: 7 });
  const c = stratifiedSplit(data, { seed: 8 });
  assert.deepEqual(a.testIndex, b.testIndex);
  assert.notDeepEqual(a.testIndex, c.testIndex);
});

test('stratified split refuses a bad share and a sample without target', () => {
  assert.throws(() => stratifiedSplit(sample(10, 2), { testShare: 1 }), /testShare/);
  assert.throws(() => stratifiedSplit({ rows: 1, columns: [] }), /needs the target/);
});

test('k folds test every row exactly once and keep the bad rate', () => {
  const data = sample(1003, 5);
  const folds = stratifiedFolds(data.target!, 5, 3);
  assert.equal(folds.length, 5);
  const seen = new Uint8Array(1003);
  const totalBads = sum(data.target!);
  for (const f of folds) {
    for (const i of f.testIndex) seen[i]!++;
    assert.equal(f.trainIndex.length + f.testIndex.length, 1003);
    const foldBads = [...f.testIndex].reduce((a, i) => a + data.target![i]!, 0);
    assert.ok(Math.abs(foldBads - totalBads / 5) <= 1, `fold bads ${foldBads}`);
  }
  assert.ok(seen.every((v) => v === 1));
  assert.throws(() => stratifiedFolds(data.target!, 1), /integer from 2/);
});
