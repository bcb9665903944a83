/**
 * Webhooks against a real local receiver: signatures verify (and a forged or stale one does not),
 * failures are retried on the backoff schedule as the clock moves, a delivery that keeps failing
 * goes to the dead-letter list, and a replay delivers it. The outbox commits with what it announces.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SYSTEM_ACTOR } from '../audit/audit-log.js';
import type { Clock } from '../shared/clock.js';
import { openTestPlatform, STORE_KINDS, type TestPlatform } from '../test-support/stores.js';
import { MAX_ATTEMPTS, retryDelayMs } from './domain/backoff.js';
import { signatureHeader, verifySignature } from './domain/webhook-signature.js';

class TestClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

interface Received {
  event: string;
  delivery: string;
  body: string;
  signature: string;
}

test('signatures: the right secret and body verify; another secret, a changed body or a stale time do not', () => {
  const at = Date.parse('2026-11-23T10:00:00Z');
  const h = signatureHeader('whsec_a', '{"x":1}', at);
  assert.equal(verifySignature('whsec_a', h, '{"x":1}', at + 10_000), true);
  assert.equal(verifySignature('whsec_b', h, '{"x":1}', at), false);
  assert.equal(verifySignature('whsec_a', h, '{"x":2}', at), false);
  assert.equal(verifySignature('whsec_a', h, '{"x":1}', at + 301_000), false, 'replayed after the tolerance');
  assert.equal(verifySignature('whsec_a', undefined, '{"x":1}', at), false);
  assert.equal(verifySignature('whsec_a', 't=abc,v1=00', '{"x":1}', at), false);
});

test('backoff doubles from 30 s and is capped at an hour', () => {
  assert.deepEqual([1, 2, 3, 4].map(retryDelayMs), [30_000, 60_000, 120_000, 240_000]);
  assert.equal(retryDelayMs(20), 3_600_000);
});

for (const kind of STORE_KINDS) {
  describe(`webhooks on ${kind}`, () => {
    const clock = new TestClock(Date.parse('2026-11-23T10:00:00Z'));
    let tp: TestPlatform;
    let server: Server;
    let url: string;
    const received: Received[] = [];
    let failuresLeft = 0;
    before(async () => {
      tp = await openTestPlatform(kind, { clock });
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += String(c)));
        req.on('end', () => {
          received.push({ event: String(req.headers['x-fengkong-event']), delivery: String(req.headers['x-fengkong-delivery']), body, signature: String(req.headers['x-fengkong-signature']) });
          if (failuresLeft > 0) {
            failuresLeft--;
            res.writeHead(503).end();
          } else res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    });
    after(async () => {
      await new Promise((r) => server?.close(r));
      await tp?.cleanup();
    });

    const alert = (customerId: string) =>
      tp.platform.db.query(
        `INSERT INTO alerts (id, source, event_id, customer_id, decision_point, outcome, score, severity, reasons, created_at) VALUES ($1, 'decision', $2, $3, 'payment', 'review', 400, 'medium', '[]', $4)`,
        [randomUUID(), `ev-${randomUUID()}`, customerId, new Date(clock.now()).toISOString()],
      );

    test('a new alert is delivered once, signed with the subscription’s secret', async () => {
      const sub = await tp.platform.webhooks.subscribe({ url, events: ['alert.created', 'case.closed', 'case.sla_breached'] }, SYSTEM_ACTOR);
      assert.match(sub.secret, /^whsec_/);
      const stored = await tp.platform.db.query<{ secret: string }>('SELECT secret FROM webhook_subscriptions WHERE id = $1', [sub.id]);
      assert.ok(!stored.rows[0]!.secret.includes(sub.secret), 'the secret rests sealed');
      await alert('cust-hook');
      await tp.platform.cases.tick();
      assert.deepEqual(await tp.platform.webhooks.deliverDue(), { delivered: 1, failed: 0, dead: 0 });
      assert.equal(received.length, 1);
      const got = received[0]!;
      assert.equal(got.event, 'alert.created');
      assert.equal(verifySignature(sub.secret, got.signature, got.body, clock.now()), true);
      const body = JSON.parse(got.body) as { id: string; type: string; data: { caseId: string; queue: string } };
      assert.equal(body.id, got.delivery);
      assert.equal(body.data.queue, 'fraud');
      assert.ok(body.data.caseId);
      assert.deepEqual(await tp.platform.webhooks.deliverDue(), { delivered: 0, failed: 0, dead: 0 }, 'never twice');
    });

    test('a failing receiver is retried on schedule; one that keeps failing goes to the dead letters, and a replay delivers it', async () => {
      received.length = 0;
      failuresLeft = 2;
      await alert('cust-retry');
      await tp.platform.cases.tick();
      assert.equal((await tp.platform.webhooks.deliverDue()).failed, 1);
      clock.t += retryDelayMs(1) - 1;
      assert.equal((await tp.platform.webhooks.deliverDue()).failed, 0, 'not due before the backoff');
      clock.t += 1;
      assert.equal((await tp.platform.webhooks.deliverDue()).failed, 1);
      clock.t += retryDelayMs(2);
      assert.equal((await tp.platform.webhooks.deliverDue()).delivered, 1);
      assert.equal(new Set(received.map((r) => r.delivery)).size, 1, 'the same delivery id each time');

      failuresLeft = 1_000;
      await alert('cust-dead');
      await tp.platform.cases.tick();
      for (let i = 1; i <= MAX_ATTEMPTS; i++) {
        await tp.platform.webhooks.deliverDue();
        clock.t += retryDelayMs(i);
      }
      const dead = await tp.platform.webhooks.deadLetters();
      assert.equal(dead.length, 1);
      assert.equal(dead[0]!.attempts, MAX_ATTEMPTS);
      assert.equal(dead[0]!.lastStatus, 503);
      failuresLeft = 0;
      await tp.platform.webhooks.replay(dead[0]!.id as string, SYSTEM_ACTOR);
      assert.equal((await tp.platform.webhooks.deliverDue()).delivered, 1);
      assert.equal((await tp.platform.webhooks.deadLetters()).length, 0);
      assert.equal((await tp.platform.audit.query({ action: 'webhook.replay' })).length, 1);
    });

    test('an SLA breach and a closure are announced; a rolled-back change announces nothing', async () => {
      received.length = 0;
      await alert('cust-sla');
      await tp.platform.cases.tick();
      const c = (await tp.platform.cases.queries.cases({ entityId: 'cust-sla' })).cases[0] as { id: string; dueAt: string };
      clock.t = Date.parse(c.dueAt) + 1;
      await tp.platform.cases.tick();
      await tp.platform.webhooks.deliverDue();
      assert.ok(received.some((r) => r.event === 'case.sla_breached' && r.body.includes(c.id)));
      await tp.platform.db.query("INSERT INTO users (id, username, username_key, roles, password_hash, must_change_password, password_changed_at, created_by, created_at) VALUES ('u_inv', 'inv.w', 'inv.w', '{investigator}', 'x', false, now(), 'test', now())");
      const who = { name: 'inv.w', lead: false, actor: { type: 'user' as const, id: 'inv.w' } };
      await tp.platform.cases.work.act(c.id, { kind: 'claim' }, who);
      const before = received.length;
      await assert.rejects(tp.platform.cases.work.act(c.id, { kind: 'close', disposition: 'false_positive', note: '' }, who));
      await tp.platform.webhooks.deliverDue();
      assert.equal(received.length, before, 'a refused close announces nothing');
      await tp.platform.cases.work.act(c.id, { kind: 'close', disposition: 'false_positive', note: 'known merchant' }, who);
      await tp.platform.webhooks.deliverDue();
      const closed = received.find((r) => r.event === 'case.closed');
      assert.ok(closed && (JSON.parse(closed.body) as { data: { disposition: string } }).data.disposition === 'false_positive');
    });
  });
}
