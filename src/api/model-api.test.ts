/**
 * Models and credit over HTTP: a modeller trains a scorecard on an uploaded CSV, reads its report,
 * a model approver approves it and the activation; a bad training set is refused naming the field;
 * an XGBoost model is imported; a credit key decides an application and checks suitability.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createLogger } from '../ops/logger.js';
import { apiKeyHeaders, signedInUser, type TestUser } from '../test-support/identity.js';
import { openTestPlatform, type TestPlatform } from '../test-support/stores.js';
import { buildServer } from './server.js';

const GERMAN = process.env.FENGKONG_GERMANCREDIT ?? '/work/shared/data/germancredit.csv';
const XGB = new URL('../models/trees/fixtures/xgb-binary-logistic-missing.model.json', import.meta.url);

/** The first array found in a fixture (they nest their rows under a key). */
function firstArray(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc;
  for (const v of Object.values(doc as Record<string, unknown>)) {
    if (Array.isArray(v)) return v;
  }
  throw new Error('no array in fixture');
}

describe('models and credit over HTTP', () => {
  let tp: TestPlatform;
  let app: FastifyInstance;
  let modeller: TestUser;
  let approver: TestUser;
  let creditKey: Record<string, string>;
  before(async () => {
    tp = await openTestPlatform('pglite');
    app = await buildServer(tp.platform, createLogger('silent'), { draining: false, status: () => ({}) });
    modeller = await signedInUser(tp.platform, app, 'mod.sun', ['modeller']);
    approver = await signedInUser(tp.platform, app, 'appr.zhou', ['model_approver']);
    creditKey = await apiKeyHeaders(tp.platform, ['credit'], 'lending front end');
  });
  after(async () => {
    await app?.close();
    await tp?.cleanup();
  });

  const call = (headers: Record<string, string>, o: InjectOptions) => app.inject({ ...o, headers: { ...headers, ...(o.headers as Record<string, string>) } });

  test('train on an uploaded CSV, read the report, approve, activate through a second person, score a row with reasons', async () => {
    const csv = readFileSync(GERMAN, 'utf8');
    const trained = await call(modeller.headers, { method: 'POST', url: '/v1/models/train', payload: { name: 'german_card', method: 'scorecard', data: { csv, target: 'creditability', bad: 'bad', name: 'germancredit.csv' } } });
    assert.equal(trained.statusCode, 201, trained.body);
    const v = trained.json() as { id: string; status: string; evaluation: { test: { auc: number; ks: number } } };
    assert.equal(v.status, 'draft');
    assert.ok(v.evaluation.test.auc > 0.7, `AUC ${v.evaluation.test.auc}`);

    const report = await call(approver.headers, { method: 'GET', url: `/v1/models/${v.id}/report` });
    assert.equal(report.statusCode, 200);
    assert.match(String(report.headers['content-type']), /text\/html/);
    assert.match(String(report.headers['content-security-policy']), /default-src 'none'/);
    assert.match(report.body, /ROC/);

    assert.equal((await call(modeller.headers, { method: 'POST', url: `/v1/models/${v.id}/approve`, payload: {} })).statusCode, 403, 'a modeller has no approve right');
    const approved = await call(approver.headers, { method: 'POST', url: `/v1/models/${v.id}/approve`, payload: { note: 'report read' } });
    assert.equal(approved.statusCode, 200, approved.body);

    const proposed = await call(modeller.headers, { method: 'POST', url: `/v1/models/${v.id}/activate`, payload: { use: 'loan_application', champion: true } });
    assert.equal(proposed.statusCode, 202, proposed.body);
    const changeId = (proposed.json() as { change: { id: string } }).change.id;
    const decided = await call(approver.headers, { method: 'POST', url: `/v1/changes/${changeId}/approve`, payload: { note: 'go' } });
    assert.equal(decided.statusCode, 200, decided.body);
    const listed = await call(modeller.headers, { method: 'GET', url: '/v1/models?status=active' });
    assert.deepEqual((listed.json() as { items: Array<{ id: string; champion: boolean }> }).items.map((m) => [m.id, m.champion]), [[v.id, true]]);

    const scored = await call(modeller.headers, { method: 'POST', url: `/v1/models/${v.id}/score`, payload: { row: { status_of_existing_checking_account: '... < 0 DM', duration_in_month: 48, credit_amount: 9000 }, top: 3 } });
    assert.equal(scored.statusCode, 200, scored.body);
    const s = scored.json() as { probability: number; score: number; reasons: Array<{ variable: string; pointsLost: number }> };
    assert.ok(s.probability > 0 && s.probability < 1);
    assert.ok(s.reasons.length > 0 && s.reasons.every((r) => r.pointsLost > 0));
  });

  test('a training set without its target is refused with the field named, nothing recorded', async () => {
    const res = await call(modeller.headers, { method: 'POST', url: '/v1/models/train', payload: { name: 'broken', method: 'scorecard', data: { csv: 'a,b\n1,2\n3,4\n', target: 'y', bad: 1 } } });
    assert.equal(res.statusCode, 422, res.body);
    const e = res.json() as { error: { code: string; details: Array<{ field: string }> } };
    assert.equal(e.error.code, 'MODEL_INVALID');
    assert.ok(e.error.details.length > 0);
    const listed = await call(modeller.headers, { method: 'GET', url: '/v1/models?name=broken' });
    assert.deepEqual((listed.json() as { items: unknown[] }).items, []);
  });

  test('identifying personal data is refused as a model variable, naming the column', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${i % 2 ? '张三' : '李四'}${i},${i % 7},${i % 3 === 0 ? 'bad' : 'good'}`);
    const res = await call(modeller.headers, { method: 'POST', url: '/v1/models/train', payload: { name: 'leaky', method: 'scorecard', data: { csv: ['name,visits,y', ...rows].join('\n'), target: 'y', bad: 'bad' } } });
    assert.equal(res.statusCode, 422, res.body);
    const e = res.json() as { error: { code: string; details: Array<{ field: string; reason: string }> } };
    assert.deepEqual(e.error.details.map((d) => [d.field, d.reason]), [['data.name', 'personal_data']]);
    assert.ok(!res.body.includes('张三'), 'no value in the answer');
  });

  test('an XGBoost model is imported as a draft with its variables', async () => {
    const res = await call(modeller.headers, { method: 'POST', url: '/v1/models/import', payload: { name: 'xgb_import', format: 'xgboost', model: JSON.parse(readFileSync(XGB, 'utf8')) } });
    assert.equal(res.statusCode, 201, res.body);
    const v = res.json() as { id: string; kind: string; status: string; variables: string[] };
    assert.deepEqual([v.kind, v.status], ['xgboost', 'draft']);
    assert.ok(v.variables.length > 0);
    // Loaded back from the store (its artifact checked against the recorded hash), it scores like the file.
    const input = JSON.parse(readFileSync(new URL('../models/trees/fixtures/xgb-binary-logistic-missing.input.json', import.meta.url), 'utf8')) as unknown;
    const expected = JSON.parse(readFileSync(new URL('../models/trees/fixtures/xgb-binary-logistic-missing.expected.json', import.meta.url), 'utf8')) as { predictions_transformed: number[] };
    const rows = firstArray(input) as Array<Array<number | null>>;
    const probs = (expected as { predictions_transformed: number[] }).predictions_transformed;
    const row = Object.fromEntries(v.variables.map((name, j) => [name, rows[0]![j] ?? null]));
    const scored = await call(modeller.headers, { method: 'POST', url: `/v1/models/${v.id}/score`, payload: { row, top: 2 } });
    assert.equal(scored.statusCode, 200, scored.body);
    assert.ok(Math.abs((scored.json() as { probability: number }).probability - probs[0]!) < 1e-6, `${(scored.json() as { probability: number }).probability} vs ${probs[0]}`);
    // Imported without a validation sample: no evaluation, no report, so it cannot be approved.
    const refused = await call(approver.headers, { method: 'POST', url: `/v1/models/${v.id}/approve`, payload: {} });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal((refused.json() as { error: { code: string } }).error.code, 'MODEL_NOT_EVALUATED');
  });

  test('a credit key decides a loan application and checks suitability; it cannot reach models', async () => {
    const event = { id: 'api-app-1', type: 'loan_application', occurredAt: new Date(Date.now() - 60_000).toISOString(), customerId: 'cu-api-1', amount: 500_000, currency: 'CNY', applicationId: 'app-api-1', productId: 'cash_loan', termMonths: 12, declaredIncome: 1_500_000, employment: 'employed', channel: 'app' };
    const res = await call(creditKey, { method: 'POST', url: '/v1/credit/applications', payload: { event } });
    assert.equal(res.statusCode, 201, res.body);
    const d = res.json() as { outcome: string; reasons: unknown[]; model: { name: string } | null };
    // The germancredit card cannot read this application's variables: it scores on missing bins and still decides.
    assert.ok(['approve', 'refer', 'decline'].includes(d.outcome));
    assert.ok(d.reasons.length > 0 || d.outcome === 'approve');
    const again = await call(creditKey, { method: 'POST', url: '/v1/credit/applications', payload: { event } });
    assert.equal(again.statusCode, 200);
    const bad = await call(creditKey, { method: 'POST', url: '/v1/credit/applications', payload: { event: { ...event, id: 'api-app-2', amount: -5 } } });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.ok((bad.json() as { error: { details: Array<{ field: string }> } }).error.details.some((p) => p.field === 'amount'));
    const suit = await call(creditKey, { method: 'POST', url: '/v1/suitability/checks', payload: { customerId: 'cu-api-1', productId: 'equity_fund' } });
    assert.equal(suit.statusCode, 200, suit.body);
    assert.deepEqual([(suit.json() as { allowed: boolean }).allowed, (suit.json() as { code: string }).code], [false, 'ASSESSMENT_MISSING']);
    assert.equal((await call(creditKey, { method: 'GET', url: '/v1/models' })).statusCode, 403);
    // The front end records tolerance questionnaires; the risk level is compliance's.
    assert.equal((await call(creditKey, { method: 'PUT', url: '/v1/customers/cu-api-1/risk-tolerance', payload: { tolerance: 'C4', assessedAt: new Date(Date.now() - 1000).toISOString() } })).statusCode, 200);
    assert.equal((await call(creditKey, { method: 'POST', url: '/v1/customers/cu-api-1/risk-assessment', payload: { facts: { pep: false } } })).statusCode, 403);
    const allowed = await call(creditKey, { method: 'POST', url: '/v1/suitability/checks', payload: { customerId: 'cu-api-1', productId: 'equity_fund' } });
    assert.equal((allowed.json() as { allowed: boolean }).allowed, true);
  });
});
