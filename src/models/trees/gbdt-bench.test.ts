import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benchTrees } from './gbdt-bench.js';

describe('benchTrees', () => {
  it('trains exactly the asked number of trees and reports sane figures', () => {
    const r = benchTrees({ rows: 3000, variables: 12, trees: 12, seed: 4 });
    assert.equal(r.treesBuilt, 12);
    assert.equal(r.rows, 3000);
    assert.ok(r.trainMs >= 0 && r.trainCpuMs >= 0);
    assert.ok(r.scoringPerSecond > 0 && r.rowScoresPerSecond > 0);
    assert.ok(r.auc > 0.7 && r.auc < 1, `AUC ${r.auc}`);
    assert.ok(r.nodes > 12);
  });
});
