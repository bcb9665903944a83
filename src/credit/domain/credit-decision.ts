/**
 * The credit decision (授信决策) for one application: applies the product's policy to the model's
 * score and probability, the anti-fraud outcome and the customer's risk level, and returns the
 * outcome, tier, limit, offer and a reason for every decline, referral and counter-offer. Pure: no
 * I/O, no clock.
 *
 * Order of checks (every check runs; the outcome is the most severe, decline > refer > approve):
 * application validity → anti-fraud → probability of bad → tier → customer risk → income → offer
 * (limit, term, amount, debt-to-income). An offer is computed unless something already declines.
 * On `refer` the offer is the one a reviewer would confirm; on `decline` there is none.
 * Without income (allowed when the product does not require it) the income rule and the
 * debt-to-income cap are skipped; reason texts never carry the applicant's own figures.
 */
import type { Bilingual } from '../../shared/i18n.js';
import { formatMoney } from '../../shared/money.js';
import type { ModelScore } from '../../models/domain/scoring-model.js';
import { msg } from './config-reader.js';
import { CREDIT_OUTCOME_SEVERITY, type CreditOutcome, type CreditPolicy, type CreditProductPolicy, type TierId, type TierPolicy, tierForScore } from './credit-policy.js';
import { CUSTOMER_RISK_LEVELS, type CustomerRiskLevel, riskLevelName } from './customer-risk.js';

export interface CreditApplication {
  productId: string;
  /** Minor units. */
  requestedAmount: number;
  currency: string;
  termMonths: number;
  /** Monthly income, minor units of the application currency. */
  income?: number | null;
  /** Monthly repayments on existing debt, minor units of the application currency. */
  existingDebt?: number | null;
}

export type FraudOutcome = 'allow' | 'review' | 'block';

export interface CreditDecisionInput {
  application: CreditApplication;
  model: Pick<ModelScore, 'score' | 'probability' | 'reasons'>;
  /** The anti-fraud verdict for the same application and its reason codes. */
  fraud: { outcome: FraudOutcome; reasons: readonly string[] };
  /** A level, or a level with the limit multiplier its handling prescribes (from `assessCustomerRisk`). */
  customerRisk?: CustomerRiskLevel | { level: CustomerRiskLevel; limitMultiplier?: number } | null;
}

export interface CreditReason {
  code: string;
  message: Bilingual;
  source: 'fraud' | 'model' | 'policy';
}

export interface Money {
  amount: number;
  currency: string;
}

export interface CreditDecision {
  productId: string;
  outcome: CreditOutcome;
  tier: TierId | null;
  score: number;
  probability: number;
  limit: Money | null;
  /** Minor units; ≤ requested and ≤ limit; 0 on decline. */
  approvedAmount: number;
  aprBps: number | null;
  termMonths: number | null;
  /** Equal monthly instalment (等额本息) of the approved amount, minor units rounded up. */
  monthlyInstalment: number | null;
  /** (Existing monthly repayments + instalment) / monthly income, when income is known. */
  debtToIncome: number | null;
  reasons: CreditReason[];
}

/** The policy's own reasons, one place for their codes and texts. */
const R = {
  PRODUCT_UNKNOWN: msg('未配置该信贷产品', 'No credit policy for this product'),
  CURRENCY_MISMATCH: msg('申请币种与产品币种不一致', 'The application currency differs from the product currency'),
  APPLICATION_INVALID: msg('申请金额、期限、收入、负债或客户风险等级无效', 'The requested amount, term, income, debt or customer risk level is invalid'),
  MODEL_OUTPUT_INVALID: msg('模型评分或违约概率无效,转人工审核', 'The model score or probability is invalid; referred to a person'),
  FRAUD_BLOCK: msg('反欺诈策略拒绝', 'Declined by the anti-fraud strategy'),
  FRAUD_REVIEW: msg('反欺诈策略要求人工审核', 'The anti-fraud strategy asks for a manual review'),
  INCOME_MISSING: msg('该产品需要收入信息,转人工审核', 'This product needs the monthly income; referred to a person'),
} as const;

const severity = (o: CreditOutcome) => CREDIT_OUTCOME_SEVERITY[o];
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Equal-instalment (等额本息) monthly payment at an annual rate in basis points, rounded up to a minor unit. */
export function monthlyInstalment(principal: number, aprBps: number, termMonths: number): number {
  const r = aprBps / 10_000 / 12;
  if (r === 0) return Math.ceil(principal / termMonths);
  const f = (1 + r) ** termMonths;
  return Math.ceil((principal * r * f) / (f - 1));
}

/**
 * Decides one credit application under a validated policy.
 *
 * @example
 * decideCredit(policy, {
 *   application: { productId: 'cash_loan', requestedAmount: 3_000_000, currency: 'CNY', termMonths: 12, income: 1_500_000 },
 *   model: { score: 712, probability: 0.012, reasons: [] },
 *   fraud: { outcome: 'allow', reasons: [] },
 * }) // → { outcome: 'approve', tier: 'A', approvedAmount: 3_000_000, aprBps: 1080, … }
 */
export function decideCredit(policy: CreditPolicy, input: CreditDecisionInput): CreditDecision {
  const { application: app, model, fraud } = input;
  const reasons: CreditReason[] = [];
  // Widened on purpose: `add` raises it from inside a closure, out of the compiler's sight.
  let outcome = 'approve' as CreditOutcome;
  const add = (o: CreditOutcome, code: string, message: Bilingual, source: CreditReason['source'] = 'policy') => {
    if (severity(o) > severity(outcome)) outcome = o;
    reasons.push({ code, message, source });
  };
  let modelReasonsShown = false;
  const addModelReasons = () => {
    if (modelReasonsShown) return;
    modelReasonsShown = true;
    for (const r of model.reasons) {
      const lost = Math.round(r.pointsLost * 10) / 10;
      reasons.push({ code: r.variable, source: 'model', message: r.description ?? msg(`模型因素 ${r.variable} 扣 ${lost} 分`, `Model factor ${r.variable} cost ${lost} points`) });
    }
  };
  const decision = (product: CreditProductPolicy | undefined, tier: TierPolicy | null, offer: Offer | null): CreditDecision => ({
    productId: app.productId,
    outcome,
    tier: tier?.tier ?? null,
    score: model.score,
    probability: model.probability,
    limit: outcome === 'decline' || !offer || !product ? null : { amount: offer.limit, currency: product.currency },
    approvedAmount: outcome === 'decline' || !offer ? 0 : offer.amount,
    aprBps: outcome === 'decline' || !offer ? null : offer.aprBps,
    termMonths: outcome === 'decline' || !offer ? null : offer.termMonths,
    monthlyInstalment: outcome === 'decline' || !offer ? null : offer.instalment,
    debtToIncome: offer?.debtToIncome ?? null,
    reasons,
  });

  const product = Object.prototype.hasOwnProperty.call(policy.products, app.productId) ? policy.products[app.productId] : undefined;
  if (!product) {
    add('decline', 'PRODUCT_UNKNOWN', R.PRODUCT_UNKNOWN);
    return decision(undefined, null, null);
  }
  if (app.currency !== product.currency) add('decline', 'CURRENCY_MISMATCH', R.CURRENCY_MISMATCH);
  const income = app.income ?? null;
  const debt = app.existingDebt ?? null;
  const risk = typeof input.customerRisk === 'string' ? { level: input.customerRisk } : (input.customerRisk ?? null);
  const multiplier = risk && 'limitMultiplier' in risk && risk.limitMultiplier !== undefined ? risk.limitMultiplier : 1;
  const valid =
    isCount(app.requestedAmount) && app.requestedAmount > 0 && isCount(app.termMonths) && app.termMonths > 0 &&
    (income === null || isCount(income)) && (debt === null || isCount(debt)) &&
    Number.isFinite(multiplier) && multiplier >= 0 && (risk === null || CUSTOMER_RISK_LEVELS.includes(risk.level));
  if (!valid) add('decline', 'APPLICATION_INVALID', R.APPLICATION_INVALID);

  if (fraud.outcome === 'block') add('decline', 'FRAUD_BLOCK', R.FRAUD_BLOCK, 'fraud');
  else if (fraud.outcome === 'review') add(product.fraudReview, 'FRAUD_REVIEW', R.FRAUD_REVIEW, 'fraud');
  if (fraud.outcome !== 'allow') {
    for (const code of fraud.reasons) reasons.push({ code, source: 'fraud', message: msg(`反欺诈规则命中:${code}`, `Anti-fraud reason: ${code}`) });
  }

  const modelOk = Number.isFinite(model.score) && Number.isFinite(model.probability) && model.probability >= 0 && model.probability <= 1;
  let tier: TierPolicy | null = null;
  if (!modelOk) {
    add('refer', 'MODEL_OUTPUT_INVALID', R.MODEL_OUTPUT_INVALID, 'model');
  } else {
    if (product.maxProbability !== null && model.probability > product.maxProbability) {
      const max = `${Math.round(product.maxProbability * 10_000) / 100}%`;
      add('decline', 'PD_ABOVE_MAX', msg(`违约概率高于上限 ${max}`, `The probability of bad is above the maximum of ${max}`), 'model');
      addModelReasons();
    }
    tier = tierForScore(product, model.score);
    if (tier.decision === 'decline') {
      add('decline', 'TIER_DECLINE', msg(`信用等级 ${tier.tier}:该等级不予授信`, `Credit tier ${tier.tier}: this tier is declined`));
      addModelReasons();
    } else if (tier.decision === 'refer') {
      add('refer', 'TIER_REFER', msg(`信用等级 ${tier.tier}:该等级需人工审核`, `Credit tier ${tier.tier}: this tier is reviewed by a person`));
      addModelReasons();
    }
  }

  if (risk && valid) {
    const action = product.customerRisk[risk.level];
    if (action !== 'none') {
      const name = riskLevelName(risk.level);
      add(action, `CUSTOMER_RISK_${risk.level.toUpperCase()}`, msg(`客户风险等级为${name.zh},按政策${action === 'decline' ? '拒绝' : '转人工审核'}`, `The customer is rated ${name.en}; the policy ${action === 'decline' ? 'declines' : 'refers'}`));
    }
  }
  if (product.incomeRequired && income === null) add('refer', 'INCOME_MISSING', R.INCOME_MISSING);

  if (outcome === 'decline' || !tier || !valid) return decision(product, tier, null);
  const offer = makeOffer(product, tier, app, income, debt, multiplier, add);
  return decision(product, tier, offer);
}

interface Offer {
  limit: number;
  amount: number;
  aprBps: number;
  termMonths: number;
  instalment: number;
  debtToIncome: number | null;
}

type AddReason = (o: CreditOutcome, code: string, message: Bilingual, source?: CreditReason['source']) => void;

function makeOffer(product: CreditProductPolicy, tier: TierPolicy, app: CreditApplication, income: number | null, debt: number | null, multiplier: number, add: AddReason): Offer | null {
  const cur = product.currency;
  const tl = tier.limit!;
  let limit = tl.max;
  if (tl.incomeMultiple !== null && income !== null) limit = Math.min(limit, Math.floor(income * tl.incomeMultiple));
  // A multiplier above 1 (a favoured customer) still never lifts the limit over the tier's maximum.
  if (multiplier !== 1) limit = Math.min(tl.max, Math.floor(limit * multiplier));
  limit = Math.floor(limit / product.limitStep) * product.limitStep;
  if (limit < tl.min) {
    add('decline', 'LIMIT_BELOW_MINIMUM', msg(`按收入与风险测算的额度低于等级 ${tier.tier} 的最低额度 ${formatMoney(tl.min, cur)}`, `The limit allowed by income and risk is below tier ${tier.tier}'s minimum line of ${formatMoney(tl.min, cur)}`));
    return null;
  }

  let termMonths = app.termMonths;
  if (!tier.terms.includes(termMonths)) {
    const offered = tier.terms.join('/');
    if (product.counterOffer) {
      // The longest offered term not above the request, else the shortest offered.
      termMonths = [...tier.terms].reverse().find((t) => t <= app.termMonths) ?? tier.terms[0]!;
      add('approve', 'TERM_ADJUSTED', msg(`等级 ${tier.tier} 不提供 ${app.termMonths} 期(可选 ${offered} 期),调整为 ${termMonths} 期`, `Tier ${tier.tier} does not offer ${app.termMonths} months (offered: ${offered}); adjusted to ${termMonths}`));
    } else {
      add('refer', 'TERM_NOT_OFFERED', msg(`等级 ${tier.tier} 不提供 ${app.termMonths} 期(可选 ${offered} 期)`, `Tier ${tier.tier} does not offer ${app.termMonths} months (offered: ${offered})`));
    }
  }

  let amount = app.requestedAmount;
  if (amount > limit) {
    amount = limit;
    if (product.counterOffer) {
      add('approve', 'COUNTER_OFFER_AT_LIMIT', msg('申请金额高于可用额度,按额度批复', 'The requested amount is above the limit; offered at the limit'));
    } else {
      add('refer', 'REQUESTED_ABOVE_LIMIT', msg('申请金额高于可用额度,转人工审核', 'The requested amount is above the limit; referred to a person'));
    }
  }

  const aprBps = tier.aprBps!;
  const instalment = monthlyInstalment(amount, aprBps, termMonths);
  let debtToIncome: number | null = null;
  if (income !== null) {
    // No income: the ratio is unbounded, reported as null, and any cap declines.
    debtToIncome = income === 0 ? null : ((debt ?? 0) + instalment) / income;
    if (product.maxDebtToIncome !== null && (debtToIncome === null || debtToIncome > product.maxDebtToIncome)) {
      const cap = `${Math.round(product.maxDebtToIncome * 1000) / 10}%`;
      add('decline', 'DTI_ABOVE_CAP', msg(`月负债收入比(含本笔月供)高于上限 ${cap}`, `Debt-to-income (including this instalment) is above the cap of ${cap}`));
    }
  }
  return { limit, amount, aprBps, termMonths, instalment, debtToIncome };
}
