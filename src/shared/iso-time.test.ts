import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoFromEpochMs } from './iso-time.js';

test('isoFromEpochMs writes exactly what Date#toISOString writes', () => {
  let seed = 3;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const edges = [0, -1, 1, Date.UTC(1990, 0, 1), Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2100, 1, 28), Date.UTC(2100, 2, 1), Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(1000, 0, 1), Date.UTC(999, 11, 31), Date.UTC(10000, 0, 1), -62_198_755_200_000];
  for (const ms of edges) assert.equal(isoFromEpochMs(ms), new Date(ms).toISOString(), String(ms));
  const span = Date.UTC(2200, 0, 1) - Date.UTC(1900, 0, 1);
  for (let i = 0; i < 200_000; i++) {
    const ms = Date.UTC(1900, 0, 1) + Math.floor(rand() * span);
    assert.equal(isoFromEpochMs(ms), new Date(ms).toISOString(), String(ms));
  }
  assert.throws(() => isoFromEpochMs(Number.NaN), RangeError);
});
