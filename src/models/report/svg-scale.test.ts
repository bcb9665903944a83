/** Chart arithmetic: round ticks and domains, scales that clamp, thinning that keeps the ends. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linearScale, niceDomain, niceTicks, thin, truncate } from './svg-scale.js';

test('niceTicks: round steps covering the domain', () => {
  assert.deepEqual(niceTicks([0, 1]), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks([0, 800]), [0, 200, 400, 600, 800]);
  assert.deepEqual(niceTicks([-2, 1]), [-2, -1, 0, 1]);
  assert.deepEqual(niceTicks([0, 0.05]), [0, 0.01, 0.02, 0.03, 0.04, 0.05]);
});

test('niceDomain: contains zero, ends on round numbers, never below zero for positive data', () => {
  assert.deepEqual(niceDomain([12, 773]), [0, 800]);
  assert.deepEqual(niceDomain([-1.9, 0.9]), [-2, 1]);
  assert.deepEqual(niceDomain([0, 0]), [0, 1]);
  assert.deepEqual(niceDomain([NaN, 0.35]), [0, 0.4]);
});

test('linearScale maps, inverts the range and clamps', () => {
  const y = linearScale([0, 1], [300, 20]);
  assert.equal(y(0), 300);
  assert.equal(y(1), 20);
  assert.equal(y(0.5), 160);
  assert.equal(y(2), 20);
  assert.equal(y(-1), 300);
  assert.equal(y(NaN), 20);
});

test('thin keeps first and last and at most max points', () => {
  const pts = Array.from({ length: 10001 }, (_, i) => i);
  const t = thin(pts, 400);
  assert.equal(t.length, 400);
  assert.equal(t[0], 0);
  assert.equal(t.at(-1), 10000);
  assert.deepEqual(thin([1, 2, 3], 400), [1, 2, 3]);
});

test('truncate cuts by character, never inside one', () => {
  assert.equal(truncate('短标签', 10), '短标签');
  assert.equal(truncate('abcdefghijkl', 5), 'abcd…');
  assert.equal(truncate('😀😀😀😀😀😀', 3), '😀😀…');
});
