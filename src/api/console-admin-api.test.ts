/**
 * What the console's model and administration pages read beyond the plain resources: the role
 * table and the API key scopes (admins see what they hand out), and a model version's curves and
 * variables (on the version, left out of the listing).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createLogger } from '../ops/logger.js';
import { signedInUser, type TestUser } from '../test-support/identity.js';
import { openTestPlatform, type TestPlatform } from '../test-support/stores.js';
import { buildServer } from './server.js';

const GERMAN = process.env.FENGKONG_GERMANCREDIT ?? '/work/shared/data/germancredit.csv';

describe('console admin and model reads over HTTP', () => {
  let tp: TestPlatform;
  let app: FastifyInstance;
  let admin: TestUser;
  let viewer: TestUser;
  let modeller: TestUser;
  before(async () => {
    tp = await openTestPlatform('pglite');
    app = await buildServer(tp.platform, createLogger('silent'), { draining: false, status: () => ({}) });
    admin = await signedInUser(tp.platform, app, 'root.admin', ['admin']);
    viewer = await signedInUser(tp.platform, app, 'view.qian', ['viewer']);
    modeller = await signedInUser(tp.platform, app, 'mod.sun', ['modeller']);
  });
  after(async () => {
    await app?.close();
    await tp?.cleanup();
  });

  const call = (headers: Record<string, string>, o: InjectOptions) => app.inject({ ...o, headers: { ...headers, ...(o.headers as Record<string, string>) } });

  test('the role table says what each role grants and whether it needs TOTP; only for users:read', async () => {
    const res = await call(admin.headers, { method: 'GET', url: '/v1/roles' });
    assert.equal(res.statusCode, 200, res.body);
    const roles = (res.json() as { roles: Array<{ role: string; permissions: string[]; requiresTotp: boolean }> }).roles;
    const byName = new Map(roles.map((r) => [r.role, r]));
    assert.ok(byName.get('admin')!.permissions.includes('users:manage'));
    assert.ok(!byName.get('admin')!.permissions.includes('models:approve'), 'separation of duties');
    assert.equal(byName.get('model_approver')!.requiresTotp, true);
    assert.equal(byName.get('viewer')!.requiresTotp, false);
    assert.equal((await call(viewer.headers, { method: 'GET', url: '/v1/roles' })).statusCode, 403);
  });

  test('API key scopes with their permissions; only for apikeys:read', async () => {
    const res = await call(admin.headers, { method: 'GET', url: '/v1/api-keys/scopes' });
    assert.equal(res.statusCode, 200, res.body);
    const scopes = (res.json() as { scopes: Array<{ scope: string; permissions: string[] }> }).scopes;
    assert.deepEqual(scopes.find((s) => s.scope === 'decisions')?.permissions, ['decisions:create', 'decisions:read']);
    assert.equal((await call(viewer.headers, { method: 'GET', url: '/v1/api-keys/scopes' })).statusCode, 403);
  });

  test('a trained version carries its curves and variables; the listing carries only the summary', async () => {
    const csv = readFileSync(GERMAN, 'utf8');
    const trained = await call(modeller.headers, { method: 'POST', url: '/v1/models/train', payload: { name: 'german_card', method: 'scorecard', data: { csv, target: 'creditability', bad: 'bad' } } });
    assert.equal(trained.statusCode, 201, trained.body);
    const id = (trained.json() as { id: string }).id;
    const one = (await call(viewer.headers, { method: 'GET', url: `/v1/models/${id}` })).json() as {
      evaluation: { test: { auc: number }; detail: { test: { roc: unknown[]; ksCurve: unknown[]; scoreDistribution: Array<{ good: number; bad: number }>; lift: unknown[] }; train: { scoreDistribution: unknown[] }; variables: Array<{ name: string; iv: number; bins: Array<{ points?: number }> }> } };
    };
    const d = one.evaluation.detail;
    assert.ok(d.test.roc.length > 10 && d.test.ksCurve.length > 10 && d.test.lift.length === 10);
    assert.ok(d.test.scoreDistribution.some((b) => b.bad > 0) && d.train.scoreDistribution.length > 0);
    assert.ok(d.variables.length > 0 && d.variables.every((v) => v.iv >= 0 && v.bins.every((b) => typeof b.points === 'number')));
    const listed = (await call(viewer.headers, { method: 'GET', url: '/v1/models' })).json() as { items: Array<{ id: string; evaluation: Record<string, unknown> }> };
    const item = listed.items.find((m) => m.id === id)!;
    assert.equal((item.evaluation.test as { auc: number }).auc, one.evaluation.test.auc);
    assert.equal(item.evaluation.detail, undefined);
  });
});
