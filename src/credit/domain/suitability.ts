/**
 * Product suitability (风险匹配, 适当性管理): every wealth product has a risk level R1–R5, every
 * customer an assessed risk tolerance C1 (conservative) … C5 (aggressive); a product is offered only
 * when a current assessment covers it, and every refusal comes with a code and a bilingual reason.
 *
 * The five-by-five scale follows Chinese wealth-management practice (《证券期货投资者适当性管理办法》,
 * bank wealth products R1–R5): by default Cn covers products up to Rn. A three-step low / medium /
 * high tolerance maps onto it as C1 / C3 / C5 (`toleranceFromSimple`).
 *
 * YAML (`packs/default/credit/products.yaml`):
 * ```yaml
 * assessmentValidityDays: 365           # optional, default 365
 * covers: { C1: R1, C2: R2, C3: R3, C4: R4, C5: R5 }   # optional, this default
 * products:
 *   - { id: money_fund, name: { zh: 货币基金, en: Money-market fund }, riskLevel: R1 }
 * ```
 */
import type { Bilingual } from '../../shared/i18n.js';
import { at, type ConfigResult, ID_RE, msg, Problems, readYaml } from './config-reader.js';

export type ProductRiskLevel = 'R1' | 'R2' | 'R3' | 'R4' | 'R5';
export type RiskTolerance = 'C1' | 'C2' | 'C3' | 'C4' | 'C5';
export const PRODUCT_RISK_LEVELS: readonly ProductRiskLevel[] = ['R1', 'R2', 'R3', 'R4', 'R5'];
export const RISK_TOLERANCES: readonly RiskTolerance[] = ['C1', 'C2', 'C3', 'C4', 'C5'];

export const PRODUCT_RISK_NAMES: Record<ProductRiskLevel, Bilingual> = {
  R1: msg('R1 低风险', 'R1 low risk'),
  R2: msg('R2 中低风险', 'R2 medium-low risk'),
  R3: msg('R3 中风险', 'R3 medium risk'),
  R4: msg('R4 中高风险', 'R4 medium-high risk'),
  R5: msg('R5 高风险', 'R5 high risk'),
};

export const TOLERANCE_NAMES: Record<RiskTolerance, Bilingual> = {
  C1: msg('C1 保守型', 'C1 conservative'),
  C2: msg('C2 稳健型', 'C2 cautious'),
  C3: msg('C3 平衡型', 'C3 balanced'),
  C4: msg('C4 成长型', 'C4 growth'),
  C5: msg('C5 进取型', 'C5 aggressive'),
};

/** For callers that assess tolerance on a three-step scale. */
export function toleranceFromSimple(level: 'low' | 'medium' | 'high'): RiskTolerance {
  return level === 'low' ? 'C1' : level === 'medium' ? 'C3' : 'C5';
}

export interface WealthProduct {
  id: string;
  name: Bilingual;
  riskLevel: ProductRiskLevel;
}

export interface SuitabilityRules {
  /** An assessment older than this is expired. */
  assessmentValidityDays: number;
  /** The highest product risk level each tolerance covers. */
  covers: Record<RiskTolerance, ProductRiskLevel>;
}

export interface SuitabilityConfig extends SuitabilityRules {
  products: Record<string, WealthProduct>;
}

export const DEFAULT_SUITABILITY_RULES: SuitabilityRules = {
  assessmentValidityDays: 365,
  covers: { C1: 'R1', C2: 'R2', C3: 'R3', C4: 'R4', C5: 'R5' },
};

/** A customer's tolerance assessment (风险承受能力评估) and when it was made. */
export interface ToleranceAssessment {
  tolerance: RiskTolerance;
  /** ISO 8601 timestamp, a Date or epoch milliseconds. */
  assessedAt: string | Date | number;
}

export type SuitabilityCode = 'SUITABLE' | 'ASSESSMENT_MISSING' | 'ASSESSMENT_INVALID' | 'ASSESSMENT_EXPIRED' | 'PRODUCT_ABOVE_TOLERANCE';

export interface SuitabilityResult {
  allowed: boolean;
  code: SuitabilityCode;
  reason: Bilingual;
  productId: string;
  productRisk: ProductRiskLevel;
  tolerance: RiskTolerance | null;
  /** When the assessment stops being valid (ISO 8601), when it is readable. */
  expiresAt: string | null;
}

const DAY_MS = 86_400_000;

const toMs = (t: string | Date | number): number => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t));

/**
 * Whether a product may be offered to a customer now. Refused when the assessment is missing,
 * unreadable, dated in the future or expired (valid for `assessmentValidityDays` from `assessedAt`,
 * the end excluded), or when the product's risk level is above what the tolerance covers.
 *
 * @example
 * checkSuitability({ tolerance: 'C3', assessedAt: '2026-01-10T00:00:00Z' }, { id: 'equity_fund', riskLevel: 'R4' }, '2026-06-01T00:00:00Z')
 * // → { allowed: false, code: 'PRODUCT_ABOVE_TOLERANCE', reason: { zh: '产品风险等级 R4 中高风险 高于 …', … } }
 */
export function checkSuitability(
  customer: ToleranceAssessment | null | undefined,
  product: Pick<WealthProduct, 'id' | 'riskLevel'>,
  now: string | Date | number,
  rules: SuitabilityRules = DEFAULT_SUITABILITY_RULES,
): SuitabilityResult {
  const base = { productId: product.id, productRisk: product.riskLevel, tolerance: customer?.tolerance ?? null, expiresAt: null };
  const refuse = (code: SuitabilityCode, reason: Bilingual, expiresAt: string | null = null): SuitabilityResult => ({ ...base, allowed: false, code, reason, expiresAt });
  if (!customer) {
    return refuse('ASSESSMENT_MISSING', msg('客户尚未完成风险承受能力评估,不得销售该产品', 'The customer has no risk-tolerance assessment; the product may not be sold'));
  }
  const assessedMs = toMs(customer.assessedAt);
  const nowMs = toMs(now);
  if (!RISK_TOLERANCES.includes(customer.tolerance) || !Number.isFinite(assessedMs) || !Number.isFinite(nowMs) || assessedMs > nowMs) {
    return refuse('ASSESSMENT_INVALID', msg('风险承受能力评估无效(等级或评估时间不可识别,或评估时间晚于当前时间)', 'The risk-tolerance assessment is invalid (unknown level, unreadable or future assessment time)'));
  }
  const expiresMs = assessedMs + rules.assessmentValidityDays * DAY_MS;
  const expiresAt = new Date(expiresMs).toISOString();
  if (nowMs >= expiresMs) {
    return refuse(
      'ASSESSMENT_EXPIRED',
      msg(`风险承受能力评估已过期(有效期 ${rules.assessmentValidityDays} 天),须重新评估后方可销售`, `The risk-tolerance assessment has expired (valid ${rules.assessmentValidityDays} days); reassess before selling`),
      expiresAt,
    );
  }
  const max = rules.covers[customer.tolerance];
  const tol = TOLERANCE_NAMES[customer.tolerance];
  if (PRODUCT_RISK_LEVELS.indexOf(product.riskLevel) > PRODUCT_RISK_LEVELS.indexOf(max)) {
    const risk = PRODUCT_RISK_NAMES[product.riskLevel];
    return refuse(
      'PRODUCT_ABOVE_TOLERANCE',
      msg(`产品风险等级 ${risk.zh} 高于客户风险承受能力 ${tol.zh} 可承受的最高等级 ${max}`, `Product risk ${risk.en} is above ${max}, the highest a ${tol.en} customer may take`),
      expiresAt,
    );
  }
  return { ...base, allowed: true, code: 'SUITABLE', reason: msg(`产品风险等级 ${product.riskLevel} 在客户风险承受能力 ${tol.zh} 范围内`, `Product risk ${product.riskLevel} is within the ${tol.en} tolerance`), expiresAt };
}

/** Parses and validates `products.yaml`; lists every problem with its path, never throws. */
export function parseSuitabilityConfig(yamlText: string): ConfigResult<SuitabilityConfig> {
  const y = readYaml(yamlText);
  if (!y.ok) return y;
  return checkSuitabilityConfig(y.doc);
}

/** Validates an already-parsed products document. */
export function checkSuitabilityConfig(doc: unknown): ConfigResult<SuitabilityConfig> {
  const pr = new Problems();
  const root = pr.object(doc, '', ['assessmentValidityDays', 'covers', 'products']) ?? {};
  const validity = root.assessmentValidityDays === undefined ? DEFAULT_SUITABILITY_RULES.assessmentValidityDays : pr.int(root.assessmentValidityDays, 'assessmentValidityDays', 1, 3660);

  let covers = DEFAULT_SUITABILITY_RULES.covers;
  if (root.covers !== undefined) {
    const c = pr.object(root.covers, 'covers', RISK_TOLERANCES);
    if (c) {
      const read: Partial<Record<RiskTolerance, ProductRiskLevel>> = {};
      for (const t of RISK_TOLERANCES) {
        const v = pr.oneOf(c[t], at('covers', t), PRODUCT_RISK_LEVELS);
        if (v) read[t] = v;
      }
      const ranks = RISK_TOLERANCES.map((t) => (read[t] ? PRODUCT_RISK_LEVELS.indexOf(read[t]) : -1));
      if (ranks.every((r) => r >= 0)) {
        if (ranks.some((r, i) => i > 0 && r < ranks[i - 1]!)) pr.add('covers', '更高的风险承受能力不得覆盖更低的产品等级(C1 ≤ … ≤ C5)', 'a higher tolerance may not cover a lower product level (C1 ≤ … ≤ C5)');
        covers = read as Record<RiskTolerance, ProductRiskLevel>;
      }
    }
  }

  const products: Record<string, WealthProduct> = {};
  pr.list(root.products, 'products', 1)?.forEach((raw, i) => {
    const p = at('products', i);
    const o = pr.object(raw, p, ['id', 'name', 'riskLevel']);
    if (!o) return;
    const id = pr.string(o.id, at(p, 'id'), ID_RE, '须为小写字母、数字和下划线', 'must be lower-case letters, digits and underscores');
    if (id && products[id]) pr.add(at(p, 'id'), `产品编号 ${id} 重复`, `duplicate product id ${id}`);
    const name = pr.bilingual(o.name, at(p, 'name'));
    const riskLevel = pr.oneOf(o.riskLevel, at(p, 'riskLevel'), PRODUCT_RISK_LEVELS);
    if (id && name && riskLevel && !products[id]) products[id] = { id, name, riskLevel };
  });
  return pr.result(() => ({ assessmentValidityDays: validity!, covers, products }));
}
