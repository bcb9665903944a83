/**
 * The credit life cycle end to end on both stores: a scorecard trained on the platform's own
 * labelled applications, approved by someone else, activated through maker-checker as the
 * champion of loan_application; applications decided with tier, limit, price and reasons (and
 * referred without a champion); the model's score readable by rules and kept in the trace;
 * in-loan scoring and early warning on a controllable clock; customer risk and suitability.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SYSTEM_ACTOR } from '../audit/audit-log.js';
import { permissionsOf, type Role } from '../identity/domain/permissions.js';
import { actorOf, type UserPrincipal } from '../identity/principal.js';
import { LabelRepository } from '../labels/label-repository.js';
import { Rng } from '../shared/prng.js';
import { openTestPlatform, STORE_KINDS, type TestPlatform } from '../test-support/stores.js';

function person(username: string, roles: Role[]): UserPrincipal {
  return { kind: 'user', userId: `u_${username}`, username, roles, permissions: permissionsOf(roles), stage: 'active', sessionId: `s_${username}` };
}
const modeller = person('mod.li', ['modeller']);
const approver = person('appr.wang', ['model_approver']);
const code = (e: unknown) => (e as { code?: string }).code;

const DAY = 86_400_000;
const START = Date.parse('2026-06-01T00:00:00Z');
const EMPLOYMENT = ['employed', 'self_employed', 'student', 'unemployed'] as const;
const EMPLOYMENT_RISK = { employed: 0, self_employed: 0.4, student: 0.7, unemployed: 1.4 };

/** Loan applications with a known default mechanism (burden and employment), and their labels. */
function applications(n: number, seed: number, atMs: number) {
  const rng = new Rng(seed);
  const events: Array<Record<string, unknown>> = [];
  const labels: Array<{ applicationId: string; eventId: string; customerId: string; defaulted: boolean }> = [];
  for (let i = 0; i < n; i++) {
    const income = 300_000 + Math.round(rng.next() * 2_000_000);
    const amount = Math.round((income * (0.5 + rng.next() * 8)) / 100) * 100;
    const employment = rng.pick(EMPLOYMENT);
    const z = -2.2 + 1.3 * Math.log(amount / income / 3) + EMPLOYMENT_RISK[employment];
    const defaulted = rng.next() < 1 / (1 + Math.exp(-z));
    const id = `la-${seed}-${i}`;
    events.push({ id, type: 'loan_application', occurredAt: new Date(atMs + i * 60_000).toISOString(), customerId: `cu-${seed}-${i}`, amount, currency: 'CNY', applicationId: `app-${seed}-${i}`, productId: 'cash_loan', termMonths: 12, declaredIncome: income, employment, channel: 'app' });
    labels.push({ applicationId: `app-${seed}-${i}`, eventId: id, customerId: `cu-${seed}-${i}`, defaulted });
  }
  return { events, labels };
}

for (const kind of STORE_KINDS) {
  describe(`credit life cycle on ${kind}`, () => {
    let tp: TestPlatform;
    let now = START + 400 * DAY;
    let modelId = '';
    before(async () => {
      tp = await openTestPlatform(kind, { clock: { now: () => now } });
      const { events, labels } = applications(900, 11, START);
      const results = await tp.platform.ingest.ingest(events, { source: 'loan-core' });
      assert.ok(results.every((r) => r.status === 'stored'), 'history stored');
      await new LabelRepository(tp.platform.db).upsert(labels.map((l) => ({ kind: 'credit', subjectId: l.applicationId, eventId: l.eventId, customerId: l.customerId, value: l.defaulted ? 'defaulted' : 'performing', pattern: null, source: 'test', labelledAt: new Date(START).toISOString() })));
    });
    after(async () => tp?.cleanup());

    test('without a champion model an application is referred to an underwriter, with an alert in the credit queue', async () => {
      const r = await tp.platform.credit.applications.decide({ event: application('no-model', 2_000_000, 800_000) }, 'test');
      assert.equal(r.outcome, 'refer');
      assert.ok(r.reasons.some((x) => x.code === 'NO_CHAMPION_MODEL'));
      const alerts = await tp.platform.db.query<{ queue: string; source: string }>("SELECT queue, source FROM alerts WHERE dedupe_key = $1", [`application:${r.eventId}`]);
      assert.deepEqual(alerts.rows.map((a) => [a.queue, a.source]), [['credit', 'credit']]);
    });

    test('a scorecard trained on the platform’s labelled applications finds the signal; it is a draft with a report', async () => {
      const data = await tp.platform.modelling.labelledApplications();
      assert.equal(data.rows, 900);
      const { version, result } = await tp.platform.modelling.train('app_score', { data }, { name: 'labelled loan applications' }, { method: 'scorecard' }, actorOf(modeller));
      assert.equal(version.status, 'draft');
      assert.equal(version.version, 1);
      assert.ok(result.test.auc > 0.65, `held-out AUC ${result.test.auc}`);
      assert.ok(version.variables.includes('amountToIncome') || version.variables.includes('instalmentToIncome'), `variables ${version.variables}`);
      const html = await tp.platform.models.report(version.id);
      assert.match(html ?? '', /模型报告|Model report/);
      modelId = version.id;
    });

    test('approval: never by the author, then by a model approver; activation waits for a second person', async () => {
      await assert.rejects(tp.platform.models.approve(modelId, modeller, actorOf(modeller)), (e) => code(e) === 'SELF_APPROVAL_REFUSED');
      await assert.rejects(tp.platform.modelling.proposeActivation(modelId, 'loan_application', true, modeller, actorOf(modeller)), (e) => code(e) === 'MODEL_TRANSITION_REFUSED', 'a draft cannot be activated');
      const approved = await tp.platform.models.approve(modelId, approver, actorOf(approver), 'report read');
      assert.equal(approved.status, 'approved');
      const change = await tp.platform.modelling.proposeActivation(modelId, 'loan_application', true, modeller, actorOf(modeller));
      assert.equal(tp.platform.models.champion('loan_application'), undefined, 'nothing live before the checker');
      await assert.rejects(tp.platform.changes.approve(change.id, modeller, actorOf(modeller)), (e) => ['SELF_APPROVAL_REFUSED', 'FORBIDDEN'].includes(code(e) ?? ''));
      await tp.platform.changes.approve(change.id, approver, actorOf(approver));
      const live = tp.platform.models.champion('loan_application');
      assert.equal(live?.version.id, modelId);
      assert.equal(live?.version.status, 'active');
      const audit = await tp.platform.db.query<{ action: string }>("SELECT action FROM audit_log WHERE target_id = $1 ORDER BY seq", [modelId]);
      assert.deepEqual(audit.rows.map((a) => a.action), ['model.register', 'model.approve.refused', 'model.approve', 'model.activate']);
    });

    test('applications are decided by the champion: low burden approved in a good tier, high burden worse; every outcome has reasons; a repeat returns the first', async () => {
      const good = await tp.platform.credit.applications.decide({ event: application('good', 300_000, 2_000_000, 'employed') }, 'test');
      const risky = await tp.platform.credit.applications.decide({ event: application('risky', 8_000_000, 400_000, 'unemployed') }, 'test');
      assert.equal(good.model?.id, modelId);
      assert.equal(good.outcome, 'approve', JSON.stringify(good.reasons));
      assert.ok(good.tier && ['A', 'B', 'C'].includes(good.tier), `tier ${good.tier}`);
      assert.ok(good.aprBps !== null && good.aprBps <= 2400);
      assert.ok(good.approvedAmount !== null && good.approvedAmount <= 300_000);
      assert.ok(risky.score! < good.score!, `scores ${risky.score} < ${good.score}`);
      assert.notEqual(risky.outcome, 'approve');
      assert.ok(risky.reasons.length > 0);
      const again = await tp.platform.credit.applications.decide({ event: application('good', 300_000, 2_000_000, 'employed') }, 'test');
      assert.equal(again.repeat, true);
      assert.equal(again.score, good.score);
      const n = await tp.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM credit_applications WHERE event_id = $1', [good.eventId]);
      assert.equal(Number(n.rows[0]!.n), 1);
    });

    test('an application is decided on its validated form; an id already used by another event type is refused', async () => {
      const lower = await tp.platform.credit.applications.decide({ event: { ...application('lower-currency', 300_000, 2_000_000), currency: 'cny' } }, 'test');
      assert.ok(!lower.reasons.some((r) => r.code === 'CURRENCY_MISMATCH'), JSON.stringify(lower.reasons));
      assert.equal(lower.requested.currency, 'CNY');
      const engine = await tp.platform.decisions();
      await engine.service.decide({ id: `pay-${kind}-reused`, type: 'payment', occurredAt: new Date(now - 60_000).toISOString(), customerId: 'cu-pay', amount: 1_000, currency: 'CNY', accountId: 'acc-pay', merchantId: 'mch-1', channel: 'app' }, 'test');
      await assert.rejects(tp.platform.credit.applications.decide({ event: { ...application('reused', 300_000, 2_000_000), id: `pay-${kind}-reused` } }, 'test'), (e) => code(e) === 'EVENT_ID_REUSED');
    });

    test('the active model’s score is in the anti-fraud decision’s trace, readable by rules as models.app_score', async () => {
      const engine = await tp.platform.decisions();
      const ev = application('traced', 500_000, 1_000_000, 'employed');
      await engine.service.decide(ev, 'test');
      const trace = await engine.queries.find(ev.id as string);
      const models = (trace?.trace as { models?: Record<string, number> }).models;
      assert.ok(models && typeof models.app_score === 'number' && typeof models.app_score_probability === 'number', JSON.stringify(models));
      assert.deepEqual(engine.strategies.check(strategyReading('models.app_score < 450.0')), [], 'a rule may read the model');
      assert.notDeepEqual(engine.strategies.check(strategyReading('models.no_such_model < 1.0')), [], 'an unknown model is refused at compile time');
    });

    test('in-loan scoring and early warning: an overdue loan raises one alert per month, a loan on schedule none', async () => {
      const t0 = now - 100 * DAY;
      const loans = [
        { id: 'loan-ok', customer: 'cu-ok', paid: [1, 2, 3] },
        { id: 'loan-late', customer: 'cu-late', paid: [1] },
      ];
      const events: Array<Record<string, unknown>> = [];
      for (const l of loans) {
        events.push({ id: `d-${l.id}`, type: 'loan_disbursement', occurredAt: new Date(t0).toISOString(), customerId: l.customer, amount: 600_000, currency: 'CNY', loanId: l.id, accountId: `acc-${l.customer}`, termMonths: 6, annualRateBps: 1200 });
        for (const k of l.paid) events.push({ id: `r-${l.id}-${k}`, type: 'repayment', occurredAt: new Date(t0 + k * 30 * DAY).toISOString(), customerId: l.customer, amount: 106_000, currency: 'CNY', loanId: l.id, installmentNo: k, daysPastDue: 0 });
      }
      // The loan core sent loan-ok's disbursement twice, under two event ids: still one loan.
      events.push({ ...events[0]!, id: 'd-loan-ok-again' });
      const stored = await tp.platform.ingest.ingest(events, { source: 'loan-core' });
      assert.ok(stored.every((r) => r.status === 'stored'), JSON.stringify(stored.filter((r) => r.status !== 'stored')));
      const run = await tp.platform.credit.monitor.run();
      assert.equal(run.skipped, false);
      assert.equal(run.loans, 2);
      assert.equal(run.alert, 1);
      assert.equal(run.alertsRaised, 1);
      const rows = await tp.platform.db.query<{ loan_id: string; warning: string; max_days_past_due: number }>('SELECT loan_id, warning, max_days_past_due FROM loan_risk_scores ORDER BY loan_id');
      assert.deepEqual(rows.rows.map((r) => [r.loan_id, r.warning]), [['loan-late', 'alert'], ['loan-ok', 'none']]);
      assert.equal(Number(rows.rows[0]!.max_days_past_due), 40, 'installment 2 fell due 60 days in, 40 days ago');
      assert.equal((await tp.platform.credit.monitor.run()).skipped, true, 'once a day');
      const forced = await tp.platform.credit.monitor.run({ force: true });
      assert.equal(forced.alertsRaised, 0, 'the same month raises no second alert');
      const alerts = await tp.platform.db.query<{ queue: string; customer_id: string }>("SELECT queue, customer_id FROM alerts WHERE source = 'early-warning'");
      assert.deepEqual(alerts.rows.map((a) => [a.queue, a.customer_id]), [['credit', 'cu-late']]);
    });

    test('suitability: a product above the tolerance is refused with a reason and recorded; an expired assessment is refused', async () => {
      const officer = actorOf(person('comp.zhao', ['compliance_officer']));
      await assert.rejects(tp.platform.credit.profiles.checkSuitability('cu-s', 'no_such_product', officer), (e) => code(e) === 'REQUEST_INVALID');
      await assert.rejects(tp.platform.credit.profiles.checkSuitability('cu-s', 'constructor', officer), (e) => code(e) === 'REQUEST_INVALID', 'an inherited key is no product');
      const missing = await tp.platform.credit.profiles.checkSuitability('cu-s', 'bond_fund', officer);
      assert.equal(missing.code, 'ASSESSMENT_MISSING');
      await tp.platform.credit.profiles.recordTolerance('cu-s', 'C3', new Date(now - DAY).toISOString(), officer);
      const above = await tp.platform.credit.profiles.checkSuitability('cu-s', 'equity_fund', officer);
      assert.deepEqual([above.allowed, above.code], [false, 'PRODUCT_ABOVE_TOLERANCE']);
      assert.ok(above.reason.zh.length > 0 && above.reason.en.length > 0);
      const within = await tp.platform.credit.profiles.checkSuitability('cu-s', 'balanced_fund', officer);
      assert.equal(within.allowed, true);
      now += 366 * DAY;
      const expired = await tp.platform.credit.profiles.checkSuitability('cu-s', 'money_fund', officer);
      assert.equal(expired.code, 'ASSESSMENT_EXPIRED');
      const refused = await tp.platform.credit.profiles.checks({ customerId: 'cu-s', refused: true });
      assert.deepEqual(refused.map((c) => c.code).sort(), ['ASSESSMENT_EXPIRED', 'ASSESSMENT_MISSING', 'PRODUCT_ABOVE_TOLERANCE']);
    });

    test('customer risk classification: a politically exposed person is high risk whatever the points; the change is audited', async () => {
      const a = await tp.platform.credit.profiles.assess('cu-pep', { pep: true, industry: 'software', balance: 10_000_000 }, SYSTEM_ACTOR);
      assert.equal(a.level, 'high');
      assert.ok(a.reasons.some((r) => r.code === 'PEP'));
      const p = await tp.platform.credit.profiles.profile('cu-pep');
      assert.equal(p?.riskLevel, 'high');
      const again = await tp.platform.credit.profiles.assess('cu-pep', {}, SYSTEM_ACTOR);
      assert.equal(again.level, 'high', 'a supplied PEP fact holds until replaced');
      assert.equal((await tp.platform.credit.profiles.assess('cu-pep', { pep: false }, SYSTEM_ACTOR)).level === 'high', false);
      const audit = await tp.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'customer.risk.assess' AND target_id = 'cu-pep'");
      assert.equal(Number(audit.rows[0]!.n), 3);
    });

    test('re-activating the champion at another use moves it there (this process and the stored state agree)', async () => {
      const change = await tp.platform.modelling.proposeActivation(modelId, 'in_loan', true, modeller, actorOf(modeller));
      await tp.platform.changes.approve(change.id, approver, actorOf(approver));
      assert.equal(tp.platform.models.champion('in_loan')?.version.id, modelId);
      assert.equal(tp.platform.models.champion('loan_application'), undefined);
      assert.equal((await tp.platform.models.get(modelId)).use, 'in_loan');
    });

    function application(tag: string, amount: number, income: number, employment = 'employed'): Record<string, unknown> {
      return { id: `app-ev-${kind}-${tag}`, type: 'loan_application', occurredAt: new Date(now - 60_000).toISOString(), customerId: `cu-${tag}`, amount, currency: 'CNY', applicationId: `app-${tag}`, productId: 'cash_loan', termMonths: 12, declaredIncome: income, employment, channel: 'app' };
    }
  });
}

function strategyReading(expr: string): string {
  return `
decisionPoint: loan_application
description: { zh: 测试, en: Test }
thresholds: { review: 100, block: 900 }
rules:
  - { id: LOW_APP_SCORE, when: "${expr}", action: review, score: 200, reason: LOW_SCORE, description: { zh: 低分, en: low score } }
`;
}
