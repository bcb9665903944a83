/**
 * Customer risk classification (客户风险评估与分类): configured points per factor — credit status,
 * transaction behaviour, assets, industry — summed against level thresholds (quantitative), then
 * override rules that can only raise the level, e.g. confirmed fraud, PEP or sanctions → high
 * (qualitative); the result names every contributing factor and the handling configured for its level.
 *
 * YAML (`packs/default/credit/customer-risk.yaml`):
 * ```yaml
 * levels: { medium: 30, high: 60 }      # points at or above → that level; below medium → low
 * factors:
 *   - id: credit_status
 *     name: { zh: 信用状况, en: Credit status }
 *     input: creditTier
 *     categories: { values: { A: 0, B: 5, C: 15, D: 30, E: 45 } }
 *     fallback: { input: creditScore, bands: [{ max: 600, points: 30 }, { min: 600, points: 0 }] }
 *     missing: 15                       # points when the input (and fallback) is missing, default 0
 * overrides:
 *   - { when: confirmedFraud, level: high, code: CONFIRMED_FRAUD, message: { zh: …, en: … } }
 *   - { when: fraudAlerts90d, atLeast: 5, level: high, code: MANY_FRAUD_ALERTS, message: { … } }
 * handling:
 *   high: { monitoring: enhanced, fastTrack: false, manualReview: true, limitMultiplier: 0.5, reviewIntervalDays: 90, description: { … } }
 * ```
 */
import type { Bilingual } from '../../shared/i18n.js';
import { at, CODE_RE, type ConfigResult, ID_RE, INPUT_RE, msg, Problems, type Raw, readYaml } from './config-reader.js';
import { applyMapping, type FactorMapping, parseMapping, type RawInput } from './factor-mapping.js';

export type CustomerRiskLevel = 'low' | 'medium' | 'high';
/** In rising order of risk. */
export const CUSTOMER_RISK_LEVELS: readonly CustomerRiskLevel[] = ['low', 'medium', 'high'];
const RANK: Record<CustomerRiskLevel, number> = { low: 0, medium: 1, high: 2 };

export type Monitoring = 'light' | 'standard' | 'enhanced';
const MONITORING: readonly Monitoring[] = ['light', 'standard', 'enhanced'];

/** Differentiated handling of one level: closer watch of high-risk customers, a smoother path for low-risk ones. */
export interface RiskHandling {
  monitoring: Monitoring;
  /** Eligible for fast-track (automatic) service. */
  fastTrack: boolean;
  /** Sensitive operations go to a person first. */
  manualReview: boolean;
  /** Applied to credit and transaction limits (1 = unchanged). */
  limitMultiplier: number;
  /** How often the classification is reviewed. */
  reviewIntervalDays: number;
  description: Bilingual;
}

interface FactorSource {
  input: string;
  mapping: FactorMapping;
}

export interface CustomerRiskFactor extends FactorSource {
  id: string;
  name: Bilingual;
  /** Used when `input` is missing. */
  fallback: FactorSource | null;
  /** Points when the input and the fallback are both missing. */
  missing: number;
}

export interface CustomerRiskOverride {
  /** Boolean input that triggers when true, or numeric input that triggers at or above `atLeast`. */
  when: string;
  atLeast: number | null;
  level: CustomerRiskLevel;
  code: string;
  message: Bilingual;
}

export interface CustomerRiskConfig {
  levels: { medium: number; high: number };
  factors: CustomerRiskFactor[];
  overrides: CustomerRiskOverride[];
  handling: Record<CustomerRiskLevel, RiskHandling>;
}

/** Facts about one customer, by the input names the configuration uses (e.g. `creditTier`, `fraudAlerts90d`, `pep`). */
export type CustomerFacts = Readonly<Record<string, RawInput>>;

export interface CustomerRiskReason {
  code: string;
  source: 'factor' | 'override';
  message: Bilingual;
  /** Factor id, for factor reasons. */
  factor?: string;
  points?: number;
  /** True when the factor's input was missing and its `missing` points were used. */
  missing?: boolean;
  /** The level an override imposed. */
  level?: CustomerRiskLevel;
}

export interface CustomerRiskAssessment {
  level: CustomerRiskLevel;
  /** Sum of factor points. */
  points: number;
  /** The level the points alone give, before overrides. */
  scoredLevel: CustomerRiskLevel;
  /** Every factor that added points, then every override that fired. */
  reasons: CustomerRiskReason[];
  handling: RiskHandling;
}

const LEVEL_NAME: Record<CustomerRiskLevel, Bilingual> = {
  low: msg('低风险', 'low risk'),
  medium: msg('中风险', 'medium risk'),
  high: msg('高风险', 'high risk'),
};

/**
 * Classifies one customer. Pure: the facts are the caller's, the thresholds and points the config's.
 *
 * @example
 * assessCustomerRisk(config, { creditTier: 'B', fraudAlerts90d: 0, balance: 2_000_000, industry: 'software' })
 * // → { level: 'low', points: 5, reasons: [{ code: 'CREDIT_STATUS', points: 5, … }], handling: { fastTrack: true, … } }
 */
export function assessCustomerRisk(config: CustomerRiskConfig, facts: CustomerFacts): CustomerRiskAssessment {
  const reasons: CustomerRiskReason[] = [];
  let points = 0;
  for (const f of config.factors) {
    let value = applyMapping(f.mapping, facts[f.input]);
    if (value === null && f.fallback) value = applyMapping(f.fallback.mapping, facts[f.fallback.input]);
    const missing = value === null;
    const p = value ?? f.missing;
    points += p;
    if (p > 0) {
      reasons.push({
        code: f.id.toUpperCase(),
        source: 'factor',
        factor: f.id,
        points: p,
        missing,
        message: missing
          ? msg(`${f.name.zh}:缺少数据,按 ${p} 分计`, `${f.name.en}: no data, counted as ${p} points`)
          : msg(`${f.name.zh}:${p} 分`, `${f.name.en}: ${p} points`),
      });
    }
  }
  const scoredLevel: CustomerRiskLevel = points >= config.levels.high ? 'high' : points >= config.levels.medium ? 'medium' : 'low';
  let level = scoredLevel;
  for (const o of config.overrides) {
    const v = facts[o.when];
    const fired = o.atLeast === null ? v === true : typeof v === 'number' && v >= o.atLeast;
    if (!fired) continue;
    reasons.push({ code: o.code, source: 'override', level: o.level, message: o.message });
    // An override only ever raises the level.
    if (RANK[o.level] > RANK[level]) level = o.level;
  }
  return { level, points, scoredLevel, reasons, handling: config.handling[level] };
}

/** The more severe of two levels. */
export function maxRiskLevel(a: CustomerRiskLevel, b: CustomerRiskLevel): CustomerRiskLevel {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Parses and validates `customer-risk.yaml`; lists every problem with its path, never throws. */
export function parseCustomerRiskConfig(yamlText: string): ConfigResult<CustomerRiskConfig> {
  const y = readYaml(yamlText);
  if (!y.ok) return y;
  return checkCustomerRiskConfig(y.doc);
}

const MAX_POINTS = 1000;

function checkSource(pr: Problems, o: Raw, path: string): FactorSource | undefined {
  const input = pr.string(o.input, at(path, 'input'), INPUT_RE, '须为输入字段名(如 fraudAlerts90d)', 'must be an input field name (e.g. fraudAlerts90d)');
  const mapping = parseMapping(pr, o, path, { kinds: ['bands', 'categories', 'flag'], valueKey: 'points', maxValue: MAX_POINTS });
  return input && mapping ? { input, mapping } : undefined;
}

/** Validates an already-parsed customer-risk configuration document. */
export function checkCustomerRiskConfig(doc: unknown): ConfigResult<CustomerRiskConfig> {
  const pr = new Problems();
  const root = pr.object(doc, '', ['levels', 'factors', 'overrides', 'handling']) ?? {};

  const lv = pr.object(root.levels, 'levels', ['medium', 'high']);
  const medium = lv && pr.number(lv.medium, 'levels.medium', 0, MAX_POINTS * 100);
  const high = lv && pr.number(lv.high, 'levels.high', 0, MAX_POINTS * 100);
  if (medium !== undefined && high !== undefined && !(0 < medium && medium < high)) pr.add('levels', '须满足 0 < medium < high', 'must satisfy 0 < medium < high');

  const factors: CustomerRiskFactor[] = [];
  const ids = new Set<string>();
  pr.list(root.factors, 'factors', 1)?.forEach((f, i) => {
    const p = at('factors', i);
    const o = pr.object(f, p, ['id', 'name', 'input', 'bands', 'categories', 'flag', 'fallback', 'missing']);
    if (!o) return;
    const id = pr.string(o.id, at(p, 'id'), ID_RE, '须为小写字母、数字和下划线', 'must be lower-case letters, digits and underscores');
    if (id !== undefined) {
      if (ids.has(id)) pr.add(at(p, 'id'), `因子编号 ${id} 重复`, `duplicate factor id ${id}`);
      ids.add(id);
    }
    const name = pr.bilingual(o.name, at(p, 'name'));
    const source = checkSource(pr, o, p);
    let fallback: FactorSource | null | undefined = null;
    if (o.fallback !== undefined) {
      const fo = pr.object(o.fallback, at(p, 'fallback'), ['input', 'bands', 'categories', 'flag']);
      fallback = fo && checkSource(pr, fo, at(p, 'fallback'));
    }
    const missing = o.missing === undefined ? 0 : pr.number(o.missing, at(p, 'missing'), 0, MAX_POINTS);
    if (id && name && source && fallback !== undefined && missing !== undefined) factors.push({ id, name, ...source, fallback, missing });
  });

  const overrides: CustomerRiskOverride[] = [];
  if (root.overrides !== undefined) {
    pr.list(root.overrides, 'overrides')?.forEach((r, i) => {
      const p = at('overrides', i);
      const o = pr.object(r, p, ['when', 'atLeast', 'level', 'code', 'message']);
      if (!o) return;
      const when = pr.string(o.when, at(p, 'when'), INPUT_RE, '须为输入字段名(如 confirmedFraud)', 'must be an input field name (e.g. confirmedFraud)');
      const atLeast = o.atLeast === undefined ? null : pr.finite(o.atLeast, at(p, 'atLeast'));
      const level = pr.oneOf(o.level, at(p, 'level'), CUSTOMER_RISK_LEVELS);
      const code = pr.string(o.code, at(p, 'code'), CODE_RE, '原因码须为大写字母、数字和下划线', 'a reason code must be upper-case letters, digits and underscores');
      const message = pr.bilingual(o.message, at(p, 'message'));
      if (when && atLeast !== undefined && level && code && message) overrides.push({ when, atLeast, level, code, message });
    });
  }

  const handling = checkHandling(pr, root.handling);
  return pr.result(() => ({ levels: { medium: medium!, high: high! }, factors, overrides, handling: handling! }));
}

function checkHandling(pr: Problems, raw: unknown): Record<CustomerRiskLevel, RiskHandling> | undefined {
  const o = pr.object(raw, 'handling', CUSTOMER_RISK_LEVELS);
  if (!o) return undefined;
  const out: Partial<Record<CustomerRiskLevel, RiskHandling>> = {};
  for (const level of CUSTOMER_RISK_LEVELS) {
    const p = at('handling', level);
    const h = pr.object(o[level], p, ['monitoring', 'fastTrack', 'manualReview', 'limitMultiplier', 'reviewIntervalDays', 'description']);
    if (!h) continue;
    const monitoring = pr.oneOf(h.monitoring, at(p, 'monitoring'), MONITORING);
    const fastTrack = pr.boolean(h.fastTrack, at(p, 'fastTrack'));
    const manualReview = pr.boolean(h.manualReview, at(p, 'manualReview'));
    const limitMultiplier = pr.number(h.limitMultiplier, at(p, 'limitMultiplier'), 0, 2);
    const reviewIntervalDays = pr.int(h.reviewIntervalDays, at(p, 'reviewIntervalDays'), 1, 3660);
    const description = pr.bilingual(h.description, at(p, 'description'));
    if (monitoring && fastTrack !== undefined && manualReview !== undefined && limitMultiplier !== undefined && reviewIntervalDays && description) {
      out[level] = { monitoring, fastTrack, manualReview, limitMultiplier, reviewIntervalDays, description };
    }
  }
  const { low, medium, high } = out;
  if (!low || !medium || !high) return undefined;
  // Riskier customers never get more room or less attention than safer ones.
  if (!(high.limitMultiplier <= medium.limitMultiplier && medium.limitMultiplier <= low.limitMultiplier)) {
    pr.add('handling', 'limitMultiplier 须随风险升高而不增(high ≤ medium ≤ low)', 'limitMultiplier must not grow with risk (high ≤ medium ≤ low)');
  }
  if (!(high.reviewIntervalDays <= medium.reviewIntervalDays && medium.reviewIntervalDays <= low.reviewIntervalDays)) {
    pr.add('handling', 'reviewIntervalDays 须随风险升高而不增(high ≤ medium ≤ low)', 'reviewIntervalDays must not grow with risk (high ≤ medium ≤ low)');
  }
  if (MONITORING.indexOf(high.monitoring) < MONITORING.indexOf(low.monitoring)) {
    pr.add('handling.high.monitoring', '高风险客户的监控不得弱于低风险客户', 'high-risk customers may not be monitored less closely than low-risk ones');
  }
  if (high.fastTrack) pr.add('handling.high.fastTrack', '高风险客户不得快速通道办理', 'high-risk customers may not be fast-tracked');
  return out as Record<CustomerRiskLevel, RiskHandling>;
}

/** The bilingual name of a level, for reasons written by other modules. */
export function riskLevelName(level: CustomerRiskLevel): Bilingual {
  return LEVEL_NAME[level];
}
