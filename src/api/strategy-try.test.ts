/**
 * `POST /v1/strategies/try` on a real embedded store: a draft decides a sample or a recorded event
 * with the real evaluation, and leaves no trace — no event, decision or alert stored, no feature
 * counted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../ops/logger.js';
import { apiKeyHeaders, signedInUser, type TestUser } from '../test-support/identity.js';
import { payment } from '../test-support/records.js';
import { openTestPlatform, type TestPlatform } from '../test-support/stores.js';
import { buildServer } from './server.js';

const DRAFT = `
decisionPoint: payment
description: { zh: 试运行, en: Trial }
thresholds: { review: 300, block: 700 }
rules:
  - { id: PAY_BIG, when: "event.amount >= 10000", action: score, score: 300, reason: BIG, description: { zh: 大额, en: Big } }
  - { id: PAY_BURST, when: "features.cust_payments_10m >= 1.0", action: block, score: 0, reason: BURST, description: { zh: 频繁, en: Burst } }
  - { id: PAY_MCC, when: "event.attributes.mcc == '7995'", action: review, score: 0, reason: MCC, description: { zh: 商户类别, en: Merchant category } }
`;

interface TryAnswer {
  result: { decisionPoint: string; eventId: string; eventType: string; outcome: string; score: number; rules: Array<{ id: string; result: string; reason: string }>; reasons: Array<{ code: string }>; features: Record<string, number | null>; sealedFields: string[] };
}

describe('POST /v1/strategies/try', () => {
  let tp: TestPlatform;
  let app: FastifyInstance;
  let analyst: TestUser;
  let auditor: TestUser;
  let machine: Record<string, string>;
  const tryIt = (payload: unknown, headers = analyst.headers) => app.inject({ method: 'POST', url: '/v1/strategies/try', payload: payload as string, headers });

  before(async () => {
    tp = await openTestPlatform('pglite');
    app = await buildServer(tp.platform, createLogger('silent'), { draining: false, status: () => ({}) });
    analyst = await signedInUser(tp.platform, app, 'ana', ['strategy_analyst']);
    auditor = await signedInUser(tp.platform, app, 'aud', ['auditor']);
    machine = await apiKeyHeaders(tp.platform, ['decisions']);
  });
  after(async () => {
    await app?.close();
    await tp?.cleanup();
  });

  test('decides a sample event with the draft: each rule’s result, score, outcome and reasons', async () => {
    const ev = payment({ customerId: 'cust-try-1', amount: 20_000 });
    const res = await tryIt({ body: DRAFT, event: ev });
    assert.equal(res.statusCode, 200, res.body);
    const r = (res.json() as TryAnswer).result;
    assert.equal(r.decisionPoint, 'payment');
    assert.equal(r.eventId, ev.id);
    assert.deepEqual(r.rules.map((x) => [x.id, x.result]), [['PAY_BIG', 'hit'], ['PAY_BURST', 'miss'], ['PAY_MCC', 'error']]);
    assert.equal(r.score, 300);
    assert.equal(r.outcome, 'review');
    assert.deepEqual(r.reasons.map((x) => x.code), ['BIG']);
    assert.equal(r.features.cust_payments_10m, 0);
  });

  test('leaves no trace: nothing stored, no feature counted, no alert', async () => {
    const ev = payment({ customerId: 'cust-try-2', amount: 20_000 });
    for (let i = 0; i < 3; i++) {
      const r = (await tryIt({ body: DRAFT, event: ev })).json() as TryAnswer;
      assert.equal(r.result.features.cust_payments_10m, 0, 'a trial never enters a feature window');
    }
    assert.equal((await app.inject({ method: 'GET', url: `/v1/decisions/${ev.id}`, headers: machine })).statusCode, 404);
    const stored = await tp.platform.db.query('SELECT 1 FROM events WHERE id = $1 UNION ALL SELECT 1 FROM alerts WHERE event_id = $1', [ev.id]);
    assert.equal(stored.rows.length, 0);
  });

  test('decides a recorded event by id, as of what has been recorded since', async () => {
    const ev = payment({ customerId: 'cust-try-3', amount: 20_000 });
    const decided = await app.inject({ method: 'POST', url: '/v1/decisions', payload: ev, headers: machine });
    assert.equal(decided.statusCode, 200, decided.body);
    // The embedded store answers once journaled and commits behind.
    await (await tp.platform.decisions()).settled();
    const res = await tryIt({ body: DRAFT, eventId: ev.id as string });
    assert.equal(res.statusCode, 200, res.body);
    const r = (res.json() as TryAnswer).result;
    assert.equal(r.eventType, 'payment');
    // The recorded payment itself is in its customer's window now, so the burst rule sees it.
    assert.equal(r.features.cust_payments_10m, 1);
    assert.equal(r.outcome, 'block');
    const after = await tp.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM decisions WHERE event_id = $1', [ev.id]);
    assert.equal(after.rows[0]!.n, 1, 'the trial added no decision');
  });

  test('refuses a draft that does not compile, with every problem and its position', async () => {
    const res = await tryIt({ body: DRAFT.replace('event.amount >= 10000', 'event.amont >= 10000'), event: payment() });
    assert.equal(res.statusCode, 422);
    const err = res.json() as { error: { code: string; details: { problems: Array<{ path: string; line?: number; column?: number }> } } };
    assert.equal(err.error.code, 'STRATEGY_INVALID');
    assert.equal(err.error.details.problems[0]!.path, 'rules[0].when');
    assert.ok(err.error.details.problems[0]!.column);
  });

  test('refuses an event of another decision point, an unknown id, both or neither source', async () => {
    const login = { id: 'login-try-1', type: 'login', occurredAt: '2026-11-20T10:15:00+08:00', customerId: 'cust-1', success: true };
    assert.equal((await tryIt({ body: DRAFT, event: login })).json().error.code, 'DECISION_POINT_UNSUPPORTED');
    const missing = await tryIt({ body: DRAFT, eventId: 'no-such-event' });
    assert.equal(missing.statusCode, 404);
    assert.equal((await tryIt({ body: DRAFT })).statusCode, 400);
    assert.equal((await tryIt({ body: DRAFT, event: payment(), eventId: 'x' })).statusCode, 400);
    assert.equal((await tryIt({ body: DRAFT, event: { type: 'payment' } })).json().error.code, 'EVENT_SCHEMA_INVALID');
  });

  test('GET /v1/strategies/:point/versions/:version gives a version with its body', async () => {
    const live = (await app.inject({ method: 'GET', url: '/v1/strategies/payment', headers: auditor.headers })).json() as { live: { version: number } };
    const res = await app.inject({ method: 'GET', url: `/v1/strategies/payment/versions/${live.live.version}`, headers: auditor.headers });
    assert.equal(res.statusCode, 200, res.body);
    const v = (res.json() as { version: { version: number; status: string; body: string } }).version;
    assert.equal(v.version, live.live.version);
    assert.equal(v.status, 'published');
    assert.match(v.body, /decisionPoint: payment/);
    assert.equal((await app.inject({ method: 'GET', url: '/v1/strategies/payment/versions/999', headers: auditor.headers })).statusCode, 404);
  });

  test('needs the strategy writer’s right', async () => {
    assert.equal((await tryIt({ body: DRAFT, event: payment() }, auditor.headers)).statusCode, 403);
  });
});
