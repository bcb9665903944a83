/** Credit policy: tier bands cover the score range without overlap, APRs respect the legal cap, every problem named by path. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreditConfigError, orThrow } from './config-reader.js';
import { parseCreditPolicy, tierForScore } from './credit-policy.js';

const TIERS = `
      - { tier: A, minScore: 700, maxScore: 900, decision: approve, limit: { min: 100000, max: 20000000, incomeMultiple: 4 }, aprBps: 1080, terms: [3, 6, 12] }
      - { tier: B, minScore: 650, maxScore: 700, decision: approve, limit: { min: 100000, max: 10000000 }, aprBps: 1440, terms: [3, 6, 12] }
      - { tier: C, minScore: 600, maxScore: 650, decision: approve, limit: { min: 100000, max: 5000000 }, aprBps: 1800, terms: [3, 6] }
      - { tier: D, minScore: 560, maxScore: 600, decision: refer, limit: { min: 50000, max: 2000000 }, aprBps: 2350, terms: [3] }
      - { tier: E, minScore: 300, maxScore: 560, decision: decline }`;

const policy = (tiers = TIERS, head = '') => `${head}
products:
  p:
    name: { zh: 测试, en: Test }
    currency: CNY
    scoreRange: { min: 300, max: 900 }
    tiers:${tiers}`;

/** TIERS with one line replaced. */
const swap = (from: string, to: string) => {
  assert.ok(TIERS.includes(from), from);
  return policy(TIERS.replace(from, to));
};

test('tiers: minScore inclusive, maxScore exclusive, the top tier includes the max, outside scores clamp', () => {
  const r = parseCreditPolicy(policy());
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  const product = r.value.products.p!;
  assert.deepEqual(product.tiers.map((t) => t.tier), ['A', 'B', 'C', 'D', 'E'], 'best first');
  const cases: Array<[number, string]> = [
    [900, 'A'], [1200, 'A'], [700, 'A'], [699.999, 'B'], [650, 'B'], [649.5, 'C'], [600, 'C'],
    [599.99, 'D'], [560, 'D'], [559.99, 'E'], [300, 'E'], [-50, 'E'],
  ];
  for (const [score, tier] of cases) assert.equal(tierForScore(product, score).tier, tier, String(score));
  assert.equal(r.value.legalAprCapBps, 2400, 'default cap: 24% APR');
  assert.equal(product.counterOffer, true);
  assert.deepEqual(product.customerRisk, { low: 'none', medium: 'none', high: 'refer' });
});

test('tiers listed in any order are sorted best first', () => {
  const lines = TIERS.split('\n').filter(Boolean).reverse().join('\n');
  const r = parseCreditPolicy(policy(`\n${lines}`));
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  assert.deepEqual(r.value.products.p!.tiers.map((t) => t.tier), ['A', 'B', 'C', 'D', 'E']);
});

test('refused policies name each problem by path (table)', () => {
  const cases: Array<[string, string, RegExp]> = [
    [swap('aprBps: 2350', 'aprBps: 2500'), 'products.p.tiers[3].aprBps', /above the legal cap of 24%/],
    [policy(TIERS, 'legalAprCapBps: 1500'), 'products.p.tiers[2].aprBps', /above the legal cap of 15%/],
    [swap('minScore: 650, maxScore: 700', 'minScore: 640, maxScore: 700'), 'products.p.tiers[1].minScore', /overlaps tier C/],
    [swap('minScore: 650, maxScore: 700', 'minScore: 660, maxScore: 700'), 'products.p.tiers[1].minScore', /gap after tier C/],
    [swap('minScore: 300, maxScore: 560', 'minScore: 350, maxScore: 560'), 'products.p.tiers[4].minScore', /score range's min/],
    [swap('minScore: 700, maxScore: 900', 'minScore: 700, maxScore: 850'), 'products.p.tiers[0].maxScore', /score range's max/],
    [swap('minScore: 700, maxScore: 900', 'minScore: 700, maxScore: 700'), 'products.p.tiers[0]', /minScore must be below maxScore/],
    [swap('tier: B', 'tier: A'), 'products.p.tiers[1].tier', /twice/],
    [swap('tier: A', 'tier: X'), 'products.p.tiers[0].tier', /one of: A, B, C, D, E/],
    [policy(TIERS.replace('tier: A', 'tier: Z_').replace('tier: B', 'tier: A').replace('tier: Z_', 'tier: B')), 'products.p.tiers[0].tier', /expected A here/],
    [swap('decision: refer', 'decision: approve').replace('tier: C, minScore: 600, maxScore: 650, decision: approve', 'tier: C, minScore: 600, maxScore: 650, decision: refer'), 'products.p.tiers[3].decision', /more lenient than the higher tier C/],
    [swap('max: 5000000', 'max: 50000000'), 'products.p.tiers[2].limit.max', /higher tier B/],
    [swap('aprBps: 1800', 'aprBps: 1200'), 'products.p.tiers[2].aprBps', /below the higher tier B/],
    [swap('limit: { min: 100000, max: 5000000 }', 'limit: { min: 6000000, max: 5000000 }'), 'products.p.tiers[2].limit', /min may not exceed max/],
    [swap('limit: { min: 100000, max: 5000000 }', 'limit: { min: 100000.5, max: 5000000 }'), 'products.p.tiers[2].limit.min', /minor units/],
    [swap(', limit: { min: 100000, max: 5000000 }', ''), 'products.p.tiers[2].limit', /mapping/],
    [swap('terms: [3, 6]', 'terms: [3, 3]'), 'products.p.tiers[2].terms[1]', /twice/],
    [swap('terms: [3, 6]', 'terms: []'), 'products.p.tiers[2].terms', /at least 1/],
    [swap('decision: decline', 'decision: maybe'), 'products.p.tiers[4].decision', /approve, refer, decline/],
    [policy(TIERS).replace('currency: CNY', 'currency: XYZ'), 'products.p.currency', /ISO 4217/],
    [policy(TIERS).replace('scoreRange: { min: 300, max: 900 }', 'scoreRange: { min: 900, max: 300 }'), 'products.p.scoreRange', /min must be below max/],
    [policy(TIERS).replace('currency: CNY', 'currency: CNY\n    hardDeclines: { maxProbability: 1.5 }'), 'products.p.hardDeclines.maxProbability', /0 to 1/],
    [policy(TIERS).replace('currency: CNY', 'currency: CNY\n    fraud: { review: allow }'), 'products.p.fraud.review', /refer, decline/],
    [policy(TIERS).replace('currency: CNY', 'currency: CNY\n    customerRisk: { high: ignore }'), 'products.p.customerRisk.high', /none, refer, decline/],
    [policy(TIERS).replace('currency: CNY', 'currency: CNY\n    maxLimt: 5'), 'products.p.maxLimt', /unknown key/],
    [policy(TIERS).replace('  p:', '  Cash-Loan:'), 'products.Cash-Loan', /lower-case/],
    [policy(TIERS, 'legalAprCapBps: 0'), 'legalAprCapBps', /1 to 3600/],
    ['products: {}', 'products', /at least one/],
    ['products: [', '', /YAML syntax/],
  ];
  for (const [text, path, re] of cases) {
    const r = parseCreditPolicy(text);
    assert.ok(!r.ok, `${path} should be refused`);
    const hit = r.problems.find((p) => p.path === path && re.test(p.message.en));
    assert.ok(hit, `${path} ${re}: got ${JSON.stringify(r.problems.map((p) => [p.path, p.message.en]))}`);
    for (const p of r.problems) assert.ok(p.message.zh && p.message.en, p.path);
  }
});

test('orThrow raises CreditConfigError carrying every problem', () => {
  const r = parseCreditPolicy(swap('aprBps: 2350', 'aprBps: 3000').replace('currency: CNY', 'currency: ???'));
  assert.throws(
    () => orThrow(r),
    (err: unknown) => {
      assert.ok(err instanceof CreditConfigError);
      assert.equal(err.name, 'CreditConfigError');
      assert.equal(err.code, 'CREDIT_CONFIG_INVALID');
      assert.deepEqual(err.problems.map((p) => p.path).sort(), ['products.p.currency', 'products.p.tiers[3].aprBps']);
      return true;
    },
  );
});
