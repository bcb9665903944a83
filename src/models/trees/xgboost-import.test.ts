import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FengkongError } from '../../shared/errors.js';
import { Rng } from '../../shared/prng.js';
import { importXgboostJson, parseBaseScore } from './xgboost-import.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const modelJson = fixture('xgb-binary-logistic-missing.model.json');
const input = JSON.parse(fixture('xgb-binary-logistic-missing.input.json')) as { features: Array<Array<number | null>> };
const expected = JSON.parse(fixture('xgb-binary-logistic-missing.expected.json')) as { predictions: number[]; predictions_transformed: number[] };

const asRow = (r: Array<number | null>) => Object.fromEntries(r.map((v, j) => [`f${j}`, v]));

describe('importXgboostJson', () => {
  it('scores like XGBoost itself (its own predict() output, to 1e-6)', () => {
    const model = importXgboostJson(modelJson);
    assert.equal(model.kind, 'xgboost');
    assert.deepEqual(model.variables, ['f0', 'f1', 'f2', 'f3']);
    input.features.forEach((r, i) => {
      assert.ok(Math.abs(model.margin(asRow(r)) - expected.predictions[i]!) < 1e-6, `margin row ${i}`);
      assert.ok(Math.abs(model.probability(asRow(r)) - expected.predictions_transformed[i]!) < 1e-6, `probability row ${i}`);
    });
    const columns = [0, 1, 2, 3].map((j) => ({
      kind: 'numeric' as const, name: `f${j}`, values: Float64Array.from(input.features, (r) => r[j] ?? Number.NaN),
    }));
    const batch = model.predictDataset({ rows: input.features.length, columns });
    batch.forEach((p, i) => assert.ok(Math.abs(p - expected.predictions_transformed[i]!) < 1e-6));
  });

  it('agrees with a plain recursive walk of the JSON on random rows with missing values', () => {
    const doc = JSON.parse(modelJson);
    const model = importXgboostJson(doc);
    const trees = doc.learner.gradient_booster.model.trees as Array<Record<string, number[]>>;
    const walk = (t: Record<string, number[]>, n: number, x: Array<number | null>): number => {
      if (t.left_children![n] === -1) return t.split_conditions![n]!;
      const v = x[t.split_indices![n]!];
      if (v === null || v === undefined) return walk(t, t.default_left![n] ? t.left_children![n]! : t.right_children![n]!, x);
      return walk(t, Math.fround(v) < t.split_conditions![n]! ? t.left_children![n]! : t.right_children![n]!, x);
    };
    const rng = new Rng(9);
    for (let i = 0; i < 500; i++) {
      const x = [0, 1, 2, 3].map(() => (rng.chance(0.2) ? null : rng.normal()));
      const m = trees.reduce((s, t) => s + walk(t, 0, x), 0);
      assert.ok(Math.abs(model.margin(asRow(x)) - m) < 1e-6);
    }
  });

  it('takes feature names from the file, or from the caller', () => {
    const doc = JSON.parse(modelJson);
    doc.learner.feature_names = ['age', 'income', 'debt', 'tenure'];
    assert.deepEqual(importXgboostJson(doc).variables, ['age', 'income', 'debt', 'tenure']);
    const named = importXgboostJson(modelJson, { featureNames: ['a', 'b', 'c', 'd'] });
    const [a, b, c, d] = input.features[2]!;
    assert.equal(named.probability({ a, b, c, d }), importXgboostJson(modelJson).probability(asRow(input.features[2]!)));
    assert.throws(() => importXgboostJson(modelJson, { featureNames: ['a'] }), FengkongError);
  });

  it('reads base_score in every form XGBoost writes it', () => {
    assert.equal(parseBaseScore('[5E-1]'), 0.5);
    assert.equal(parseBaseScore('5E-1'), 0.5);
    assert.equal(parseBaseScore(0.25), 0.25);
    assert.throws(() => parseBaseScore('[1E-1,2E-1]'), FengkongError);
    const doc = JSON.parse(modelJson);
    doc.learner.learner_model_param.base_score = '[2E-1]';
    const shifted = importXgboostJson(doc);
    const plain = importXgboostJson(modelJson);
    const row = asRow(input.features[3]!);
    assert.ok(Math.abs(shifted.margin(row) - plain.margin(row) - Math.log(0.2 / 0.8)) < 1e-6);
    // binary:logitraw (XGBoost ≥ 1.4) takes base_score as a margin.
    doc.learner.objective.name = 'binary:logitraw';
    doc.learner.learner_model_param.base_score = '[2E-1]';
    assert.ok(Math.abs(importXgboostJson(doc).margin(row) - plain.margin(row) - 0.2) < 1e-6);
  });

  it('refuses categorical splits, other objectives and broken files with a named field', () => {
    const expectField = (f: () => unknown, field: string) =>
      assert.throws(f, (e: unknown) => e instanceof FengkongError && (e.details as unknown as Array<{ field: string }>)[0]!.field.endsWith(field));
    expectField(() => importXgboostJson(fixture('xgb-categorical-binary.model.json')), 'split_type');
    const doc = JSON.parse(modelJson);
    doc.learner.objective.name = 'multi:softprob';
    expectField(() => importXgboostJson(doc), 'learner.objective.name');
    expectField(() => importXgboostJson('{"learner":'), 'model');
    expectField(() => importXgboostJson(new Uint8Array([0x7b, 0x4c])), 'model');
    expectField(() => importXgboostJson(Uint8Array.of(0x5b, 0x24)), 'model');
    const cut = JSON.parse(modelJson);
    cut.learner.gradient_booster.model.trees[1].right_children.pop();
    expectField(() => importXgboostJson(cut), 'right_children');
  });
});
