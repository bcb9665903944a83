/**
 * Alert and case handling on both stores with a controlled clock: grouping per entity, the claim
 * race, the life cycle with dispositions feeding the label store, SLA breaches raising their own
 * alert, idempotent intake, round-robin sharing, and filtered keyset listing.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SYSTEM_ACTOR } from '../audit/audit-log.js';
import { permissionsOf, type Role } from '../identity/domain/permissions.js';
import { actorOf, type UserPrincipal } from '../identity/principal.js';
import type { Clock } from '../shared/clock.js';
import { TEST_PASSWORD } from '../test-support/identity.js';
import { openTestPlatform, STORE_KINDS, type TestPlatform } from '../test-support/stores.js';
import type { Cases } from './cases.js';
import type { CaseWorker } from './case-work.js';

class TestClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

const worker = (name: string, lead = false): CaseWorker => ({ name, lead, actor: { type: 'user', id: name } });
const code = (e: unknown) => (e as { code?: string }).code;

for (const kind of STORE_KINDS) {
  describe(`cases on ${kind}`, () => {
    const clock = new TestClock(Date.parse('2026-11-23T09:00:00Z'));
    let tp: TestPlatform;
    let cases: Cases;
    before(async () => {
      tp = await openTestPlatform(kind, { clock });
      cases = tp.platform.cases;
      const people: Array<[string, Role]> = [['inv.a', 'investigator'], ['inv.b', 'investigator'], ['lead.c', 'investigation_lead'], ['view.d', 'viewer']];
      for (const [username, role] of people) await tp.platform.identity.users.create({ username, roles: [role], password: TEST_PASSWORD }, SYSTEM_ACTOR, { mustChangePassword: false });
    });
    after(async () => tp?.cleanup());

    /** An alert as the decision path writes it: no queue or entity yet. */
    const decisionAlert = async (customerId: string, severity = 'medium', eventId = `ev-${randomUUID()}`) => {
      await tp.platform.db.query(
        `INSERT INTO alerts (id, source, event_id, customer_id, decision_point, outcome, score, severity, reasons, created_at)
         VALUES ($1, 'decision', $2, $3, 'payment', 'review', 420, $4, '[{"code":"VELOCITY"}]', $5)`,
        [randomUUID(), eventId, customerId, severity, new Date(clock.now()).toISOString()],
      );
      return eventId;
    };
    const caseOf = async (customerId: string) => (await cases.queries.cases({ entityKind: 'customer', entityId: customerId })).cases[0] as { id: string; alertCount: number; severity: string; status: string; dueAt: string };

    test('a customer’s burst of alerts is one case; another customer gets their own', async () => {
      for (let i = 0; i < 3; i++) await decisionAlert('cust-burst');
      await decisionAlert('cust-burst', 'high');
      await decisionAlert('cust-other');
      const r = await cases.tick();
      assert.equal(r.filed, 5);
      const burst = await caseOf('cust-burst');
      assert.equal(burst.alertCount, 4);
      assert.equal(burst.severity, 'high', 'the worst alert sets the severity');
      assert.equal(burst.status, 'new');
      // The fraud queue's high severity policy: 4 hours from opening.
      assert.equal(Date.parse(burst.dueAt) - clock.now(), 4 * 3_600_000);
      assert.equal((await caseOf('cust-other')).alertCount, 1);
      await decisionAlert('cust-burst');
      await cases.tick();
      assert.equal((await caseOf('cust-burst')).alertCount, 5, 'a later alert joins the open case');
      assert.equal((await cases.tick()).filed, 0);
    });

    test('two investigators claim one case at once: exactly one wins', async () => {
      await decisionAlert('cust-race');
      await cases.tick();
      const id = (await caseOf('cust-race')).id;
      const results = await Promise.allSettled([cases.work.act(id, { kind: 'claim' }, worker('inv.a')), cases.work.act(id, { kind: 'claim' }, worker('inv.b'))]);
      const won = results.filter((r) => r.status === 'fulfilled');
      assert.equal(won.length, 1, JSON.stringify(results));
      assert.equal(code((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason), 'CASE_TRANSITION_REFUSED');
      const c = (await cases.queries.case(id)) as { assignee: string; timeline: Array<{ kind: string }> };
      assert.equal(c.assignee, (won[0] as PromiseFulfilledResult<{ assignee: string }>).value.assignee);
      assert.deepEqual(c.timeline.map((e) => e.kind), ['alerts', 'claim']);
    });

    test('the life cycle: only the assignee works it, closing needs a disposition and a note, and labels the events', async () => {
      const ev1 = await decisionAlert('cust-life');
      const ev2 = await decisionAlert('cust-life');
      await cases.tick();
      const id = (await caseOf('cust-life')).id;
      await assert.rejects(cases.work.act(id, { kind: 'close', disposition: 'confirmed_fraud', note: 'done' }, worker('inv.a')), (e) => code(e) === 'CASE_TRANSITION_REFUSED', 'not claimed yet');
      await cases.work.act(id, { kind: 'claim' }, worker('inv.a'));
      await assert.rejects(cases.work.act(id, { kind: 'start' }, worker('inv.b')), (e) => code(e) === 'CASE_TRANSITION_REFUSED', 'not the assignee');
      await cases.work.act(id, { kind: 'start' }, worker('inv.a'));
      await cases.work.note(id, 'called the customer; the card was stolen', worker('inv.a'));
      await assert.rejects(cases.work.act(id, { kind: 'escalate', note: '' }, worker('inv.a')), (e) => code(e) === 'REQUEST_INVALID');
      await cases.work.act(id, { kind: 'escalate', note: 'ring of mule accounts' }, worker('inv.a'));
      await assert.rejects(cases.work.act(id, { kind: 'close', disposition: 'confirmed_fraud', note: '' }, worker('inv.a')), (e) => code(e) === 'REQUEST_INVALID', 'a note is required');
      await cases.work.act(id, { kind: 'close', disposition: 'confirmed_fraud', note: 'confirmed with the bank' }, worker('lead.c', true));
      const closed = (await cases.queries.case(id)) as { status: string; disposition: string; closedAt: string; timeline: Array<{ kind: string }> };
      assert.deepEqual([closed.status, closed.disposition], ['closed', 'confirmed_fraud']);
      assert.deepEqual(closed.timeline.map((e) => e.kind), ['alerts', 'claim', 'start', 'note', 'escalate', 'close']);
      const labels = await tp.platform.db.query<{ subject_id: string; value: string; source: string }>("SELECT subject_id, value, source FROM labels WHERE kind = 'fraud' AND subject_id = ANY($1::text[]) ORDER BY subject_id", [[ev1, ev2]]);
      assert.deepEqual(labels.rows.map((l) => [l.value, l.source]), [['fraud', 'case'], ['fraud', 'case']]);
      await assert.rejects(cases.work.act(id, { kind: 'claim' }, worker('inv.b')), (e) => code(e) === 'CASE_TRANSITION_REFUSED', 'closed');
      const audited = await tp.platform.audit.query({ targetKind: 'case', targetId: id });
      assert.deepEqual(audited.map((e) => e.action), ['case.claim', 'case.start', 'case.note', 'case.escalate', 'case.close']);
      // A new alert about the same customer opens a new case.
      await decisionAlert('cust-life');
      await cases.tick();
      const open = (await cases.queries.cases({ entityId: 'cust-life', status: 'new' })).cases;
      assert.equal(open.length, 1);
      assert.notEqual(open[0]!.id, id);
    });

    test('a case past its SLA is marked once and raises its own alert in the sla queue', async () => {
      await decisionAlert('cust-slow', 'high');
      await cases.tick();
      const c = await caseOf('cust-slow');
      clock.t = Date.parse(c.dueAt) - 1;
      assert.deepEqual(await cases.sla.check(), [], 'not yet');
      clock.t = Date.parse(c.dueAt) + 1;
      const breached = await cases.sla.check();
      assert.ok(breached.includes(c.id));
      assert.deepEqual(await cases.sla.check(), [], 'once');
      const detail = (await cases.queries.case(c.id)) as { slaBreachedAt: string; timeline: Array<{ kind: string }> };
      assert.ok(detail.slaBreachedAt);
      assert.equal(detail.timeline.at(-1)!.kind, 'sla_breach');
      const slaCase = (await cases.queries.cases({ queue: 'sla', entityKind: 'case', entityId: c.id })).cases;
      assert.equal(slaCase.length, 1);
      assert.equal(slaCase[0]!.severity, 'high');
      assert.equal((await cases.queries.cases({ breached: true, queue: 'fraud' })).cases.some((x) => x.id === c.id), true);
      // The SLA case breaching in turn is marked, but opens no case about itself (no endless chain).
      clock.t = Date.parse(String(slaCase[0]!.dueAt)) + 1;
      assert.ok((await cases.sla.check()).includes(String(slaCase[0]!.id)));
      assert.equal((await cases.queries.cases({ queue: 'sla', entityKind: 'case', entityId: String(slaCase[0]!.id) })).cases.length, 0);
    });

    test('raising is idempotent on its dedupe key; other sources file into their own queues', async () => {
      const input = { source: 'kri', queue: 'kri', severity: 'medium' as const, entity: { kind: 'indicator', id: 'overdue_rate' }, title: { zh: '逾期率超过阈值', en: 'Overdue rate above threshold' }, reasons: [{ code: 'KRI_RED', value: 0.071, threshold: 0.05 }], dedupeKey: 'overdue_rate:2026-11-23' };
      const a = await cases.intake.raise(input);
      const b = await cases.intake.raise(input);
      assert.equal(a.created, true);
      assert.equal(b.created, false);
      assert.equal(a.alertId, b.alertId);
      assert.ok(a.caseId);
      assert.equal((await cases.queries.alerts({ source: 'kri' })).alerts.length, 1);
      await assert.rejects(cases.intake.raise({ ...input, severity: 'dire' as never, dedupeKey: 'x' }), (e) => code(e) === 'REQUEST_INVALID');
    });

    test('a lead shares a queue round-robin, only among people who can work cases', async () => {
      for (let i = 0; i < 4; i++) await decisionAlert(`cust-rr-${i}`);
      await cases.tick();
      await assert.rejects(cases.work.distribute('fraud', ['inv.a'], worker('inv.a')), (e) => code(e) === 'FORBIDDEN');
      await assert.rejects(cases.work.distribute('fraud', ['view.d'], worker('lead.c', true)), (e) => code(e) === 'REQUEST_INVALID');
      const shared = await cases.work.distribute('fraud', ['inv.a', 'inv.b'], worker('lead.c', true));
      const counts = { 'inv.a': 0, 'inv.b': 0 } as Record<string, number>;
      for (const s of shared) counts[s.to]!++;
      assert.ok(Math.abs(counts['inv.a']! - counts['inv.b']!) <= 1, JSON.stringify(counts));
      assert.equal((await cases.queries.cases({ queue: 'fraud', status: 'new' })).cases.length, 0);
    });

    test('a freeze proposed from a case waits for an approver, then blocks the account’s next payment', async () => {
      await decisionAlert('cust-freeze');
      await cases.tick();
      const id = (await caseOf('cust-freeze')).id;
      const person = (username: string, roles: Role[]): UserPrincipal => ({ kind: 'user', userId: username, username, roles, permissions: permissionsOf(roles), stage: 'active', sessionId: 's' });
      const inv = person('inv.a', ['investigator']);
      const viewer = person('view.d', ['viewer']);
      await assert.rejects(cases.actions.propose(id, { action: 'freeze_account', value: 'acct-77', reason: 'mule' }, viewer, worker('view.d')), (e) => code(e) === 'FORBIDDEN');
      await assert.rejects(cases.actions.propose(id, { action: 'block', keyField: 'email', value: 'x', reason: 'mule' }, inv, worker('inv.a')), (e) => code(e) === 'REQUEST_INVALID');
      const change = await cases.actions.propose(id, { action: 'freeze_account', value: 'acct-77', reason: 'mule account' }, inv, worker('inv.a'));
      assert.equal(change.status, 'pending');
      const engine = await tp.platform.decisions();
      const pay = () => engine.service.decide({ id: `ev-${randomUUID()}`, type: 'payment', occurredAt: new Date(clock.now()).toISOString(), customerId: 'cust-freeze', accountId: 'acct-77', amount: 1000, currency: 'CNY', merchantId: 'm-1', channel: 'app' }, 'test');
      assert.notEqual((await pay()).outcome, 'block', 'not frozen before approval');
      const approver = person('bao', ['strategy_approver']);
      await tp.platform.changes.approve(change.id, approver, actorOf(approver));
      const d = await pay();
      assert.equal(d.outcome, 'block');
      assert.ok(d.reasons.some((r) => r.code === 'LIST_BLOCK'));
      const timeline = ((await cases.queries.case(id)) as { timeline: Array<{ kind: string; detail: { changeId?: string } }> }).timeline;
      assert.equal(timeline.at(-1)!.detail.changeId, change.id);
    });

    test('listing filters and pages with a cursor, newest first, without repeats', async () => {
      const seen = new Set<string>();
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await cases.queries.alerts({ queue: 'fraud', limit: 3, ...(cursor ? { cursor } : {}) });
        for (const a of page.alerts) {
          assert.ok(!seen.has(a.id as string));
          seen.add(a.id as string);
          assert.equal(a.queue, 'fraud');
        }
        cursor = page.next ?? undefined;
        pages++;
      } while (cursor);
      const all = await tp.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM alerts WHERE queue = 'fraud'");
      assert.equal(seen.size, Number(all.rows[0]!.n));
      assert.ok(pages > 2);
      await assert.rejects(cases.queries.cases({ cursor: 'bm9wZQ' }), (e) => code(e) === 'REQUEST_INVALID');
    });
  });
}
