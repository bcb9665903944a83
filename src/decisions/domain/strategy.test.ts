/** Strategies: the default pack compiles; bad strategies are refused with paths and positions. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { featuresReadableBy, loadPack } from '../pack.js';
import { decide } from './decide.js';
import { DECISION_POINT_NAMES } from './decision-points.js';
import { parseStrategy, type StrategyContext } from './strategy.js';

const pack = loadPack();
const featureDocs = (parseYaml(pack.featuresText) as { features: Array<{ name: string; key: string }> }).features;
const ctx: StrategyContext = {
  featuresFor: (types) => featuresReadableBy(featureDocs, types),
  lists: pack.lists.map((l) => l.name),
  models: [],
};

test('every strategy of the default pack compiles, 40+ rules in all', () => {
  let rules = 0;
  for (const point of DECISION_POINT_NAMES) {
    const r = parseStrategy(pack.strategies.get(point)!, ctx);
    assert.ok(r.ok, `${point}: ${JSON.stringify(!r.ok && r.problems)}`);
    rules += r.strategy.rules.length;
  }
  assert.ok(rules >= 40, `${rules} rules`);
  assert.ok(featureDocs.length >= 30, `${featureDocs.length} features`);
});

const minimal = (rules: string) => `
decisionPoint: payment
description: { zh: 测试, en: Test }
thresholds: { review: 300, block: 700 }
lists: [{ list: block_devices, kind: block, keys: [deviceId] }, { list: allow_customers, kind: allow, keys: [customerId] }]
rules:
${rules}`;

test('an unknown field, a type mismatch and a syntax error are refused at their rule with a position', () => {
  const r = parseStrategy(
    minimal(`  - { id: R_ONE, when: "event.amout > 5", action: review, score: 10, reason: X_Y, description: { zh: 一, en: one } }
  - { id: R_TWO, when: "event.amount > 'x'", action: review, score: 10, reason: X_Y, description: { zh: 二, en: two } }
  - { id: R_THREE, when: "event.amount >", action: block, score: 10, reason: X_Y, description: { zh: 三, en: three } }
  - { id: r_bad, when: "true", action: maybe, score: 5000, reason: x, description: { zh: 四 } }`),
    ctx,
  );
  assert.ok(!r.ok);
  const at = (path: string) => r.problems.filter((p) => p.path === path);
  assert.equal(at('rules[0].when').length, 1);
  assert.match(at('rules[0].when')[0]!.message.en, /amout/);
  assert.equal(at('rules[0].when')[0]!.column, 7);
  assert.equal(at('rules[1].when').length, 1);
  assert.equal(at('rules[2].when').length, 1);
  for (const f of ['rules[3].id', 'rules[3].action', 'rules[3].score', 'rules[3].reason', 'rules[3].description']) assert.equal(at(f).length, 1, f);
  for (const p of r.problems) assert.ok(p.message.zh && p.message.en);
});

test('outcome: the most severe fired action or threshold, lists in their precedence, reasons for each', () => {
  const r = parseStrategy(
    minimal(`  - { id: BIG, when: "event.amount >= 100000", action: score, score: 350, reason: BIG_AMOUNT, description: { zh: 大额, en: large } }
  - { id: HUGE, when: "event.amount >= 1000000", action: score, score: 400, reason: HUGE_AMOUNT, description: { zh: 巨额, en: huge } }
  - { id: BURST, when: "features.cust_payments_10m >= 5.0", action: block, score: 100, reason: BURST, description: { zh: 频繁, en: burst } }
  - { id: BROKEN, when: "features.cust_payment_mean_10m > 1.0", action: block, score: 100, reason: BROKEN, description: { zh: 坏, en: broken } }`),
    ctx,
  );
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  const event = { id: 'e1', type: 'payment', customerId: 'c1', deviceId: 'd1', amount: 200_000, currency: 'CNY', accountId: 'a', merchantId: 'm', occurredAt: '2026-11-20T02:00:00.000Z' };
  const none = () => false;
  const base = { features: { cust_payments_10m: 0 }, models: {}, inList: none };

  const review = decide(r.strategy, { ...base, event });
  assert.equal(review.outcome, 'review');
  assert.equal(review.score, 350);
  assert.deepEqual(review.reasons.map((x) => x.code), ['BIG_AMOUNT']);
  // A rule reading a feature with no history fails alone, never the decision.
  assert.equal(review.rules.find((x) => x.id === 'BROKEN')!.result, 'error');

  const blocked = decide(r.strategy, { ...base, event: { ...event, amount: 2_000_000 } });
  assert.equal(blocked.outcome, 'block');
  assert.equal(blocked.score, 750);

  const burst = decide(r.strategy, { ...base, features: { cust_payments_10m: 7 }, event: { ...event, amount: 100 } });
  assert.equal(burst.outcome, 'block');

  const allowListed = decide(r.strategy, { ...base, event, inList: (list) => list === 'allow_customers' });
  assert.equal(allowListed.outcome, 'allow');
  assert.ok(allowListed.reasons.some((x) => x.code === 'LIST_ALLOW'));
  const both = decide(r.strategy, { ...base, event, inList: () => true });
  assert.equal(both.outcome, 'block', 'block wins over allow in the declared precedence');
});

