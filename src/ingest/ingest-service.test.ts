/**
 * The ingestion path against real stores — the same suite on embedded PGlite and on this machine's
 * PostgreSQL: idempotency, partial batches, entity versions, data-quality counts, PII at rest.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Clock } from '../shared/clock.js';
import { customer, cardNumber, nextId, payment } from '../test-support/records.js';
import { openTestPlatform, STORE_KINDS, type TestPlatform } from '../test-support/stores.js';
import { embeddedBatchWriter } from '../store/pglite-client.js';
import { COPY_MIN_EVENTS, IngestRepository } from './ingest-repository.js';
import { DEFAULT_INGEST_SETTINGS, IngestService } from './ingest-service.js';

class TestClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

for (const kind of STORE_KINDS) {
  describe(`ingestion on ${kind}`, () => {
    let tp: TestPlatform;
    const clock = new TestClock(Date.parse('2026-11-23T00:00:00Z'));
    before(async () => {
      tp = await openTestPlatform(kind, { clock });
    });
    after(async () => {
      await tp?.cleanup();
    });

    test('stores an event once; a repeat is a duplicate and counted once', async () => {
      const ev = payment({ id: nextId() });
      const [first] = await tp.platform.ingest.ingest([ev], { source: 'api' });
      const [again] = await tp.platform.ingest.ingest([{ ...ev, amount: 999 }], { source: 'api' });
      assert.equal(first!.status, 'stored');
      assert.equal(again!.status, 'duplicate');
      const rows = await tp.platform.db.query<{ amount: number; occurred_at: Date }>('SELECT amount, occurred_at FROM events WHERE id = $1', [ev.id]);
      assert.equal(rows.rows.length, 1);
      assert.equal(rows.rows[0]!.amount, 12_345, 'the first version wins');
      assert.equal(rows.rows[0]!.occurred_at.toISOString(), '2026-11-20T02:15:00.000Z', 'stored in UTC');
    });

    test('a batch with bad records stores the good ones and reports each bad one', async () => {
      const good1 = payment();
      const good2 = payment();
      const results = await tp.platform.ingest.ingest(
        [good1, payment({ amount: '12.30' }), good2, { ...payment(), cvv: '123' }, 'not an object', payment({ occurredAt: '2026-13-01T00:00:00Z' }), good1],
        { source: 'batch-test' },
      );
      assert.deepEqual(results.map((r) => r.status), ['stored', 'rejected', 'stored', 'rejected', 'rejected', 'rejected', 'duplicate']);
      assert.equal(results[1]!.problems![0]!.field, 'amount');
      assert.equal(results[3]!.problems![0]!.reason, 'c3_refused');
      assert.equal(results[5]!.problems![0]!.reason, 'timestamp_impossible');
      const n = await tp.platform.db.query<{ n: number }>("SELECT count(*)::bigint AS n FROM events WHERE source = 'batch-test'");
      assert.equal(Number(n.rows[0]!.n), 2);
      const report = await tp.platform.quality.report({ source: 'batch-test' });
      const payments = report.streams.find((s) => s.type === 'payment')!;
      assert.equal(payments.stored, 2);
      assert.equal(payments.duplicates, 1);
      assert.equal(payments.rejected, 3);
      assert.ok(payments.rejections.some((r) => r.field === 'amount' && r.reason === 'type'));
      const unknown = report.streams.find((s) => s.type === '(unknown)')!;
      assert.equal(unknown.rejected, 1);
    });

    test('text the store cannot hold (unpaired surrogates) is refused per record, never failing the batch', async () => {
      const good = payment();
      const results = await tp.platform.ingest.ingest(
        [good, payment({ merchantId: 'm\ud800' }), payment({ id: `ev-\udfff-${Date.now()}` }), { ...payment(), source: 'src-\ud83d' }],
        { source: 'surrogates' },
      );
      assert.deepEqual(results.map((r) => r.status), ['stored', 'rejected', 'rejected', 'rejected']);
      assert.deepEqual(results[1]!.problems!.map((p) => [p.field, p.reason]), [['merchantId', 'malformed_unicode']]);
      assert.equal(results[2]!.id, null, 'an id that cannot be shown is not echoed');
      assert.deepEqual(results[3]!.problems!.map((p) => [p.field, p.reason]), [['source', 'malformed_unicode']]);
      const n = await tp.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE id = $1', [good.id]);
      assert.equal(n.rows[0]!.n, 1);
      const report = await tp.platform.quality.report({ source: 'surrogates' });
      const payments = report.streams.find((s) => s.type === 'payment')!;
      assert.equal(payments.rejected, 3, 'the refusals are counted under the channel, as their source cannot be stored');
    });

    test('concurrent group commits over the same new streams neither deadlock nor miscount', async () => {
      // Tiny group commits, several in flight, each touching the same new streams in its own
      // order: the streams are created by whichever commits first while the others wait.
      const writer = embeddedBatchWriter(tp.platform.db) ?? new IngestRepository(tp.platform.db);
      const ingest = new IngestService(writer, tp.platform.vault, clock, { ...DEFAULT_INGEST_SETTINGS, flushConcurrency: 6, maxBatchRecords: 5 });
      const sources = ['dl-a', 'dl-b', 'dl-c', 'dl-d'];
      const types = ['payment', 'top_up', 'withdrawal'];
      const batches = Array.from({ length: 24 }, (_, b) =>
        Array.from({ length: 5 }, (_, i) => ({ ...payment({ type: types[(b * 7 + i) % 3], ...((b * 7 + i) % 3 === 0 ? {} : { merchantId: undefined, cardId: 'card-1' }) }), source: sources[(b * 5 + i * 3) % sources.length] })),
      );
      const results = (await Promise.all(batches.map((batch) => ingest.ingest(batch, { source: 'api' })))).flat();
      assert.deepEqual(
        results.filter((r) => r.status !== 'stored').map((r) => r.problems),
        [],
      );
      let counted = 0;
      for (const source of sources) for (const s of (await tp.platform.quality.report({ source })).streams) counted += s.stored;
      assert.equal(counted, 120);
    });

    test('a bulk batch (binary COPY on PostgreSQL) stores each event once, as sent, and reports repeats', async () => {
      const earlier = payment();
      await tp.platform.ingest.ingest([earlier], { source: 'bulk' });
      const events: Array<Record<string, unknown>> = Array.from({ length: COPY_MIN_EVENTS + 50 }, (_, i) =>
        i % 3 === 0 ? { ...payment({ amount: 1000 + i, occurredAt: `2026-11-20T1${i % 10}:0${i % 6}:0${i % 10}.${String(i).padStart(3, '0')}+08:00` }), attributes: { note: `备注 ${i} — é` } } : { ...payment({ type: 'transfer', counterpartyId: `cp-${i}`, counterpartyName: '张三' }), merchantId: undefined },
      );
      const results = await tp.platform.ingest.ingest([...events, earlier, events[0]!], { source: 'bulk' });
      assert.deepEqual(results.filter((r) => r.status !== 'stored').map((r) => r.status), ['duplicate', 'duplicate']);
      const rows = await tp.platform.db.query<{ id: string; amount: number; occurred_at: Date; data: { attributes?: { note: string } }; pii: Record<string, { m: string }> }>(
        'SELECT id, amount, occurred_at, data, pii FROM events WHERE id = ANY($1::text[]) ORDER BY id',
        [events.map((e) => e.id)],
      );
      assert.equal(rows.rows.length, events.length);
      const byId = new Map(rows.rows.map((r) => [r.id, r]));
      for (const [i, e] of events.entries()) {
        const got = byId.get(e.id as string)!;
        assert.equal(got.amount, e.amount);
        assert.equal(got.occurred_at.getTime(), Date.parse(e.occurredAt as string));
        if (i % 3 === 0) assert.equal(got.data.attributes!.note, `备注 ${i} — é`);
        else assert.equal(got.pii.counterpartyName!.m, '张*');
      }
    });

    test('concurrent submissions of one id store it exactly once', async () => {
      const ev = payment();
      const results = await Promise.all(Array.from({ length: 8 }, () => tp.platform.ingest.ingest([ev], { source: 'race' })));
      assert.equal(results.filter(([r]) => r!.status === 'stored').length, 1);
      const n = await tp.platform.db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM events WHERE id = $1', [ev.id]);
      assert.equal(Number(n.rows[0]!.n), 1);
    });

    test('entities: identical repeat is a duplicate, changed content an update, older version ignored', async () => {
      const c = customer(7001, { updatedAt: '2026-11-01T00:00:00Z' });
      const [a] = await tp.platform.ingest.ingest([c], { source: 'crm' });
      const [b] = await tp.platform.ingest.ingest([{ ...c, updatedAt: '2026-11-02T00:00:00Z' }], { source: 'crm' });
      const [u] = await tp.platform.ingest.ingest([{ ...c, address: '上海市浦东新区', updatedAt: '2026-11-03T00:00:00Z' }], { source: 'crm' });
      const [old] = await tp.platform.ingest.ingest([{ ...c, address: '广州市', updatedAt: '2026-10-01T00:00:00Z' }], { source: 'crm' });
      assert.deepEqual([a!.status, b!.status, u!.status, old!.status], ['stored', 'duplicate', 'updated', 'duplicate']);
      const row = await tp.platform.db.query<{ pii: Record<string, { m: string }> }>('SELECT pii FROM customers WHERE id = $1', [c.id]);
      assert.equal(row.rows[0]!.pii.address!.m, '上海市****');
    });

    test('personal financial information rests only encrypted, with keyed hash and masked form', async () => {
      const c = customer(7002, { id: 'cust-pii' });
      await tp.platform.ingest.ingest([c, { id: 'card-pii', type: 'card', customerId: 'cust-pii', cardNumber: cardNumber(7002), cardType: 'debit', boundAt: '2026-01-01T00:00:00Z' }], { source: 'crm' });
      for (const table of ['customers', 'cards', 'events']) {
        const dump = await tp.platform.db.query<{ t: string }>(`SELECT t::text AS t FROM ${table} t`);
        const text = dump.rows.map((r) => r.t).join('\n');
        for (const secret of [c.nationalId as string, c.phone as string, cardNumber(7002), '张三丰']) {
          assert.ok(!text.includes(secret), `${table} must not hold personal data in clear`);
        }
      }
      const row = await tp.platform.db.query<{ pii: Record<string, { c: string; h: string; m: string }>; national_id_hash: string }>('SELECT pii, national_id_hash FROM customers WHERE id = $1', ['cust-pii']);
      const sealed = row.rows[0]!.pii.nationalId!;
      assert.equal(tp.platform.vault.decrypt(sealed.c), c.nationalId);
      assert.equal(row.rows[0]!.national_id_hash, tp.platform.vault.hash(c.nationalId));
      assert.match(sealed.m, /^\d{3}\*{11}[\dX]{4}$/);
    });

    test('late and out-of-order events are counted against the stream watermark', async () => {
      const base = Date.parse('2026-11-22T12:00:00Z');
      const at = (ms: number) => new Date(base + ms).toISOString();
      await tp.platform.ingest.ingest([payment({ occurredAt: at(0) }), payment({ occurredAt: at(600_000) })], { source: 'order' });
      await tp.platform.ingest.ingest([payment({ occurredAt: at(540_000) })], { source: 'order' }); // 1 min behind: out of order
      await tp.platform.ingest.ingest([payment({ occurredAt: at(60_000) })], { source: 'order' }); // 9 min behind: late
      const s = (await tp.platform.quality.report({ source: 'order' })).streams[0]!;
      assert.equal(s.outOfOrder, 2);
      assert.equal(s.late, 1);
      assert.equal(s.newestEventAt, at(600_000));
      assert.equal(s.freshnessSeconds, Math.round((clock.t - (base + 600_000)) / 1000));
      const merchantField = s.completeness.find((c) => c.field === 'merchantCategory')!;
      assert.equal(merchantField.ratio, 0);
      assert.equal(s.completeness.find((c) => c.field === 'merchantId')!.ratio, 1);
    });
  });
}
