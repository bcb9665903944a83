/** Credit decisions: outcome precedence, limits and counter-offers, and a reason behind every decline and referral. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { orThrow } from './config-reader.js';
import { type CreditDecision, type CreditDecisionInput, decideCredit, monthlyInstalment } from './credit-decision.js';
import { parseCreditPolicy } from './credit-policy.js';

const TIERS = `
      - { tier: A, minScore: 700, maxScore: 900, decision: approve, limit: { min: 100000, max: 20000000, incomeMultiple: 4 }, aprBps: 1080, terms: [3, 6, 12, 24] }
      - { tier: B, minScore: 650, maxScore: 700, decision: approve, limit: { min: 100000, max: 10000000, incomeMultiple: 3 }, aprBps: 1440, terms: [3, 6, 12] }
      - { tier: C, minScore: 600, maxScore: 650, decision: approve, limit: { min: 100000, max: 5000000, incomeMultiple: 2 }, aprBps: 1800, terms: [3, 6] }
      - { tier: D, minScore: 560, maxScore: 600, decision: refer, limit: { min: 50000, max: 2000000 }, aprBps: 2350, terms: [3] }
      - { tier: E, minScore: 300, maxScore: 560, decision: decline }`;

const policy = orThrow(
  parseCreditPolicy(`
products:
  cash_loan:
    name: { zh: 现金贷, en: Cash loan }
    currency: CNY
    scoreRange: { min: 300, max: 900 }
    incomeRequired: true
    limitStep: 10000
    hardDeclines: { maxProbability: 0.12, maxDebtToIncome: 0.5 }
    tiers:${TIERS}
  strict_loan:
    name: { zh: 严格, en: Strict }
    currency: CNY
    scoreRange: { min: 300, max: 900 }
    counterOffer: false
    fraud: { review: decline }
    customerRisk: { medium: refer, high: decline }
    tiers:${TIERS}
`),
);

const base: CreditDecisionInput = {
  application: { productId: 'cash_loan', requestedAmount: 3_000_000, currency: 'CNY', termMonths: 12, income: 1_500_000, existingDebt: 100_000 },
  model: { score: 720, probability: 0.01, reasons: [{ variable: 'age', pointsLost: 12.34, value: '25-30' }] },
  fraud: { outcome: 'allow', reasons: [] },
};

type Patch = { application?: Partial<CreditDecisionInput['application']>; model?: Partial<CreditDecisionInput['model']>; fraud?: CreditDecisionInput['fraud']; customerRisk?: CreditDecisionInput['customerRisk'] };
const decide = (patch: Patch = {}): CreditDecision =>
  decideCredit(policy, {
    application: { ...base.application, ...patch.application },
    model: { ...base.model, ...patch.model },
    fraud: patch.fraud ?? base.fraud,
    customerRisk: patch.customerRisk ?? null,
  });
const codes = (d: CreditDecision) => d.reasons.map((r) => r.code);

test('a clean tier-A application is approved as asked, limit min(max, income × 4)', () => {
  const d = decide();
  assert.equal(d.outcome, 'approve');
  assert.equal(d.tier, 'A');
  assert.deepEqual(d.limit, { amount: 6_000_000, currency: 'CNY' });
  assert.equal(d.approvedAmount, 3_000_000);
  assert.equal(d.aprBps, 1080);
  assert.equal(d.termMonths, 12);
  assert.equal(d.monthlyInstalment, monthlyInstalment(3_000_000, 1080, 12));
  // (1,000 yuan existing + about 2,649 yuan new) / 15,000 yuan.
  assert.ok(d.debtToIncome! > 0.24 && d.debtToIncome! < 0.25, String(d.debtToIncome));
  assert.deepEqual(d.reasons, []);
});

test('outcomes and their reasons (table)', () => {
  const cases: Array<[string, Patch, CreditDecision['outcome'], string[]]> = [
    ['anti-fraud block', { fraud: { outcome: 'block', reasons: ['SHARED_DEVICE', 'MULTIPLE_APPLICATIONS'] } }, 'decline', ['FRAUD_BLOCK', 'SHARED_DEVICE', 'MULTIPLE_APPLICATIONS']],
    ['anti-fraud review', { fraud: { outcome: 'review', reasons: ['NEW_CUSTOMER_LARGE_LOAN'] } }, 'refer', ['FRAUD_REVIEW', 'NEW_CUSTOMER_LARGE_LOAN']],
    ['anti-fraud review, product declines it', { application: { productId: 'strict_loan' }, fraud: { outcome: 'review', reasons: [] } }, 'decline', ['FRAUD_REVIEW']],
    ['probability of bad above the maximum', { model: { probability: 0.2 } }, 'decline', ['PD_ABOVE_MAX', 'age']],
    ['probability exactly at the maximum', { model: { probability: 0.12 } }, 'approve', []],
    ['tier E', { model: { score: 559.9 } }, 'decline', ['TIER_DECLINE', 'age']],
    ['tier D is referred, with the offer a reviewer would confirm', { model: { score: 560 }, application: { termMonths: 3, requestedAmount: 500_000 } }, 'refer', ['TIER_REFER', 'age']],
    ['PD and tier both decline: model reasons listed once', { model: { score: 400, probability: 0.5 } }, 'decline', ['PD_ABOVE_MAX', 'age', 'TIER_DECLINE']],
    ['high customer risk is referred', { customerRisk: 'high' }, 'refer', ['CUSTOMER_RISK_HIGH']],
    ['medium customer risk passes by default', { customerRisk: 'medium' }, 'approve', []],
    ['strict product: medium risk referred', { application: { productId: 'strict_loan' }, customerRisk: 'medium' }, 'refer', ['CUSTOMER_RISK_MEDIUM']],
    ['strict product: high risk declined', { application: { productId: 'strict_loan' }, customerRisk: { level: 'high', limitMultiplier: 0.5 } }, 'decline', ['CUSTOMER_RISK_HIGH']],
    ['income required but missing', { application: { income: null } }, 'refer', ['INCOME_MISSING']],
    ['requested above the limit: counter-offer at the limit', { application: { requestedAmount: 9_000_000 } }, 'approve', ['COUNTER_OFFER_AT_LIMIT']],
    ['strict product: above the limit is referred', { application: { productId: 'strict_loan', requestedAmount: 30_000_000 } }, 'refer', ['REQUESTED_ABOVE_LIMIT']],
    ['term not offered: adjusted down', { application: { termMonths: 18 } }, 'approve', ['TERM_ADJUSTED']],
    ['strict product: term not offered is referred', { application: { productId: 'strict_loan', termMonths: 18 } }, 'refer', ['TERM_NOT_OFFERED']],
    ['debt-to-income above the cap', { application: { existingDebt: 700_000 } }, 'decline', ['DTI_ABOVE_CAP']],
    ['no income at all', { application: { income: 0 } }, 'decline', ['LIMIT_BELOW_MINIMUM']],
    ['income too low for the tier minimum', { application: { income: 20_000 } }, 'decline', ['LIMIT_BELOW_MINIMUM']],
    ['unknown product', { application: { productId: 'payday' } }, 'decline', ['PRODUCT_UNKNOWN']],
    ['currency mismatch', { application: { currency: 'USD' } }, 'decline', ['CURRENCY_MISMATCH']],
    ['non-integer amount', { application: { requestedAmount: 10.5 } }, 'decline', ['APPLICATION_INVALID']],
    ['negative debt', { application: { existingDebt: -1 } }, 'decline', ['APPLICATION_INVALID']],
    ['model output unusable', { model: { score: Number.NaN } }, 'refer', ['MODEL_OUTPUT_INVALID']],
    ['probability outside 0–1', { model: { probability: 1.2 } }, 'refer', ['MODEL_OUTPUT_INVALID']],
    ['block and a bad tier: every reason, decline wins', { fraud: { outcome: 'block', reasons: ['X'] }, model: { score: 580 } }, 'decline', ['FRAUD_BLOCK', 'X', 'TIER_REFER', 'age']],
  ];
  for (const [name, patch, outcome, expected] of cases) {
    const d = decide(patch);
    assert.equal(d.outcome, outcome, name);
    assert.deepEqual(codes(d), expected, name);
    if (outcome === 'decline') {
      assert.equal(d.limit, null, name);
      assert.equal(d.approvedAmount, 0, name);
      assert.equal(d.aprBps, null, name);
    }
  }
});

test('the decline reasons say where they come from, in both languages', () => {
  const d = decide({ fraud: { outcome: 'block', reasons: ['SHARED_DEVICE'] }, model: { probability: 0.3 } });
  assert.deepEqual(d.reasons.map((r) => [r.code, r.source]), [['FRAUD_BLOCK', 'fraud'], ['SHARED_DEVICE', 'fraud'], ['PD_ABOVE_MAX', 'model'], ['age', 'model']]);
  for (const r of d.reasons) assert.ok(r.message.zh && r.message.en);
  assert.match(d.reasons[3]!.message.en, /cost 12\.3 points/);
});

test('limits: income multiple, customer-risk multiplier, rounding down to the step; counter-offers stay within them', () => {
  const cases: Array<[Patch, number, number]> = [
    [{}, 6_000_000, 3_000_000],
    [{ application: { income: 1_234_567 } }, 4_930_000, 3_000_000],
    [{ application: { income: 10_000_000, requestedAmount: 50_000_000, existingDebt: 0 } }, 20_000_000, 20_000_000],
    [{ customerRisk: { level: 'medium', limitMultiplier: 0.8 }, application: { requestedAmount: 5_000_000 } }, 4_800_000, 4_800_000],
    [{ model: { score: 660 }, application: { requestedAmount: 5_000_000 } }, 4_500_000, 4_500_000],
    [{ customerRisk: { level: 'low', limitMultiplier: 1.5 }, application: { income: 10_000_000, existingDebt: 0 } }, 20_000_000, 3_000_000],
  ];
  for (const [patch, limit, approved] of cases) {
    const d = decide(patch);
    assert.equal(d.limit?.amount, limit, JSON.stringify(patch));
    assert.equal(d.approvedAmount, approved, JSON.stringify(patch));
  }
  const adjusted = decide({ application: { termMonths: 18 } });
  assert.equal(adjusted.termMonths, 12, 'the longest offered term not above the request');
  assert.equal(decide({ application: { termMonths: 1, requestedAmount: 500_000 } }).termMonths, 3, 'else the shortest offered');
});

test('equal-instalment payment (等额本息)', () => {
  assert.equal(monthlyInstalment(1_000_000, 1200, 12), 88_849);
  assert.equal(monthlyInstalment(1_200_000, 0, 12), 100_000);
  assert.equal(monthlyInstalment(100, 0, 3), 34, 'rounded up');
});

test('invariants over arbitrary applications: reasons for every decline and referral, approved within requested and limit', () => {
  const arb = fc.record({
    productId: fc.constantFrom('cash_loan', 'strict_loan', 'other'),
    requestedAmount: fc.integer({ min: 1, max: 40_000_000 }),
    currency: fc.constantFrom('CNY', 'CNY', 'CNY', 'USD'),
    termMonths: fc.integer({ min: 1, max: 36 }),
    income: fc.option(fc.integer({ min: 0, max: 5_000_000 })),
    existingDebt: fc.option(fc.integer({ min: 0, max: 2_000_000 })),
    score: fc.double({ min: 200, max: 1000, noNaN: true }),
    probability: fc.double({ min: 0, max: 1, noNaN: true }),
    fraud: fc.constantFrom('allow', 'review', 'block'),
    risk: fc.option(fc.constantFrom('low', 'medium', 'high')),
  });
  fc.assert(
    fc.property(arb, (a) => {
      const d = decideCredit(policy, {
        application: { productId: a.productId, requestedAmount: a.requestedAmount, currency: a.currency, termMonths: a.termMonths, income: a.income, existingDebt: a.existingDebt },
        model: { score: a.score, probability: a.probability, reasons: [] },
        fraud: { outcome: a.fraud as 'allow' | 'review' | 'block', reasons: [] },
        customerRisk: a.risk as 'low' | 'medium' | 'high' | null,
      });
      if (d.outcome !== 'approve') assert.ok(d.reasons.some((r) => r.source !== 'model' || r.code === 'PD_ABOVE_MAX' || r.code === 'MODEL_OUTPUT_INVALID'), JSON.stringify(d));
      assert.ok(d.approvedAmount <= a.requestedAmount);
      if (d.limit) assert.ok(d.approvedAmount <= d.limit.amount);
      if (d.outcome === 'decline') assert.equal(d.approvedAmount, 0);
      if (d.outcome === 'approve') {
        assert.ok(d.approvedAmount > 0 && d.limit && d.aprBps !== null && d.aprBps <= policy.legalAprCapBps);
        assert.ok(d.debtToIncome === null || d.debtToIncome <= 0.5 || d.productId === 'strict_loan');
      }
    }),
    { numRuns: 2000, seed: 42 },
  );
});
