/**
 * Benchmark of the tree models: train boosted trees on a seeded synthetic sample (early stopping
 * off, so exactly `trees` rounds), then score a held-out sample of the same size in batch and row
 * by row (with TreeSHAP reasons). Run directly for a JSON report:
 * `node --import tsx src/models/trees/gbdt-bench.ts [rows] [variables] [trees]`.
 */
import { pathToFileURL } from 'node:url';
import { rowAt } from '../domain/dataset.js';
import { trainGbdt } from './gbdt-train.js';
import { auc, syntheticCredit } from './synthetic-data.js';

export interface BenchTreesOptions {
  /** Training rows; the held-out sample has as many. Default 30,000. */
  rows?: number;
  /** Variables (three categorical). Default 23. */
  variables?: number;
  /** Boosting rounds. Default 200. */
  trees?: number;
  seed?: number;
  maxDepth?: number;
}

export interface BenchTreesResult {
  rows: number;
  variables: number;
  trainMs: number;
  /** Process CPU time of training (differs from trainMs when the machine is shared). */
  trainCpuMs: number;
  treesBuilt: number;
  nodes: number;
  /** Batch scoring (predictDataset), best of three passes over the held-out rows. */
  scoringPerSecond: number;
  /** One `score()` per row: probability, points and TreeSHAP reasons. */
  rowScoresPerSecond: number;
  /** Held-out AUC. */
  auc: number;
}

export function benchTrees(options: BenchTreesOptions = {}): BenchTreesResult {
  const rows = options.rows ?? 30_000;
  const variables = options.variables ?? 23;
  const seed = options.seed ?? 1;
  const train = syntheticCredit({ rows, variables, seed });
  const holdout = syntheticCredit({ rows, variables, seed: seed + 1 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { model, trees } = trainGbdt(train, {
    rounds: options.trees ?? 200,
    maxDepth: options.maxDepth ?? 5,
    learningRate: 0.1,
    seed,
  });
  const trainMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  let best = Number.POSITIVE_INFINITY;
  let p = model.predictDataset(holdout); // warm-up (compiles the scoring plan)
  for (let k = 0; k < 3; k++) {
    const s = performance.now();
    p = model.predictDataset(holdout);
    best = Math.min(best, performance.now() - s);
  }
  const single = Math.min(holdout.rows, 2000);
  const s = performance.now();
  for (let i = 0; i < single; i++) model.score(rowAt(holdout, i));
  const singleMs = performance.now() - s;
  return {
    rows,
    variables,
    trainMs: Math.round(trainMs),
    trainCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    treesBuilt: trees,
    nodes: model.trees.feature.length,
    scoringPerSecond: Math.round((holdout.rows / best) * 1000),
    rowScoresPerSecond: Math.round((single / singleMs) * 1000),
    auc: Number(auc(p, holdout.target!).toFixed(4)),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [rows, variables, trees] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(benchTrees({
    ...(rows ? { rows } : {}), ...(variables ? { variables } : {}), ...(trees ? { trees } : {}),
  }), null, 2));
}
