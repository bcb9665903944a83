import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_PACK_DIR } from '../decisions/pack.js';
import { loadCreditPack } from './credit-pack.js';

test('the shipped credit pack loads; a pack without credit/ takes it; a broken one lists every problem by file and path', () => {
  assert.deepEqual(Object.keys(loadCreditPack(DEFAULT_PACK_DIR).policy.products).sort(), ['cash_loan', 'consumer_loan']);
  const dir = mkdtempSync(join(tmpdir(), 'fk-pack-'));
  try {
    assert.deepEqual(Object.keys(loadCreditPack(dir).policy.products).sort(), ['cash_loan', 'consumer_loan']);
    mkdirSync(join(dir, 'credit'));
    writeFileSync(join(dir, 'credit', 'policy.yaml'), 'products: {}\n');
    assert.throws(
      () => loadCreditPack(dir),
      (e: { code: string; details: Array<{ field: string }> }) =>
        e.code === 'CREDIT_POLICY_INVALID' && ['credit/policy.yaml:products', 'credit/composite.yaml', 'credit/customer-risk.yaml', 'credit/products.yaml'].every((f) => e.details.some((d) => d.field === f)),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
