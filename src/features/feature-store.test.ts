/**
 * One behaviour suite, run against both backends: whatever passes here means the same thing in
 * process and in Redis. Redis tests use the real server (FENGKONG_REDIS_URL, default
 * 127.0.0.1:6379), fail when it is unreachable, and delete their namespace afterwards.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { FengkongError } from '../shared/errors.js';
import type { FeatureSpec } from './domain/feature-spec.js';
import { type FeatureStore, openFeatureStore } from './feature-store.js';
import { dropNamespace, TEST_REDIS_URL, testNamespace } from './testing/redis-test-namespace.js';
import { ev, H, M, pay, S } from './testing/events.js';


const PAY = ['payment', 'transfer'];

for (const kind of ['memory', 'redis'] as const) {
  describe(`${kind} feature store`, () => {
    const namespace = testNamespace();
    let opened = 0;
    const open = (specs: FeatureSpec[], extra: { distinctCap?: number } = {}): Promise<FeatureStore> =>
      kind === 'memory'
        ? openFeatureStore(specs, { backend: 'memory', ...extra })
        : openFeatureStore(specs, { backend: 'redis', url: TEST_REDIS_URL, namespace: `${namespace}${opened++}:`, ...extra });
    after(async () => {
      if (kind === 'redis') await dropNamespace(namespace);
    });

    test('count, sum, mean, min and max cover events already recorded, never the current one', async () => {
      const store = await open([
        { name: 'pay_count_10m', aggregate: 'count', key: 'customerId', windowMs: 10 * M, eventTypes: PAY },
        { name: 'pay_sum_10m', aggregate: 'sum', key: 'customerId', field: 'amount', windowMs: 10 * M, eventTypes: PAY },
        { name: 'pay_mean_10m', aggregate: 'mean', key: 'customerId', field: 'amount', windowMs: 10 * M, eventTypes: PAY },
        { name: 'pay_min_10m', aggregate: 'min', key: 'customerId', field: 'amount', windowMs: 10 * M, eventTypes: PAY },
        { name: 'pay_max_10m', aggregate: 'max', key: 'customerId', field: 'amount', windowMs: 10 * M, eventTypes: PAY },
      ]);
      try {
        const empty = { pay_count_10m: 0, pay_sum_10m: 0, pay_mean_10m: null, pay_min_10m: null, pay_max_10m: null };
        assert.deepEqual(await store.evaluateAndRecord(pay(1 * S, 'c1', 100)), empty);
        await store.record(pay(2 * S, 'c1', 300));
        await store.record(ev('transfer', 3 * S, { customerId: 'c1', amount: 200 }));
        assert.deepEqual(await store.evaluate(pay(4 * S, 'c1', 50)), {
          pay_count_10m: 3,
          pay_sum_10m: 600,
          pay_mean_10m: 200,
          pay_min_10m: 100,
          pay_max_10m: 300,
        });
        assert.deepEqual(await store.evaluate(pay(4 * S, 'c1', 50)), await store.evaluate(pay(4 * S, 'c1', 50)), 'evaluate records nothing');
        // Event types govern feeding, not reading: a login reads the customer's payment features,
        // a login without the key reads nulls, and neither feeds them.
        assert.deepEqual(
          await store.evaluateAndRecord(ev('login', 4 * S, { customerId: 'c1', success: true })),
          { pay_count_10m: 3, pay_sum_10m: 600, pay_mean_10m: 200, pay_min_10m: 100, pay_max_10m: 300 },
          'other event types read the features',
        );
        assert.equal((await store.evaluate(pay(5 * S, 'c1', 50)))['pay_count_10m'], 3, 'a login feeds no payment feature');
        assert.deepEqual(await store.evaluate(ev('login', 4 * S, { deviceId: 'd1' })), {
          pay_count_10m: null,
          pay_sum_10m: null,
          pay_mean_10m: null,
          pay_min_10m: null,
          pay_max_10m: null,
        });
      } finally {
        await store.close();
      }
    });

    test('windows are bucket-aligned: a 1m window has 60 buckets of 1 s', async () => {
      const store = await open([{ name: 'n_1m', aggregate: 'count', key: 'customerId', windowMs: M }]);
      try {
        await store.record(pay(999, 'c1', 1)); // bucket 0
        assert.equal((await store.evaluate(pay(59_999, 'c1')))['n_1m'], 1, 'bucket 59 still covers bucket 0');
        assert.equal((await store.evaluate(pay(60_000, 'c1')))['n_1m'], 0, 'bucket 60 does not, though only 59.001 s passed');
        await store.record(pay(60_500, 'c1', 1));
        assert.equal((await store.evaluate(pay(60_000, 'c1')))['n_1m'], 1, 'a recorded event later than t in t’s own bucket counts');
      } finally {
        await store.close();
      }
    });

    test('late events land in their bucket; events older than the retained range are ignored', async () => {
      const store = await open([{ name: 'n_1m', aggregate: 'count', key: 'customerId', windowMs: M }]);
      try {
        await store.record(pay(30 * S, 'c1', 1)); // bucket 30
        await store.record(pay(100 * S, 'c1', 1)); // head 100: retained buckets 41 … 100, bucket 30 gone
        await store.record(pay(50 * S, 'c1', 1)); // late but retained
        await store.record(pay(40 * S, 'c1', 1)); // bucket 40 = head - N: too old, ignored
        assert.equal((await store.evaluate(pay(100 * S + 500, 'c1')))['n_1m'], 2);
        assert.equal((await store.evaluate(pay(60 * S, 'c1')))['n_1m'], 1, 'a late query sees buckets 41 … 60 only');
        assert.equal((await store.evaluate(pay(35 * S, 'c1')))['n_1m'], 0, 'bucket 30 was dropped when the head moved on');
      } finally {
        await store.close();
      }
    });

    test('distinct counts distinct values of a field per key', async () => {
      const store = await open([
        { name: 'c_devices_10m', aggregate: 'distinct', key: 'customerId', field: 'deviceId', windowMs: 10 * M },
        { name: 'd_customers_10m', aggregate: 'distinct', key: 'deviceId', field: 'customerId', windowMs: 10 * M },
      ]);
      try {
        for (const [at, c, d] of [[1, 'c1', 'd1'], [2, 'c1', 'd2'], [30, 'c1', 'd1'], [40, 'c2', 'd1'], [50, 'c1', 'd3']] as const) {
          await store.record(ev('login', at * S, { customerId: c, deviceId: d, success: true }));
        }
        await store.record(ev('login', 60 * S, { customerId: 'c1', success: true })); // no device: nothing to count
        assert.deepEqual(await store.evaluate(ev('login', 61 * S, { customerId: 'c1', deviceId: 'd1', success: true })), {
          c_devices_10m: 3,
          d_customers_10m: 2,
        });
        assert.equal((await store.evaluate(ev('login', 10 * M + 45 * S, { customerId: 'c1', deviceId: 'd9' })))['c_devices_10m'], 1, 'only d3 (at 50 s) is left');
      } finally {
        await store.close();
      }
    });

    test('distinct remembers at most distinctCap values per bucket', async () => {
      const store = await open([{ name: 'c_devices_10m', aggregate: 'distinct', key: 'customerId', field: 'deviceId', windowMs: 10 * M }], { distinctCap: 2 });
      try {
        for (const d of ['d1', 'd2', 'd3', 'd1']) await store.record(ev('login', 1 * S, { customerId: 'c1', deviceId: d }));
        assert.equal((await store.evaluate(ev('login', 2 * S, { customerId: 'c1' })))['c_devices_10m'], 2, 'd3 did not fit bucket 0');
        await store.record(ev('login', 20 * S, { customerId: 'c1', deviceId: 'd3' })); // bucket 2 (10 s buckets)
        assert.equal((await store.evaluate(ev('login', 21 * S, { customerId: 'c1' })))['c_devices_10m'], 3);
      } finally {
        await store.close();
      }
    });

    test('since_last and first_seen, with late events and the window as horizon', async () => {
      const store = await open([
        { name: 'since_last_1h', aggregate: 'since_last', key: 'deviceId', windowMs: H },
        { name: 'first_seen_1h', aggregate: 'first_seen', key: 'deviceId', windowMs: H },
      ]);
      const login = (at: number) => ev('login', at, { customerId: 'c1', deviceId: 'd1', success: true });
      try {
        assert.deepEqual(await store.evaluate(login(0)), { since_last_1h: null, first_seen_1h: null }, 'never seen: a new device');
        await store.record(login(0));
        await store.record(login(10 * S));
        assert.deepEqual(await store.evaluate(login(70 * S)), { since_last_1h: 60, first_seen_1h: 70 });
        assert.deepEqual(await store.evaluate(login(5 * S)), { since_last_1h: 5, first_seen_1h: 5 }, 'a late event measures from what came before it');
        assert.deepEqual(await store.evaluate(login(-1)), { since_last_1h: null, first_seen_1h: null }, 'nothing at or before t');
        assert.equal((await store.evaluate(login(10 * S + H)))['since_last_1h'], 3600, 'exactly one window ago still counts');
        assert.deepEqual(await store.evaluate(login(10 * S + H + 1)), { since_last_1h: null, first_seen_1h: 3610.001 }, 'older than the window: null');
        assert.equal((await store.evaluate(login(10 * S + 500)))['since_last_1h'], 0.5, 'fractions of a second are kept');
      } finally {
        await store.close();
      }
    });

    test('since_last answers a late event exactly while it is among the 8 newest, then falls back to first_seen', async () => {
      const store = await open([{ name: 'since_last_1h', aggregate: 'since_last', key: 'customerId', windowMs: H }]);
      try {
        await store.record(pay(0, 'c1', 1));
        await store.record(pay(100 * S, 'c1', 1));
        for (let i = 0; i < 8; i++) await store.record(pay((200 + i) * S, 'c1', 1));
        assert.equal((await store.evaluate(pay(207 * S + 1, 'c1')))['since_last_1h'], 0.001);
        assert.equal((await store.evaluate(pay(150 * S, 'c1')))['since_last_1h'], 150, 'bound: 100 s ago is forgotten, 0 s (first) stands in');
      } finally {
        await store.close();
      }
    });

    test('zscore and ratio_to_mean compare the current value with the window’s history', async () => {
      const specs: FeatureSpec[] = [
        { name: 'z', aggregate: 'zscore', key: 'customerId', field: 'amount', windowMs: H, eventTypes: PAY },
        { name: 'r', aggregate: 'ratio_to_mean', key: 'customerId', field: 'amount', windowMs: H, eventTypes: PAY },
      ];
      const store = await open(specs);
      try {
        assert.deepEqual(await store.evaluate(pay(0, 'c1', 100)), { z: null, r: null }, 'no history');
        await store.record(pay(0, 'c1', 100));
        assert.deepEqual(await store.evaluate(pay(S, 'c1', 300)), { z: null, r: 3 }, 'one value: no standard deviation yet');
        await store.record(pay(S, 'c1', 100));
        assert.deepEqual(await store.evaluate(pay(2 * S, 'c1', 300)), { z: null, r: 3 }, 'standard deviation 0');
        await store.record(pay(2 * S, 'c1', 400)); // 100, 100, 400: mean 200, sample sd √30000
        const v = await store.evaluate(pay(3 * S, 'c1', 500));
        assert.ok(Math.abs((v['z'] as number) - 300 / Math.sqrt(30_000)) < 1e-12);
        assert.equal(v['r'], 2.5);
        assert.deepEqual(await store.evaluate(pay(3 * S, 'c1')), { z: null, r: null }, 'the current event has no amount');
        const zero = await open([{ name: 'r0', aggregate: 'ratio_to_mean', key: 'customerId', field: 'attributes.delta', windowMs: H }]);
        await zero.record(pay(0, 'c1', 1, { attributes: { delta: 0 } }));
        assert.deepEqual(await zero.evaluate(pay(S, 'c1', 1, { attributes: { delta: 5 } })), { r0: null }, 'mean 0');
        await zero.close();
      } finally {
        await store.close();
      }
    });

    test('where chooses which events feed a feature; every event of its types still reads it', async () => {
      const store = await open([
        { name: 'failed_logins_10m', aggregate: 'count', key: 'customerId', windowMs: 10 * M, eventTypes: ['login'], where: { field: 'success', equals: false } },
        { name: 'big_scores_10m', aggregate: 'count', key: 'customerId', windowMs: 10 * M, where: { field: 'attributes.result', equals: 'reject' } },
      ]);
      try {
        for (const success of [false, false, true]) await store.record(ev('login', S, { customerId: 'c1', success }));
        await store.record(pay(S, 'c1', 5, { attributes: { result: 'reject' } }));
        await store.record(pay(S, 'c1', 5, { attributes: { result: 'pass' } }));
        assert.deepEqual(await store.evaluate(ev('login', 2 * S, { customerId: 'c1', success: true })), { failed_logins_10m: 2, big_scores_10m: 1 });
      } finally {
        await store.close();
      }
    });

    test('a missing key gives null for that key’s features; a missing number counts but adds nothing', async () => {
      const store = await open([
        { name: 'c_n', aggregate: 'count', key: 'customerId', windowMs: H, eventTypes: PAY },
        { name: 'c_mean', aggregate: 'mean', key: 'customerId', field: 'amount', windowMs: H, eventTypes: PAY },
        { name: 'd_n', aggregate: 'count', key: 'deviceId', windowMs: H, eventTypes: PAY },
        { name: 'score_sum', aggregate: 'sum', key: 'customerId', field: 'attributes.score', windowMs: H, eventTypes: PAY },
      ]);
      try {
        await store.record(pay(0, 'c1', 100, { deviceId: 'd1', attributes: { score: 1.5 } }));
        await store.record(pay(S, 'c1', undefined, { attributes: { score: '2' } })); // no amount, no device, text score
        await store.record(pay(2 * S, 'c1', 300, { attributes: { score: 2.25 } }));
        assert.deepEqual(await store.evaluate(pay(3 * S, 'c1', 1)), { c_n: 3, c_mean: 200, d_n: null, score_sum: 3.75 });
        assert.deepEqual(await store.evaluate(pay(3 * S, '', 1, { deviceId: 'd1' })), { c_n: null, c_mean: null, d_n: 1, score_sum: null }, 'an empty id is no id');
      } finally {
        await store.close();
      }
    });

    test('entities never mix: other key values, other key paths, other windows', async () => {
      const store = await open([
        { name: 'c_n_1m', aggregate: 'count', key: 'customerId', windowMs: M },
        { name: 'c_n_1h', aggregate: 'count', key: 'customerId', windowMs: H },
        { name: 'd_n_1m', aggregate: 'count', key: 'deviceId', windowMs: M },
        { name: 'ip_n_1m', aggregate: 'count', key: 'ip', windowMs: M },
      ]);
      try {
        await store.record(ev('login', 0, { customerId: 'X', deviceId: 'Y', ip: '10.0.0.1' }));
        await store.record(ev('login', 0, { customerId: 'Y', deviceId: 'X' }));
        await store.record(ev('login', 0, { customerId: 'Y' }));
        assert.deepEqual(await store.evaluate(ev('login', 2 * M, { customerId: 'X', deviceId: 'X', ip: '10.0.0.1' })), { c_n_1m: 0, c_n_1h: 1, d_n_1m: 0, ip_n_1m: 0 });
        assert.deepEqual(await store.evaluate(ev('login', S, { customerId: 'Y', deviceId: 'X', ip: '10.0.0.2' })), { c_n_1m: 2, c_n_1h: 2, d_n_1m: 1, ip_n_1m: 0 });
      } finally {
        await store.close();
      }
    });

    test('evaluateAndRecord answers like evaluate followed by record', async () => {
      const specs: FeatureSpec[] = [
        { name: 'n', aggregate: 'count', key: 'customerId', windowMs: M },
        { name: 'sum', aggregate: 'sum', key: 'customerId', field: 'amount', windowMs: M },
        { name: 'dev', aggregate: 'distinct', key: 'customerId', field: 'deviceId', windowMs: M },
        { name: 'gap', aggregate: 'since_last', key: 'customerId', windowMs: M },
      ];
      const a = await open(specs);
      const b = await open(specs);
      try {
        for (let i = 0; i < 40; i++) {
          const e = pay(((i * 7919) % 90) * S, i % 3 === 0 ? 'c1' : 'c2', (i * 31) % 50, { deviceId: `d${i % 4}` });
          const one = await a.evaluateAndRecord(e);
          const two = await b.evaluate(e);
          await b.record(e);
          assert.deepEqual(one, two);
        }
      } finally {
        await a.close();
        await b.close();
      }
    });

    test('an event time that is not an integer is refused, and changes nothing', async () => {
      const store = await open([{ name: 'n', aggregate: 'count', key: 'customerId', windowMs: M }]);
      try {
        for (const bad of [Number.NaN, 1.5, Infinity]) {
          await assert.rejects(store.record({ ...pay(0, 'c1', 1), occurredAtMs: bad }), (err: unknown) => err instanceof FengkongError && err.code === 'EVENT_SCHEMA_INVALID');
        }
        assert.equal((await store.evaluate(pay(S, 'c1')))['n'], 0);
      } finally {
        await store.close();
      }
    });

    test('a numeric key and its text form are the same entity', async () => {
      const store = await open([{ name: 'n', aggregate: 'count', key: 'attributes.uid', windowMs: M }]);
      try {
        await store.record(pay(0, 'c1', 1, { attributes: { uid: 42 } }));
        assert.equal((await store.evaluate(pay(S, 'c1', 1, { attributes: { uid: '42' } })))['n'], 1);
      } finally {
        await store.close();
      }
    });

    test('a read selection answers only the named features, with the same values, and still feeds every feature', async () => {
      const specs: FeatureSpec[] = [
        { name: 'pay_n', aggregate: 'count', key: 'customerId', windowMs: H, eventTypes: PAY },
        { name: 'pay_sum', aggregate: 'sum', key: 'customerId', field: 'amount', windowMs: H, eventTypes: PAY },
        { name: 'pay_z', aggregate: 'zscore', key: 'customerId', field: 'amount', windowMs: H, eventTypes: PAY },
        { name: 'dev_n', aggregate: 'distinct', key: 'deviceId', field: 'customerId', windowMs: H },
        { name: 'c_last', aggregate: 'since_last', key: 'customerId', windowMs: H },
      ];
      const full = await open(specs);
      const some = await open(specs);
      const read = ['pay_z', 'dev_n'];
      try {
        for (let i = 0; i < 12; i++) {
          const e = pay(i * M, `c${i % 3}`, 100 + i * 37, { deviceId: `d${i % 2}` });
          const all = await full.evaluateAndRecord(e);
          const picked = await some.evaluateAndRecord(e, read);
          assert.deepEqual(Object.keys(picked).sort(), [...read].sort());
          for (const name of read) assert.equal(picked[name], all[name], `${name} at event ${i}`);
        }
        // Features left out of every answer were still fed all along.
        const probe = pay(13 * M, 'c0', 1, { deviceId: 'd0' });
        assert.deepEqual(await some.evaluate(probe), await full.evaluate(probe));
      } finally {
        await full.close();
        await some.close();
      }
    });
  });
}
