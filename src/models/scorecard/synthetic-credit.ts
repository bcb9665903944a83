/**
 * A seeded synthetic loan-application sample for benchmarks and tests: numeric and categorical
 * variables with real, partly non-linear signal, missing values, a near-duplicate variable and pure
 * noise, and a bad flag drawn from a known logistic model (bad rate about 13%).
 */
import type { Column, Dataset } from '../domain/dataset.js';
import { logistic } from '../domain/points-scale.js';
import { Rng } from '../../shared/prng.js';

interface Generated {
  column: Column;
  /** Each row's contribution to the true log-odds of bad. */
  effect: Float64Array;
}

type Maker = (name: string, rows: number, rng: Rng, previous: Generated[]) => Generated;

function numeric(draw: (rng: Rng) => number, effect: (v: number) => number, missing = 0, missingEffect = 0): Maker {
  return (name, rows, rng) => {
    const values = new Float64Array(rows);
    const eff = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      if (missing > 0 && rng.chance(missing)) {
        values[i] = NaN;
        eff[i] = missingEffect;
      } else {
        values[i] = draw(rng);
        eff[i] = effect(values[i]!);
      }
    }
    return { column: { kind: 'numeric', name, values }, effect: eff };
  };
}

function categorical(levels: ReadonlyArray<readonly [string, number, number]>, missing = 0): Maker {
  return (name, rows, rng) => {
    const weights = levels.map(([l, w]) => [l, w] as const);
    const effectOf = new Map(levels.map(([l, , e]) => [l, e]));
    const values = new Array<string | null>(rows);
    const eff = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      if (missing > 0 && rng.chance(missing)) {
        values[i] = null;
        eff[i] = 0.2;
      } else {
        const l = rng.weighted(weights);
        values[i] = l;
        eff[i] = effectOf.get(l)!;
      }
    }
    return { column: { kind: 'categorical', name, values }, effect: eff };
  };
}

const round = (v: number, step = 1) => Math.round(v / step) * step;
const PROVINCES = ['北京', '上海', '广东', '浙江', '江苏', '山东', '河南', '四川', '湖北', '湖南', '福建', '安徽', '河北', '陕西', '辽宁', '江西', '重庆', '云南', '广西', '山西', '贵州', '吉林', '黑龙江', '内蒙古', '天津', '新疆', '甘肃', '海南', '宁夏', '青海', '西藏'];

/** The 23 standard variables, in order; more are padded with noise. */
const VARIABLES: Array<[string, Maker]> = [
  ['age', numeric((r) => round(18 + 47 * r.next() ** 1.3), (v) => (v < 25 ? 0.5 : v > 60 ? 0.25 : -0.012 * (v - 25)))],
  ['monthly_income', numeric((r) => round(Math.exp(8.8 + 0.6 * r.normal()), 100), (v) => -0.55 * (Math.log(v) - 8.8))],
  ['debt_ratio', numeric((r) => round(Math.max(0, 0.35 + 0.25 * r.normal()), 0.01), (v) => 1.6 * Math.min(v, 1.2) - 0.56, 0.05, 0.3)],
  ['credit_history_months', numeric((r) => round(Math.max(0, 60 + 50 * r.normal())), (v) => -0.008 * (Math.min(v, 200) - 60), 0.1, 0.45)],
  ['inquiries_6m', numeric((r) => r.poisson(1.6), (v) => 0.22 * Math.min(v, 8) - 0.35)],
  ['overdue_count_12m', numeric((r) => r.poisson(0.35), (v) => (v === 0 ? -0.25 : 0.75 + 0.3 * Math.min(v, 5)))],
  ['loan_amount', numeric((r) => round(Math.exp(9.6 + 0.8 * r.normal()), 100), (v) => 0.18 * (Math.log(v) - 9.6))],
  ['loan_term_months', numeric((r) => r.pick([3, 6, 12, 24, 36]), (v) => 0.015 * (v - 12))],
  ['utilization', numeric((r) => round(r.next() ** 0.8, 0.001), (v) => 1.3 * (v - 0.5), 0.03, 0.2)],
  ['months_at_job', numeric((r) => round(Math.max(0, 36 + 40 * r.normal())), (v) => -0.006 * (Math.min(v, 150) - 36), 0.08, 0.3)],
  ['open_accounts', numeric((r) => r.poisson(4), (v) => 0.04 * (v - 4))],
  ['days_since_login', numeric((r) => round(-Math.log(1 - r.next()) * 10), () => 0)],
  // Near-duplicate of monthly_income: the correlation filter should drop one of the two.
  ['monthly_income_declared', (name, rows, rng, prev) => {
    const base = prev[1]!.column.values as Float64Array;
    const values = Float64Array.from(base, (v) => round(v * (1 + 0.05 * rng.normal()), 100));
    return { column: { kind: 'numeric', name, values }, effect: new Float64Array(rows) };
  }],
  ['random_score', numeric((r) => round(r.next() * 1000), () => 0)],
  ['night_txn_share', numeric((r) => round(r.next() ** 2, 0.001), (v) => 0.7 * (v - 0.33))],
  ['education', categorical([['primary', 0.1, 0.45], ['secondary', 0.4, 0.15], ['bachelor', 0.38, -0.2], ['master', 0.12, -0.45]])],
  ['employment_type', categorical([['salaried', 0.55, -0.2], ['self-employed', 0.2, 0.15], ['unemployed', 0.06, 0.8], ['student', 0.09, 0.45], ['retired', 0.1, 0]], 0.02)],
  ['housing', categorical([['own', 0.35, -0.3], ['mortgage', 0.25, -0.1], ['rent', 0.3, 0.3], ['family', 0.1, 0.15]])],
  ['province', categorical(PROVINCES.map((p, i) => [p, 1 + ((i * 7) % 5), ((i * 13) % 9) / 20 - 0.2] as const))],
  ['channel', categorical([['app', 0.5, -0.1], ['web', 0.2, 0.05], ['partner', 0.2, 0.35], ['offline', 0.1, -0.2]])],
  ['device_os', categorical([['ios', 0.35, -0.12], ['android', 0.6, 0.06], ['other', 0.05, 0.4]], 0.01)],
  ['marital_status', categorical([['single', 0.45, 0.1], ['married', 0.45, -0.1], ['divorced', 0.1, 0.1]])],
  ['phone_carrier', categorical([['mobile', 0.55, 0], ['unicom', 0.3, 0], ['telecom', 0.15, 0]])],
];

export interface SyntheticOptions {
  rows: number;
  /** Number of candidate variables (default 23; beyond 23 they are noise). */
  variables?: number;
  seed?: number;
}

/**
 * A synthetic sample with its target.
 *
 * @example
 * const train = syntheticCreditData({ rows: 30_000, seed: 1 });
 */
export function syntheticCreditData(options: SyntheticOptions): Dataset {
  const rows = options.rows;
  const count = options.variables ?? 23;
  const rng = new Rng(options.seed ?? 1);
  const generated: Generated[] = [];
  for (let j = 0; j < count; j++) {
    const spec = VARIABLES[j];
    const make: Maker = spec ? spec[1] : numeric((r) => r.normal(), () => 0);
    generated.push(make(spec ? spec[0] : `noise_${j + 1}`, rows, rng.fork(), generated));
  }
  const target = new Uint8Array(rows);
  const noise = rng.fork();
  for (let i = 0; i < rows; i++) {
    let z = 0;
    for (const g of generated) z += g.effect[i]!;
    target[i] = noise.next() < logistic(-3.1 + 1.3 * z + 0.3 * noise.normal()) ? 1 : 0;
  }
  return { rows, columns: generated.map((g) => g.column), target };
}
