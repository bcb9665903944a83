/**
 * Seeded, stratified train/test splits and k-fold indices: each part keeps the sample's bad rate
 * (to within one row per class), and the same seed gives the same split on every machine.
 */
import type { Dataset } from '../domain/dataset.js';
import { selectRows } from '../domain/dataset.js';
import { Rng } from '../../shared/prng.js';
import { ModelError, optionError } from './model-error.js';

export interface SplitOptions {
  /** Share of rows held out for testing, in (0, 1); default 0.3. */
  testShare?: number;
  /** Seed of the shuffle (default 1). */
  seed?: number;
}

export interface Split {
  /** Row numbers of the training part, ascending. */
  trainIndex: Uint32Array;
  /** Row numbers of the test part, ascending. */
  testIndex: Uint32Array;
  train: Dataset;
  test: Dataset;
}

function requireTarget(data: Dataset): Uint8Array {
  if (!data.target) {
    throw new ModelError('DATASET_INVALID', { zh: '分层抽样需要目标列', en: 'A stratified split needs the target' }, { field: 'target' });
  }
  return data.target;
}

/** Rows of each class (goods first, then bads), each list shuffled with the one generator. */
function shuffledClasses(target: Uint8Array, rng: Rng): [number[], number[]] {
  const classes: [number[], number[]] = [[], []];
  for (let i = 0; i < target.length; i++) classes[target[i] === 1 ? 1 : 0].push(i);
  for (const list of classes) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const t = list[i]!;
      list[i] = list[j]!;
      list[j] = t;
    }
  }
  return classes;
}

/**
 * Stratified train/test split.
 *
 * @example
 * const { train, test } = stratifiedSplit(data, { testShare: 0.3, seed: 7 });
 */
export function stratifiedSplit(data: Dataset, options: SplitOptions = {}): Split {
  const testShare = options.testShare ?? 0.3;
  if (!(testShare > 0 && testShare < 1)) throw optionError('testShare', '须在 0 与 1 之间', 'must lie between 0 and 1');
  const target = requireTarget(data);
  const rng = new Rng(options.seed ?? 1);
  const train: number[] = [];
  const test: number[] = [];
  for (const list of shuffledClasses(target, rng)) {
    const k = Math.round(list.length * testShare);
    for (let i = 0; i < list.length; i++) (i < k ? test : train).push(list[i]!);
  }
  const trainIndex = Uint32Array.from(train).sort();
  const testIndex = Uint32Array.from(test).sort();
  return { trainIndex, testIndex, train: selectRows(data, trainIndex), test: selectRows(data, testIndex) };
}

/**
 * Stratified k-fold indices: fold f tests on its rows and trains on the rest; every row is tested
 * exactly once, and each class is dealt round-robin so the folds' bad rates differ by at most one row.
 */
export function stratifiedFolds(target: Uint8Array, k: number, seed = 1): Array<{ trainIndex: Uint32Array; testIndex: Uint32Array }> {
  if (!Number.isInteger(k) || k < 2 || k > target.length) {
    throw optionError('k', '须为 2 到行数之间的整数', 'must be an integer from 2 to the number of rows');
  }
  const fold = new Int32Array(target.length);
  let dealt = 0;
  for (const list of shuffledClasses(target, new Rng(seed))) {
    // Continue the deal across classes so small folds do not all start with the same class.
    for (const row of list) fold[row] = dealt++ % k;
  }
  const out: Array<{ trainIndex: Uint32Array; testIndex: Uint32Array }> = [];
  for (let f = 0; f < k; f++) {
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < target.length; i++) (fold[i] === f ? te : tr).push(i);
    out.push({ trainIndex: Uint32Array.from(tr), testIndex: Uint32Array.from(te) });
  }
  return out;
}
