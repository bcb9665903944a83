import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../shared/prng.js';
import type { Column } from '../domain/dataset.js';
import { assignColumn, compileBins, locate } from './bin-assign.js';
import { binDataset, binVariable } from './binning.js';
import { binCount, binLabels, type VariableBins } from './bins.js';
import { chiMerge, enforceMinCount, enforceMonotonic, groupsFromCells, isMonotonic, pairChiSquare, treeSplit } from './cell-merge.js';

const num = (name: string, values: number[]): Column => ({ kind: 'numeric', name, values: Float64Array.from(values) });
const cat = (name: string, values: Array<string | null>): Column => ({ kind: 'categorical', name, values });

/** Per-bin [good, bad] of a column under some bins, counted directly. */
function counts(bins: VariableBins, column: Column, target: Uint8Array): Array<[number, number]> {
  const idx = assignColumn(compileBins(bins), column, target.length);
  const out = Array.from({ length: binCount(bins) }, () => [0, 0] as [number, number]);
  idx.forEach((b, i) => out[b]![target[i] === 1 ? 1 : 0]++);
  return out;
}

test('pair chi-square against the textbook 2×2 formula', () => {
  const cases: Array<[number, number, number, number]> = [
    [30, 10, 20, 20],
    [5, 5, 5, 5],
    [100, 1, 3, 40],
    [10, 0, 7, 0],
  ];
  for (const [ag, ab, bg, bb] of cases) {
    const n = ag + ab + bg + bb;
    const det = ag * bb - ab * bg;
    const denom = (ag + ab) * (bg + bb) * (ag + bg) * (ab + bb);
    const expected = denom === 0 ? 0 : (n * det * det) / denom;
    const got = pairChiSquare({ first: 0, last: 0, good: ag, bad: ab }, { first: 1, last: 1, good: bg, bad: bb });
    assert.ok(Math.abs(got - expected) < 1e-9, `${[ag, ab, bg, bb]}: ${got} vs ${expected}`);
  }
});

test('chi-merge joins the most similar adjacent pair first', () => {
  // Bad rates 10%, 50%, 52%, 90%: cells 1 and 2 are nearly identical and must merge first.
  const cells = groupsFromCells([90, 50, 48, 10], [10, 50, 52, 90]);
  const three = chiMerge(cells, 3, 0);
  assert.deepEqual(three.map((g) => [g.first, g.last]), [[0, 0], [1, 2], [3, 3]]);
  assert.deepEqual(three[1], { first: 1, last: 2, good: 98, bad: 102 });
  // With a threshold above every remaining chi-square, everything merges into one.
  assert.equal(chiMerge(cells, 8, 1e9).length, 1);
  // A threshold between: only the insignificant pair merges.
  assert.equal(chiMerge(cells, 8, 3.841).length, 3);
});

test('minimum count: small groups join their most similar neighbour', () => {
  const cells = groupsFromCells([50, 2, 50, 50], [5, 1, 50, 5]); // cell 1 has 3 rows
  const merged = enforceMinCount(cells, 10);
  assert.equal(merged.length, 3);
  assert.ok(merged.every((g) => g.good + g.bad >= 10));
  // Cell 1 (33% bad) is closer to cell 0 (9%) than to cell 2 (50%) by chi-square.
  const left = pairChiSquare(cells[0]!, cells[1]!);
  const right = pairChiSquare(cells[1]!, cells[2]!);
  assert.deepEqual(merged[left <= right ? 0 : 1]!.last - merged[left <= right ? 0 : 1]!.first, 1);
});

test('monotonic enforcement gives a monotonic bad rate, in the direction asked', () => {
  const rng = new Rng(5);
  for (let trial = 0; trial < 50; trial++) {
    const k = 3 + rng.int(0, 10);
    const good = Array.from({ length: k }, () => rng.int(0, 100));
    const bad = Array.from({ length: k }, () => rng.int(0, 60));
    for (const trend of ['ascending', 'descending'] as const) {
      const out = enforceMonotonic(groupsFromCells(good, bad), trend);
      assert.ok(isMonotonic(out, trend), `trial ${trial} ${trend}`);
      assert.equal(out.reduce((a, g) => a + g.good + g.bad, 0), good.reduce((a, b) => a + b, 0) + bad.reduce((a, b) => a + b, 0));
    }
  }
});

test('tree split finds the obvious cut and respects the minimum leaf', () => {
  // 10 cells of 100 rows: bad rate 5% in cells 0–5, 40% in cells 6–9.
  const bad = [5, 5, 5, 5, 5, 5, 40, 40, 40, 40];
  const good = bad.map((b) => 100 - b);
  const leaves = treeSplit(groupsFromCells(good, bad), { maxBins: 2, minCount: 50, impurity: 'entropy', minGain: 0 });
  assert.deepEqual(leaves.map((g) => [g.first, g.last]), [[0, 5], [6, 9]]);
  const gini = treeSplit(groupsFromCells(good, bad), { maxBins: 2, minCount: 50, impurity: 'gini', minGain: 0 });
  assert.deepEqual(gini.map((g) => [g.first, g.last]), [[0, 5], [6, 9]]);
  const big = treeSplit(groupsFromCells(good, bad), { maxBins: 8, minCount: 450, impurity: 'entropy', minGain: 0 });
  assert.ok(big.every((g) => g.good + g.bad >= 450));
  // No split gains anything on a flat rate.
  assert.equal(treeSplit(groupsFromCells([90, 90, 90], [10, 10, 10]), { maxBins: 8, minCount: 1, impurity: 'entropy', minGain: 0.01 }).length, 1);
});

/** A numeric variable whose bad rate steps up at 50 and at 80, with 5% missing (mostly bad). */
function stepped(rows: number, seed: number): { column: Column; target: Uint8Array } {
  const rng = new Rng(seed);
  const values = new Float64Array(rows);
  const target = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const missing = rng.chance(0.05);
    const v = Math.floor(rng.next() * 100);
    values[i] = missing ? NaN : v;
    const p = missing ? 0.6 : v < 50 ? 0.05 : v < 80 ? 0.2 : 0.5;
    target[i] = rng.chance(p) ? 1 : 0;
  }
  return { column: { kind: 'numeric', name: 'x', values }, target };
}

test('numeric binning: every method finds the steps, keeps missing apart, respects max bins and min share', () => {
  const { column, target } = stepped(5000, 1);
  for (const method of ['chimerge', 'quantile', 'tree'] as const) {
    for (const maxBins of [3, 5, 8]) {
      const bins = binVariable(column, target, { method, maxBins, minBinShare: 0.05, monotonic: false });
      assert.equal(bins.kind, 'numeric');
      if (bins.kind !== 'numeric') continue;
      assert.ok(bins.breaks.length + 1 <= maxBins, `${method} ${maxBins}: ${bins.breaks}`);
      const c = counts(bins, column, target);
      const missing = c[c.length - 1]!;
      assert.ok(missing[0] + missing[1] > 0, 'missing rows land in the missing bin');
      c.slice(0, -1).forEach(([g, b]) => assert.ok(g + b >= 250, `${method}: bin of ${g + b} rows below 5%`));
      if (method !== 'quantile') {
        assert.ok(bins.breaks.some((b) => Math.abs(b - 50) <= 2), `${method} ${maxBins} finds 50: ${bins.breaks}`);
        if (maxBins >= 3) assert.ok(bins.breaks.some((b) => Math.abs(b - 80) <= 2), `${method} ${maxBins} finds 80: ${bins.breaks}`);
      }
    }
  }
});

test('numeric binning is deterministic and monotonic when asked', () => {
  const rng = new Rng(9);
  const rows = 3000;
  const values = Float64Array.from({ length: rows }, () => rng.next() * 10);
  // U-shaped risk: monotonic binning must still come out monotonic.
  const target = Uint8Array.from(values, (v) => (rng.chance(0.05 + 0.04 * (v - 5) ** 2) ? 1 : 0));
  const column: Column = { kind: 'numeric', name: 'u', values };
  for (const monotonic of [true, 'auto', 'ascending', 'descending'] as const) {
    const a = binVariable(column, target, { monotonic, maxBins: 8 });
    assert.deepEqual(binVariable(column, target, { monotonic, maxBins: 8 }), a, 'same input, same bins');
    const c = counts(a, column, target).slice(0, -1);
    const groups = c.map(([good, bad], i) => ({ first: i, last: i, good, bad }));
    const trend = monotonic === 'descending' ? 'descending' : monotonic === 'ascending' ? 'ascending' : isMonotonic(groups, 'ascending') ? 'ascending' : 'descending';
    assert.ok(isMonotonic(groups, trend), `${monotonic}: ${JSON.stringify(c)}`);
  }
  const free = binVariable(column, target, { monotonic: false, maxBins: 8 });
  const fc = counts(free, column, target).slice(0, -1).map(([g, b]) => ({ first: 0, last: 0, good: g, bad: b }));
  assert.ok(!isMonotonic(fc, 'ascending') && !isMonotonic(fc, 'descending'), 'without the option the U shape shows');
});

test('categorical binning: sorted by bad rate, small categories merged, missing and unseen go to the missing bin', () => {
  const rng = new Rng(3);
  const rates: Record<string, number> = { a: 0.05, b: 0.06, c: 0.3, d: 0.32, e: 0.6, tiny: 0.9 };
  const weights: Array<[string, number]> = [['a', 30], ['b', 25], ['c', 20], ['d', 15], ['e', 9], ['tiny', 1]];
  const values: Array<string | null> = [];
  const t: number[] = [];
  for (let i = 0; i < 4000; i++) {
    const missing = rng.chance(0.03);
    const c = rng.weighted(weights);
    values.push(missing ? null : c);
    t.push(rng.chance(missing ? 0.5 : rates[c]!) ? 1 : 0);
  }
  const target = Uint8Array.from(t);
  const column = cat('grade', values);
  const bins = binVariable(column, target, { maxBins: 8, minBinShare: 0.05 });
  assert.equal(bins.kind, 'categorical');
  if (bins.kind !== 'categorical') return;
  const where = (c: string) => bins.groups.findIndex((g) => g.includes(c));
  assert.equal(where('a'), where('b'), 'a and b (5–6%) share a bin');
  assert.equal(where('c'), where('d'), 'c and d (30–32%) share a bin');
  assert.equal(where('e'), where('tiny'), 'the 1% category joins its neighbour in bad-rate order');
  assert.ok(where('a') < where('c') && where('c') < where('e'), 'bins run from low to high bad rate');
  const loc = compileBins(bins);
  assert.equal(locate(loc, null), loc.missing);
  assert.equal(locate(loc, 'never seen'), loc.missing, 'unseen categories count as missing');
  assert.equal(binLabels(bins)[where('a')], bins.groups[where('a')]!.join(','));
});

test('manual bins are used as given; unlisted categories get their own bins', () => {
  const target = Uint8Array.from([0, 1, 0, 1, 0, 1]);
  const n = binVariable(num('amount', [500, 1000, 2999, 3000, NaN, 10_000]), target, { manual: { amount: [3000, 1000, 1000] } });
  assert.deepEqual(n, { kind: 'numeric', variable: 'amount', breaks: [1000, 3000] });
  assert.deepEqual(binLabels(n), ['[-inf,1000)', '[1000,3000)', '[3000,inf)', 'missing']);
  assert.deepEqual(counts(n, num('amount', [500, 1000, 2999, 3000, NaN, 10_000]), target), [[1, 0], [1, 1], [0, 2], [1, 0]]);
  const c = binVariable(cat('city', ['bj', 'sh', 'gz', 'sz', null, 'cd']), target, { manual: { city: [['bj', 'sh'], ['gz']] } });
  assert.deepEqual(c, { kind: 'categorical', variable: 'city', groups: [['bj', 'sh'], ['gz'], ['cd'], ['sz']] });
  assert.deepEqual(binLabels(c), ['bj,sh', 'gz', 'cd', 'sz', 'missing']);
  assert.throws(() => binVariable(cat('city', ['a']), Uint8Array.from([1]), { manual: { city: [['a'], ['a']] } }), /two groups/);
  assert.throws(() => binVariable(num('x', [1]), Uint8Array.from([1]), { manual: { x: [['a']] } }), /takes breaks/);
});

test('binning options are checked and named', () => {
  const column = num('x', [1, 2, 3]);
  const target = Uint8Array.from([0, 1, 0]);
  const cases: Array<[object, RegExp]> = [
    [{ method: 'kmeans' }, /binning\.method/],
    [{ maxBins: 0 }, /binning\.maxBins/],
    [{ maxBins: 2.5 }, /binning\.maxBins/],
    [{ minBinShare: 0.9 }, /binning\.minBinShare/],
    [{ monotonic: 'up' }, /binning\.monotonic/],
    [{ chiThreshold: -1 }, /binning\.chiThreshold/],
    [{ manual: { x: 'oops' } }, /binning\.manual\.x/],
  ];
  for (const [options, message] of cases) assert.throws(() => binVariable(column, target, options as never), message);
});

test('edge cases: all missing, one value, binDataset over all columns', () => {
  const target = Uint8Array.from([0, 1, 0, 1]);
  assert.deepEqual(binVariable(num('m', [NaN, NaN, NaN, NaN]), target), { kind: 'numeric', variable: 'm', breaks: [] });
  assert.deepEqual(binVariable(num('k', [7, 7, 7, 7]), target), { kind: 'numeric', variable: 'k', breaks: [] });
  assert.deepEqual(binVariable(cat('e', [null, null, null, null]), target), { kind: 'categorical', variable: 'e', groups: [] });
  const all = binDataset({ rows: 4, columns: [num('k', [1, 2, 3, 4]), cat('c', ['a', 'b', 'a', 'b'])], target });
  assert.deepEqual(all.map((b) => b.variable), ['k', 'c']);
});
