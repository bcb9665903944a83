/**
 * The default pack on generated data it was not written against (another seed than the demo's):
 * every injected fraud pattern is caught in part, and the alert rate stays low.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluatePack } from './replay-evaluation.js';

test('default pack: every fraud pattern is caught, few alerts overall', async () => {
  const r = await evaluatePack({ customers: 800, days: 20, seed: 20_261_123 });
  assert.deepEqual(Object.keys(r.byPattern), ['account_takeover', 'card_testing', 'identity_fraud', 'mule', 'shared_device']);
  for (const [pattern, v] of Object.entries(r.byPattern)) assert.ok((v.recall ?? 0) > 0.2, `${pattern} recall ${v.recall}`);
  assert.ok(r.overall.alertRate! < 0.02, `alert rate ${r.overall.alertRate}`);
  assert.ok(r.overall.precision! > 0.5, `precision ${r.overall.precision}`);
  assert.equal(r.dataset.decisions, Object.values(r.byDecisionPoint).reduce((s, p) => s + p.decisions, 0));
});
