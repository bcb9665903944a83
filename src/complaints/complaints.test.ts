/**
 * Complaint handling on both stores with a controlled clock: intake with every problem named,
 * the event reference checked against the customer, the text sealed at rest, the life cycle on the
 * timeline and in the audit log, escalation once per missed deadline raising exactly one alert
 * each, the audited clear-text read, and statistics over a known set.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { SYSTEM_ACTOR } from '../audit/audit-log.js';
import type { Role } from '../identity/domain/permissions.js';
import { parseKeyFile } from '../pii/keyring.js';
import { KeyRotation } from '../pii/key-rotation.js';
import { SEALED_LOCATIONS } from '../pii/sealed-locations.js';
import type { Clock } from '../shared/clock.js';
import { TEST_PASSWORD } from '../test-support/identity.js';
import { openTestPlatform, STORE_KINDS, type TestPlatform } from '../test-support/stores.js';
import type { Complaints } from './complaints.js';
import type { ComplaintWorker } from './complaint-work.js';
import type { ComplaintIntakeInput } from './domain/complaint-intake-rules.js';

class TestClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

const H = 3_600_000;
const worker = (name: string): ComplaintWorker => ({ name, actor: { type: 'user', id: name } });
const code = (e: unknown) => (e as { code?: string }).code;
const fieldsOf = (e: unknown) => ((e as { details?: Array<{ field: string; reason: string }> }).details ?? []).map((d) => `${d.field}:${d.reason}`);
const SAID = '我的手机号 13912345678 被冒用,要求退还 300 元手续费';

interface View {
  id: string;
  status: string;
  assignee: string | null;
  customerId: string | null;
  eventId: string | null;
  escalated: boolean;
  response: { dueAt: string; at: string | null; standing: string; breachedAt: string | null };
  feedback: { dueAt: string; at: string | null; standing: string; breachedAt: string | null };
  text: { description: string; response: string | null; feedback: string | null };
  timeline: Array<{ kind: string; actor: string; detail: Record<string, unknown> }>;
}

for (const kind of STORE_KINDS) {
  describe(`complaints on ${kind}`, () => {
    const clock = new TestClock(Date.parse('2026-11-23T09:00:00Z'));
    let tp: TestPlatform;
    let complaints: Complaints;
    before(async () => {
      tp = await openTestPlatform(kind, { clock });
      complaints = tp.platform.complaints;
      const people: Array<[string, Role]> = [['kf.a', 'investigator'], ['kf.b', 'compliance_officer'], ['view.c', 'viewer']];
      for (const [username, role] of people) await tp.platform.identity.users.create({ username, roles: [role], password: TEST_PASSWORD }, SYSTEM_ACTOR, { mustChangePassword: false });
    });
    after(async () => tp?.cleanup());

    const file = async (over: Partial<ComplaintIntakeInput> = {}) => (await complaints.intake.file({ category: 'fees', channel: 'phone', description: SAID, customerId: 'cust-1', ...over }, worker('kf.a'))).id;
    const view = async (id: string) => (await complaints.queries.complaint(id)) as unknown as View;
    const event = async (id: string, customerId: string) =>
      tp.platform.db.query(`INSERT INTO events (id, type, occurred_at, received_at, customer_id, source, data) VALUES ($1, 'payment', $2, $2, $3, 'test', '{}')`, [id, new Date(clock.t).toISOString(), customerId]);
    /** The alerts a complaint raised, through its case in the complaints queue. */
    const alertsOf = async (id: string) => {
      const cs = (await tp.platform.cases.queries.cases({ queue: 'complaints', entityKind: 'complaint', entityId: id })).cases;
      const out: Array<{ severity: string; reasons: Array<Record<string, unknown>>; source: string }> = [];
      for (const c of cs) out.push(...((await tp.platform.cases.queries.alerts({ caseId: c.id as string })).alerts as never[]));
      return out;
    };

    test('a complaint is filed with its two due times, its text sealed, on its timeline and in the audit log', async () => {
      const id = await file();
      const c = await view(id);
      assert.equal(c.status, 'received');
      assert.equal(Date.parse(c.response.dueAt) - clock.t, 24 * H);
      assert.equal(Date.parse(c.feedback.dueAt) - clock.t, 48 * H);
      assert.deepEqual([c.response.standing, c.feedback.standing, c.escalated], ['pending', 'pending', false]);
      assert.equal(c.text.description, '[已加密 encrypted]');
      assert.deepEqual(c.timeline.map((e) => [e.kind, e.actor]), [['received', 'kf.a']]);
      const stored = await tp.platform.db.query<{ description: string }>('SELECT description FROM complaints WHERE id = $1', [id]);
      assert.ok(!stored.rows[0]!.description.includes('13912345678'), 'sealed at rest');
      assert.equal(stored.rows[0]!.description.split('.')[0], tp.platform.vault.activeKeyId);
      const audited = await tp.platform.audit.query({ targetKind: 'complaint', targetId: id });
      assert.deepEqual(audited.map((e) => e.action), ['complaint.create']);
      assert.ok(!JSON.stringify(audited).includes('13912345678'), 'the audit entry holds no text');
    });

    test('intake names every problem with its field, store checks included', async () => {
      await assert.rejects(complaints.intake.file({ category: 'weather', channel: 'pigeon', description: ' ', receivedAt: 'soon', eventId: 'no-such-event' }, worker('kf.a')), (e) => {
        assert.equal(code(e), 'REQUEST_INVALID');
        assert.deepEqual(fieldsOf(e), ['category:value', 'channel:value', 'description:required', 'receivedAt:format', 'eventId:not_found']);
        return true;
      });
    });

    test('the event complained about must be the complaining customer’s; alone it names the customer', async () => {
      await event('ev-cust-2', 'cust-2');
      await assert.rejects(file({ customerId: 'cust-1', eventId: 'ev-cust-2' }), (e) => code(e) === 'REQUEST_INVALID' && fieldsOf(e).join() === 'eventId:other_customer');
      const id = await file({ customerId: undefined, eventId: 'ev-cust-2' });
      assert.deepEqual([(await view(id)).customerId, (await view(id)).eventId], ['cust-2', 'ev-cust-2']);
    });

    test('a repeated source reference returns the complaint filed first', async () => {
      const a = await complaints.intake.file({ category: 'service', channel: 'app', description: '客服态度差', reference: 'KF-2026-0001' }, worker('kf.a'));
      const b = await complaints.intake.file({ category: 'service', channel: 'app', description: '客服态度差', reference: 'KF-2026-0001' }, worker('kf.b'));
      assert.deepEqual([a.created, b.created, b.id], [true, false, a.id]);
      assert.equal((await complaints.queries.list({ category: 'service' })).complaints.filter((c) => c.id === a.id).length, 1);
    });

    test('the life cycle: assign to a worker only, respond once, feed back with an outcome, close after feedback', async () => {
      const id = await file({ category: 'transaction_dispute' });
      await assert.rejects(complaints.work.act(id, { kind: 'assign', to: 'view.c' }, worker('kf.a')), (e) => code(e) === 'REQUEST_INVALID' && fieldsOf(e).join() === 'to:value');
      await assert.rejects(complaints.work.act(id, { kind: 'assign', to: 'nobody' }, worker('kf.a')), (e) => code(e) === 'REQUEST_INVALID');
      await complaints.work.act(id, { kind: 'assign', to: 'KF.B' }, worker('kf.a'));
      assert.equal((await view(id)).assignee, 'kf.b', 'the name as the directory spells it');
      await assert.rejects(complaints.work.act(id, { kind: 'close' }, worker('kf.b')), (e) => code(e) === 'COMPLAINT_TRANSITION_REFUSED');
      clock.t += 2 * H;
      const reply = '您好,已收到您的投诉,正在核实交易';
      await complaints.work.act(id, { kind: 'respond', text: reply }, worker('kf.b'));
      await assert.rejects(complaints.work.act(id, { kind: 'respond', text: '再次回复' }, worker('kf.b')), (e) => code(e) === 'COMPLAINT_TRANSITION_REFUSED');
      clock.t += 20 * H;
      await complaints.work.act(id, { kind: 'feedback', text: '经核实为商户重复扣款,已全额退还', outcome: 'upheld' }, worker('kf.a'));
      await complaints.work.act(id, { kind: 'close' }, worker('kf.b'));
      await assert.rejects(complaints.work.act(id, { kind: 'assign', to: 'kf.a' }, worker('kf.a')), (e) => code(e) === 'COMPLAINT_TRANSITION_REFUSED');
      const c = await view(id);
      assert.equal(c.status, 'closed');
      assert.deepEqual([c.response.standing, c.feedback.standing], ['on_time', 'on_time']);
      assert.deepEqual(c.timeline.map((e) => e.kind), ['received', 'assign', 'respond', 'feedback', 'close']);
      assert.deepEqual(c.timeline[2]!.detail, { from: 'received', to: 'responded', length: reply.length, response: 'on_time' });
      assert.ok(!JSON.stringify(c).includes('重复扣款'), 'no text in the view or the timeline');
      assert.deepEqual(
        (await tp.platform.audit.query({ targetKind: 'complaint', targetId: id })).map((e) => e.action),
        ['complaint.create', 'complaint.assign', 'complaint.respond', 'complaint.feedback', 'complaint.close'],
      );
      const sealed = await tp.platform.db.query<{ response_text: string; feedback_text: string }>('SELECT response_text, feedback_text FROM complaints WHERE id = $1', [id]);
      assert.ok(!sealed.rows[0]!.feedback_text.includes('退还'), 'feedback sealed at rest');
    });

    test('the clear text: a purpose, an audit entry, then the text', async () => {
      const id = await file();
      await complaints.work.act(id, { kind: 'feedback', text: '手续费已退还', outcome: 'partially_upheld' }, worker('kf.a'));
      await assert.rejects(complaints.text.reveal(id, 'why', { type: 'user', id: 'kf.b' }), (e) => code(e) === 'REQUEST_INVALID' && fieldsOf(e).join() === 'purpose:required');
      await assert.rejects(complaints.text.reveal('no-such-complaint', 'answering the customer', { type: 'user', id: 'kf.b' }), (e) => code(e) === 'NOT_FOUND');
      const t = await complaints.text.reveal(id, 'answering the customer', { type: 'user', id: 'kf.b' });
      assert.deepEqual(t, { description: SAID, response: null, feedback: '手续费已退还' });
      const audited = (await tp.platform.audit.query({ targetKind: 'complaint', targetId: id, action: 'complaint.unmask' }))[0]!;
      assert.equal(audited.purpose, 'answering the customer');
      assert.equal(audited.actorId, 'kf.b');
      // Feedback straight away was the first response too.
      assert.equal((await view(id)).response.standing, 'on_time');
    });

    test('a missed deadline is escalated once, with exactly one alert per breach, on the timeline', async () => {
      const id = await file({ category: 'privacy', customerId: 'cust-late' });
      const c = await view(id);
      const responseDue = Date.parse(c.response.dueAt);
      clock.t = responseDue;
      assert.equal((await complaints.deadlines.check()).filter((b) => b.id === id).length, 0, 'at the due instant the promise still holds');
      clock.t = responseDue + 1;
      assert.deepEqual((await complaints.deadlines.check()).filter((b) => b.id === id), [{ id, deadline: 'response' }]);
      assert.equal((await complaints.deadlines.check()).filter((b) => b.id === id).length, 0, 'once');
      let alerts = await alertsOf(id);
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0]!.source, 'complaint-sla');
      assert.equal(alerts[0]!.severity, 'medium');
      assert.equal(alerts[0]!.reasons[0]!.code, 'COMPLAINT_RESPONSE_OVERDUE');
      assert.ok(!JSON.stringify(alerts).includes('13912345678'), 'no text in the alert');
      // Answered late: the response counts as missed, the feedback clock still runs.
      clock.t += H;
      await complaints.work.act(id, { kind: 'respond', text: '抱歉回复晚了,正在处理' }, worker('kf.a'));
      assert.equal((await view(id)).response.standing, 'breached');
      clock.t = Date.parse(c.feedback.dueAt) + 1;
      assert.deepEqual((await complaints.deadlines.check()).filter((b) => b.id === id), [{ id, deadline: 'feedback' }]);
      assert.equal((await complaints.deadlines.check()).filter((b) => b.id === id).length, 0);
      alerts = await alertsOf(id);
      assert.deepEqual(alerts.map((a) => [a.severity, a.reasons[0]!.code]).sort(), [['high', 'COMPLAINT_FEEDBACK_OVERDUE'], ['medium', 'COMPLAINT_RESPONSE_OVERDUE']]);
      const after = await view(id);
      assert.equal(after.escalated, true);
      assert.ok(after.response.breachedAt && after.feedback.breachedAt);
      assert.deepEqual(after.timeline.map((e) => e.kind), ['received', 'escalation', 'respond', 'escalation']);
      assert.deepEqual(after.timeline.filter((e) => e.kind === 'escalation').map((e) => e.detail.deadline), ['response', 'feedback']);
      assert.ok((await complaints.queries.list({ breached: true })).complaints.some((x) => x.id === id));
      assert.ok(!(await complaints.queries.list({ breached: false })).complaints.some((x) => x.id === id));
      const audited = await tp.platform.audit.query({ targetKind: 'complaint', targetId: id, action: 'complaint.escalate' });
      assert.equal(audited.length, 2);
    });

    test('a regulator’s complaint received long ago breaches both deadlines at once: two alerts, the worse critical', async () => {
      const id = await file({ channel: 'regulator', receivedAt: new Date(clock.t - 72 * H).toISOString() });
      const breached = (await complaints.deadlines.check()).filter((b) => b.id === id).map((b) => b.deadline);
      assert.deepEqual(breached, ['response', 'feedback']);
      assert.deepEqual((await alertsOf(id)).map((a) => a.severity).sort(), ['critical', 'high']);
      assert.equal((await complaints.deadlines.check()).filter((b) => b.id === id).length, 0);
    });

    test('deadlines follow the policy of the category, stamped at intake', async () => {
      await tp.platform.db.query(`INSERT INTO complaint_deadlines (category, respond_minutes, feedback_minutes) VALUES ('fraud', 120, 720)`);
      const id = await file({ category: 'fraud' });
      const c = await view(id);
      assert.equal(Date.parse(c.response.dueAt) - clock.t, 2 * H);
      assert.equal(Date.parse(c.feedback.dueAt) - clock.t, 12 * H);
      await tp.platform.db.query(`UPDATE complaint_deadlines SET respond_minutes = 600 WHERE category = 'fraud'`);
      assert.equal((await view(id)).response.dueAt, c.response.dueAt, 'a promise made is not moved');
    });

    test('statistics over a known set, by category, status and breach', async () => {
      // A window of its own, far from the other tests' complaints.
      const W = Date.parse('2027-01-10T00:00:00Z');
      clock.t = W;
      const a = await file({ category: 'collection' });
      const b = await file({ category: 'collection', channel: 'app' });
      const c = await file({ category: 'collection' });
      const d = await file({ category: 'account_security' });
      const at = async (h: number, fn: () => Promise<unknown>) => {
        clock.t = W + h * H;
        await fn();
      };
      await at(2, () => complaints.work.act(a, { kind: 'respond', text: '已收到' }, worker('kf.a')));
      await at(4, () => complaints.work.act(c, { kind: 'respond', text: '已收到' }, worker('kf.a')));
      await at(10, () => complaints.work.act(a, { kind: 'feedback', text: '已停止外包催收', outcome: 'upheld' }, worker('kf.a')));
      await at(11, () => complaints.work.act(a, { kind: 'close' }, worker('kf.a')));
      // Answered late before any monitor round: missed in the figures all the same.
      await at(30, () => complaints.work.act(b, { kind: 'respond', text: '抱歉' }, worker('kf.a')));
      await at(40, () => complaints.work.act(b, { kind: 'feedback', text: '已处理', outcome: 'upheld' }, worker('kf.a')));
      await at(60, () => complaints.work.act(c, { kind: 'feedback', text: '不予支持', outcome: 'not_upheld' }, worker('kf.a')));
      await at(80, () => file({ category: 'privacy', channel: 'web' }));
      await at(90, () => file({ category: 'privacy' }));
      clock.t = W + 100 * H;
      await complaints.deadlines.check();
      const s = await complaints.queries.stats({ from: new Date(W).toISOString(), to: new Date(W + 100 * H).toISOString() });
      assert.equal(s.total, 6);
      assert.deepEqual(s.byStatus, { received: 3, responded: 0, resolved: 2, closed: 1 });
      assert.deepEqual(s.byOutcome, { upheld: 2, partially_upheld: 0, not_upheld: 1 });
      assert.deepEqual([s.byChannel.phone, s.byChannel.app, s.byChannel.web], [4, 1, 1]);
      const figures = (f: { onTime: number; breached: number; pending: number }) => [f.onTime, f.breached, f.pending];
      // a on time/on time, b late/on time, c on time/late, d missed both, the two privacy ones running.
      assert.deepEqual(figures(s.response), [2, 2, 2]);
      assert.deepEqual(figures(s.feedback), [2, 2, 2]);
      // Responses after 2, 30, 4 h; feedback after 10, 40, 60 h.
      assert.deepEqual([s.response.medianMinutes, s.response.averageMinutes], [240, 720]);
      assert.deepEqual([s.feedback.medianMinutes, s.feedback.averageMinutes], [2400, 2200]);
      // Escalated only where the monitor found a promise still open past due: d. b and c were
      // answered late before it ran, which the figures above count as missed all the same.
      assert.equal(s.escalated, 1);
      const collection = s.byCategory.find((x) => x.category === 'collection')!;
      assert.deepEqual([collection.total, collection.open, collection.escalated], [3, 2, 0]);
      assert.deepEqual([figures(collection.response), figures(collection.feedback)], [[2, 1, 0], [2, 1, 0]]);
      const security = s.byCategory.find((x) => x.category === 'account_security')!;
      assert.deepEqual([figures(security.response), figures(security.feedback)], [[0, 1, 0], [0, 1, 0]]);
      const empty = await complaints.queries.stats({ from: new Date(W - 10 * H).toISOString(), to: new Date(W).toISOString() });
      assert.equal(empty.total, 0);
      assert.equal(empty.response.medianMinutes, null);
      await assert.rejects(complaints.queries.stats({ from: new Date(W).toISOString(), to: new Date(W).toISOString() }), (e) => code(e) === 'REQUEST_INVALID');
    });

    test('lists filter and page by cursor without repeats', async () => {
      const seen = new Set<string>();
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await complaints.queries.list({ limit: 3, ...(cursor ? { cursor } : {}) });
        for (const c of page.complaints) {
          assert.ok(!seen.has(c.id as string), 'no repeats');
          seen.add(c.id as string);
        }
        cursor = page.next ?? undefined;
        pages++;
      } while (cursor);
      const all = await tp.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM complaints');
      assert.equal(seen.size, Number(all.rows[0]!.n));
      assert.ok(pages > 2);
      const collection = (await complaints.queries.list({ category: 'collection', status: 'resolved' })).complaints;
      assert.ok(collection.length === 2 && collection.every((c) => c.category === 'collection' && c.status === 'resolved'));
      await assert.rejects(complaints.queries.list({ cursor: 'not-a-cursor' }), (e) => code(e) === 'REQUEST_INVALID');
    });

    // Last: it changes the platform's active key.
    test('a key rotation re-encrypts what complaints hold, and the text still opens', async () => {
      const id = (await complaints.queries.list({ status: 'closed', category: 'transaction_dispute' })).complaints[0]!.id as string;
      const before = await complaints.text.reveal(id, 'checking the rotation', { type: 'user', id: 'kf.a' });
      const ring = parseKeyFile(tp.env.FENGKONG_PII_KEYS!);
      tp.platform.vault.reload({ ...ring, activeKeyId: 'k2', dataKeys: new Map([...ring.dataKeys, ['k2', randomBytes(32)]]) });
      const summary = await new KeyRotation(tp.platform.db, tp.platform.vault, SEALED_LOCATIONS.filter((l) => l.table === 'complaints')).reencryptAll({ batchSize: 4 });
      assert.equal(summary.remainingUnderOldKeys, 0);
      assert.ok(summary.reencrypted > 10);
      const keys = await tp.platform.db.query<{ k: string }>(
        `SELECT DISTINCT split_part(v, '.', 1) AS k FROM (SELECT description AS v FROM complaints UNION ALL SELECT response_text FROM complaints UNION ALL SELECT feedback_text FROM complaints) s WHERE v IS NOT NULL`,
      );
      assert.deepEqual(keys.rows.map((r) => r.k), ['k2']);
      assert.deepEqual(await complaints.text.reveal(id, 'checking the rotation', { type: 'user', id: 'kf.a' }), before);
    });
  });
}
