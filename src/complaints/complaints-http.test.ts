/**
 * Complaints over HTTP on a real embedded store: filing with every problem named in the caller's
 * language, who sees what (a viewer nothing, an auditor the text masked, a complaint handler the
 * text in clear only through the audited read), the actions and statistics, and no complaint text
 * or personal data in any log line.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../api/server.js';
import { createLogger } from '../ops/logger.js';
import { scanText } from '../ops/log-scan.js';
import { signedInUser, type TestUser } from '../test-support/identity.js';
import { nationalId } from '../test-support/records.js';
import { openTestPlatform, type TestPlatform } from '../test-support/stores.js';

const ID_NUMBER = nationalId(4711);
const SAID = `本人身份证 ${ID_NUMBER},手机 13812345678,贷款被重复收取服务费`;
const ANSWER = '经核实,已退还重复收取的服务费 120 元';

describe('complaints over HTTP', () => {
  let tp: TestPlatform;
  let app: FastifyInstance;
  const logLines: string[] = [];
  let handler: TestUser;
  let compliance: TestUser;
  let auditor: TestUser;
  let viewer: TestUser;
  let id: string;

  const call = (who: TestUser, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { ...who.headers, ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });

  before(async () => {
    tp = await openTestPlatform('pglite');
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logLines.push(String(chunk));
        cb();
      },
    });
    app = await buildServer(tp.platform, createLogger('debug', sink), { draining: false, status: () => ({}) });
    handler = await signedInUser(tp.platform, app, 'kf.li', ['investigator']);
    compliance = await signedInUser(tp.platform, app, 'hg.wang', ['compliance_officer']);
    auditor = await signedInUser(tp.platform, app, 'sj.zhao', ['auditor']);
    viewer = await signedInUser(tp.platform, app, 'ck.chen', ['viewer']);
  });
  after(async () => {
    await app?.close();
    await tp?.cleanup();
  });

  test('a handler files a complaint; the answer shows its deadlines and its text masked', async () => {
    const res = await call(handler, 'POST', '/v1/complaints', { category: 'fees', channel: 'phone', description: SAID, customerId: 'cust-9', reference: 'KF-77' });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    id = body.id;
    assert.equal(body.status, 'received');
    assert.deepEqual(body.categoryLabel, { zh: '收费', en: 'Fees and charges' });
    assert.equal(body.text.description, '[已加密 encrypted]');
    assert.ok(!res.body.includes('13812345678') && !res.body.includes(ID_NUMBER));
    const again = await call(handler, 'POST', '/v1/complaints', { category: 'fees', channel: 'phone', description: SAID, reference: 'KF-77' });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().id, id);
    assert.equal(again.json().created, false);
  });

  test('a bad intake lists every problem with its field, in the asked language', async () => {
    const res = await call(handler, 'POST', '/v1/complaints', { category: 'weather', channel: 'pigeon' }, { 'accept-language': 'en' });
    assert.equal(res.statusCode, 400);
    const err = res.json().error;
    assert.equal(err.code, 'REQUEST_INVALID');
    assert.equal(err.message, 'The request is malformed');
    assert.deepEqual(err.details.map((d: { field: string }) => d.field).sort(), ['category', 'channel', 'description']);
    // Past the schema, the intake's own checks: same shape, Chinese by default.
    const late = await call(handler, 'POST', '/v1/complaints', { category: 'fees', channel: 'app', description: '重复扣费', receivedAt: '2020-01-01T00:00:00Z', eventId: 'no-such-event' });
    assert.equal(late.statusCode, 400);
    assert.deepEqual(late.json().error.details.map((d: { field: string }) => d.field), ['receivedAt', 'eventId']);
    assert.equal(late.json().error.details[1].message, '找不到该事件');
  });

  test('a viewer sees no complaint at all; an auditor sees it with its text masked and cannot unmask', async () => {
    for (const [method, url] of [['GET', '/v1/complaints'], ['GET', `/v1/complaints/${id}`], ['GET', '/v1/complaints/stats'], ['POST', `/v1/complaints/${id}/unmask`]] as const) {
      const res = await call(viewer, method, url, method === 'POST' ? { purpose: 'just looking' } : undefined);
      assert.equal(res.statusCode, 403, `${method} ${url}`);
      assert.ok(!res.body.includes('13812345678'));
    }
    const seen = await call(auditor, 'GET', `/v1/complaints/${id}`);
    assert.equal(seen.statusCode, 200);
    assert.equal(seen.json().text.description, '[已加密 encrypted]');
    assert.ok(!seen.body.includes('13812345678') && !seen.body.includes('服务费'));
    assert.equal((await call(auditor, 'POST', `/v1/complaints/${id}/unmask`, { purpose: 'audit sample' })).statusCode, 403);
    assert.equal((await call(auditor, 'POST', `/v1/complaints/${id}/respond`, { text: 'x' })).statusCode, 403);
  });

  test('handlers work it through; the clear text needs a purpose and lands in the audit log', async () => {
    assert.equal((await call(handler, 'POST', `/v1/complaints/${id}/assign`, { to: 'hg.wang' })).statusCode, 200);
    const responded = await call(compliance, 'POST', `/v1/complaints/${id}/respond`, { text: '您好,已收到,24 小时内回复处理结果' });
    assert.equal(responded.statusCode, 200);
    assert.equal(responded.json().status, 'responded');
    const twice = await call(compliance, 'POST', `/v1/complaints/${id}/respond`, { text: '再回复一次' }, { 'accept-language': 'en' });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().error.code, 'COMPLAINT_TRANSITION_REFUSED');
    assert.equal(twice.json().error.details[0].field, 'action');
    const badOutcome = await call(compliance, 'POST', `/v1/complaints/${id}/feedback`, { text: ANSWER, outcome: 'maybe' });
    assert.deepEqual(badOutcome.json().error.details.map((d: { field: string }) => d.field), ['outcome']);
    assert.equal((await call(compliance, 'POST', `/v1/complaints/${id}/feedback`, { text: ANSWER, outcome: 'upheld' })).json().status, 'resolved');
    assert.equal((await call(handler, 'POST', `/v1/complaints/${id}/close`)).json().status, 'closed');

    assert.equal((await call(handler, 'POST', `/v1/complaints/${id}/unmask`, { purpose: 'x' })).statusCode, 400);
    const clear = await call(handler, 'POST', `/v1/complaints/${id}/unmask`, { purpose: 'call the customer back' });
    assert.equal(clear.statusCode, 200);
    assert.deepEqual(clear.json().text, { description: SAID, response: '您好,已收到,24 小时内回复处理结果', feedback: ANSWER });
    const audit = await call(auditor, 'GET', `/v1/audit?targetKind=complaint&targetId=${id}`);
    const entries = audit.json().entries as Array<{ action: string; actorId: string; purpose: string | null }>;
    assert.deepEqual(entries.map((e) => e.action), ['complaint.create', 'complaint.assign', 'complaint.respond', 'complaint.feedback', 'complaint.close', 'complaint.unmask']);
    assert.deepEqual([entries.at(-1)!.actorId, entries.at(-1)!.purpose], ['kf.li', 'call the customer back']);
    assert.ok(!audit.body.includes('服务费'), 'no text in the audit log');

    const one = (await call(auditor, 'GET', `/v1/complaints/${id}`)).json();
    assert.deepEqual(one.timeline.map((e: { kind: string }) => e.kind), ['received', 'assign', 'respond', 'feedback', 'close']);
  });

  test('lists and statistics', async () => {
    const list = await call(auditor, 'GET', '/v1/complaints?category=fees&status=closed&limit=10');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json().complaints.map((c: { id: string }) => c.id), [id]);
    assert.ok(!list.body.includes('encrypted'), 'lists carry no text, masked or not');
    assert.equal((await call(auditor, 'GET', '/v1/complaints?category=weather')).statusCode, 400);
    const stats = await call(compliance, 'GET', '/v1/complaints/stats');
    assert.equal(stats.statusCode, 200);
    const s = stats.json();
    assert.equal(s.total, 1);
    assert.deepEqual([s.response.onTime, s.feedback.onTime, s.byStatus.closed], [1, 1, 1]);
    assert.equal(s.byCategory.find((c: { category: string }) => c.category === 'fees').total, 1);
    assert.equal((await call(compliance, 'GET', '/v1/complaints/stats?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z')).statusCode, 400);
  });

  test('no complaint text, phone or resident id in any log line', () => {
    const text = logLines.join('');
    assert.ok(logLines.length > 10, 'requests were logged');
    assert.deepEqual(scanText(text), []);
    for (const secret of [SAID, ANSWER, '服务费', '24 小时内回复']) assert.ok(!text.includes(secret), 'complaint text in the logs');
  });
});
