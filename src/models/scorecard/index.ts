/** Public surface of the scorecard (评分卡) modelling core: what other capabilities may import. */
export { binDataset, binVariable, resolveBinningOptions, type BinningMethod, type BinningOptions, type ManualBins } from './binning.js';
export { binCount, binLabels, missingBin, type CategoricalBins, type NumericBins, type VariableBins } from './bins.js';
export { fitLogistic, type LogisticFit, type LogisticOptions } from './logistic.js';
export { basePoints, binPoints, buildPointsTable, validateScale, type PointsBin, type PointsTable, type PointsVariable } from './scaling.js';
export { Scorecard, type DatasetScores } from './scorecard.js';
export type { ScorecardArtifactBody } from './scorecard-artifact.js';
export { benchScorecard, type ScorecardBenchOptions, type ScorecardBenchResult } from './scorecard-bench.js';
export {
  correlationFilter,
  dropWrongSigns,
  identicalRate,
  missingRate,
  pearson,
  screenVariables,
  stepwise,
  vif,
  vifFilter,
  type DroppedVariable,
  type ScreenOptions,
  type SelectionResult,
  type SelectionStep,
  type StepwiseOptions,
  type StepwiseResult,
  type WoeColumns,
} from './selection.js';
export { scoreTest } from './stepwise.js';
export { syntheticCreditData, type SyntheticOptions } from './synthetic-credit.js';
export { binWoe, ivOf, woeColumn, woeTable, woeTransform, type WoeRow, type WoeTable } from './woe.js';
export { trainScorecard, type CoefficientRow, type SelectionOptions, type TrainOptions, type TrainResult } from './workflow.js';
