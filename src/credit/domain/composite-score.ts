/**
 * Weighted composite scoring as configuration (加权综合评分): each factor maps a raw input to a
 * 0–100 sub-score, the weights (summing to 1) combine them onto the card's scale, and every
 * factor's contribution is shown, so a composite can serve as a simple, explainable scorecard —
 * credit (income 40%, debt ratio 30%, credit record 20%, activity 10%) or operational risk
 * (system security 40%, people 30%, process 20%, other 10%) alike.
 *
 * YAML (`packs/default/credit/composite.yaml`):
 * ```yaml
 * scorecards:
 *   credit_basic:
 *     name: { zh: 个人信用综合评分, en: Personal credit composite score }
 *     scale: { min: 0, max: 100 }          # optional, default 0–100
 *     factors:
 *       - id: income
 *         name: { zh: 收入水平, en: Income }
 *         input: monthlyIncome
 *         weight: 0.4
 *         direction: higher_is_better      # required with linear and bands
 *         linear: { min: 300000, max: 3000000 }
 *         missing: 0                       # optional sub-score for a missing input, default 0
 * ```
 */
import type { Bilingual } from '../../shared/i18n.js';
import { at, type ConfigResult, ID_RE, INPUT_RE, Problems, readYaml } from './config-reader.js';
import { applyMapping, DIRECTIONS, type Direction, type FactorMapping, parseMapping, type RawInput } from './factor-mapping.js';

/** Weights must sum to 1 within this tolerance (floating point: 0.1 + 0.2 ≠ 0.3). */
export const WEIGHT_TOLERANCE = 1e-9;

export interface CompositeFactor {
  id: string;
  name: Bilingual;
  /** The key of the input record this factor reads. */
  input: string;
  weight: number;
  direction: Direction | null;
  mapping: FactorMapping;
  /** Sub-score (0–100) when the input is missing or unmappable. */
  missing: number;
}

export interface CompositeScorecard {
  id: string;
  name: Bilingual;
  scale: { min: number; max: number };
  factors: CompositeFactor[];
}

export interface CompositeConfig {
  scorecards: Record<string, CompositeScorecard>;
}

export interface FactorContribution {
  id: string;
  name: Bilingual;
  input: string;
  /** 0–100. */
  subScore: number;
  weight: number;
  /** Points this factor adds on the card's scale: weight × subScore/100 × (max − min), 2 decimals. */
  contribution: number;
  /** Points this factor cost against a perfect sub-score, on the card's scale, 2 decimals. */
  pointsLost: number;
  /** True when the input was missing and the factor's `missing` sub-score was used. */
  missing: boolean;
}

export interface CompositeScore {
  scorecard: string;
  /** On the card's scale, rounded to 2 decimals (computed unrounded, rounded once). */
  score: number;
  scale: { min: number; max: number };
  /** In configured order. */
  factors: FactorContribution[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Scores one input record on a composite scorecard.
 *
 * @example
 * scoreComposite(card, { monthlyIncome: 2_460_000, debtRatio: 0.35, worstDelinquencyDays: 0, activeDays90d: 36 })
 * // → { score: 69, factors: [{ id: 'income', subScore: 80, contribution: 32, … }, …] }
 */
export function scoreComposite(card: CompositeScorecard, inputs: Readonly<Record<string, RawInput>>): CompositeScore {
  const span = card.scale.max - card.scale.min;
  let total = 0;
  const factors = card.factors.map((f): FactorContribution => {
    const mapped = applyMapping(f.mapping, inputs[f.input]);
    const subScore = mapped ?? f.missing;
    const raw = (f.weight * subScore * span) / 100;
    total += raw;
    return {
      id: f.id,
      name: f.name,
      input: f.input,
      subScore: round2(subScore),
      weight: f.weight,
      contribution: round2(raw),
      pointsLost: round2(f.weight * span - raw),
      missing: mapped === null,
    };
  });
  return { scorecard: card.id, score: round2(card.scale.min + total), scale: { ...card.scale }, factors };
}

/** Parses and validates `composite.yaml`; lists every problem with its path, never throws. */
export function parseCompositeConfig(yamlText: string): ConfigResult<CompositeConfig> {
  const y = readYaml(yamlText);
  if (!y.ok) return y;
  return checkCompositeConfig(y.doc);
}

/** Validates an already-parsed composite configuration document. */
export function checkCompositeConfig(doc: unknown): ConfigResult<CompositeConfig> {
  const pr = new Problems();
  const root = pr.object(doc, '', ['scorecards']);
  const scorecards: Record<string, CompositeScorecard> = {};
  const cards = root ? pr.object(root.scorecards, 'scorecards') : undefined;
  if (cards && Object.keys(cards).length === 0) pr.add('scorecards', '至少需要一张评分卡', 'needs at least one scorecard');
  for (const [id, raw] of Object.entries(cards ?? {})) {
    const card = checkScorecard(pr, id, raw, at('scorecards', id));
    if (card) scorecards[id] = card;
  }
  return pr.result(() => ({ scorecards }));
}

function checkScorecard(pr: Problems, id: string, raw: unknown, path: string): CompositeScorecard | undefined {
  const before = pr.items.length;
  if (!ID_RE.test(id)) pr.add(path, '评分卡编号须为小写字母、数字和下划线', 'a scorecard id must be lower-case letters, digits and underscores');
  const o = pr.object(raw, path, ['name', 'scale', 'factors']);
  if (!o) return undefined;
  const name = pr.bilingual(o.name, at(path, 'name'));
  let scale = { min: 0, max: 100 };
  if (o.scale !== undefined) {
    const s = pr.object(o.scale, at(path, 'scale'), ['min', 'max']);
    const min = s && pr.number(s.min, at(at(path, 'scale'), 'min'), -1e9, 1e9);
    const max = s && pr.number(s.max, at(at(path, 'scale'), 'max'), -1e9, 1e9);
    if (min !== undefined && max !== undefined) {
      if (min >= max) pr.add(at(path, 'scale'), 'min 须小于 max', 'min must be below max');
      else scale = { min, max };
    }
  }
  const fp = at(path, 'factors');
  const factors: CompositeFactor[] = [];
  const ids = new Set<string>();
  pr.list(o.factors, fp, 1)?.forEach((f, i) => {
    const p = at(fp, i);
    const fo = pr.object(f, p, ['id', 'name', 'input', 'weight', 'direction', 'missing', 'linear', 'bands', 'categories']);
    if (!fo) return;
    const fid = pr.string(fo.id, at(p, 'id'), ID_RE, '须为小写字母、数字和下划线', 'must be lower-case letters, digits and underscores');
    if (fid !== undefined) {
      if (ids.has(fid)) pr.add(at(p, 'id'), `因子编号 ${fid} 重复`, `duplicate factor id ${fid}`);
      ids.add(fid);
    }
    const fname = pr.bilingual(fo.name, at(p, 'name'));
    const input = pr.string(fo.input, at(p, 'input'), INPUT_RE, '须为输入字段名(如 monthlyIncome)', 'must be an input field name (e.g. monthlyIncome)');
    const weight = pr.number(fo.weight, at(p, 'weight'), 0, 1);
    if (weight === 0) pr.add(at(p, 'weight'), '权重须大于 0', 'a weight must be above 0');
    const needsDirection = fo.linear !== undefined || fo.bands !== undefined;
    const direction = fo.direction === undefined ? undefined : pr.oneOf(fo.direction, at(p, 'direction'), DIRECTIONS);
    if (needsDirection && fo.direction === undefined) pr.add(at(p, 'direction'), 'linear 与 bands 需要方向:higher_is_better 或 higher_is_worse', 'linear and bands need a direction: higher_is_better or higher_is_worse');
    const mapping = parseMapping(pr, fo, p, { kinds: ['linear', 'bands', 'categories'], valueKey: 'score', maxValue: 100, direction });
    const missing = fo.missing === undefined ? 0 : pr.number(fo.missing, at(p, 'missing'), 0, 100);
    if (fid && fname && input && weight && mapping && missing !== undefined) {
      factors.push({ id: fid, name: fname, input, weight, direction: direction ?? null, mapping, missing });
    }
  });
  if (factors.length > 0 && pr.items.length === before) {
    const sum = factors.reduce((s, f) => s + f.weight, 0);
    if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
      const shown = Math.round(sum * 1e6) / 1e6;
      pr.add(fp, `权重之和为 ${shown},须等于 1`, `the weights sum to ${shown}; they must sum to 1`);
    }
  }
  if (pr.items.length > before || !name) return undefined;
  return { id, name, scale, factors };
}
