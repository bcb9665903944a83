/**
 * Entity 360 on both stores: the graph two hops deep from a customer and from a device (shared
 * devices, counterparties and phones found; unrelated customers absent), with the profile masked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RecordQueries } from '../ingest/record-queries.js';
import { customer, payment, phone } from '../test-support/records.js';
import { openTestPlatform, STORE_KINDS, type TestPlatform } from '../test-support/stores.js';
import { Entity360 } from './entity-360.js';
import { ensureEntityLinks } from '../ingest/entity-links.js';

for (const kind of STORE_KINDS) {
  describe(`entity 360 on ${kind}`, () => {
    let tp: TestPlatform;
    let e360: Entity360;
    before(async () => {
      tp = await openTestPlatform(kind);
      e360 = new Entity360(tp.platform.db, new RecordQueries(tp.platform.db), tp.platform.cases.queries);
      const transfer = (customerId: string, counterpartyId: string, deviceId: string) => ({ ...payment({ customerId, deviceId }), type: 'transfer', merchantId: undefined, channel: undefined, counterpartyId });
      const records = [
        customer(1, { id: 'g-a', phone: phone(500) }),
        customer(2, { id: 'g-b' }),
        customer(3, { id: 'g-c', phone: phone(500) }),
        customer(4, { id: 'g-f' }),
        payment({ customerId: 'g-a', deviceId: 'd-1', ip: '198.51.100.1', accountId: 'acct-a' }),
        payment({ customerId: 'g-a', deviceId: 'd-1', ip: '198.51.100.1', accountId: 'acct-a' }),
        transfer('g-a', 'p-1', 'd-1'),
        payment({ customerId: 'g-b', deviceId: 'd-1', ip: '198.51.100.2', accountId: 'acct-b' }),
        transfer('g-e', 'p-1', 'd-5'),
        payment({ customerId: 'g-f', deviceId: 'd-9', ip: '198.51.100.9', accountId: 'acct-f' }),
      ];
      const results = await tp.platform.ingest.ingest(records, { source: 'test' });
      assert.ok(results.every((r) => r.status === 'stored'), JSON.stringify(results.filter((r) => r.status !== 'stored')));
    });
    after(async () => tp?.cleanup());

    test('from a customer: what they used, who shares it, who shares their phone', async () => {
      const v = (await e360.view('customer', 'g-a')) as { profile: { phone: string; nationalId: string }; events: unknown[]; graph: { nodes: Array<{ id: string; hop: number }>; edges: Array<{ from: string; to: string; relation: string; weight: number }> } };
      const hop = Object.fromEntries(v.graph.nodes.map((n) => [n.id, n.hop]));
      assert.equal(hop['customer:g-a'], 0);
      for (const id of ['device:d-1', 'ip:198.51.100.1', 'counterparty:p-1', 'account:acct-a', 'customer:g-c']) assert.equal(hop[id], 1, id);
      assert.equal(hop['customer:g-b'], 2, 'shares device d-1');
      assert.equal(hop['customer:g-e'], 2, 'pays the same counterparty');
      assert.equal(hop['customer:g-f'], undefined, 'unrelated');
      assert.equal(v.graph.edges.find((e) => e.from === 'customer:g-a' && e.to === 'device:d-1')!.weight, 3);
      assert.ok(v.graph.edges.some((e) => e.relation === 'same_phone' && e.to === 'customer:g-c'));
      assert.equal(v.events.length, 3);
      assert.match(v.profile.phone, /\*/);
      assert.ok(!JSON.stringify(v).includes(phone(500)), 'no phone in clear anywhere');
    });

    test('from a device: who used it, and what else they used', async () => {
      const v = (await e360.view('device', 'd-1')) as { profile: unknown; graph: { nodes: Array<{ id: string; hop: number }> } };
      const hop = Object.fromEntries(v.graph.nodes.map((n) => [n.id, n.hop]));
      assert.equal(hop['customer:g-a'], 1);
      assert.equal(hop['customer:g-b'], 1);
      assert.equal(hop['ip:198.51.100.2'], 2);
      assert.equal(hop['account:acct-a'], 2);
      assert.equal(hop['device:d-1'], 0, 'the centre is not its own neighbour');
      assert.equal(hop['customer:g-f'], undefined);
    });

    test('from a device: its events across the customers who used it, and the events behind each link', async () => {
      const v = (await e360.view('device', 'd-1')) as { events: Array<{ customerId: string; deviceId: string }>; graph: { edges: Array<{ from: string; to: string; weight: number }> } };
      assert.equal(v.events.length, 4);
      assert.ok(v.events.every((e) => e.deviceId === 'd-1'));
      assert.deepEqual([...new Set(v.events.map((e) => e.customerId))].sort(), ['g-a', 'g-b']);
      const weight = (to: string) => v.graph.edges.find((e) => e.from === 'device:d-1' && e.to === to)?.weight;
      assert.equal(weight('customer:g-a'), 3);
      assert.equal(weight('customer:g-b'), 1);
    });

    test('links of events stored before the links table are derived when the platform opens', async () => {
      const before = await e360.graph('device', 'd-1');
      await tp.platform.db.query('DELETE FROM entity_links');
      assert.equal((await e360.graph('device', 'd-1')).nodes.length, 1, 'without links, only the centre');
      assert.equal(await ensureEntityLinks(tp.platform.db), true);
      assert.equal(await ensureEntityLinks(tp.platform.db), false, 'derived once');
      assert.deepEqual(await e360.graph('device', 'd-1'), before);
    });
  });
}
