/** The shipped credit configuration in packs/default/credit parses cleanly and says what it should. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseCompositeConfig } from './composite-score.js';
import { parseCreditPolicy } from './credit-policy.js';
import { parseCustomerRiskConfig } from './customer-risk.js';
import { parseSuitabilityConfig } from './suitability.js';
import type { ConfigResult } from './config-reader.js';

const read = (file: string) => readFileSync(new URL(`../../../packs/default/credit/${file}`, import.meta.url), 'utf8');
const ok = <T>(r: ConfigResult<T>, file: string): T => {
  assert.ok(r.ok, `${file}: ${JSON.stringify(!r.ok && r.problems, null, 1)}`);
  return r.value;
};

test('policy.yaml: two products, five tiers each, every APR within the 24% cap, CNY limits', () => {
  const policy = ok(parseCreditPolicy(read('policy.yaml')), 'policy.yaml');
  assert.equal(policy.legalAprCapBps, 2400);
  assert.deepEqual(Object.keys(policy.products).sort(), ['cash_loan', 'consumer_loan']);
  for (const product of Object.values(policy.products)) {
    assert.equal(product.currency, 'CNY');
    assert.deepEqual(product.tiers.map((t) => t.tier), ['A', 'B', 'C', 'D', 'E']);
    for (const t of product.tiers) {
      if (t.aprBps !== null) assert.ok(t.aprBps <= 2400, `${product.id} ${t.tier}`);
      if (t.limit) assert.ok(t.limit.max <= 20_000_000, 'at most CNY 200,000 per borrower');
    }
  }
});

test('composite.yaml: the credit and operational-risk examples, weights 40/30/20/10', () => {
  const config = ok(parseCompositeConfig(read('composite.yaml')), 'composite.yaml');
  assert.deepEqual(config.scorecards.credit_basic!.factors.map((f) => f.weight), [0.4, 0.3, 0.2, 0.1]);
  assert.deepEqual(config.scorecards.operational_risk!.factors.map((f) => f.weight), [0.4, 0.3, 0.2, 0.1]);
});

test('customer-risk.yaml and products.yaml parse cleanly', () => {
  const risk = ok(parseCustomerRiskConfig(read('customer-risk.yaml')), 'customer-risk.yaml');
  assert.deepEqual(risk.levels, { medium: 30, high: 60 });
  assert.equal(risk.handling.high.monitoring, 'enhanced');
  const products = ok(parseSuitabilityConfig(read('products.yaml')), 'products.yaml');
  assert.equal(products.assessmentValidityDays, 365);
  assert.deepEqual(Object.values(products.products).map((p) => p.riskLevel), ['R1', 'R2', 'R3', 'R4', 'R5']);
});
