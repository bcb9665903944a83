/**
 * The decision path end to end on both stores: outcome with reasons, idempotency (a repeat gets the
 * first decision and counts in no feature twice), the trace, alerts, strategy publishing without a
 * restart, and the fail-safe outcome when features cannot be read.
 */
import { PHONE_LIST_REGISTRATION } from '../test-support/backup-data.js';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { STORE_KINDS, openTestPlatform, type TestPlatform } from '../test-support/stores.js';
import { payment, nextId } from '../test-support/records.js';
import type { DecisionEngine } from './decision-engine.js';

const at = (minute: number) => new Date(Date.parse('2026-11-20T10:00:00+08:00') + minute * 60_000).toISOString();

for (const kind of STORE_KINDS) {
  describe(`decisions on ${kind}`, () => {
    let tp: TestPlatform;
    let engine: DecisionEngine;
    before(async () => {
      tp = await openTestPlatform(kind);
      engine = await tp.platform.decisions();
    });
    after(() => tp.cleanup());

    test('an ordinary payment is allowed; a repeat returns the first decision and counts once', async () => {
      const customerId = nextId('cust');
      const p = payment({ customerId, amount: 5_000, occurredAt: at(0) });
      const first = await engine.service.decide(p, 'test');
      assert.equal(first.outcome, 'allow');
      assert.equal(first.repeat, false);
      assert.equal(first.strategyVersion, 1);
      for (let i = 0; i < 3; i++) {
        const again = await engine.service.decide(p, 'test');
        assert.equal(again.repeat, true);
        assert.equal(again.outcome, first.outcome);
        assert.equal(again.decidedAt, first.decidedAt);
      }
      const next = await engine.service.decide(payment({ customerId, amount: 5_000, occurredAt: at(1) }), 'test');
      const trace = await engine.queries.find(next.eventId);
      assert.equal((trace!.trace.features as Record<string, number>).cust_payments_10m, 1, 'the repeated payment counted once');
      const input = trace!.trace.input as Record<string, unknown>;
      assert.equal(input.customerId, customerId);
      assert.ok(Array.isArray(trace!.trace.rules) && (trace!.trace.rules as unknown[]).length > 0);
    });

    test('a card-testing burst is blocked with its reason and opens an alert', async () => {
      const customerId = nextId('cust');
      let last;
      for (let i = 0; i < 7; i++) last = await engine.service.decide(payment({ customerId, amount: 300, merchantId: 'mch-5816-001', occurredAt: at(10 + i * 0.3) }), 'test');
      assert.equal(last!.outcome, 'block');
      assert.ok(last!.reasons.some((r) => r.code === 'CARD_TESTING'), JSON.stringify(last!.reasons));
      await engine.settled();
      const alerts = await tp.platform.db.query<{ severity: string }>('SELECT severity FROM alerts WHERE event_id = $1', [last!.eventId]);
      assert.deepEqual(alerts.rows.map((r) => r.severity), ['high']);
    });

    test('bad input is refused naming the field; an undecided type is refused with its own code', async () => {
      await assert.rejects(engine.service.decide(payment({ amount: '12.50' }), 'test'), (err: { code: string; details: Array<{ field: string }> }) => err.code === 'EVENT_SCHEMA_INVALID' && err.details.some((d) => d.field === 'amount'));
      const topUp = { id: nextId(), type: 'top_up', occurredAt: at(0), customerId: 'c', amount: 100, currency: 'CNY', accountId: 'a' };
      await assert.rejects(engine.service.decide(topUp, 'test'), (err: { code: string }) => err.code === 'DECISION_POINT_UNSUPPORTED');
    });

    test('a list keyed on personal data blocks by the keyed hash; the phone never rests in clear', async () => {
      await engine.strategies.publish('registration', PHONE_LIST_REGISTRATION, { type: 'user', id: 'tester' });
      await engine.lists.add({ list: 'block_customers', keyField: 'phone', value: '+86 139-1234-5678', reason: 'fraud ring' }, { type: 'user', id: 'tester' });
      await assert.rejects(engine.lists.add({ list: 'block_customers', keyField: 'phone', value: '12' }, { type: 'user', id: 'tester' }), (e: { code: string }) => e.code === 'REQUEST_INVALID');
      const reg = (phone: string) => ({ id: nextId(), type: 'registration', occurredAt: at(0), customerId: nextId('cust'), phone });
      const hit = await engine.service.decide(reg('13912345678'), 'test');
      assert.equal(hit.outcome, 'block');
      assert.ok(hit.reasons.some((r) => r.code === 'LIST_BLOCK'));
      assert.equal((await engine.service.decide(reg('13912345679'), 'test')).outcome, 'allow');
      const rows = await tp.platform.db.query<{ value: string }>("SELECT value FROM list_entries WHERE key_field = 'phone'");
      assert.equal(rows.rows.length, 1);
      assert.ok(rows.rows[0]!.value.startsWith('h:') && !rows.rows[0]!.value.includes('1391234'), rows.rows[0]!.value);
      const audited = await tp.platform.audit.query({ action: 'list.entry.add' });
      const detail = JSON.parse(audited[audited.length - 1]!.detail) as { value: string };
      assert.ok(!detail.value.includes('12345678') && detail.value.includes('*'), detail.value);
    });

    test('a published version takes effect at once and is recorded', async () => {
      const body = `
decisionPoint: login
description: { zh: 全部复核, en: Review everything }
thresholds: { review: 100, block: 900 }
rules:
  - { id: ALL_LOGINS, when: "true", action: review, score: 100, reason: TEST_ALL, description: { zh: 全部, en: all } }
`;
      const v = await engine.strategies.publish('login', body, { type: 'user', id: 'tester' });
      assert.equal(v.version, 2);
      const d = await engine.service.decide({ id: nextId(), type: 'login', occurredAt: at(30), customerId: 'c9', success: true }, 'test');
      assert.equal(d.outcome, 'review');
      assert.equal(d.strategyVersion, 2);
      const versions = await engine.strategies.versions('login');
      assert.deepEqual(versions.map((x) => [x.version, x.status]), [[2, 'published'], [1, 'retired']]);
    });
  });
}

describe('decisions when features cannot be read', () => {
  let tp: TestPlatform;
  before(async () => {
    tp = await openTestPlatform('pglite');
  });
  after(() => tp.cleanup());

  test('a feature store that fails or hangs gives the strategy’s fallback outcome with its reason, never an error', async () => {
    const engine = await tp.platform.decisions();
    const { DecisionService } = await import('./decision-service.js');
    const { CommitFirstRecorder } = await import('./decision-recorder.js');
    const failing = { evaluateAndRecord: async () => Promise.reject(new Error('redis down')), record: async () => {} };
    const hanging = { evaluateAndRecord: () => new Promise<never>(() => {}), record: async () => {} };
    const settings = { maxFutureSkewMs: 600_000, listPrecedence: ['block', 'allow', 'watch'] as const };
    for (const [port, code] of [[failing, 'ENGINE_FAULT'], [hanging, 'ENGINE_TIMEOUT']] as const) {
      const svc = new DecisionService(new CommitFirstRecorder(tp.platform.ingest), engine.queries, port, engine.strategies, engine.lists, tp.platform.clock, settings);
      const pay = await svc.decide(payment({ occurredAt: at(0) }), 'test');
      assert.equal(pay.outcome, 'review', 'payment strategy fails closed to review');
      assert.equal(pay.degraded, code === 'ENGINE_FAULT' ? 'fault' : 'timeout');
      assert.deepEqual(pay.reasons.map((r) => r.code), [code]);
      const login = await svc.decide({ id: nextId(), type: 'login', occurredAt: at(0), customerId: 'c1', success: true }, 'test');
      assert.equal(login.outcome, 'allow', 'login strategy fails open');
      assert.ok((await engine.queries.find(pay.eventId))?.degraded, 'the degraded decision is recorded');
    }
  });
});
