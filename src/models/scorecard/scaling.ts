/**
 * Turns a fitted WOE logistic model into a points table (评分卡刻度): each bin's points are
 * −factor·β·WOE, and the intercept becomes a separate base-points line, offset − factor·β₀,
 * rather than being spread over the variables — one line a reviewer can read on its own. The
 * score is base points plus the points of the applicant's bins, which equals
 * offset − factor·ln(odds) exactly as defined in points-scale.ts.
 */
import type { PointsScale } from '../domain/scoring-model.js';
import { scaleFactor, scaleOffset } from '../domain/points-scale.js';
import { optionError } from '../dataset/model-error.js';
import type { VariableBins } from './bins.js';
import type { WoeTable } from './woe.js';

export interface PointsBin {
  label: string;
  woe: number;
  points: number;
}

export interface PointsVariable {
  variable: string;
  /** The slope of this variable's WOE in the logistic model. */
  coefficient: number;
  bins: VariableBins;
  /** One line per bin, the missing bin last, in the order of `bins`. */
  rows: PointsBin[];
}

/** A whole scorecard as data: scale, base points and the points of every bin. */
export interface PointsTable {
  scale: PointsScale;
  intercept: number;
  basePoints: number;
  variables: PointsVariable[];
}

/** Checks a points scale: finite base score, positive base odds and PDO. */
export function validateScale(scale: PointsScale, prefix = 'scale.'): PointsScale {
  if (typeof scale?.baseScore !== 'number' || !Number.isFinite(scale.baseScore)) throw optionError(`${prefix}baseScore`, '须为有限数值', 'must be a finite number');
  if (typeof scale.baseOdds !== 'number' || !(scale.baseOdds > 0) || !Number.isFinite(scale.baseOdds)) throw optionError(`${prefix}baseOdds`, '须为正数', 'must be a positive number');
  if (typeof scale.pdo !== 'number' || !(scale.pdo > 0) || !Number.isFinite(scale.pdo)) throw optionError(`${prefix}pdo`, '须为正数', 'must be a positive number');
  return { baseScore: scale.baseScore, baseOdds: scale.baseOdds, pdo: scale.pdo };
}

/** Points of a bin: −factor·β·WOE (a risky bin, WOE > 0, loses points when β > 0). */
export function binPoints(coefficient: number, woe: number, scale: PointsScale): number {
  // `+ 0` turns −0 (an empty bin, WOE 0) into 0, so the stored table survives a JSON round trip unchanged.
  return -scaleFactor(scale) * coefficient * woe + 0;
}

/** Base points: the score of an applicant whose every WOE is 0, offset − factor·β₀. */
export function basePoints(intercept: number, scale: PointsScale): number {
  return scaleOffset(scale) - scaleFactor(scale) * intercept;
}

/**
 * The points table of a fitted model: `coefficients` by variable name, WOE tables for each.
 *
 * @example
 * const table = buildPointsTable(fit.coefficients[0], new Map([['age', 0.8]]), [ageWoe], DEFAULT_SCALE);
 */
export function buildPointsTable(intercept: number, coefficients: ReadonlyMap<string, number>, tables: readonly WoeTable[], scale: PointsScale): PointsTable {
  const s = validateScale(scale);
  const variables: PointsVariable[] = [];
  for (const t of tables) {
    const beta = coefficients.get(t.variable);
    if (beta === undefined) continue;
    variables.push({
      variable: t.variable,
      coefficient: beta,
      bins: t.bins,
      rows: t.rows.map((r) => ({ label: r.label, woe: r.woe, points: binPoints(beta, r.woe, s) })),
    });
  }
  return { scale: s, intercept, basePoints: basePoints(intercept, s), variables };
}
