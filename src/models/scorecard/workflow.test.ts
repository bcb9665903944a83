import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDataset } from '../dataset/load-dataset.js';
import { ModelError } from '../dataset/model-error.js';
import { stratifiedSplit } from '../dataset/split.js';
import { auc as aucOf, ks as ksOf } from '../evaluation/metrics.js';
import { benchScorecard } from './scorecard-bench.js';
import { syntheticCreditData } from './synthetic-credit.js';
import { type TrainOptions, trainScorecard } from './workflow.js';

const GERMAN_CREDIT = process.env.FENGKONG_GERMANCREDIT ?? '/work/shared/data/germancredit.csv';
const german = loadDataset(GERMAN_CREDIT, { target: 'creditability', bad: 'bad' });

test('germancredit, 70/30 stratified over 8 seeds: mean test AUC within the published range, KS ≥ 0.40', async () => {
  const data = await german;
  const aucs: number[] = [];
  const kss: number[] = [];
  for (let seed = 1; seed <= 8; seed++) {
    const { train, test: sample } = stratifiedSplit(data, { testShare: 0.3, seed });
    const r = trainScorecard(train);
    const { probabilities } = r.scorecard.scoreDataset(sample);
    aucs.push(aucOf(probabilities, sample.target!));
    kss.push(ksOf(probabilities, sample.target!).ks);
    // One split of 300 test rows moves by ±0.02 AUC: only a floor per seed, the range on the mean.
    assert.ok(aucs.at(-1)! > 0.7, `seed ${seed}: AUC ${aucs.at(-1)}`);
  }
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  assert.ok(mean(aucs) >= 0.75 && mean(aucs) <= 0.82, `mean AUC ${mean(aucs)} (${aucs.map((a) => a.toFixed(3))})`);
  assert.ok(mean(kss) >= 0.4, `mean KS ${mean(kss)} (${kss.map((k) => k.toFixed(3))})`);
});

test('germancredit: the result carries WOE tables, a selection log with reasons, coefficients and timings', async () => {
  const { train } = stratifiedSplit(await german, { seed: 1 });
  const r = trainScorecard(train, { binning: { manual: { duration_in_month: [8, 16, 34, 44] } } });
  assert.equal(r.bins.length, 20, 'a WOE table for every candidate');
  const duration = r.bins.find((t) => t.variable === 'duration_in_month')!;
  assert.deepEqual(duration.rows.map((x) => x.label), ['[-inf,8)', '[8,16)', '[16,34)', '[34,44)', '[44,inf)', 'missing']);
  assert.equal(r.selection.kept.length + r.selection.dropped.length, 20);
  assert.deepEqual(r.scorecard.variables, r.selection.kept);
  assert.ok(r.selection.dropped.some((d) => d.variable === 'foreign_worker' && d.step === 'identical'));
  for (const d of r.selection.dropped) assert.ok(d.reason.zh && d.reason.en, d.variable);
  assert.equal(r.coefficients[0]!.variable, '(intercept)');
  assert.deepEqual(r.coefficients.slice(1).map((c) => c.variable), r.selection.kept);
  for (const c of r.coefficients.slice(1)) assert.ok(c.estimate > 0 && c.iv! >= 0.02, c.variable);
  assert.ok(r.selection.kept.includes('status_of_existing_checking_account'));
  assert.equal(r.rows, 700);
  assert.equal(r.bads, 210);
  for (const [k, v] of Object.entries(r.timings)) assert.ok(v >= 0 && Number.isFinite(v), k);
});

test('every binning method and stepwise mode trains', async () => {
  const { train, test: sample } = stratifiedSplit(await german, { seed: 2 });
  const variants: TrainOptions[] = [
    { binning: { method: 'quantile' } },
    { binning: { method: 'tree', monotonic: false } },
    { selection: { stepwise: 'none' } },
    { selection: { stepwise: 'forward', criterion: 'pvalue' } },
    { selection: { stepwise: 'backward' }, l2: 0 },
  ];
  for (const options of variants) {
    const r = trainScorecard(train, options);
    const a = aucOf(r.scorecard.scoreDataset(sample).probabilities, sample.target!);
    assert.ok(a > 0.7, `${JSON.stringify(options)}: AUC ${a}`);
  }
});

test('options are validated with bilingual errors naming the option', async () => {
  const { train } = stratifiedSplit(await german, { seed: 1 });
  const cases: Array<[TrainOptions, string]> = [
    [{ binnig: {} } as never, 'binnig'],
    [{ binning: { method: 'best' as never } }, 'binning.method'],
    [{ binning: { maxbins: 5 } as never }, 'binning.maxbins'],
    [{ binning: { manual: { nope: [1] } } }, 'binning.manual.nope'],
    [{ selection: { maxVif: 0 } }, 'selection.maxVif'],
    [{ selection: { minIV: 0.1 } as never }, 'selection.minIV'],
    [{ selection: { stepwise: 'sometimes' as never } }, 'selection.stepwise'],
    [{ l2: -1 }, 'l2'],
    [{ scale: { baseScore: 600, baseOdds: 0, pdo: 50 } }, 'scale.baseOdds'],
    [{ variables: ['age_in_years', 'salary'] }, 'variables'],
  ];
  for (const [options, field] of cases) {
    assert.throws(
      () => trainScorecard(train, options),
      (e: unknown) => e instanceof ModelError && e.code === 'MODEL_OPTION_INVALID' && e.field === field && e.text.zh.includes(field) && e.text.en.includes(field),
      field,
    );
  }
  assert.throws(() => trainScorecard({ rows: train.rows, columns: train.columns }), /needs the target/);
  assert.throws(() => trainScorecard(train, { selection: { minIv: 5 } }), (e: unknown) => e instanceof ModelError && e.code === 'MODEL_FIT_FAILED');
});

test('synthetic sample: noise and the near-duplicate are dropped, signal kept, holds up out of sample', () => {
  const train = syntheticCreditData({ rows: 8000, seed: 3 });
  const sample = syntheticCreditData({ rows: 4000, seed: 4 });
  const r = trainScorecard(train);
  const dropped = new Map(r.selection.dropped.map((d) => [d.variable, d.step]));
  for (const noise of ['days_since_login', 'random_score', 'phone_carrier']) assert.equal(dropped.get(noise), 'iv', noise);
  assert.ok(dropped.get('monthly_income_declared') === 'correlation' || dropped.get('monthly_income') === 'correlation');
  for (const signal of ['overdue_count_12m', 'debt_ratio', 'utilization']) assert.ok(r.selection.kept.includes(signal), signal);
  const { probabilities } = r.scorecard.scoreDataset(sample);
  assert.ok(aucOf(probabilities, sample.target!) > 0.78);
});

test('benchScorecard reports training time, throughput and discrimination', () => {
  const r = benchScorecard({ rows: 4000, variables: 25, seed: 2, testRows: 2000 });
  assert.equal(r.rows, 4000);
  assert.equal(r.variables, 25);
  assert.ok(r.trainMs > 0 && r.scoringPerSecond > 0 && r.batchScoringPerSecond > 0);
  assert.ok(r.auc > 0.75 && r.auc < 1 && r.ks > 0.3 && r.ks < 1, JSON.stringify(r));
  assert.ok(r.selected > 3 && r.selected < 25);
});
