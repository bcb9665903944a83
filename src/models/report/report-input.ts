/**
 * What the model report reads. `ReportEvaluation` is a structural copy of the evaluation module's
 * `ModelEvaluation` (same fields), so this folder does not depend on that file.
 */
import type { Bilingual } from '../../shared/i18n.js';
import type { ModelKind, PointsScale } from '../domain/scoring-model.js';

/** Discrimination and calibration of one sample (train or test), as `evaluateModel()` returns it. */
export interface ReportEvaluation {
  rows: number;
  bads: number;
  badRate: number;
  auc: number;
  ks: number;
  /** The score (or probability) at which the KS gap is widest. */
  ksThreshold: number;
  gini: number;
  roc: { fpr: number; tpr: number }[];
  /** x = share of the population, sorted riskiest first. */
  ksCurve: { x: number; tpr: number; fpr: number }[];
  lift: { decile: number; from: number; to: number; rows: number; bads: number; badRate: number; cumBadShare: number; lift: number }[];
  calibration: { bin: number; predicted: number; observed: number; rows: number }[];
  scoreDistribution: { from: number; to: number; good: number; bad: number }[];
}

/** One bin of a scorecard variable's WOE table. */
export interface ReportBin {
  label: string;
  count: number;
  good: number;
  bad: number;
  badRate: number;
  woe: number;
  points?: number;
}

/** A scorecard variable: its information value, regression estimate and WOE bins. */
export interface ReportVariable {
  name: string;
  iv: number;
  coefficient?: number;
  stdError?: number;
  pValue?: number;
  bins: ReportBin[];
}

export interface ReportPsi {
  /** PSI of the model score between the two samples. */
  score: number;
  variables: { name: string; psi: number }[];
}

export interface ReportSelection {
  variable: string;
  kept: boolean;
  reason: Bilingual;
}

export interface ReportDataset {
  name: string;
  rows: number;
  bads: number;
  trainRows: number;
  testRows: number;
}

/** Everything one model version's report shows. */
export interface ModelReportInput {
  name: string;
  version: string | number;
  kind: ModelKind;
  /** ISO 8601. */
  createdAt: string;
  createdBy: string;
  status: string;
  decisionPoint?: string;
  dataset: ReportDataset;
  scale?: PointsScale;
  train?: ReportEvaluation;
  test: ReportEvaluation;
  psi?: ReportPsi;
  variables?: ReportVariable[];
  importance?: { name: string; gain: number }[];
  selectionLog?: ReportSelection[];
  notes?: string;
  /**
   * ISO 8601 time the report was produced, shown in the footer. The renderer reads no clock, so the
   * same input always gives the same bytes (a report can be hashed and compared).
   */
  generatedAt?: string;
}
