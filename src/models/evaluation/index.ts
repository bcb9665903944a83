/** Public surface of model evaluation (AUC, KS, Gini, lift, calibration, PSI): what other capabilities may import. */
export { evaluateModel, type ModelEvaluation } from './evaluate.js';
export {
  auc,
  calibrationTable,
  gini,
  ks,
  ksCurve,
  liftTable,
  rocCurve,
  scoreHistogram,
  type CalibrationRow,
  type HistogramBin,
  type LiftRow,
} from './metrics.js';
export { psiCategorical, psiFromCounts, psiNumeric, psiReading, variablePsi, type PsiBin, type PsiOptions, type PsiReading, type PsiResult } from './psi.js';
