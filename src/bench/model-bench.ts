/**
 * `fengkong bench model`: the scorecard workflow and 200 boosted trees trained on the same seeded
 * synthetic credit sample (30,000 rows × 23 variables by default), then scored on an independent
 * sample row by row (the real-time path, with reasons) and in batch. Targets (issue #6): scorecard
 * workflow ≤ 5 s, 200 trees ≤ 30 s, scoring ≥ 200,000/s (scorecard) and ≥ 50,000/s (trees) per core.
 */
import { rowAt } from '../models/domain/dataset.js';
import { evaluateModel } from '../models/evaluation/evaluate.js';
import { benchScorecard } from '../models/scorecard/scorecard-bench.js';
import { syntheticCreditData } from '../models/scorecard/synthetic-credit.js';
import { trainGbdt } from '../models/trees/gbdt-train.js';

export interface ModelBenchOptions {
  rows: number;
  variables: number;
  trees: number;
  seed: number;
}

/** Rows per second of `fn` over `rows`, for at least `minRows` rows and 300 ms, after a warm-up. */
function throughput(rows: number, fn: (i: number) => number, minRows: number): number {
  let sink = 0;
  for (let i = 0; i < Math.min(rows, 5_000); i++) sink += fn(i);
  let done = 0;
  const t = performance.now();
  while (done < minRows || performance.now() - t < 300) {
    for (let i = 0; i < rows; i++) sink += fn(i);
    done += rows;
  }
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the loop from being optimised away');
  return Math.round(done / ((performance.now() - t) / 1000));
}

export function runModelBench(o: ModelBenchOptions) {
  const scorecard = benchScorecard({ rows: o.rows, variables: o.variables, seed: o.seed });
  const train = syntheticCreditData({ rows: o.rows, variables: o.variables, seed: o.seed });
  const test = syntheticCreditData({ rows: 10_000, variables: o.variables, seed: o.seed + 7919 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { model, trees } = trainGbdt(train, { rounds: o.trees, maxDepth: 5, learningRate: 0.1, seed: o.seed });
  const treesMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const rows = Array.from({ length: 2_000 }, (_, i) => rowAt(test, i));
  const probabilities = model.predictDataset(test);
  const e = evaluateModel(probabilities, test.target!);
  return {
    rows: o.rows,
    variables: o.variables,
    scorecard: {
      trainMs: Math.round(scorecard.trainMs),
      selected: scorecard.selected,
      scoringPerSecond: Math.round(scorecard.scoringPerSecond),
      batchScoringPerSecond: Math.round(scorecard.batchScoringPerSecond),
      auc: scorecard.auc,
      ks: scorecard.ks,
      timings: scorecard.timings,
    },
    trees: {
      trees,
      trainMs: Math.round(treesMs),
      trainCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      // Probability and points without reasons: what a decision reading models.<name> pays.
      scoringPerSecond: throughput(rows.length, (i) => model.score(rows[i]!, 0).score, 100_000),
      // With the three worst reasons (TreeSHAP), as a credit decision asks.
      scoringWithReasonsPerSecond: throughput(rows.length, (i) => model.score(rows[i]!, 3).score, 10_000),
      batchScoringPerSecond: throughput(1, () => model.predictDataset(test).length, 10) * test.rows,
      auc: e.auc,
      ks: e.ks,
    },
    targets: { scorecardTrainMs: 5_000, treesTrainMs: 30_000, scorecardScoringPerSecond: 200_000, treesScoringPerSecond: 50_000 },
  };
}
