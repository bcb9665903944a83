/** Public surface of dataset loading and splitting: what other capabilities may import. */
export { loadDataset, parseCsvTable, type LoadDatasetOptions, type TargetOptions } from './load-dataset.js';
export { ModelError, type ModelErrorCode } from './model-error.js';
export { cleanCell, datasetFromTable, parseDecimal, type RawTable } from './raw-table.js';
export { stratifiedFolds, stratifiedSplit, type Split, type SplitOptions } from './split.js';
