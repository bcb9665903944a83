/** The HTTP API end to end through fastify's injector on a real embedded store. */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../ops/logger.js';
import { apiKeyHeaders, signedInUser, type TestUser } from '../test-support/identity.js';
import { customer, payment } from '../test-support/records.js';
import { openTestPlatform, type TestPlatform } from '../test-support/stores.js';
import { buildServer } from './server.js';

describe('HTTP API', () => {
  let tp: TestPlatform;
  let app: FastifyInstance;
  const logLines: string[] = [];
  let machine: Record<string, string>;
  let analyst: TestUser;
  let approver: TestUser;
  let auditor: TestUser;
  // Who calls what here: machines send records, the analyst proposes, the auditor reads. The
  // authorisation test (authorisation.test.ts) checks every route against every role.
  const credentialsFor = (method: string, url: string): Record<string, string> => {
    if (method === 'POST' && /^\/v1\/(events|entities|decisions)/.test(url)) return machine;
    if (method === 'POST' && /^\/v1\/(strategies|lists)/.test(url)) return analyst.headers;
    return auditor.headers;
  };
  const call = (o: { method: 'GET' | 'POST'; url: string; payload?: unknown; headers?: Record<string, string> }) =>
    app.inject({ ...o, payload: o.payload as string, headers: { ...credentialsFor(o.method, o.url), ...o.headers } });
  before(async () => {
    tp = await openTestPlatform('pglite');
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logLines.push(String(chunk));
        cb();
      },
    });
    app = await buildServer(tp.platform, createLogger('debug', sink), { draining: false, status: () => ({}) });
    machine = await apiKeyHeaders(tp.platform, ['decisions', 'ingest']);
    analyst = await signedInUser(tp.platform, app, 'ana', ['strategy_analyst']);
    approver = await signedInUser(tp.platform, app, 'bao', ['strategy_approver']);
    auditor = await signedInUser(tp.platform, app, 'aud', ['auditor']);
  });
  after(async () => {
    await app?.close();
    await tp?.cleanup();
  });

  test('POST /v1/events stores, then answers a repeat as duplicate', async () => {
    const ev = payment();
    const a = await call({ method: 'POST', url: '/v1/events', payload: ev });
    assert.equal(a.statusCode, 201);
    assert.equal(a.json().status, 'stored');
    const b = await call({ method: 'POST', url: '/v1/events', payload: ev });
    assert.equal(b.statusCode, 200);
    assert.equal(b.json().status, 'duplicate');
    const got = await call({ method: 'GET', url: `/v1/events/${ev.id}` });
    assert.equal(got.statusCode, 200);
    assert.equal(got.json().amount, 12_345);
    assert.equal(got.json().occurredAt, '2026-11-20T02:15:00.000Z');
  });

  test('a wrong field type gets 400 naming the field, every problem listed, in the asked language', async () => {
    const res = await call({ method: 'POST', url: '/v1/events', payload: payment({ amount: 'lots', ip: 'nowhere', merchantId: undefined }), headers: { 'accept-language': 'en-US,en;q=0.9' } });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.error.code, 'EVENT_SCHEMA_INVALID');
    assert.equal(body.error.message, 'The record failed validation');
    const fields = body.error.details.map((d: { field: string }) => d.field).sort();
    assert.deepEqual(fields, ['amount', 'ip', 'merchantId']);
    const zh = await call({ method: 'POST', url: '/v1/events', payload: payment({ amount: 'lots' }) });
    assert.equal(zh.json().error.message, '记录未通过校验');
    assert.equal(zh.headers['content-language'], 'zh-CN');
  });

  test('C3 authentication data is refused with its own code', async () => {
    const res = await call({ method: 'POST', url: '/v1/entities', payload: { ...customer(1), id: 'c3', paymentPassword: '123456' } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'PII_C3_REFUSED');
    assert.equal(res.json().error.details[0].field, 'paymentPassword');
  });

  test('batch: one result per record; bad records do not stop the rest', async () => {
    const records = [payment(), payment({ currency: 'XYZ' }), payment(), { type: 'customer' }];
    const res = await call({ method: 'POST', url: '/v1/events/batch', payload: { records } });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(body.summary, { total: 4, stored: 2, updated: 0, duplicate: 0, rejected: 2 });
    assert.equal(body.results[1].problems[0].field, 'currency');
    assert.equal(body.results[3].problems[0].field, 'type');
  });

  test('batch over 10,000 records is refused as a whole', async () => {
    const records = Array.from({ length: 10_001 }, () => ({}));
    const res = await call({ method: 'POST', url: '/v1/events/batch', payload: { records } });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error.code, 'BATCH_TOO_LARGE');
  });

  test('malformed JSON and unknown routes get coded errors', async () => {
    const bad = await call({ method: 'POST', url: '/v1/events', payload: '{"id":', headers: { 'content-type': 'application/json' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'REQUEST_INVALID');
    const missing = await call({ method: 'GET', url: '/v1/nothing-here' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'NOT_FOUND');
  });

  test('entities are shown masked', async () => {
    const c = customer(42, { id: 'cust-masked' });
    assert.equal((await call({ method: 'POST', url: '/v1/entities', payload: c })).statusCode, 201);
    const got = (await call({ method: 'GET', url: '/v1/entities/customer/cust-masked' })).json();
    assert.match(got.nationalId, /^110\*{11}[\dX]{4}$/);
    assert.match(got.phone, /^139\*{4}\d{4}$/);
    assert.equal(got.name, '张**');
  });

  test('data quality, health, metrics and OpenAPI answer', async () => {
    const dq = (await call({ method: 'GET', url: '/v1/data-quality' })).json();
    assert.ok(dq.streams.some((s: { source: string; type: string }) => s.source === 'api' && s.type === 'payment'));
    assert.equal((await call({ method: 'GET', url: '/healthz' })).statusCode, 200);
    const ready = await call({ method: 'GET', url: '/readyz' });
    assert.equal(ready.json().store, 'ok');
    const metrics = await call({ method: 'GET', url: '/metrics' });
    assert.match(metrics.body, /fengkong_ingest_records_total\{type="payment",status="stored"\}/);
    const spec = (await call({ method: 'GET', url: '/openapi.json' })).json();
    assert.equal(spec.openapi, '3.0.3');
    assert.ok(spec.paths['/v1/events/batch']);
    assert.ok(spec.paths['/v1/data-quality']);
  });

  test('every answer carries security headers', async () => {
    const res = await call({ method: 'GET', url: '/healthz' });
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  test('no personal data reaches the logs', async () => {
    const c = customer(4242, { id: 'cust-log', phone: '13912345678' });
    await call({ method: 'POST', url: '/v1/entities', payload: c });
    await call({ method: 'POST', url: '/v1/entities', payload: { ...c, phone: 'bad-phone-13912345678' } });
    const text = logLines.join('');
    assert.ok(logLines.length > 0, 'logs were captured');
    for (const secret of [c.nationalId as string, '13912345678']) assert.ok(!text.includes(secret));
  });

  test('publishing a strategy and adding a list entry are audited, with who, from where, before and after', async () => {
    const body = (await call({ method: 'GET', url: '/v1/strategies/repayment' })).json() as { live: { version: number } };
    const strategyYaml = `
decisionPoint: repayment
description: { zh: 还款, en: Repayment }
thresholds: { review: 300, block: 700 }
rules:
  - { id: REPAY_HUGE, when: "event.amount > 100000000", action: review, score: 300, reason: HUGE, description: { zh: 大额, en: huge } }
`;
    const pub = await call({ method: 'POST', url: '/v1/strategies/repayment/versions', payload: { body: strategyYaml }, headers: { 'user-agent': 'audit-test' } });
    assert.equal(pub.statusCode, 202, pub.body);
    const list = await call({ method: 'POST', url: '/v1/lists/block_devices/entries', payload: { keyField: 'deviceId', value: ' dev-evil ', reason: 'farm' } });
    assert.equal(list.statusCode, 202, list.body);
    for (const proposed of [pub, list]) {
      const ok = await app.inject({ method: 'POST', url: `/v1/changes/${proposed.json().change.id}/approve`, payload: {}, headers: { ...approver.headers, 'user-agent': 'audit-test' } });
      assert.equal(ok.statusCode, 200, ok.body);
    }

    const published = (await call({ method: 'GET', url: '/v1/audit?action=strategy.publish&targetId=repayment' })).json() as { entries: Array<{ actorId: string; userAgent: string; ip: string; detail: { proposedBy: string; before: { version: number }; after: { version: number; body: string } } }> };
    const last = published.entries[published.entries.length - 1]!;
    assert.equal(last.actorId, 'bao');
    assert.equal(last.detail.proposedBy, 'ana');
    assert.equal(last.detail.before.version, body.live.version);
    assert.equal(last.detail.after.version, body.live.version + 1);
    assert.equal(last.detail.after.body, strategyYaml);
    assert.equal(last.userAgent, 'audit-test');
    assert.ok(last.ip);
    const added = (await call({ method: 'GET', url: '/v1/audit?action=list.entry.add' })).json() as { entries: Array<{ targetId: string; detail: { value: string; before: unknown; after: { reason: string } } }> };
    assert.deepEqual(added.entries.map((e) => [e.targetId, e.detail.value, e.detail.before, e.detail.after.reason]), [['block_devices', 'dev-evil', null, 'farm']]);
    const proposals = (await call({ method: 'GET', url: '/v1/audit?action=change.propose' })).json() as { entries: Array<{ actorId: string }> };
    assert.deepEqual(proposals.entries.map((e) => e.actorId), ['ana', 'ana']);
    const paged = await call({ method: 'GET', url: '/v1/audit?after=1&limit=2' });
    assert.equal(paged.statusCode, 200, paged.body);
    assert.deepEqual((paged.json() as { entries: Array<{ seq: number }> }).entries.map((e) => e.seq), [2, 3]);
    assert.equal((await call({ method: 'GET', url: '/v1/audit?limit=many' })).statusCode, 400);
    const verify = (await call({ method: 'GET', url: '/v1/audit/verify' })).json() as { ok: boolean; entries: number };
    assert.equal(verify.ok, true);
    assert.ok(verify.entries >= 8, 'six default strategies (system), the publish and the list entry');
    assert.equal((await app.inject({ method: 'GET', url: '/v1/strategies/repayment' })).statusCode, 401);
  });
});
