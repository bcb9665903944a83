/** Token buckets: bursts, refill over time, and bounded memory. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BucketMap, TokenBucket } from './token-bucket.js';

test('a bucket allows its burst, then refills at its rate', () => {
  const b = new TokenBucket(2, 3, 0);
  assert.deepEqual([b.take(0), b.take(0), b.take(0), b.take(0)], [true, true, true, false]);
  assert.equal(b.waitSeconds(), 1);
  assert.equal(b.take(499), false, 'not yet a whole token');
  assert.equal(b.take(500), true, 'one token after half a second at 2/s');
  assert.equal(b.take(500), false);
  assert.deepEqual([b.take(10_000), b.take(10_000), b.take(10_000), b.take(10_000)], [true, true, true, false], 'never more than the burst');
});

test('buckets per key are independent and their number is bounded', () => {
  const m = new BucketMap(1 / 60, 2, 3);
  assert.equal(m.take('a', 0).ok, true);
  assert.equal(m.take('a', 0).ok, true);
  const refused = m.take('a', 0);
  assert.equal(refused.ok, false);
  assert.ok(!refused.ok && refused.retryAfter >= 1);
  assert.equal(m.take('b', 0).ok, true);
  for (const k of ['c', 'd', 'e']) m.take(k, 0);
  // The map was cleared when full: 'a' starts over rather than memory growing.
  assert.equal(m.take('a', 0).ok, true);
});
