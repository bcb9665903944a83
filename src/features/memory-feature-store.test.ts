/** What only the in-process backend has: sweeping, lateness, replay, refusing bad specs. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FengkongError } from '../shared/errors.js';
import type { FeatureSpec } from './domain/feature-spec.js';
import { openFeatureStore } from './feature-store.js';
import { MemoryFeatureStore } from './memory-feature-store.js';
import { M, pay, S } from './testing/events.js';


describe('memory feature store', () => {
  const specs: FeatureSpec[] = [
    { name: 'n_1m', aggregate: 'count', key: 'customerId', windowMs: M },
    { name: 'devices_1m', aggregate: 'distinct', key: 'customerId', field: 'deviceId', windowMs: M },
    { name: 'gap_1m', aggregate: 'since_last', key: 'customerId', windowMs: M },
  ];

  test('state no query can see any more is swept, spread over later records', async () => {
    const store = new MemoryFeatureStore(specs, { latenessMs: M });
    for (let i = 0; i < 1000; i++) store.recordSync(pay(i, `c${i}`, 1, { deviceId: 'd1' }));
    assert.equal(store.stats().entities, 1000);
    // Two entities are checked per record: 1100 records pass over both maps (2 × 1000 old customers).
    for (let i = 0; i < 1100; i++) store.recordSync(pay(5 * M + i, 'late', 1, { deviceId: 'd1' }));
    assert.equal(store.stats().entities, 1);
    await store.close();
  });

  test('events within the lateness allowance still find their state', async () => {
    const store = new MemoryFeatureStore(specs, { latenessMs: 10 * M });
    store.recordSync(pay(0, 'c1', 1, { deviceId: 'd1' }));
    store.recordSync(pay(8 * M, 'c2', 1));
    store.sweep();
    assert.deepEqual(store.evaluateSync(pay(30 * S, 'c1')), { n_1m: 1, devices_1m: 1, gap_1m: 30 });
    store.recordSync(pay(20 * M, 'c2', 1));
    store.sweep();
    assert.deepEqual(store.stats().byKey, { customerId: 1 }, 'c1 is more than lateness behind the newest event');
    await store.close();
  });

  test('replay order does not matter within the retained range', async () => {
    const events = Array.from({ length: 200 }, (_, i) => pay(((i * 37) % 120) * S + i, `c${i % 5}`, (i * 13) % 97, { deviceId: `d${i % 7}` }));
    const all: FeatureSpec[] = [...specs, { name: 'mean_1m', aggregate: 'mean', key: 'customerId', field: 'amount', windowMs: 2 * M }];
    const inOrder = new MemoryFeatureStore(all);
    const shuffled = new MemoryFeatureStore(all);
    for (const e of [...events].sort((x, y) => x.occurredAtMs - y.occurredAtMs)) inOrder.recordSync(e);
    for (const e of events) shuffled.recordSync(e);
    const probe = pay(125 * S, 'c1', 1);
    const a = inOrder.evaluateSync(probe);
    const b = shuffled.evaluateSync(probe);
    assert.equal(a['n_1m'], b['n_1m']);
    assert.equal(a['devices_1m'], b['devices_1m']);
    assert.equal(a['gap_1m'], b['gap_1m']);
    assert.ok(Math.abs((a['mean_1m'] as number) - (b['mean_1m'] as number)) < 1e-9);
  });

  test('invalid specs are refused with every problem', async () => {
    await assert.rejects(
      openFeatureStore([{ name: 'Bad', aggregate: 'sum', key: 'customerId', windowMs: 1000 }], { backend: 'memory' }),
      (err: unknown) => err instanceof FengkongError && err.code === 'CONFIG_INVALID' && Array.isArray(err.details) && err.details.length === 3,
    );
  });
});
