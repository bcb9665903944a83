/** What only the Redis backend has: state shared between processes, expiry, script reloads, failing fast. */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createClient } from 'redis';
import { FengkongError } from '../shared/errors.js';
import type { FeatureSpec } from './domain/feature-spec.js';
import { openFeatureStore } from './feature-store.js';
import { dropNamespace, TEST_REDIS_URL, testNamespace } from './testing/redis-test-namespace.js';
import { H, M, pay, S } from './testing/events.js';


describe('redis feature store', () => {
  const namespace = testNamespace();
  after(async () => {
    await dropNamespace(namespace);
  });
  const specs: FeatureSpec[] = [
    { name: 'n_10m', aggregate: 'count', key: 'customerId', windowMs: 10 * M },
    { name: 'devices_10m', aggregate: 'distinct', key: 'customerId', field: 'deviceId', windowMs: 10 * M },
    { name: 'gap_1h', aggregate: 'since_last', key: 'customerId', windowMs: H },
  ];

  test('several processes share one namespace', async () => {
    const a = await openFeatureStore(specs, { backend: 'redis', url: TEST_REDIS_URL, namespace });
    const b = await openFeatureStore(specs, { backend: 'redis', url: TEST_REDIS_URL, namespace });
    try {
      await Promise.all([a.record(pay(0, 'shared', 1, { deviceId: 'd1' })), b.record(pay(S, 'shared', 1, { deviceId: 'd2' }))]);
      assert.deepEqual(await b.evaluate(pay(2 * S, 'shared')), { n_10m: 2, devices_10m: 2, gap_1h: 1 });
      assert.deepEqual(await a.evaluate(pay(2 * S, 'shared')), { n_10m: 2, devices_10m: 2, gap_1h: 1 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('every key sits under the namespace and expires one window and one bucket after its last write', async () => {
    const ns = `${namespace}ttl:`;
    const store = await openFeatureStore(specs, { backend: 'redis', url: TEST_REDIS_URL, namespace: ns });
    const raw = createClient({ url: TEST_REDIS_URL });
    await raw.connect();
    try {
      await store.record(pay(0, 'c1', 1, { deviceId: 'd1' }));
      const keys: string[] = [];
      for await (const batch of raw.scanIterator({ MATCH: `${ns}*` })) keys.push(...batch);
      assert.equal(keys.length, 3, 'one hash per series and customer');
      const ttls = (await Promise.all(keys.map((k) => raw.pTTL(k)))).sort((x, y) => x - y);
      assert.ok(ttls[0]! > 10 * M && ttls[0]! <= 10 * M + 10 * S, `10m series: window + 10 s bucket, got ${ttls[0]}`);
      assert.ok(ttls[2]! > H && ttls[2]! <= H + M, `1h recency: window + bucket, got ${ttls[2]}`);
    } finally {
      await raw.close();
      await store.close();
    }
  });

  test('the script is loaded again when Redis does not know it (restart, SCRIPT FLUSH)', async () => {
    const store = await openFeatureStore(specs, { backend: 'redis', url: TEST_REDIS_URL, namespace: `${namespace}reload:` });
    try {
      await store.record(pay(0, 'c1', 1));
      // A digest Redis has never seen, instead of SCRIPT FLUSH, which would disturb other test files.
      (store as unknown as { sha: string }).sha = '0'.repeat(40);
      assert.equal((await store.evaluate(pay(S, 'c1')))['n_10m'], 1);
    } finally {
      await store.close();
    }
  });

  test('an unreachable Redis fails at open instead of waiting', async () => {
    await assert.rejects(
      openFeatureStore(specs, { backend: 'redis', url: 'redis://127.0.0.1:1', namespace }),
      (err: unknown) => err instanceof FengkongError && err.code === 'STORE_UNAVAILABLE',
    );
  });
});
