/**
 * The embedded store's decision journal: a decision is answered once journaled, readable before
 * its commit, and what a stopped process left in the journal is committed at the next start —
 * once, and counted once, even when part of it had reached the store already.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import { test } from 'node:test';
import { openPlatform } from '../app/platform.js';
import { validateRecord } from '../ingest/domain/validate-record.js';
import { AppendJournal } from '../store/append-journal.js';
import { openTestPlatform } from '../test-support/stores.js';
import { payment } from '../test-support/records.js';
import type { DecisionWrite } from './decision-write.js';

const at = (s: number) => new Date(Date.parse('2026-11-20T10:00:00+08:00') + s * 1000).toISOString();

function decisionOf(rec: { id: string; customerId: string | null; occurredAtMs: number }): DecisionWrite {
  return {
    row: {
      event_id: rec.id, decision_point: 'payment', event_type: 'payment', customer_id: rec.customerId, outcome: 'allow', score: 0, strategy_version: 1, reasons: [],
      trace: { features: {}, hits: [], errors: [], listHits: [], timings: {} }, degraded: null, occurred_at: new Date(rec.occurredAtMs).toISOString(), decided_at: new Date().toISOString(),
    },
    alert: null,
    stored: false,
  };
}

test('a journal left by a stopped process is committed at the next start: each decision once, counted once', async () => {
  const tp = await openTestPlatform('pglite');
  try {
    const engine = await tp.platform.decisions();
    const answered = [];
    for (let i = 0; i < 5; i++) answered.push(await engine.service.decide(payment({ customerId: 'cust-j', occurredAt: at(i) }), 'api'));
    const first = await engine.queries.find(answered[4]!.eventId);
    assert.equal(first?.eventId, answered[4]!.eventId, 'readable at once, committed or not');
    await engine.settled();
    await tp.platform.close();

    // A stopped process's journal: two decisions already committed, three that never were.
    const again = await openPlatform(tp.config, { env: tp.env });
    const { journal } = AppendJournal.open(join(tp.dataDir, 'journal'));
    const committedIds = answered.slice(0, 2).map((a) => a.eventId);
    const raws = [
      ...committedIds.map((id, i) => payment({ id, customerId: 'cust-j', occurredAt: at(i) })),
      ...[10, 11, 12].map((s) => payment({ customerId: 'cust-j', occurredAt: at(s) })),
    ];
    for (const raw of raws) {
      const v = validateRecord(raw, { now: Date.now() });
      assert.ok(v.ok);
      await journal.append(again.ingest.prepareDecided(v.record, 'api', decisionOf(v.record)));
    }
    await journal.close();
    await again.close();

    const third = await openPlatform(tp.config, { env: tp.env });
    try {
      const engine3 = await third.decisions();
      assert.equal(engine3.recovered, 5);
      const ids = raws.map((r) => r.id as string);
      const rows = await third.db.query<{ n: number }>('SELECT count(*)::int AS n FROM decisions WHERE event_id = ANY($1::text[])', [ids]);
      assert.equal(rows.rows[0]!.n, 5);
      const stored = await third.db.query<{ n: number }>("SELECT n FROM dq_counters WHERE source = 'api' AND record_type = 'payment' AND metric = 'stored'");
      assert.equal(Number(stored.rows[0]!.n), 8, 'five decided, three recovered; the two replays are not counted again');
      const dup = await third.db.query("SELECT n FROM dq_counters WHERE source = 'api' AND record_type = 'payment' AND metric = 'duplicate'");
      assert.equal(dup.rows.length, 0, 'a replay of its own earlier write is no duplicate');
      assert.ok(await engine3.queries.find(ids[4]!), 'a recovered decision is readable');
      // The recovered decisions count in the customer's features.
      const next = await engine3.service.decide(payment({ customerId: 'cust-j', occurredAt: at(20) }), 'api');
      const trace = await engine3.queries.find(next.eventId);
      assert.equal((trace!.trace.features as Record<string, number>).cust_payments_10m, 8);
    } finally {
      await third.close();
      rmSync(tp.dataDir, { recursive: true, force: true });
    }
  } catch (err) {
    await tp.cleanup().catch(() => undefined);
    throw err;
  }
});

test('an entry the store refuses for its data is kept in the dead-letter file; the others commit and the service starts', async () => {
  const tp = await openTestPlatform('pglite');
  try {
    await tp.platform.close();
    const again = await openPlatform(tp.config, { env: tp.env });
    const { journal } = AppendJournal.open(join(tp.dataDir, 'journal'));
    const good = validateRecord(payment({ customerId: 'cust-d', occurredAt: at(1) }), { now: Date.now() });
    const bad = validateRecord(payment({ customerId: 'cust-d', occurredAt: at(2) }), { now: Date.now() });
    assert.ok(good.ok && bad.ok);
    const poisoned = again.ingest.prepareDecided(bad.record, 'api', decisionOf(bad.record));
    // Validation refuses NUL now; an entry journaled before that rule (or by a bug) still must not block anything.
    (poisoned.item.row.data as Record<string, unknown>).merchantId = 'm\u0000x';
    await journal.append(again.ingest.prepareDecided(good.record, 'api', decisionOf(good.record)));
    await journal.append(poisoned);
    await journal.close();
    await again.close();

    const third = await openPlatform(tp.config, { env: tp.env });
    try {
      const engine = await third.decisions();
      assert.equal(engine.recovered, 2);
      assert.ok(await engine.queries.find(good.record.id), 'the good entry is stored');
      assert.equal(await engine.queries.find(bad.record.id), null);
      const dead = readFileSync(join(tp.dataDir, 'journal', 'dead-letter.jsonl'), 'utf8').trim().split('\n');
      assert.equal(dead.length, 1);
      assert.equal((JSON.parse(dead[0]!) as { entry: { item: { row: { id: string } } } }).entry.item.row.id, bad.record.id);
    } finally {
      await third.close();
    }
  } finally {
    rmSync(tp.dataDir, { recursive: true, force: true });
  }
});

test('back-pressure: a decision waits for room, and one refused for lack of it has counted in no feature', async () => {
  const tp = await openTestPlatform('pglite');
  await tp.platform.close();
  // Commits only when asked (settled), so the backlog is what this test makes it.
  const journal = { paceAt: 1, maxPending: 1, paceWaitMs: 0, commitEveryMs: 60_000, commitBatch: 1_000 };
  const platform = await openPlatform({ ...tp.config, decisions: { ...tp.config.decisions, journal } }, { env: tp.env });
  try {
    const engine = await platform.decisions();
    await engine.service.decide(payment({ customerId: 'cust-bp', occurredAt: at(0) }), 'api');
    assert.equal(engine.backlog(), 1);
    const second = payment({ customerId: 'cust-bp', occurredAt: at(1) });
    await assert.rejects(engine.service.decide(second, 'api'), (e: { code?: string }) => e.code === 'STORE_UNAVAILABLE');
    await engine.settled();
    const retried = await engine.service.decide(second, 'api');
    assert.equal(retried.repeat, false, 'the refused attempt left no decision behind');
    await engine.settled();
    const third = await engine.service.decide(payment({ customerId: 'cust-bp', occurredAt: at(2) }), 'api');
    const trace = await engine.queries.find(third.eventId);
    assert.equal((trace!.trace.features as Record<string, number>).cust_payments_10m, 2, 'the refused attempt and its retry count once');
  } finally {
    await platform.close();
    rmSync(tp.dataDir, { recursive: true, force: true });
  }

  const paced = await openTestPlatform('pglite');
  await paced.platform.close();
  const slow = { paceAt: 1, maxPending: 100, paceWaitMs: 10_000, commitEveryMs: 30, commitBatch: 1_000 };
  const again = await openPlatform({ ...paced.config, decisions: { ...paced.config.decisions, journal: slow } }, { env: paced.env });
  try {
    const engine = await again.decisions();
    await engine.service.decide(payment({ customerId: 'cust-pace', occurredAt: at(0) }), 'api');
    // Room for one: the next waits for the commit of the first instead of being refused.
    const next = await engine.service.decide(payment({ customerId: 'cust-pace', occurredAt: at(1) }), 'api');
    assert.equal(next.repeat, false);
    assert.equal(engine.backlog(), 1, 'the first was committed before the second was taken');
  } finally {
    await again.close();
    rmSync(paced.dataDir, { recursive: true, force: true });
  }
});
