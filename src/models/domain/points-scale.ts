/** Conversions between probability, log-odds and points on a PointsScale (see scoring-model.ts). */
import type { PointsScale } from './scoring-model.js';

export function scaleFactor(scale: PointsScale): number {
  return scale.pdo / Math.LN2;
}

export function scaleOffset(scale: PointsScale): number {
  return scale.baseScore + scaleFactor(scale) * Math.log(scale.baseOdds);
}

/** Points for a log-odds of bad. */
export function pointsFromLogOdds(logOdds: number, scale: PointsScale): number {
  return scaleOffset(scale) - scaleFactor(scale) * logOdds;
}

/** Points for a probability of bad (clamped away from 0 and 1 so the score stays finite). */
export function pointsFromProbability(p: number, scale: PointsScale): number {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return pointsFromLogOdds(Math.log(q / (1 - q)), scale);
}

export function logistic(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
