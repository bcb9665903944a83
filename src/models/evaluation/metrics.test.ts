import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../shared/prng.js';
import { auc, calibrationTable, gini, ks, ksCurve, liftTable, niceWidth, rocCurve, scoreHistogram, thin } from './metrics.js';

const f64 = (a: number[]) => Float64Array.from(a);
const u8 = (a: number[]) => Uint8Array.from(a);

/** AUC by comparing every bad with every good: the definition, not the rank formula. */
function pairwiseAuc(risk: Float64Array, labels: Uint8Array): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < risk.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < risk.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      wins += risk[i]! > risk[j]! ? 1 : risk[i] === risk[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

test('AUC: hand-computed cases, ties counted one half', () => {
  const cases: Array<[number[], number[], number]> = [
    [[0.9, 0.8, 0.8, 0.5, 0.3, 0.3], [1, 1, 0, 1, 0, 0], 7.5 / 9],
    [[0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1], 1],
    [[0.1, 0.2, 0.3, 0.4], [1, 1, 0, 0], 0],
    [[0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0], 0.5],
    [[3, 1, 2], [1, 0, 0], 1],
  ];
  for (const [risk, labels, expected] of cases) {
    assert.ok(Math.abs(auc(f64(risk), u8(labels)) - expected) < 1e-12, `${risk} ${labels}`);
    assert.ok(Math.abs(gini(auc(f64(risk), u8(labels))) - (2 * expected - 1)) < 1e-12);
  }
  const rng = new Rng(4);
  for (let trial = 0; trial < 20; trial++) {
    const n = 50 + rng.int(0, 100);
    const labels = Uint8Array.from({ length: n }, () => (rng.chance(0.3) ? 1 : 0));
    labels[0] = 1;
    labels[1] = 0;
    const risk = Float64Array.from(labels, (y) => rng.int(0, 8) + y * rng.int(0, 3)); // many ties
    assert.ok(Math.abs(auc(risk, labels) - pairwiseAuc(risk, labels)) < 1e-12, `trial ${trial}`);
  }
});

test('KS: hand-computed value and threshold; equals the largest gap on the KS curve', () => {
  const risk = f64([0.9, 0.8, 0.8, 0.5, 0.3, 0.3]);
  const labels = u8([1, 1, 0, 1, 0, 0]);
  const k = ks(risk, labels);
  assert.ok(Math.abs(k.ks - 2 / 3) < 1e-12);
  assert.equal(k.threshold, 0.5);
  const curve = ksCurve(risk, labels);
  assert.deepEqual(curve.map((p) => [p.x, p.tpr, p.fpr]), [[0, 0, 0], [1 / 6, 1 / 3, 0], [3 / 6, 2 / 3, 1 / 3], [4 / 6, 1, 1 / 3], [1, 1, 1]]);
  assert.throws(() => ks(f64([1, 2]), u8([1, 1])), /one class/);
  assert.throws(() => auc(f64([1, 2]), u8([1])), /differ in length/);
  assert.throws(() => auc(f64([NaN, 2]), u8([1, 0])), /not a number/);
});

test('ROC runs from (0,0) to (1,1); the trapezoid area equals the AUC; curves are thinned to 200 points', () => {
  const rng = new Rng(8);
  const n = 5000;
  const labels = Uint8Array.from({ length: n }, () => (rng.chance(0.2) ? 1 : 0));
  const risk = Float64Array.from(labels, (y) => rng.normal() + y);
  const full = rocCurve(risk, labels, 1e9);
  let area = 0;
  for (let i = 1; i < full.length; i++) area += ((full[i]!.fpr - full[i - 1]!.fpr) * (full[i]!.tpr + full[i - 1]!.tpr)) / 2;
  assert.ok(Math.abs(area - auc(risk, labels)) < 1e-9);
  const roc = rocCurve(risk, labels);
  assert.ok(roc.length <= 200);
  assert.deepEqual(roc[0], { fpr: 0, tpr: 0 });
  assert.deepEqual(roc.at(-1), { fpr: 1, tpr: 1 });
  const curve = ksCurve(risk, labels);
  assert.ok(curve.length <= 200);
  const gap = Math.max(...curve.map((p) => Math.abs(p.tpr - p.fpr)));
  assert.ok(Math.abs(gap - ks(risk, labels).ks) < 1e-12, 'the KS point survives thinning');
  assert.deepEqual(thin(5, 200), [0, 1, 2, 3, 4]);
  const t = thin(1000, 10, [537]);
  assert.ok(t.length <= 10 && t.includes(0) && t.includes(999) && t.includes(537));
});

test('lift table: equal groups riskiest first, cumulative capture reaches 1', () => {
  const risk = f64([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  const labels = u8([1, 1, 0, 1, 0, 0, 0, 0, 1, 0]);
  const t = liftTable(risk, labels, 5);
  assert.deepEqual(t.map((r) => [r.group, r.rows, r.bads, r.cumBads]), [[1, 2, 2, 2], [2, 2, 1, 3], [3, 2, 0, 3], [4, 2, 0, 3], [5, 2, 1, 4]]);
  assert.equal(t[0]!.lift, 1 / 0.4);
  assert.equal(t[1]!.cumBadCapture, 0.75);
  assert.equal(t[1]!.cumLift, 0.75 / 0.4);
  assert.equal(t.at(-1)!.cumBadCapture, 1);
  assert.deepEqual([t[0]!.maxRisk, t[0]!.minRisk], [10, 9]);
  assert.equal(liftTable(risk, labels, 10).length, 10);
});

test('calibration: groups of predicted probability, lowest first, with observed bad rate', () => {
  const p = f64([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
  const y = u8([0, 0, 0, 1, 0, 1, 1, 1]);
  const t = calibrationTable(p, y, 4);
  assert.deepEqual(t.map((r) => [r.rows, r.observedBadRate]), [[2, 0], [2, 0.5], [2, 0.5], [2, 1]]);
  assert.ok(Math.abs(t[0]!.meanPredicted - 0.15) < 1e-12);
  assert.deepEqual([t[3]!.minPredicted, t[3]!.maxPredicted], [0.7, 0.8]);
});

test('score histogram: round widths aligned to multiples, every row counted once', () => {
  const cases: Array<[number, number, number]> = [
    [400, 20, 20],
    [1, 20, 0.05],
    [0.37, 20, 0.02],
    [130, 10, 20],
  ];
  for (const [range, bins, width] of cases) assert.ok(Math.abs(niceWidth(range, bins) - width) < 1e-12, `${range}/${bins}`);
  const scores = f64([455, 512.5, 530, 599.9, 600, 741]);
  const labels = u8([1, 1, 0, 0, 0, 0]);
  const h = scoreHistogram(scores, labels, 20);
  assert.ok(h.length <= 20);
  assert.equal(h[0]!.from, 440);
  assert.ok(h.every((b) => b.to - b.from === 20 && b.from % 20 === 0));
  assert.equal(h.reduce((a, b) => a + b.good + b.bad, 0), 6);
  const at = (v: number) => h.find((b) => v >= b.from && v < b.to)!;
  assert.equal(at(455).bad, 1);
  assert.equal(at(600).good, 1, '600 opens [600,620)');
  assert.equal(at(599.9).good, 1);
  assert.deepEqual(scoreHistogram(f64([5, 5]), u8([0, 1])), [{ from: 5, to: 6, good: 1, bad: 1 }]);
});
