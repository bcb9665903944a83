/**
 * Maker-checker on both stores: a proposed strategy version or list entry changes nothing until a
 * second person with the approver right approves it; nobody approves their own change; of two
 * approvers at once exactly one applies it; a rejected or withdrawn change is never applied.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DecisionEngine } from '../decisions/decision-engine.js';
import { permissionsOf, type Role } from '../identity/domain/permissions.js';
import { actorOf, type UserPrincipal } from '../identity/principal.js';
import { openTestPlatform, STORE_KINDS, type TestPlatform } from '../test-support/stores.js';
import type { ChangeRequests } from './change-requests.js';

function person(username: string, roles: Role[]): UserPrincipal {
  return { kind: 'user', userId: `u_${username}`, username, roles, permissions: permissionsOf(roles), stage: 'active', sessionId: `s_${username}` };
}

const analyst = person('maker.ana', ['strategy_analyst']);
const approver = person('checker.bo', ['strategy_approver']);
const secondApprover = person('checker.cy', ['strategy_approver']);
const modelApprover = person('model.mo', ['model_approver']);
// Someone holding both rights still may not approve what they proposed.
const both = person('both.hats', ['strategy_analyst', 'strategy_approver']);

const loginStrategy = (score: number) => `
decisionPoint: login
description: { zh: 登录, en: Login }
thresholds: { review: 100, block: 900 }
rules:
  - { id: ALL_LOGINS, when: "true", action: review, score: ${score}, reason: TEST_ALL, description: { zh: 全部, en: all } }
`;

const code = (e: unknown) => (e as { code?: string }).code;

for (const kind of STORE_KINDS) {
  describe(`maker-checker on ${kind}`, () => {
    let tp: TestPlatform;
    let engine: DecisionEngine;
    let changes: ChangeRequests;
    before(async () => {
      tp = await openTestPlatform(kind);
      engine = await tp.platform.decisions();
      changes = tp.platform.changes;
    });
    after(async () => tp?.cleanup());

    const proposeStrategy = (maker: UserPrincipal, score: number) =>
      changes.propose({ kind: 'strategy.publish', target: { kind: 'strategy', id: 'login' }, summary: { decisionPoint: 'login' }, payload: { decisionPoint: 'login', body: loginStrategy(score) } }, maker, actorOf(maker));

    test('a proposed strategy is not live until another approver approves it; both names are recorded', async () => {
      const before = engine.strategies.live('login').version;
      const c = await proposeStrategy(analyst, 150);
      assert.equal(c.status, 'pending');
      assert.equal(engine.strategies.live('login').version, before, 'nothing changed yet');

      await assert.rejects(changes.approve(c.id, modelApprover, actorOf(modelApprover)), (e) => code(e) === 'FORBIDDEN', 'a model approver has no right over strategies');
      const done = await changes.approve(c.id, approver, actorOf(approver), 'looks right');
      assert.equal(done.status, 'approved');
      assert.equal(done.decidedBy, 'checker.bo');
      assert.equal(engine.strategies.live('login').version, before! + 1);
      assert.deepEqual(done.result, { decisionPoint: 'login', version: before! + 1 });
      const [latest] = await engine.strategies.versions('login');
      assert.equal(latest!.createdBy, 'maker.ana');
      assert.equal(latest!.publishedBy, 'checker.bo');
      await assert.rejects(changes.approve(c.id, secondApprover, actorOf(secondApprover)), (e) => code(e) === 'CHANGE_NOT_PENDING');
    });

    test('nobody approves their own change, even holding the approver right; the attempt is audited', async () => {
      const c = await proposeStrategy(both, 160);
      await assert.rejects(changes.approve(c.id, both, actorOf(both)), (e) => code(e) === 'SELF_APPROVAL_REFUSED');
      await assert.rejects(changes.reject(c.id, both, actorOf(both), 'no'), (e) => code(e) === 'SELF_APPROVAL_REFUSED');
      assert.equal((await changes.get(c.id)).status, 'pending');
      const refused = await tp.platform.audit.query({ action: 'change.approve.refused', targetId: c.id });
      assert.equal(refused.length, 1);
      assert.equal(refused[0]!.actorId, 'both.hats');
      await changes.approve(c.id, approver, actorOf(approver));
    });

    test('of two approvers at once, exactly one applies the change', async () => {
      const before = engine.strategies.live('login').version!;
      const c = await proposeStrategy(analyst, 170);
      const results = await Promise.allSettled([changes.approve(c.id, approver, actorOf(approver)), changes.approve(c.id, secondApprover, actorOf(secondApprover))]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, JSON.stringify(results.map((r) => r.status)));
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.equal(code(lost.reason), 'CHANGE_NOT_PENDING');
      const versions = await engine.strategies.versions('login');
      assert.equal(versions[0]!.version, before + 1, 'one new version, not two');
      assert.equal(engine.strategies.live('login').version, before + 1);
      assert.equal((await tp.platform.audit.query({ action: 'change.approve', targetId: c.id })).length, 1);
    });

    test('rejected and withdrawn changes are never applied; only the maker withdraws', async () => {
      const before = engine.strategies.live('login').version;
      const r = await proposeStrategy(analyst, 180);
      await changes.reject(r.id, approver, actorOf(approver), 'score too high');
      await assert.rejects(changes.approve(r.id, secondApprover, actorOf(secondApprover)), (e) => code(e) === 'CHANGE_NOT_PENDING');
      const w = await proposeStrategy(analyst, 190);
      await assert.rejects(changes.withdraw(w.id, approver, actorOf(approver)), (e) => code(e) === 'FORBIDDEN');
      assert.equal((await changes.withdraw(w.id, analyst, actorOf(analyst))).status, 'withdrawn');
      assert.equal(engine.strategies.live('login').version, before);
      assert.deepEqual((await changes.list({ status: 'pending' })).length, 0);
    });

    test('a list entry on personal data waits hashed in the proposal, then blocks once approved', async () => {
      const entry = engine.lists.prepare({ list: 'block_customers', keyField: 'phone', value: '139 8765 4321', reason: 'mule' });
      const c = await changes.propose({ kind: 'list.entry.add', target: { kind: 'list', id: 'block_customers' }, summary: { value: entry.shown }, payload: { entry } }, analyst, actorOf(analyst));
      const stored = await tp.platform.db.query<{ payload: unknown; summary: unknown }>('SELECT payload, summary FROM change_requests WHERE id = $1', [c.id]);
      assert.ok(!JSON.stringify(stored.rows[0]).includes('87654321'), 'no clear phone in the proposal');
      assert.equal(engine.lists.inList('block_customers', '13987654321'), false);
      await changes.approve(c.id, approver, actorOf(approver));
      assert.equal(engine.lists.inList('block_customers', '13987654321'), true);
      const [shown] = await engine.lists.entries('block_customers');
      assert.equal(shown!.createdBy, 'maker.ana');
      assert.equal(shown!.approvedBy, 'checker.bo');
      assert.match(shown!.value, /\*/);

      const removal = await changes.propose({ kind: 'list.entry.remove', target: { kind: 'list', id: 'block_customers' }, summary: {}, payload: { entry } }, analyst, actorOf(analyst));
      await changes.approve(removal.id, approver, actorOf(approver));
      assert.equal(engine.lists.inList('block_customers', '13987654321'), false);
      assert.equal((await tp.platform.audit.verify()).ok, true);
    });
  });
}
