/**
 * A seeded synthetic lending sample with a known signal — non-linear and interacting numeric
 * effects, category effects, and a variable whose missingness itself means risk — for the
 * trainer's tests and the benchmark. The same seed gives the same rows on every machine.
 */
import type { Column, Dataset } from '../domain/dataset.js';
import { logistic } from '../domain/points-scale.js';
import { Rng } from '../../shared/prng.js';

export interface SyntheticOptions {
  rows: number;
  /** Variables in total (≥ 10): three are categorical, the rest numeric, most of them noise. */
  variables?: number;
  seed?: number;
}

const CHANNELS = ['app', 'web', 'agent', 'partner', 'wechat', 'store'] as const;
const CHANNEL_EFFECT = [0, 0.3, -0.4, 0.9, 0.2, -0.6];
const REGIONS = Array.from({ length: 12 }, (_, i) => `r${String(i + 1).padStart(2, '0')}`);
const PRODUCTS = ['cash', 'consumer', 'auto'] as const;

/** Names of the informative variables, for tests that check what the model picked up. */
export const SIGNAL_VARIABLES = ['x01', 'x02', 'x03', 'x04', 'x05', 'x06', 'x07', 'channel'] as const;

export function syntheticCredit(o: SyntheticOptions): Dataset {
  const rows = o.rows;
  const variables = Math.max(10, o.variables ?? 23);
  const rng = new Rng(o.seed ?? 1);
  const numeric = variables - 3;
  const x = Array.from({ length: numeric }, () => new Float64Array(rows));
  const channel = new Array<string | null>(rows);
  const region = new Array<string | null>(rows);
  const product = new Array<string | null>(rows);
  const target = new Uint8Array(rows);
  const regionEffect = REGIONS.map(() => rng.normal() * 0.3);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < numeric; j++) x[j]![r] = rng.normal();
    const c = rng.int(0, CHANNELS.length - 1);
    channel[r] = rng.chance(0.03) ? null : CHANNELS[c]!;
    const g = rng.int(0, REGIONS.length - 1);
    region[r] = REGIONS[g]!;
    product[r] = rng.pick(PRODUCTS);
    const [x1, x2, x3, x4, x5, x6] = [0, 1, 2, 3, 4, 5].map((j) => x[j]![r]!) as [number, number, number, number, number, number];
    let z = -1.4 + 0.9 * x1 - 0.7 * x2 + 0.45 * (x3 * x3 - 1) + (x4 > 0.5 ? 0.8 : 0) + 0.5 * x5 * x6;
    z += channel[r] === null ? 0 : CHANNEL_EFFECT[c]!;
    z += regionEffect[g]!;
    // x07 is missing for 20% of applicants, and those are riskier: the missing bin must learn it.
    if (rng.chance(0.2)) {
      x[6]![r] = Number.NaN;
      z += 1.0;
    } else z += 0.3 * x[6]![r]!;
    target[r] = rng.chance(logistic(z)) ? 1 : 0;
  }
  const columns: Column[] = x.map((values, j) => ({ kind: 'numeric', name: `x${String(j + 1).padStart(2, '0')}`, values }));
  columns.push({ kind: 'categorical', name: 'channel', values: channel });
  columns.push({ kind: 'categorical', name: 'region', values: region });
  columns.push({ kind: 'categorical', name: 'product', values: product });
  return { rows, columns, target };
}

/** Area under the ROC curve by the rank (Mann–Whitney) formula, ties sharing their mean rank. */
export function auc(scores: ArrayLike<number>, target: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const meanRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (target[order[k]!]) {
        rankSumPos += meanRank;
        pos++;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}
