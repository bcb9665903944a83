/**
 * The model benchmark behind `fengkong bench model`: trains a scorecard on a synthetic sample,
 * scores an independent sample row by row (the real-time path, with reasons) and in batch, and
 * reports time, throughput and discrimination.
 */
import { performance } from 'node:perf_hooks';
import { rowAt } from '../domain/dataset.js';
import { evaluateModel } from '../evaluation/evaluate.js';
import { syntheticCreditData } from './synthetic-credit.js';
import { type TrainOptions, trainScorecard } from './workflow.js';

export interface ScorecardBenchOptions {
  /** Training rows (default 30,000). */
  rows?: number;
  /** Candidate variables (default 23). */
  variables?: number;
  seed?: number;
  /** Rows of the independent test sample (default 10,000). */
  testRows?: number;
  train?: TrainOptions;
}

export interface ScorecardBenchResult {
  rows: number;
  variables: number;
  testRows: number;
  /** Variables in the trained card. */
  selected: number;
  /** Wall time of trainScorecard. */
  trainMs: number;
  timings: Record<string, number>;
  /** Rows per second through `score(row, 3)` (probability, points and 3 reasons). */
  scoringPerSecond: number;
  /** Rows per second through `scoreDataset`. */
  batchScoringPerSecond: number;
  /** On the independent test sample. */
  auc: number;
  ks: number;
}

/**
 * Runs the benchmark.
 *
 * @example
 * const r = benchScorecard({ rows: 30_000, variables: 23, seed: 1 }); // { trainMs, scoringPerSecond, auc, ks, … }
 */
export function benchScorecard(options: ScorecardBenchOptions = {}): ScorecardBenchResult {
  const rows = options.rows ?? 30_000;
  const variables = options.variables ?? 23;
  const seed = options.seed ?? 1;
  const testRows = options.testRows ?? 10_000;
  const train = syntheticCreditData({ rows, variables, seed });
  const test = syntheticCreditData({ rows: testRows, variables, seed: seed + 7919 });

  const t0 = performance.now();
  const result = trainScorecard(train, options.train);
  const trainMs = performance.now() - t0;
  const card = result.scorecard;

  const rowObjects = Array.from({ length: test.rows }, (_v, i) => rowAt(test, i));
  let sink = 0;
  // Warm up, then score for at least 200,000 rows and 300 ms.
  for (let i = 0; i < Math.min(20_000, rowObjects.length * 2); i++) sink += card.score(rowObjects[i % rowObjects.length]!, 3).score;
  let scored = 0;
  const t1 = performance.now();
  while (scored < 200_000 || performance.now() - t1 < 300) {
    for (const r of rowObjects) sink += card.score(r, 3).score;
    scored += rowObjects.length;
  }
  const scoringPerSecond = scored / ((performance.now() - t1) / 1000);

  let batched = 0;
  const t2 = performance.now();
  let batch = card.scoreDataset(test);
  while (batched < 500_000 || performance.now() - t2 < 300) {
    batch = card.scoreDataset(test);
    batched += test.rows;
  }
  const batchScoringPerSecond = batched / ((performance.now() - t2) / 1000);
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the scoring loop from being optimised away');

  const evaluation = evaluateModel(batch.probabilities, test.target!, batch.scores);
  return {
    rows,
    variables,
    testRows,
    selected: result.selection.kept.length,
    trainMs,
    timings: { ...result.timings },
    scoringPerSecond,
    batchScoringPerSecond,
    auc: evaluation.auc,
    ks: evaluation.ks,
  };
}
