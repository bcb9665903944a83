/**
 * `GET /v1/queues` on a real embedded store: every queue with cases appears with its open,
 * unassigned and SLA-breached counts (the workbench's queue tabs), closed work leaves the open
 * count, and a role without cases:read is refused.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../api/server.js';
import { createLogger } from '../ops/logger.js';
import { signedInUser, type TestUser } from '../test-support/identity.js';
import { openTestPlatform, type TestPlatform } from '../test-support/stores.js';

describe('case queues over HTTP', () => {
  let tp: TestPlatform;
  let app: FastifyInstance;
  let investigator: TestUser;
  let viewer: TestUser;

  /** An alert raised into `queue` about `entity` (as alert sources raise them). */
  const raise = (queue: string, entity: string) =>
    tp.platform.cases.intake.raise({ source: 'test', queue, severity: 'medium', entity: { kind: 'customer', id: entity }, title: { zh: '测试', en: 'test' }, reasons: [{ code: 'TEST' }], dedupeKey: randomUUID() });

  before(async () => {
    tp = await openTestPlatform('pglite');
    app = await buildServer(tp.platform, createLogger('silent'), { draining: false, status: () => ({}) });
    investigator = await signedInUser(tp.platform, app, 'dc.queues', ['investigator']);
    viewer = await signedInUser(tp.platform, app, 'ck.queues', ['viewer']);
  });
  after(async () => {
    await app?.close();
    await tp?.cleanup();
  });

  test('each queue with its open, unassigned and breached cases; closed work is not open', async () => {
    await raise('fraud', 'cust-q1');
    await raise('fraud', 'cust-q2');
    await raise('credit', 'cust-q3');
    await tp.platform.cases.tick();
    const fraud = (await tp.platform.cases.queries.cases({ queue: 'fraud', entityId: 'cust-q1' })).cases[0] as { id: string };
    const call = (url: string, payload?: unknown) => app.inject({ method: payload ? 'POST' : 'GET', url, headers: investigator.headers, ...(payload ? { payload: payload as string } : {}) });
    assert.equal((await call(`/v1/cases/${fraud.id}/claim`, {})).statusCode, 200);
    assert.equal((await call(`/v1/cases/${fraud.id}/close`, { disposition: 'false_positive', note: 'known customer, normal spend' })).statusCode, 200);
    await tp.platform.db.query("UPDATE cases SET sla_breached_at = now() WHERE queue = 'credit'");

    const res = await call('/v1/queues');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().queues, [
      { queue: 'credit', open: 1, unassigned: 1, breached: 1 },
      { queue: 'fraud', open: 1, unassigned: 1, breached: 0 },
    ]);
  });

  test('a role without cases:read sees no queues', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/queues', headers: viewer.headers });
    assert.equal(res.statusCode, 403);
  });
});
