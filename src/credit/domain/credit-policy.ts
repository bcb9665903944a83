/**
 * The credit policy (授信政策) per product, parsed from YAML and validated: rating tiers A–E by score
 * band (non-overlapping, covering the product's score range), each tier's decision, credit limit
 * (额度), APR within the legal cap and terms, plus hard declines (probability of bad, debt-to-income),
 * how anti-fraud and customer-risk outcomes weigh, and whether an over-limit request gets a
 * counter-offer. `decideCredit` (credit-decision.ts) applies it.
 *
 * YAML (`packs/default/credit/policy.yaml`):
 * ```yaml
 * legalAprCapBps: 2400                   # optional, default 2400 (24% APR)
 * products:
 *   cash_loan:
 *     name: { zh: 现金贷, en: Cash loan }
 *     currency: CNY
 *     scoreRange: { min: 300, max: 900 }  # scores outside are clamped into it for tiering
 *     incomeRequired: true               # optional, default false
 *     counterOffer: true                 # optional, default true
 *     limitStep: 10000                   # optional, default 1: limits round down to this many minor units
 *     hardDeclines: { maxProbability: 0.12, maxDebtToIncome: 0.5 }   # both optional
 *     fraud: { review: refer }           # optional, default refer; block always declines
 *     customerRisk: { high: refer }      # optional: none | refer | decline per level; default high: refer
 *     tiers:                             # minScore inclusive, maxScore exclusive (the top tier includes max)
 *       - { tier: A, minScore: 700, maxScore: 900, decision: approve,
 *           limit: { min: 100000, max: 20000000, incomeMultiple: 4 }, aprBps: 1080, terms: [3, 6, 12, 24] }
 *       - { tier: E, minScore: 300, maxScore: 560, decision: decline }
 * ```
 */
import type { Bilingual } from '../../shared/i18n.js';
import { at, type ConfigResult, ID_RE, Problems, readYaml } from './config-reader.js';
import { CUSTOMER_RISK_LEVELS, type CustomerRiskLevel } from './customer-risk.js';

export type TierId = 'A' | 'B' | 'C' | 'D' | 'E';
export const TIER_IDS: readonly TierId[] = ['A', 'B', 'C', 'D', 'E'];

export type CreditOutcome = 'approve' | 'refer' | 'decline';
/** Outcome precedence, declared once: decline > refer > approve. */
export const CREDIT_OUTCOME_SEVERITY: Record<CreditOutcome, number> = { approve: 0, refer: 1, decline: 2 };
const OUTCOMES: readonly CreditOutcome[] = ['approve', 'refer', 'decline'];

export type RiskAction = 'none' | 'refer' | 'decline';
const RISK_ACTIONS: readonly RiskAction[] = ['none', 'refer', 'decline'];

/** 24% APR: the ceiling Chinese regulators hold licensed lenders to (judicial protection cap). */
export const DEFAULT_LEGAL_APR_CAP_BPS = 2400;

export interface TierLimit {
  /** Minor units of the product currency. A limit below this declines (the applicant cannot carry the smallest line). */
  min: number;
  max: number;
  /** When set and the monthly income is known: limit = min(max, income × incomeMultiple). */
  incomeMultiple: number | null;
}

export interface TierPolicy {
  tier: TierId;
  /** Inclusive. */
  minScore: number;
  /** Exclusive, except for the top tier, which includes the range's max. */
  maxScore: number;
  decision: CreditOutcome;
  /** Null only on decline tiers. */
  limit: TierLimit | null;
  aprBps: number | null;
  /** Offered terms in months, ascending; empty on decline tiers. */
  terms: number[];
}

export interface CreditProductPolicy {
  id: string;
  name: Bilingual;
  currency: string;
  scoreRange: { min: number; max: number };
  /** Best first: A (highest scores) to E. */
  tiers: TierPolicy[];
  /** Probability of bad above this declines. */
  maxProbability: number | null;
  /** (Existing monthly repayments + the new instalment) / monthly income above this declines. */
  maxDebtToIncome: number | null;
  /** Without income the application is referred; otherwise income rules are skipped when it is missing. */
  incomeRequired: boolean;
  /** Above the limit or on a term not offered: counter-offer (true) or refer (false). */
  counterOffer: boolean;
  limitStep: number;
  /** What an anti-fraud `review` does; an anti-fraud `block` always declines. */
  fraudReview: 'refer' | 'decline';
  customerRisk: Record<CustomerRiskLevel, RiskAction>;
}

export interface CreditPolicy {
  legalAprCapBps: number;
  products: Record<string, CreditProductPolicy>;
}

/** Parses and validates `policy.yaml`; lists every problem with its path, never throws. */
export function parseCreditPolicy(yamlText: string): ConfigResult<CreditPolicy> {
  const y = readYaml(yamlText);
  if (!y.ok) return y;
  return checkCreditPolicy(y.doc);
}

/** Validates an already-parsed policy document. */
export function checkCreditPolicy(doc: unknown): ConfigResult<CreditPolicy> {
  const pr = new Problems();
  const root = pr.object(doc, '', ['legalAprCapBps', 'products']) ?? {};
  const cap = root.legalAprCapBps === undefined ? DEFAULT_LEGAL_APR_CAP_BPS : pr.int(root.legalAprCapBps, 'legalAprCapBps', 1, 3600);
  const products: Record<string, CreditProductPolicy> = {};
  const raw = pr.object(root.products, 'products');
  if (raw && Object.keys(raw).length === 0) pr.add('products', '至少需要一个产品', 'needs at least one product');
  for (const [id, p] of Object.entries(raw ?? {})) {
    const product = checkProduct(pr, id, p, at('products', id), cap ?? DEFAULT_LEGAL_APR_CAP_BPS);
    if (product) products[id] = product;
  }
  return pr.result(() => ({ legalAprCapBps: cap!, products }));
}

const PRODUCT_KEYS = ['name', 'currency', 'scoreRange', 'incomeRequired', 'counterOffer', 'limitStep', 'hardDeclines', 'fraud', 'customerRisk', 'tiers'];

function checkProduct(pr: Problems, id: string, raw: unknown, path: string, cap: number): CreditProductPolicy | undefined {
  const before = pr.items.length;
  if (!ID_RE.test(id)) pr.add(path, '产品编号须为小写字母、数字和下划线', 'a product id must be lower-case letters, digits and underscores');
  const o = pr.object(raw, path, PRODUCT_KEYS);
  if (!o) return undefined;
  const p = (k: string) => at(path, k);
  const name = pr.bilingual(o.name, p('name'));
  const currency = pr.currency(o.currency, p('currency'));
  const sr = pr.object(o.scoreRange, p('scoreRange'), ['min', 'max']);
  const rmin = sr && pr.number(sr.min, at(p('scoreRange'), 'min'), -1e6, 1e6);
  const rmax = sr && pr.number(sr.max, at(p('scoreRange'), 'max'), -1e6, 1e6);
  const range = rmin !== undefined && rmax !== undefined && rmin < rmax ? { min: rmin, max: rmax } : undefined;
  if (rmin !== undefined && rmax !== undefined && !range) pr.add(p('scoreRange'), 'min 须小于 max', 'min must be below max');
  const incomeRequired = o.incomeRequired === undefined ? false : pr.boolean(o.incomeRequired, p('incomeRequired'));
  const counterOffer = o.counterOffer === undefined ? true : pr.boolean(o.counterOffer, p('counterOffer'));
  const limitStep = o.limitStep === undefined ? 1 : pr.int(o.limitStep, p('limitStep'), 1, 100_000_000);

  let maxProbability: number | null | undefined = null;
  let maxDebtToIncome: number | null | undefined = null;
  if (o.hardDeclines !== undefined) {
    const hd = pr.object(o.hardDeclines, p('hardDeclines'), ['maxProbability', 'maxDebtToIncome']);
    if (hd?.maxProbability !== undefined) maxProbability = pr.number(hd.maxProbability, at(p('hardDeclines'), 'maxProbability'), 0, 1);
    if (hd?.maxDebtToIncome !== undefined) maxDebtToIncome = pr.number(hd.maxDebtToIncome, at(p('hardDeclines'), 'maxDebtToIncome'), 0, 10);
  }

  let fraudReview: 'refer' | 'decline' | undefined = 'refer';
  if (o.fraud !== undefined) {
    const f = pr.object(o.fraud, p('fraud'), ['review']);
    if (f?.review !== undefined) fraudReview = pr.oneOf(f.review, at(p('fraud'), 'review'), ['refer', 'decline'] as const);
  }

  const customerRisk: Record<CustomerRiskLevel, RiskAction> = { low: 'none', medium: 'none', high: 'refer' };
  if (o.customerRisk !== undefined) {
    const cr = pr.object(o.customerRisk, p('customerRisk'), CUSTOMER_RISK_LEVELS);
    for (const level of CUSTOMER_RISK_LEVELS) {
      if (cr?.[level] === undefined) continue;
      const a = pr.oneOf(cr[level], at(p('customerRisk'), level), RISK_ACTIONS);
      if (a) customerRisk[level] = a;
    }
  }

  const tiers = checkTiers(pr, o.tiers, p('tiers'), range, cap);
  if (pr.items.length > before) return undefined;
  return {
    id,
    name: name!,
    currency: currency!,
    scoreRange: range!,
    tiers: tiers!,
    maxProbability: maxProbability ?? null,
    maxDebtToIncome: maxDebtToIncome ?? null,
    incomeRequired: incomeRequired!,
    counterOffer: counterOffer!,
    limitStep: limitStep!,
    fraudReview: fraudReview!,
    customerRisk,
  };
}

interface IndexedTier extends TierPolicy {
  index: number;
}

function checkTiers(pr: Problems, raw: unknown, path: string, range: { min: number; max: number } | undefined, cap: number): TierPolicy[] | undefined {
  const items = pr.list(raw, path, 1);
  if (!items) return undefined;
  if (items.length > TIER_IDS.length) pr.add(path, `最多 ${TIER_IDS.length} 个等级(A–E)`, `at most ${TIER_IDS.length} tiers (A–E)`);
  const before = pr.items.length;
  const tiers: IndexedTier[] = [];
  const seen = new Set<string>();
  items.forEach((t, i) => {
    const p = at(path, i);
    const o = pr.object(t, p, ['tier', 'minScore', 'maxScore', 'decision', 'limit', 'aprBps', 'terms']);
    if (!o) return;
    const tier = pr.oneOf(o.tier, at(p, 'tier'), TIER_IDS);
    if (tier && seen.has(tier)) pr.add(at(p, 'tier'), `等级 ${tier} 重复`, `tier ${tier} appears twice`);
    if (tier) seen.add(tier);
    const minScore = pr.number(o.minScore, at(p, 'minScore'), -1e6, 1e6);
    const maxScore = pr.number(o.maxScore, at(p, 'maxScore'), -1e6, 1e6);
    if (minScore !== undefined && maxScore !== undefined && minScore >= maxScore) pr.add(p, 'minScore 须小于 maxScore', 'minScore must be below maxScore');
    const decision = pr.oneOf(o.decision, at(p, 'decision'), OUTCOMES);
    const offers = decision === 'approve' || decision === 'refer';
    let limit: TierLimit | null = null;
    let aprBps: number | null = null;
    let terms: number[] = [];
    if (offers || o.limit !== undefined) limit = checkLimit(pr, o.limit, at(p, 'limit')) ?? null;
    if (offers || o.aprBps !== undefined) {
      aprBps = pr.int(o.aprBps, at(p, 'aprBps'), 0, 10_000) ?? null;
      if (aprBps !== null && aprBps > cap) {
        pr.add(at(p, 'aprBps'), `年化利率 ${aprBps / 100}% 超过法定上限 ${cap / 100}%(legalAprCapBps = ${cap})`, `APR ${aprBps / 100}% is above the legal cap of ${cap / 100}% (legalAprCapBps = ${cap})`);
      }
    }
    if (offers || o.terms !== undefined) {
      const list = pr.list(o.terms, at(p, 'terms'), 1);
      list?.forEach((m, j) => {
        const v = pr.int(m, at(at(p, 'terms'), j), 1, 360);
        if (v !== undefined && terms.includes(v)) pr.add(at(at(p, 'terms'), j), `期限 ${v} 重复`, `term ${v} appears twice`);
        else if (v !== undefined) terms.push(v);
      });
      terms = terms.sort((a, b) => a - b);
    }
    if (tier && minScore !== undefined && maxScore !== undefined && decision) tiers.push({ index: i, tier, minScore, maxScore, decision, limit, aprBps, terms });
  });
  if (pr.items.length > before || !range) return undefined;

  // Cover the range from bottom to top without gap or overlap.
  const up = [...tiers].sort((a, b) => a.minScore - b.minScore);
  const first = up[0]!;
  if (first.minScore !== range.min) pr.add(at(at(path, first.index), 'minScore'), `最低一档须从评分范围下限 ${range.min} 开始`, `the lowest tier must start at the score range's min, ${range.min}`);
  for (let i = 1; i < up.length; i++) {
    const prev = up[i - 1]!;
    const cur = up[i]!;
    if (cur.minScore < prev.maxScore) {
      pr.add(at(at(path, cur.index), 'minScore'), `与等级 ${prev.tier} 重叠(${prev.tier} 至 ${prev.maxScore})`, `overlaps tier ${prev.tier} (which runs to ${prev.maxScore})`);
    } else if (cur.minScore > prev.maxScore) {
      pr.add(at(at(path, cur.index), 'minScore'), `与等级 ${prev.tier} 之间有空档(${prev.maxScore}–${cur.minScore} 无等级)`, `leaves a gap after tier ${prev.tier} (${prev.maxScore}–${cur.minScore} has no tier)`);
    }
  }
  const last = up[up.length - 1]!;
  if (last.maxScore !== range.max) pr.add(at(at(path, last.index), 'maxScore'), `最高一档须到评分范围上限 ${range.max}`, `the highest tier must end at the score range's max, ${range.max}`);
  if (pr.items.length > before) return undefined;

  // Best first. Higher tiers get larger limits, better pricing and no harsher decision.
  const best = up.reverse();
  best.forEach((t, i) => {
    const expected = TIER_IDS[i];
    if (t.tier !== expected) pr.add(at(at(path, t.index), 'tier'), `按评分从高到低,等级须依次为 ${TIER_IDS.slice(0, best.length).join(', ')};此处应为 ${expected}`, `from the highest scores down, tiers must run ${TIER_IDS.slice(0, best.length).join(', ')}; expected ${expected} here`);
  });
  for (let i = 1; i < best.length; i++) {
    const better = best[i - 1]!;
    const worse = best[i]!;
    const wp = at(path, worse.index);
    if (CREDIT_OUTCOME_SEVERITY[worse.decision] < CREDIT_OUTCOME_SEVERITY[better.decision]) {
      pr.add(at(wp, 'decision'), `不得比更高的等级 ${better.tier} 更宽松`, `may not be more lenient than the higher tier ${better.tier}`);
    }
    if (better.limit && worse.limit && worse.limit.max > better.limit.max) {
      pr.add(at(at(wp, 'limit'), 'max'), `不得高于更高等级 ${better.tier} 的额度上限`, `may not exceed the higher tier ${better.tier}'s maximum`);
    }
    if (better.aprBps !== null && worse.aprBps !== null && worse.aprBps < better.aprBps) {
      pr.add(at(wp, 'aprBps'), `不得低于更高等级 ${better.tier} 的利率`, `may not be below the higher tier ${better.tier}'s APR`);
    }
  }
  if (pr.items.length > before) return undefined;
  return best.map(({ index: _index, ...t }) => t);
}

function checkLimit(pr: Problems, raw: unknown, path: string): TierLimit | undefined {
  const o = pr.object(raw, path, ['min', 'max', 'incomeMultiple']);
  if (!o) return undefined;
  const min = pr.amount(o.min, at(path, 'min'));
  const max = pr.amount(o.max, at(path, 'max'));
  if (max === 0) pr.add(at(path, 'max'), '额度上限须大于 0', 'the maximum must be above 0');
  if (min !== undefined && max !== undefined && min > max) pr.add(path, 'min 不得大于 max', 'min may not exceed max');
  const incomeMultiple = o.incomeMultiple === undefined ? null : pr.number(o.incomeMultiple, at(path, 'incomeMultiple'), 0, 1000);
  if (incomeMultiple === 0) pr.add(at(path, 'incomeMultiple'), '须大于 0', 'must be above 0');
  return min !== undefined && max !== undefined && incomeMultiple !== undefined ? { min, max, incomeMultiple } : undefined;
}

/** The tier a score falls in: clamped into the product's range, minScore inclusive, maxScore exclusive (the top tier includes the max). */
export function tierForScore(product: CreditProductPolicy, score: number): TierPolicy {
  const s = Math.min(product.scoreRange.max, Math.max(product.scoreRange.min, score));
  return product.tiers.find((t) => s >= t.minScore && s < t.maxScore) ?? product.tiers[0]!;
}
