import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../shared/prng.js';
import type { Column, Dataset } from '../domain/dataset.js';
import { fitLogistic } from './logistic.js';
import { correlationFilter, dropWrongSigns, identicalRate, missingRate, pearson, screenVariables, stepwise, vif, vifFilter } from './selection.js';
import { scoreTest } from './stepwise.js';
import type { WoeTable } from './woe.js';

const rng = new Rng(21);
const normal = (n: number) => Float64Array.from({ length: n }, () => rng.normal());

test('missing and identical-value rates', () => {
  const cases: Array<[Column, number, number]> = [
    [{ kind: 'numeric', name: 'a', values: Float64Array.from([1, NaN, 1, 2]) }, 0.25, 0.5],
    [{ kind: 'categorical', name: 'b', values: ['x', null, null, null] }, 0.75, 0.75],
    [{ kind: 'categorical', name: 'c', values: ['x', 'y', 'z', 'w'] }, 0, 0.25],
  ];
  for (const [c, missing, identical] of cases) {
    assert.equal(missingRate(c), missing, c.name);
    assert.equal(identicalRate(c), identical, c.name);
  }
});

test('screening drops by missing rate, then identical rate, then IV, each with a bilingual reason', () => {
  const n = 100;
  const data: Dataset = {
    rows: n,
    columns: [
      { kind: 'numeric', name: 'empty', values: Float64Array.from({ length: n }, (_v, i) => (i < 97 ? NaN : i)) },
      { kind: 'categorical', name: 'flat', values: Array.from({ length: n }, (_v, i) => (i < 96 ? 'same' : 'other')) },
      { kind: 'numeric', name: 'weak', values: normal(n) },
      { kind: 'numeric', name: 'strong', values: normal(n) },
    ],
    target: new Uint8Array(n),
  };
  const table = (variable: string, iv: number) => ({ variable, iv }) as WoeTable;
  const r = screenVariables(data, [table('empty', 1), table('flat', 1), table('weak', 0.01), table('strong', 0.3)]);
  assert.deepEqual(r.kept, ['strong']);
  assert.deepEqual(r.dropped.map((d) => [d.variable, d.step]), [['empty', 'missing'], ['flat', 'identical'], ['weak', 'iv']]);
  for (const d of r.dropped) assert.ok(d.reason.zh.length > 0 && d.reason.en.length > 0);
  assert.match(r.dropped[2]!.reason.en, /IV 0\.01 is below 0\.02/);
});

test('VIF: about 1 for independent columns, 1/(1 − r²) for a pair, huge for exact collinearity', () => {
  const n = 20_000;
  const a = normal(n);
  const b = normal(n);
  const c = normal(n);
  for (const v of vif([a, b, c])) assert.ok(Math.abs(v - 1) < 0.01, `independent VIF ${v}`);
  const mixed = Float64Array.from(a, (v, i) => 0.8 * v + 0.6 * b[i]!);
  const r = pearson(a, mixed);
  const pair = vif([a, mixed]);
  assert.ok(Math.abs(pair[0]! - 1 / (1 - r * r)) < 1e-9 && Math.abs(pair[1]! - pair[0]!) < 1e-9);
  const sum = Float64Array.from(a, (v, i) => v + b[i]!);
  const v3 = vif([a, b, sum, c]);
  assert.ok(v3[0]! > 1e6 && v3[1]! > 1e6 && v3[2]! > 1e6, `collinear VIFs ${[...v3]}`);
  assert.ok(v3[3]! < 1.1);
  const filtered = vifFilter(['a', 'b', 'sum', 'c'], new Map([['a', a], ['b', b], ['sum', sum], ['c', c]]), 10);
  assert.equal(filtered.dropped.length, 1);
  assert.equal(filtered.dropped[0]!.step, 'vif');
  assert.ok(filtered.kept.includes('c') && filtered.kept.length === 3);
});

test('correlation filter keeps the higher-IV variable of a correlated pair', () => {
  const n = 2000;
  const a = normal(n);
  const near = Float64Array.from(a, (v) => v + 0.2 * rng.normal());
  const other = normal(n);
  const columns = new Map([['a', a], ['near', near], ['other', other]]);
  const r1 = correlationFilter(['a', 'near', 'other'], columns, new Map([['a', 0.3], ['near', 0.5], ['other', 0.1]]), 0.7);
  assert.deepEqual(r1.kept, ['near', 'other']);
  assert.equal(r1.dropped[0]!.variable, 'a');
  assert.equal(r1.dropped[0]!.partner, 'near');
  assert.ok(r1.dropped[0]!.value > 0.9);
  const r2 = correlationFilter(['a', 'near', 'other'], columns, new Map([['a', 0.6], ['near', 0.5], ['other', 0.1]]), 0.7);
  assert.deepEqual(r2.kept, ['a', 'other']);
});

/** Three informative columns and three of pure noise. */
function stepData(n: number) {
  const cols = Array.from({ length: 6 }, () => normal(n));
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) y[i] = rng.next() < 1 / (1 + Math.exp(-(-1 + 0.9 * cols[0]![i]! + 0.6 * cols[1]![i]! + 0.4 * cols[2]![i]!))) ? 1 : 0;
  const names = ['s1', 's2', 's3', 'n1', 'n2', 'n3'];
  return { names, columns: new Map(names.map((v, j) => [v, cols[j]!])), y };
}

test('the score test approximates the likelihood-ratio statistic', () => {
  const { columns, y } = stepData(3000);
  const base = fitLogistic([columns.get('s1')!], y);
  // A candidate correlated with the model's column: only the information left after s1 counts.
  const mixed = Float64Array.from(columns.get('s1')!, (v, i) => 0.8 * v + 0.6 * columns.get('s2')![i]!);
  const candidates = new Map([['s2', columns.get('s2')!], ['n1', columns.get('n1')!], ['mixed', mixed]]);
  for (const [v, x] of candidates) {
    const chi = scoreTest(base, [columns.get('s1')!], x, y);
    const full = fitLogistic([columns.get('s1')!, x], y);
    const lr = 2 * (full.logLikelihood - base.logLikelihood);
    assert.ok(Math.abs(chi - lr) < 0.05 * Math.max(1, lr), `${v}: score ${chi} vs LR ${lr}`);
  }
});

test('stepwise keeps the informative variables and says why the others were left out', () => {
  const { names, columns, y } = stepData(4000);
  for (const direction of ['forward', 'both', 'backward'] as const) {
    for (const criterion of ['aic', 'pvalue'] as const) {
      const r = stepwise(names, columns, y, { direction, criterion });
      for (const s of ['s1', 's2', 's3']) assert.ok(r.kept.includes(s), `${direction}/${criterion} keeps ${s}: ${r.kept}`);
      assert.ok(r.kept.length <= 5, `${direction}/${criterion} drops noise: ${r.kept}`);
      assert.equal(r.kept.length + r.dropped.length, names.length);
      for (const d of r.dropped) assert.ok(d.step === 'stepwise' && d.reason.en.startsWith('stepwise'), JSON.stringify(d));
      assert.deepEqual(r.fit.names.slice(1), r.kept);
    }
  }
  assert.throws(() => stepwise(names, columns, y, { direction: 'sideways' as never }), /stepwise\.direction/);
});

test('forward AIC stepwise agrees with an exhaustive search on a small problem', () => {
  const { names, columns, y } = stepData(2500);
  const r = stepwise(names, columns, y, { direction: 'forward', criterion: 'aic' });
  // Brute force: the best AIC over all 64 subsets must not beat stepwise by more than a little.
  let best = Infinity;
  for (let mask = 0; mask < 64; mask++) {
    const set = names.filter((_v, j) => mask & (1 << j));
    best = Math.min(best, fitLogistic(set.map((v) => columns.get(v)!), y).aic);
  }
  assert.ok(r.fit.aic <= best + 2, `stepwise AIC ${r.fit.aic} vs best ${best}`);
});

test('variables with a non-positive coefficient are dropped one at a time', () => {
  const n = 3000;
  const a = normal(n);
  const reversed = normal(n);
  // rev raises the score of bad rows less the larger it is: its slope is clearly negative.
  const y = Uint8Array.from(a, (v, i) => (rng.next() < 1 / (1 + Math.exp(-(v - 0.7 * reversed[i]!))) ? 1 : 0));
  const r = dropWrongSigns(['a', 'rev'], new Map([['a', a], ['rev', reversed]]), y);
  assert.ok(r.dropped[0]!.value < -0.4, `slope ${r.dropped[0]!.value}`);
  assert.deepEqual(r.kept, ['a']);
  assert.equal(r.dropped[0]!.variable, 'rev');
  assert.equal(r.dropped[0]!.step, 'sign');
  assert.ok(r.fit.coefficients[1]! > 0);
});
