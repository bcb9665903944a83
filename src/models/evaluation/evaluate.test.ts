import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../shared/prng.js';
import { evaluateModel, type ModelEvaluation } from './evaluate.js';
import { auc, ks } from './metrics.js';

function sample(n: number, seed: number) {
  const rng = new Rng(seed);
  const labels = Uint8Array.from({ length: n }, () => (rng.chance(0.15) ? 1 : 0));
  const z = Float64Array.from(labels, (y) => -2 + 1.2 * y + rng.normal());
  const probabilities = Float64Array.from(z, (v) => 1 / (1 + Math.exp(-v)));
  const scores = Float64Array.from(z, (v) => Math.round(600 - (50 / Math.LN2) * (v + Math.log(19))));
  return { labels, probabilities, scores };
}

test('evaluateModel: every documented field, consistent with the metrics, JSON round trip intact', () => {
  const { labels, probabilities, scores } = sample(3000, 1);
  const e = evaluateModel(probabilities, labels, scores);
  const fields: Array<keyof ModelEvaluation> = ['rows', 'bads', 'badRate', 'auc', 'ks', 'ksThreshold', 'ksScoreThreshold', 'gini', 'roc', 'ksCurve', 'lift', 'calibration', 'scoreDistribution', 'scoreDistributionOf'];
  assert.deepEqual(Object.keys(e).sort(), [...fields].sort());
  assert.equal(e.rows, 3000);
  assert.equal(e.bads, labels.reduce((a, b) => a + b, 0));
  assert.equal(e.badRate, e.bads / 3000);
  assert.equal(e.auc, auc(probabilities, labels));
  assert.equal(e.ks, ks(probabilities, labels).ks);
  assert.equal(e.ksThreshold, ks(probabilities, labels).threshold);
  assert.ok(Math.abs(e.gini - (2 * e.auc - 1)) < 1e-15);
  assert.ok(e.roc.length <= 200 && e.ksCurve.length <= 200);
  assert.equal(e.lift.length, 10);
  assert.equal(e.calibration.length, 10);
  assert.equal(e.scoreDistributionOf, 'score');
  assert.equal(e.scoreDistribution.reduce((a, b) => a + b.good + b.bad, 0), 3000);
  // Scores run opposite to probabilities: the score cut-off flags about the same rows.
  const flaggedByScore = scores.filter((s) => s <= e.ksScoreThreshold!).length;
  const flaggedByProbability = probabilities.filter((p) => p >= e.ksThreshold).length;
  assert.ok(Math.abs(flaggedByScore - flaggedByProbability) < 60, `${flaggedByScore} vs ${flaggedByProbability}`);
  assert.deepEqual(JSON.parse(JSON.stringify(e)), e);
});

test('without scores the distribution is of probabilities and the score cut-off is null', () => {
  const { labels, probabilities } = sample(500, 2);
  const e = evaluateModel(probabilities, labels);
  assert.equal(e.ksScoreThreshold, null);
  assert.equal(e.scoreDistributionOf, 'probability');
  assert.ok(e.scoreDistribution.every((b) => b.from >= 0 && b.to <= 1.05));
  assert.throws(() => evaluateModel(probabilities, labels, new Float64Array(3)), /Scores and labels differ/);
});
