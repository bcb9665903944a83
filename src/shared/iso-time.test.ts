import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { epochMsFromIso, isoFromEpochMs } from './iso-time.js';

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

test('epochMsFromIso reads exactly what Date.parse reads', () => {
  const samples = ['2026-11-23T08:00:00.000Z', '2024-02-29T23:59:59.999Z', '2023-02-29T00:00:00.000Z', '2000-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '0001-01-01T00:00:00.000Z', '2026-04-31T00:00:00.000Z', '2026-11-23T24:00:00.000Z', '2026-11-23T08:00:00.000+08:00', '2026-11-23T08:00:00Z', '2026-1x-23T08:00:00.000Z', '2100-02-29T00:00:00.000Z', 'nonsense'];
  for (const s of samples) assert.deepEqual(epochMsFromIso(s), Date.parse(s), s);
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(-5000, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
      const iso = new Date(ms).toISOString();
      assert.equal(epochMsFromIso(iso), ms, iso);
    }),
    { numRuns: 20_000 },
  );
});
