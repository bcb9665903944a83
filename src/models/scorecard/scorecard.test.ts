import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rowAt } from '../domain/dataset.js';
import { pointsFromLogOdds } from '../domain/points-scale.js';
import { DEFAULT_SCALE, type ModelArtifact } from '../domain/scoring-model.js';
import { loadDataset } from '../dataset/load-dataset.js';
import { ModelError } from '../dataset/model-error.js';
import { stratifiedSplit } from '../dataset/split.js';
import { buildPointsTable } from './scaling.js';
import { Scorecard } from './scorecard.js';
import { trainScorecard } from './workflow.js';

const GERMAN_CREDIT = process.env.FENGKONG_GERMANCREDIT ?? '/work/shared/data/germancredit.csv';
const trained = (async () => {
  const data = await loadDataset(GERMAN_CREDIT, { target: 'creditability', bad: 'bad' });
  const split = stratifiedSplit(data, { testShare: 0.3, seed: 1 });
  return { ...split, result: trainScorecard(split.train) };
})();

/** The same card with its intercept moved, i.e. every applicant's log-odds shifted by `delta`. */
function shifted(card: Scorecard, delta: number): Scorecard {
  const t = card.table;
  const coefficients = new Map(t.variables.map((v) => [v.variable, v.coefficient]));
  const tables = t.variables.map((v) => ({ variable: v.variable, kind: v.bins.kind, bins: v.bins, iv: 0, rows: v.rows.map((r, bin) => ({ bin, label: r.label, woe: r.woe, count: 0, good: 0, bad: 0, badRate: 0, share: 0, iv: 0 })) }));
  return new Scorecard(buildPointsTable(t.intercept + delta, coefficients, tables, t.scale));
}

test('scaling: log-odds ln(baseOdds) scores exactly baseScore; doubling the odds costs exactly PDO', async () => {
  const { test: sample, result } = await trained;
  const card = result.scorecard;
  for (const i of [0, 17, 123]) {
    const row = rowAt(sample, i);
    const z = card.logOdds(row);
    const atBase = shifted(card, Math.log(DEFAULT_SCALE.baseOdds) - z).score(row);
    assert.ok(Math.abs(atBase.score - DEFAULT_SCALE.baseScore) < 1e-9, `row ${i}: ${atBase.score}`);
    assert.ok(Math.abs(atBase.probability - DEFAULT_SCALE.baseOdds / (1 + DEFAULT_SCALE.baseOdds)) < 1e-12);
    const doubled = shifted(card, Math.log(DEFAULT_SCALE.baseOdds) - z + Math.LN2).score(row);
    assert.ok(Math.abs(doubled.score - (DEFAULT_SCALE.baseScore - DEFAULT_SCALE.pdo)) < 1e-9, `row ${i} doubled: ${doubled.score}`);
    // Base points plus bin points equal the scale's formula for this row's log-odds.
    assert.ok(Math.abs(card.score(row).score - pointsFromLogOdds(z, DEFAULT_SCALE)) < 1e-9);
  }
  const other = new Scorecard(buildPointsTable(-1, new Map(), [], { baseScore: 500, baseOdds: 1, pdo: 20 }));
  assert.ok(Math.abs(other.score({}).score - (500 + 20 / Math.LN2)) < 1e-9, 'log-odds −1 at base odds 1: PDO/ln 2 points above the base');
});

test('score(): probability, points and bins agree with the batch path', async () => {
  const { test: sample, result } = await trained;
  const card = result.scorecard;
  const batch = card.scoreDataset(sample);
  for (let i = 0; i < sample.rows; i++) {
    const s = card.score(rowAt(sample, i), 0);
    assert.ok(Math.abs(s.score - batch.scores[i]!) < 1e-9);
    assert.ok(Math.abs(s.probability - batch.probabilities[i]!) < 1e-12);
    assert.equal(s.reasons.length, 0);
  }
});

test('reasons: variables not in their best bin, worst first, summing to the points given up', async () => {
  const { test: sample, result } = await trained;
  const card = result.scorecard;
  const best = new Map(card.table.variables.map((v) => [v.variable, Math.max(...v.rows.map((r) => r.points))]));
  const bestTotal = card.table.basePoints + [...best.values()].reduce((a, b) => a + b, 0);
  let withReasons = 0;
  for (let i = 0; i < sample.rows; i++) {
    const row = rowAt(sample, i);
    const top = card.score(row, 3);
    const all = card.score(row, card.variables.length);
    assert.deepEqual(top.reasons, all.reasons.slice(0, 3));
    if (top.reasons.length === 0) continue;
    withReasons++;
    const first = top.reasons[0]!;
    const v = card.table.variables.find((x) => x.variable === first.variable)!;
    const bin = v.rows.find((r) => r.label === first.value)!;
    assert.ok(bin.points < best.get(first.variable)!, 'the top reason is not in its best bin');
    assert.ok(Math.abs(first.pointsLost - (best.get(first.variable)! - bin.points)) < 1e-9);
    for (let k = 1; k < all.reasons.length; k++) assert.ok(all.reasons[k - 1]!.pointsLost >= all.reasons[k]!.pointsLost);
    const lost = all.reasons.reduce((a, r) => a + r.pointsLost, 0);
    assert.ok(Math.abs(lost - (bestTotal - all.score)) < 1e-6, 'all reasons together explain the gap to the best score');
    assert.ok(first.description!.zh.includes(first.variable) && first.description!.en.includes(first.variable));
  }
  assert.ok(withReasons > sample.rows * 0.9);
});

test('missing and unseen values go to the missing bin; a numeric value may come as text', async () => {
  const { result } = await trained;
  const card = result.scorecard;
  const missingScore = card.score({}).score;
  const allMissing = card.table.basePoints + card.table.variables.reduce((a, v) => a + v.rows.at(-1)!.points, 0);
  assert.ok(Math.abs(missingScore - allMissing) < 1e-9);
  const unseen = Object.fromEntries(card.variables.map((v) => [v, 'never-seen-category']));
  const numericAsUnseen = card.table.variables.filter((v) => v.bins.kind === 'numeric').length;
  assert.ok(numericAsUnseen > 0);
  assert.ok(Math.abs(card.score(unseen).score - allMissing) < 1e-9, 'unparseable numbers and unseen categories are missing');
  const numeric = card.table.variables.find((v) => v.bins.kind === 'numeric')!;
  assert.equal(card.score({ [numeric.variable]: '12' }).score, card.score({ [numeric.variable]: 12 }).score);
});

test('artifact round trip through JSON gives identical scores, probabilities and reasons', async () => {
  const { test: sample, result } = await trained;
  const card = result.scorecard;
  const artifact = JSON.parse(JSON.stringify(card.toArtifact())) as ModelArtifact;
  assert.equal(artifact.kind, 'scorecard');
  const back = Scorecard.fromArtifact(artifact);
  assert.deepEqual(back.variables, card.variables);
  assert.deepEqual(back.scoreDataset(sample), card.scoreDataset(sample));
  for (let i = 0; i < 50; i++) assert.deepEqual(back.score(rowAt(sample, i), 5), card.score(rowAt(sample, i), 5));
  assert.deepEqual(back.toArtifact(), card.toArtifact());
});

test('malformed artifacts are refused, naming the place', async () => {
  const { result } = await trained;
  const good = result.scorecard.toArtifact();
  const body = () => JSON.parse(JSON.stringify(good.body)) as { variables: Array<Record<string, unknown>>; scale: Record<string, unknown> };
  const cases: Array<[ModelArtifact, RegExp]> = [
    [{ ...good, kind: 'gbdt' }, /kind/],
    [{ ...good, formatVersion: 2 as never }, /formatVersion/],
    [{ ...good, body: null }, /body/],
    [{ ...good, body: { ...body(), intercept: 'x' } }, /body\.intercept/],
    [{ ...good, body: { ...body(), scale: { ...body().scale, pdo: -5 } } }, /body\.scale\.pdo/],
    [(() => { const b = body(); b.variables[0]!.bins = []; return { ...good, body: b }; })(), /body\.variables\[0\]\.bins/],
    [(() => { const b = body(); b.variables[0]!.kind = 'text'; return { ...good, body: b }; })(), /body\.variables\[0\]\.kind/],
    [(() => { const b = body(); b.variables.push(b.variables[0]!); return { ...good, body: b }; })(), /variable/],
  ];
  for (const [artifact, where] of cases) {
    assert.throws(() => Scorecard.fromArtifact(artifact), (e: unknown) => e instanceof ModelError && e.code === 'MODEL_ARTIFACT_INVALID' && where.test(e.text.en), String(where));
  }
});
