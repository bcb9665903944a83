import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketGeometry, parseDuration } from './feature-spec.js';
import { latestAtOrBefore, m2After, mergeM2, numericFeatureValue, recencyFeatureValue } from './window-stats.js';

test('bucket geometry: 60 whole-second buckets, fewer only below 1 s', () => {
  const table: Array<[string, number, number]> = [
    ['1m', 1000, 60],
    ['90s', 2000, 45],
    ['61s', 2000, 31],
    ['10m', 10_000, 60],
    ['1h', 60_000, 60],
    ['1d', 1_440_000, 60],
    ['30d', 43_200_000, 60],
  ];
  for (const [w, bucketMs, buckets] of table) assert.deepEqual(bucketGeometry(parseDuration(w)!), { bucketMs, buckets }, w);
});

test('durations', () => {
  const table: Array<[string, number | null]> = [['90s', 90_000], ['10m', 600_000], ['2h', 7_200_000], ['30d', 2_592_000_000], ['0s', null], ['1w', null], ['-1m', null], [' 1m', null]];
  for (const [text, ms] of table) assert.equal(parseDuration(text), ms, text);
});

test('running and merged variance agree with the two-pass formula', () => {
  const xs = [3, 7, 7, 19, 24, 1];
  let n = 0, sum = 0, m2 = 0;
  for (const x of xs) {
    m2 = m2After(n, sum, m2, x);
    n++;
    sum += x;
  }
  const mean = sum / n;
  const exact = xs.reduce((s, x) => s + (x - mean) ** 2, 0);
  assert.ok(Math.abs(m2 - exact) < 1e-9);
  // The same values split into two buckets and merged.
  const a = { n: 3, sum: 17, m2: [3, 7, 7].reduce((s, x) => s + (x - 17 / 3) ** 2, 0) };
  const b = { n: 3, sum: 44, m2: [19, 24, 1].reduce((s, x) => s + (x - 44 / 3) ** 2, 0) };
  assert.ok(Math.abs(mergeM2(a.n, a.sum, a.m2, b.n, b.sum, b.m2) - exact) < 1e-9);
  assert.equal(mergeM2(0, 0, 0, b.n, b.sum, b.m2), b.m2);
});

test('numeric values and their null rules', () => {
  // [aggregate, n, sum, m2, min, max, x, expected]
  const table: Array<[Parameters<typeof numericFeatureValue>[0], number, number, number, number, number, number | null, number | null]> = [
    ['sum', 0, 0, 0, 0, 0, null, 0],
    ['mean', 0, 0, 0, 0, 0, null, null],
    ['mean', 4, 10, 0, 1, 4, null, 2.5],
    ['min', 0, 0, 0, 0, 0, null, null],
    ['min', 2, 5, 0, 1, 4, null, 1],
    ['max', 2, 5, 0, 1, 4, null, 4],
    ['zscore', 3, 600, 20_000, 100, 300, 400, 2],
    ['zscore', 3, 600, 20_000, 100, 300, null, null],
    ['zscore', 1, 100, 0, 100, 100, 400, null],
    ['zscore', 2, 200, 0, 100, 100, 400, null],
    ['ratio_to_mean', 2, 200, 0, 100, 100, 300, 3],
    ['ratio_to_mean', 0, 0, 0, 0, 0, 300, null],
    ['ratio_to_mean', 2, 0, 8, -2, 2, 300, null],
    ['ratio_to_mean', 2, 200, 0, 100, 100, null, null],
  ];
  for (const [agg, n, sum, m2, min, max, x, expected] of table) {
    assert.equal(numericFeatureValue(agg, n, sum, m2, min, max, x), expected, `${agg} n=${n} x=${x}`);
  }
});

test('recency values', () => {
  const W = 60_000;
  assert.equal(recencyFeatureValue('since_last', 10_000, W, 0, 4_000), 6);
  assert.equal(recencyFeatureValue('since_last', 70_000, W, 0, 10_000), 60);
  assert.equal(recencyFeatureValue('since_last', 70_001, W, 0, 10_000), null);
  assert.equal(recencyFeatureValue('since_last', 70_001, W, null, null), null);
  assert.equal(recencyFeatureValue('first_seen', 70_000, W, 10_000, 10_000), 60);
  assert.equal(recencyFeatureValue('first_seen', 9_999, W, 10_000, 10_000), null);
  const kept = [5, 6, 7];
  assert.equal(latestAtOrBefore(kept, 0, 3, 8, 1, 6), 6);
  assert.equal(latestAtOrBefore(kept, 0, 3, 8, 1, 4), null, 'not full: everything is kept, nothing at or before 4');
  assert.equal(latestAtOrBefore(kept, 0, 3, 3, 1, 4), 1, 'full: the earliest stands in');
});
