/**
 * Property: for random event streams (several keys, out-of-order timestamps over ~2.5 windows,
 * missing fields, interleaved evaluate / record / evaluateAndRecord), every feature of both backends
 * equals a brute-force recomputation from the recorded events.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import type { FeatureEvent, FeatureSpec } from './domain/feature-spec.js';
import { type FeatureStore, openFeatureStore } from './feature-store.js';
import { BruteForceFeatures, sameValues } from './testing/brute-force-features.js';
import { dropNamespace, TEST_REDIS_URL, testNamespace } from './testing/redis-test-namespace.js';

const M = 60_000;
const T0 = Date.UTC(2026, 2, 1, 8, 0, 0);
const CAP = 2;

const PAY = ['payment', 'transfer'];
const specs: FeatureSpec[] = [
  { name: 'c_events_1m', aggregate: 'count', key: 'customerId', windowMs: M },
  { name: 'c_pay_count_90s', aggregate: 'count', key: 'customerId', windowMs: 90_000, eventTypes: PAY },
  { name: 'c_pay_sum_90s', aggregate: 'sum', key: 'customerId', field: 'amount', windowMs: 90_000, eventTypes: PAY },
  { name: 'c_pay_mean_90s', aggregate: 'mean', key: 'customerId', field: 'amount', windowMs: 90_000, eventTypes: PAY },
  { name: 'c_pay_min_90s', aggregate: 'min', key: 'customerId', field: 'amount', windowMs: 90_000, eventTypes: PAY },
  { name: 'c_pay_max_2m', aggregate: 'max', key: 'customerId', field: 'amount', windowMs: 2 * M, eventTypes: PAY },
  { name: 'c_pay_z_90s', aggregate: 'zscore', key: 'customerId', field: 'amount', windowMs: 90_000, eventTypes: PAY },
  { name: 'c_pay_ratio_1m', aggregate: 'ratio_to_mean', key: 'customerId', field: 'amount', windowMs: M, eventTypes: PAY },
  { name: 'c_score_sum_1m', aggregate: 'sum', key: 'customerId', field: 'attributes.score', windowMs: M },
  { name: 'c_devices_1m', aggregate: 'distinct', key: 'customerId', field: 'deviceId', windowMs: M },
  { name: 'd_customers_61s', aggregate: 'distinct', key: 'deviceId', field: 'customerId', windowMs: 61_000 },
  { name: 'c_since_last_1m', aggregate: 'since_last', key: 'customerId', windowMs: M },
  { name: 'c_since_last_5m', aggregate: 'since_last', key: 'customerId', windowMs: 5 * M },
  { name: 'c_first_seen_5m', aggregate: 'first_seen', key: 'customerId', windowMs: 5 * M },
  { name: 'd_first_seen_1m', aggregate: 'first_seen', key: 'deviceId', windowMs: M },
  { name: 'c_failed_logins_1m', aggregate: 'count', key: 'customerId', windowMs: M, eventTypes: ['login'], where: { field: 'success', equals: false } },
  { name: 'd_since_failed_2m', aggregate: 'since_last', key: 'deviceId', windowMs: 2 * M, eventTypes: ['login'], where: { field: 'success', equals: false } },
];

const eventArb = fc
  .record({
    type: fc.constantFrom('payment', 'transfer', 'login', 'login', 'registration'),
    // Crowded around bucket and window edges (0, 60, 90, 120 s …) so buckets fill up, events share
    // timestamps and land exactly N buckets behind the head; anything up to 150 s as well.
    at: fc.oneof(
      fc.tuple(fc.constantFrom(0, 1, 2, 29, 30, 31, 59, 60, 61, 62, 89, 90, 91, 92, 119, 120, 121, 122, 150), fc.constantFrom(0, 0, 1, 500, 999)).map(([s, ms]) => s * 1000 + ms),
      fc.integer({ min: 0, max: 150_000 }),
    ),
    customerId: fc.option(fc.constantFrom('c1', 'c1', 'c1', 'c2', 'c3'), { freq: 8 }),
    deviceId: fc.option(fc.constantFrom('d1', 'd2', 'd3', 'd4', 'd5'), { freq: 4 }),
    amount: fc.option(fc.integer({ min: 1, max: 40 }), { freq: 6 }),
    score: fc.option(fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constant('7')), { freq: 2 }),
    success: fc.boolean(),
  })
  .map(({ type, at, customerId, deviceId, amount, score, success }, ) => {
    const fields: Record<string, unknown> = { type };
    if (customerId !== null) fields['customerId'] = customerId;
    if (deviceId !== null) fields['deviceId'] = deviceId;
    if (type === 'login') fields['success'] = success;
    else if (amount !== null) fields['amount'] = amount;
    if (score !== null) fields['attributes'] = { score };
    return { type, at, fields };
  });

const stepsArb = fc.array(fc.tuple(fc.constantFrom('evaluate', 'record', 'both', 'both'), eventArb), { minLength: 1, maxLength: 120, size: 'max' });

type Step = [string, { type: string; at: number; fields: Record<string, unknown> }];

async function check(store: FeatureStore, steps: Step[]): Promise<void> {
  const oracle = new BruteForceFeatures(specs, CAP);
  let i = 0;
  for (const [op, e] of steps) {
    const event: FeatureEvent = { id: `e${i++}`, type: e.type, occurredAtMs: T0 + e.at, fields: e.fields };
    if (op === 'record') {
      await store.record(event);
      oracle.record(event);
      continue;
    }
    const expected = oracle.evaluate(event);
    const actual = op === 'both' ? await store.evaluateAndRecord(event) : await store.evaluate(event);
    if (op === 'both') oracle.record(event);
    const diff = sameValues(actual, expected);
    assert.equal(diff, null, `step ${i - 1} (${op} ${JSON.stringify(event)}): ${diff}`);
  }
}

describe('every aggregate equals a brute-force recomputation', () => {
  test('memory', async () => {
    await fc.assert(
      fc.asyncProperty(stepsArb, fc.constantFrom(0, 3, 32), async (steps, distinctIndexAt) => {
        const store = await openFeatureStore(specs, { backend: 'memory', distinctCap: CAP, distinctIndexAt });
        await check(store, steps as Step[]);
        await store.close();
      }),
      { numRuns: 300 },
    );
  });

  const namespace = testNamespace();
  after(async () => {
    await dropNamespace(namespace);
  });
  test('redis', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(stepsArb, async (steps) => {
        const store = await openFeatureStore(specs, { backend: 'redis', url: TEST_REDIS_URL, namespace: `${namespace}${run++}:`, distinctCap: CAP });
        try {
          await check(store, steps as Step[]);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
