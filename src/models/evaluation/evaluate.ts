/**
 * One call that evaluates a model on a labelled sample and returns a plain, JSON-serialisable
 * ModelEvaluation — the object the HTML model report renders. Its field names are a contract:
 * add fields, never rename or remove them.
 */
import {
  auc as aucOf,
  type CalibrationRow,
  calibrationTable,
  checkInputs,
  gini as giniOf,
  type HistogramBin,
  ks as ksOf,
  ksCurve,
  type LiftRow,
  liftTable,
  rocCurve,
  scoreHistogram,
} from './metrics.js';
import { ModelError } from '../dataset/model-error.js';

export type { CalibrationRow, HistogramBin, LiftRow } from './metrics.js';

/** Everything the model report shows about one model on one sample. */
export interface ModelEvaluation {
  /** Rows evaluated. */
  rows: number;
  /** Bad rows (label 1). */
  bads: number;
  /** bads / rows. */
  badRate: number;
  /** Area under the ROC curve, ties counted one half. */
  auc: number;
  /** Kolmogorov–Smirnov statistic, max |TPR − FPR|. */
  ks: number;
  /** Probability at the KS point: rows with probability ≥ this are flagged. */
  ksThreshold: number;
  /** Score at the KS point when scores were given (rows scoring ≤ this are flagged), else null. */
  ksScoreThreshold: number | null;
  /** 2·AUC − 1. */
  gini: number;
  /** ROC curve from (0,0) to (1,1), at most 200 points. */
  roc: Array<{ fpr: number; tpr: number }>;
  /** KS chart: x = share of rows flagged riskiest first, with TPR and FPR; at most 200 points, KS point included. */
  ksCurve: Array<{ x: number; tpr: number; fpr: number }>;
  /** Deciles of risk, riskiest first (group 1). */
  lift: LiftRow[];
  /** Deciles of predicted probability, lowest first: predicted against observed bad rate. */
  calibration: CalibrationRow[];
  /** Histogram (bars [from, to)) of the scores, or of the probabilities when no scores were given. */
  scoreDistribution: HistogramBin[];
  /** What `scoreDistribution` counts: 'score' (points) or 'probability'. */
  scoreDistributionOf: 'score' | 'probability';
}

/**
 * Evaluates predictions against labels.
 *
 * @param predictions probability of bad per row (higher = riskier)
 * @param labels 1 = bad, 0 = good
 * @param scores optional points per row (higher = safer), for the score histogram and KS cut-off
 * @example
 * const { probabilities, scores } = card.scoreDataset(test);
 * const evaluation = evaluateModel(probabilities, test.target!, scores);
 */
export function evaluateModel(predictions: Float64Array, labels: Uint8Array, scores?: Float64Array): ModelEvaluation {
  const { rows, bads } = checkInputs(predictions, labels);
  if (scores && scores.length !== rows) {
    throw new ModelError('DATASET_INVALID', { zh: '分数与标签数量不一致', en: 'Scores and labels differ in length' }, { field: 'scores' });
  }
  const auc = aucOf(predictions, labels);
  const k = ksOf(predictions, labels);
  let ksScoreThreshold: number | null = null;
  if (scores) {
    // Points run the other way (higher = safer): negate to rank riskiest first.
    ksScoreThreshold = -ksOf(Float64Array.from(scores, (s) => -s), labels).threshold;
  }
  return {
    rows,
    bads,
    badRate: bads / rows,
    auc,
    ks: k.ks,
    ksThreshold: k.threshold,
    ksScoreThreshold,
    gini: giniOf(auc),
    roc: rocCurve(predictions, labels, 200),
    ksCurve: ksCurve(predictions, labels, 200),
    lift: liftTable(predictions, labels, 10),
    calibration: calibrationTable(predictions, labels, 10),
    scoreDistribution: scoreHistogram(scores ?? predictions, labels, 20),
    scoreDistributionOf: scores ? 'score' : 'probability',
  };
}
