import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../shared/prng.js';
import type { Dataset } from '../domain/dataset.js';
import { psiCategorical, psiFromCounts, psiNumeric, psiReading, quantileBreaks, variablePsi } from './psi.js';

test('PSI of identical samples is 0 and reads stable', () => {
  const rng = new Rng(1);
  const a = Float64Array.from({ length: 1000 }, () => rng.normal());
  const r = psiNumeric(a, a.slice());
  assert.equal(r.psi, 0);
  assert.equal(r.reading, 'stable');
  assert.equal(r.bins.length, 10);
  assert.equal(psiCategorical(['a', 'b', null], ['a', 'b', null]).psi, 0);
});

test('PSI of a hand-computed table, and the epsilon floor for empty bins', () => {
  const r = psiFromCounts(['x', 'y'], [50, 50], [30, 70]);
  const expected = (0.3 - 0.5) * Math.log(0.3 / 0.5) + (0.7 - 0.5) * Math.log(0.7 / 0.5);
  assert.ok(Math.abs(r.psi - expected) < 1e-12);
  assert.ok(Math.abs(r.bins[0]!.psi - (0.3 - 0.5) * Math.log(0.6)) < 1e-12);
  const empty = psiFromCounts(['x', 'y'], [100, 0], [90, 10], 1e-4);
  const withFloor = (0.9 - 1) * Math.log(0.9) + (0.1 - 1e-4) * Math.log(0.1 / 1e-4);
  assert.ok(Math.abs(empty.psi - withFloor) < 1e-12);
});

test('PSI readings at the standard thresholds, in both languages', () => {
  const cases: Array<[number, string]> = [[0, 'stable'], [0.0999, 'stable'], [0.1, 'watch'], [0.25, 'watch'], [0.2501, 'shift'], [3, 'shift']];
  for (const [psi, reading] of cases) {
    const r = psiReading(psi);
    assert.equal(r.reading, reading, String(psi));
    assert.ok(r.label.zh && r.label.en);
  }
});

test('a shifted score moves PSI up; bins are the expected sample quantiles with a missing bin when needed', () => {
  const rng = new Rng(2);
  const base = Float64Array.from({ length: 20_000 }, () => 600 + 50 * rng.normal());
  const same = Float64Array.from({ length: 20_000 }, () => 600 + 50 * rng.normal());
  const moved = Float64Array.from({ length: 20_000 }, () => 630 + 50 * rng.normal());
  const far = Float64Array.from({ length: 20_000 }, () => 680 + 50 * rng.normal());
  assert.equal(psiNumeric(base, same).reading, 'stable');
  const m = psiNumeric(base, moved).psi;
  const f = psiNumeric(base, far).psi;
  assert.ok(m > 0.1 && m < f && f > 0.25, `${m} ${f}`);
  const b = quantileBreaks(base, 10);
  assert.equal(b.length, 9);
  const r = psiNumeric(base, psiWithMissing(same));
  assert.equal(r.bins.at(-1)!.label, 'missing');
  assert.ok(r.bins.at(-1)!.actual > 0);
  assert.throws(() => psiNumeric(base, same, { bins: 1 }), /Option bins/);
});

function psiWithMissing(a: Float64Array): Float64Array {
  const out = a.slice();
  for (let i = 0; i < out.length; i += 10) out[i] = NaN;
  return out;
}

test('variable PSI: numeric by quantile bins, categorical by category, new categories included', () => {
  const rng = new Rng(3);
  const make = (n: number, shift: number, cities: string[]): Dataset => ({
    rows: n,
    columns: [
      { kind: 'numeric', name: 'income', values: Float64Array.from({ length: n }, () => 5000 + 1000 * (rng.normal() + shift)) },
      { kind: 'categorical', name: 'city', values: Array.from({ length: n }, () => rng.pick(cities)) },
      { kind: 'numeric', name: 'only_here', values: new Float64Array(n) },
    ],
  });
  const expected = make(5000, 0, ['bj', 'sh']);
  const full = make(5000, 1, ['bj', 'sh', 'gz']);
  const actual: Dataset = { rows: full.rows, columns: full.columns.slice(0, 2) };
  const r = variablePsi(expected, actual);
  assert.deepEqual(r.map((x) => [x.variable, x.kind]), [['income', 'numeric'], ['city', 'categorical']]);
  assert.equal(r[0]!.reading, 'shift');
  assert.deepEqual(r[1]!.bins.map((b) => b.label), ['bj', 'gz', 'sh']);
  assert.equal(r[1]!.bins[1]!.expected, 0);
  assert.ok(r[1]!.psi > 0.25, 'a third of rows in an unseen city is a shift');
  assert.deepEqual(variablePsi(expected, actual, { variables: ['city'] }).map((x) => x.variable), ['city']);
});
