/**
 * Entity links: which links of a batch still need writing, the bounded memory of links written,
 * and — on both stores — that a link is remembered only once the write that carries it commits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EventRow } from './event-row.js';
import { LinkMemory, unknownLinks } from './entity-links.js';
import { IngestRepository, type WriteBatch } from './ingest-repository.js';
import { openTestStore, STORE_KINDS, type TestStore } from '../test-support/stores.js';

const row = (id: string, over: Partial<EventRow> = {}): EventRow => ({
  id,
  type: 'payment',
  occurred_at: '2026-11-20T02:00:00.000Z',
  received_at: '2026-11-23T00:00:00.000Z',
  customer_id: 'c-1',
  account_id: 'a-1',
  device_id: 'd-1',
  ip: null,
  counterparty_id: null,
  amount: 100,
  currency: 'CNY',
  source: 'test',
  data: {},
  pii: {},
  ...over,
});

test('each link of a batch once, with its earliest event time; links in memory are skipped', () => {
  const memory = new LinkMemory();
  const links = unknownLinks(
    [row('e1', { occurred_at: '2026-11-20T03:00:00.000Z' }), row('e2', { occurred_at: '2026-11-20T01:00:00.000Z', ip: '203.0.113.1' }), row('e3', { customer_id: 'c-2' })],
    memory,
  );
  const shown = links.map((l) => `${l.kind}:${l.key}:${l.customer_id}@${l.linked_at.slice(11, 13)}`).sort();
  assert.deepEqual(shown, ['account:a-1:c-1@01', 'account:a-1:c-2@02', 'device:d-1:c-1@01', 'device:d-1:c-2@02', 'ip:203.0.113.1:c-1@01']);
  for (const l of links) memory.add(l);
  assert.deepEqual(unknownLinks([row('e4'), row('e5', { ip: '203.0.113.1' })], memory), []);
  assert.deepEqual(unknownLinks([row('e6', { device_id: 'd-2', account_id: 'd-1' })], memory).map((l) => `${l.kind}:${l.key}`), ['device:d-2', 'account:d-1'], 'a key is known per kind');
});

test('the memory is bounded: past its capacity, the oldest generation is forgotten', () => {
  const memory = new LinkMemory(3);
  const link = (i: number) => ({ kind: 'device' as const, key: `d${i}`, customer_id: `c${i % 2}`, linked_at: '2026-11-20T00:00:00.000Z' });
  for (let i = 0; i < 7; i++) memory.add(link(i));
  const known = (i: number) => memory.has('device', `d${i}`, `c${i % 2}`);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map(known), [false, false, false, true, true, true, true]);
  assert.equal(memory.has('ip', 'd6', 'c0'), false, 'another kind of the same key');
});

for (const kind of STORE_KINDS) {
  describe(`entity links on ${kind}`, () => {
    let store: TestStore;
    before(async () => {
      store = await openTestStore(kind);
    });
    after(async () => store?.cleanup());

    const batch = (rows: EventRow[]): WriteBatch => ({
      items: rows.map((r) => ({ kind: 'event' as const, row: r })),
      records: rows.map((r, slot) => ({ acct: { source: 'test', type: 'payment', status: 'stored' as const, occurredAtMs: Date.parse(r.occurred_at), ordered: true }, slot })),
      streams: [['test', 'payment']],
      allowedLatenessMs: 60_000,
      receivedAt: '2026-11-23T00:00:00.000Z',
    });
    const links = async () => (await store.db.query<{ l: string }>("SELECT kind || ':' || key || ':' || customer_id AS l FROM entity_links ORDER BY 1")).rows.map((r) => r.l);

    test('a link is remembered only when its write commits', async () => {
      const repo = new IngestRepository(store.db);
      // The second row breaks a constraint (amount must be positive): the whole write rolls back.
      await assert.rejects(repo.write(batch([row('x1', { device_id: 'd-x' }), row('x2', { amount: -5, device_id: 'd-x' })])));
      assert.deepEqual(await links(), []);
      await repo.write(batch([row('x3', { device_id: 'd-x' })]));
      assert.deepEqual(await links(), ['account:a-1:c-1', 'device:d-x:c-1']);
      await repo.write(batch([row('x4', { device_id: 'd-x', customer_id: 'c-9' })]));
      assert.deepEqual(await links(), ['account:a-1:c-1', 'account:a-1:c-9', 'device:d-x:c-1', 'device:d-x:c-9']);
    });
  });
}
