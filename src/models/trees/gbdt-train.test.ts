import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset } from '../domain/dataset.js';
import { FengkongError } from '../../shared/errors.js';
import { Rng } from '../../shared/prng.js';
import { trainGbdt } from './gbdt-train.js';
import { syntheticCredit } from './synthetic-data.js';
import { OP_IN } from './tree-arrays.js';
import { germanCredit, meanLogloss, pairAuc, split } from './test-support.js';

const train = syntheticCredit({ rows: 6000, variables: 16, seed: 101 });
const test = syntheticCredit({ rows: 4000, variables: 16, seed: 102 });

describe('trainGbdt', () => {
  it('learns a known signal: held-out AUC well above chance and log-loss below a constant', () => {
    const { model } = trainGbdt(train, { rounds: 120, maxDepth: 4, learningRate: 0.1 });
    const p = model.predictDataset(test);
    const auc = pairAuc(p, test.target!);
    assert.ok(auc > 0.75, `AUC ${auc}`);
    let bad = 0;
    for (const t of train.target!) bad += t;
    const constant = new Float64Array(test.rows).fill(bad / train.rows);
    assert.ok(meanLogloss(p, test.target!) < meanLogloss(constant, test.target!) - 0.05);
  });

  it('stops early on a validation set and keeps the best round', () => {
    const small = syntheticCredit({ rows: 800, variables: 16, seed: 7 });
    const holdout = syntheticCredit({ rows: 800, variables: 16, seed: 8 });
    const r = trainGbdt(small, {
      rounds: 500, learningRate: 0.5, maxDepth: 6, minDataInLeaf: 2, lambda: 0,
      validation: holdout, earlyStopping: { rounds: 10 },
    });
    assert.equal(r.stoppedEarly, true);
    assert.ok(r.roundsRun < 500);
    const losses = r.validationLogloss!;
    const bestAt = losses.indexOf(Math.min(...losses));
    assert.equal(r.trees, bestAt + 1);
    assert.equal(r.roundsRun, r.trees + 10);
    assert.equal(r.model.treeCount, r.trees);
    // The kept model scores the validation set exactly as the best round did.
    assert.ok(Math.abs(meanLogloss(r.model.predictDataset(holdout), holdout.target!) - losses[bestAt]!) < 1e-9);
  });

  it('is deterministic per seed, and the seed matters when rows are sampled', () => {
    const o = { rounds: 15, maxDepth: 3, subsample: 0.6 };
    const a = trainGbdt(train, { ...o, seed: 5 }).model.toArtifact();
    const b = trainGbdt(train, { ...o, seed: 5 }).model.toArtifact();
    const c = trainGbdt(train, { ...o, seed: 6 }).model.toArtifact();
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('learns where missing values go, in either direction', () => {
    for (const missingIsBad of [true, false]) {
      const data = missingSignal(3000, missingIsBad);
      const { model } = trainGbdt(data, { rounds: 30, maxDepth: 2, learningRate: 0.3 });
      const missing = model.probability({ x: null });
      const low = model.probability({ x: -1 });
      const high = model.probability({ x: 1 });
      if (missingIsBad) assert.ok(missing > 0.8 && missing > high, `missing ${missing}`);
      else assert.ok(missing < 0.2 && missing < low, `missing ${missing}`);
      // x ≤ 0 is bad, x > 0 good, regardless.
      assert.ok(low > 0.8 && high < 0.2);
    }
  });

  it('splits categorical variables by category sets', () => {
    const rng = new Rng(3);
    const labels = ['a', 'b', 'c', 'd', 'e', 'f'];
    const badSet = new Set(['b', 'e', 'f']);
    const values = Array.from({ length: 3000 }, () => rng.pick(labels));
    const target = Uint8Array.from(values, (v) => (rng.chance(badSet.has(v) ? 0.8 : 0.1) ? 1 : 0));
    const data: Dataset = { rows: 3000, columns: [{ kind: 'categorical', name: 'k', values }], target };
    const { model } = trainGbdt(data, { rounds: 20, maxDepth: 1, learningRate: 0.3, catL2: 0 });
    assert.ok([...model.trees.op].some((op) => op === OP_IN));
    const p = Object.fromEntries(labels.map((l) => [l, model.probability({ k: l })]));
    for (const l of labels) for (const m of labels) if (badSet.has(l) && !badSet.has(m)) assert.ok(p[l]! > p[m]!, `${l} vs ${m}`);
    // An unseen label scores as missing.
    assert.equal(model.probability({ k: 'zzz' }), model.probability({ k: null }));
  });

  it('grows leaf-wise within maxLeaves', () => {
    const { model } = trainGbdt(train, { rounds: 5, growth: 'leafwise', maxLeaves: 7, minDataInLeaf: 5 });
    const a = model.trees;
    for (let t = 0; t < a.roots.length; t++) {
      const end = t + 1 < a.roots.length ? a.roots[t + 1]! : a.feature.length;
      let leaves = 0;
      for (let n = a.roots[t]!; n < end; n++) if (a.feature[n]! < 0) leaves++;
      assert.ok(leaves <= 7 && leaves >= 2, `tree ${t}: ${leaves} leaves`);
    }
  });

  it('reaches a held-out AUC of at least 0.72 on German credit (70/30)', () => {
    const { train: tr, test: te } = split(germanCredit(), 0.7, 1);
    const { model } = trainGbdt(tr, { rounds: 300, learningRate: 0.05, maxDepth: 3, minDataInLeaf: 10, subsample: 0.8, seed: 1 });
    const auc = pairAuc(model.predictDataset(te), te.target!);
    assert.ok(auc >= 0.72, `AUC ${auc}`);
  });

  it('refuses bad options by name, in both languages', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ maxDepth: 0 }, 'maxDepth'],
      [{ learningRate: 0 }, 'learningRate'],
      [{ maxBins: 256 }, 'maxBins'],
      [{ subsample: 1.5 }, 'subsample'],
      [{ growth: 'sideways' }, 'growth'],
      [{ earlyStopping: { rounds: 5 } }, 'validation'],
      [{ earlyStopping: { rounds: 0 }, validation: test }, 'earlyStopping.rounds'],
      [{ maxDepht: 3 }, 'maxDepht'],
    ];
    for (const [options, field] of cases) {
      assert.throws(() => trainGbdt(train, options), (e: unknown) => {
        assert.ok(e instanceof FengkongError);
        assert.equal(e.code, 'REQUEST_INVALID');
        const d = (e.details as unknown as Array<{ field: string; message: { zh: string; en: string } }>)[0]!;
        assert.equal(d.field, field);
        assert.match(d.message.en, new RegExp(field.split('.')[0]!));
        assert.match(d.message.zh, /[\u4e00-\u9fff]/);
        return true;
      });
    }
  });

  it('refuses a target with one class', () => {
    const one: Dataset = { ...train, target: new Uint8Array(train.rows) };
    assert.throws(() => trainGbdt(one), (e: unknown) => e instanceof FengkongError && (e.details as unknown as Array<{ field: string }>)[0]!.field === 'train');
  });
});

/** x missing for a third of rows; missing rows bad (or good) with 90%; otherwise bad ⇔ x ≤ 0 (90%). */
function missingSignal(rows: number, missingIsBad: boolean): Dataset {
  const rng = new Rng(missingIsBad ? 1 : 2);
  const x = new Float64Array(rows);
  const target = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    if (rng.chance(1 / 3)) {
      x[i] = Number.NaN;
      target[i] = rng.chance(0.9) === missingIsBad ? 1 : 0;
    } else {
      x[i] = rng.normal();
      target[i] = rng.chance(0.9) === x[i]! <= 0 ? 1 : 0;
    }
  }
  return { rows, columns: [{ kind: 'numeric', name: 'x', values: x }], target };
}
