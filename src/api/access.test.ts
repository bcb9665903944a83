/**
 * Identity over HTTP: users and API keys run by an admin, a key's rate limit and revocation, the
 * session cookie's attributes and sign-out, personal data unmasked only with a purpose and audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createLogger } from '../ops/logger.js';
import { apiKeyHeaders, sessionCookie, signedInUser, TEST_PASSWORD, type TestUser } from '../test-support/identity.js';
import { customer } from '../test-support/records.js';
import { openTestPlatform, type TestPlatform } from '../test-support/stores.js';
import { buildServer } from './server.js';

describe('access over HTTP', () => {
  let tp: TestPlatform;
  let app: FastifyInstance;
  let admin: TestUser;
  let investigator: TestUser;
  let viewer: TestUser;
  before(async () => {
    tp = await openTestPlatform('pglite');
    tp.platform.config.http.trustProxy = '127.0.0.1';
    app = await buildServer(tp.platform, createLogger('silent'), { draining: false, status: () => ({}) });
    admin = await signedInUser(tp.platform, app, 'root.admin', ['admin']);
    investigator = await signedInUser(tp.platform, app, 'inv.zhao', ['investigator']);
    viewer = await signedInUser(tp.platform, app, 'view.qian', ['viewer']);
  });
  after(async () => {
    await app?.close();
    await tp?.cleanup();
  });

  const call = (headers: Record<string, string>, o: InjectOptions) => app.inject({ ...o, headers: { ...headers, ...(o.headers as Record<string, string>) } });

  test('an admin creates a user: the generated password is shown once and must be changed', async () => {
    const res = await call(admin.headers, { method: 'POST', url: '/v1/users', payload: { username: 'new.analyst', roles: ['strategy_analyst'] } });
    assert.equal(res.statusCode, 201, res.body);
    const { user, password } = res.json() as { user: { id: string; mustChangePassword: boolean }; password: string };
    assert.equal(user.mustChangePassword, true);
    assert.ok(password.length >= 12);
    const listed = (await call(admin.headers, { method: 'GET', url: '/v1/users' })).json() as { users: Array<Record<string, unknown>> };
    const shown = JSON.stringify(listed);
    assert.ok(!shown.includes(password) && !shown.includes('argon2') && !shown.includes('totp_secret'), 'no secrets listed');
    const again = await call(admin.headers, { method: 'POST', url: '/v1/users', payload: { username: 'NEW.ANALYST', roles: ['viewer'], password: TEST_PASSWORD } });
    assert.equal(again.json().error.code, 'USER_EXISTS');
    const weak = await call(admin.headers, { method: 'POST', url: '/v1/users', payload: { username: 'weak.one', roles: ['viewer'], password: 'password' } });
    assert.equal(weak.statusCode, 400);
    assert.deepEqual((weak.json().error.details as Array<{ field: string }>).map((d) => d.field).sort(), ['password', 'password', 'password']);
    const created = await tp.platform.audit.query({ action: 'user.create', targetId: 'new.analyst' });
    assert.deepEqual(JSON.parse(created[0]!.detail), { before: null, after: { username: 'new.analyst', displayName: null, roles: ['strategy_analyst'], disabled: false } });
    assert.equal(created[0]!.actorId, 'root.admin');

    // A role change is recorded before and after, and ends the user's sessions.
    const patched = await call(admin.headers, { method: 'PATCH', url: `/v1/users/${user.id}`, payload: { roles: ['viewer'] } });
    assert.equal(patched.statusCode, 200, patched.body);
    const updated = await tp.platform.audit.query({ action: 'user.update', targetId: 'new.analyst' });
    assert.deepEqual((JSON.parse(updated[0]!.detail) as { before: { roles: string[] }; after: { roles: string[] } }).after.roles, ['viewer']);
  });

  test('API keys over HTTP: shown once, scoped, rate limited per key, revoked at once', async () => {
    const made = await call(admin.headers, { method: 'POST', url: '/v1/api-keys', payload: { name: 'slow client', scopes: ['ingest'], ratePerSecond: 2 } });
    assert.equal(made.statusCode, 201, made.body);
    const { key, id } = made.json() as { key: string; id: string };
    const keyed = { 'x-api-key': key };
    assert.ok(!(await call(admin.headers, { method: 'GET', url: '/v1/api-keys' })).body.includes(key.slice(20)), 'the list never shows a secret');
    const send = () => call(keyed, { method: 'POST', url: '/v1/entities', payload: customer(Math.floor(Math.random() * 1e6)) });
    const codes = [(await send()).statusCode, (await send()).statusCode, (await send()).statusCode];
    assert.deepEqual(codes, [201, 201, 429]);
    const limited = await send();
    assert.equal(limited.json().error.code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    assert.equal((await call(keyed, { method: 'POST', url: '/v1/decisions', payload: {} })).statusCode, 403, 'outside its scope');
    assert.equal((await call(admin.headers, { method: 'POST', url: `/v1/api-keys/${id}/revoke` })).statusCode, 200);
    const after = await send();
    assert.equal(after.statusCode, 401);
    assert.equal(after.json().error.code, 'UNAUTHENTICATED');
  });

  test('the session cookie: httpOnly, SameSite=Strict, Secure behind TLS; sign-out ends it', async () => {
    const u = await signedInUser(tp.platform, app, 'cookie.check', ['viewer']);
    const tls = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'cookie.check', password: TEST_PASSWORD }, headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7', 'user-agent': 'ua-test' } });
    const setCookie = String(tls.headers['set-cookie']);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.match(setCookie, /Secure/);
    assert.match(String(tls.headers['strict-transport-security']), /max-age=/);
    const plain = String((await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'cookie.check', password: TEST_PASSWORD } })).headers['set-cookie']);
    assert.doesNotMatch(plain, /Secure/);
    const success = (await tp.platform.audit.query({ action: 'login.success', actorId: 'cookie.check' })).find((e) => e.userAgent === 'ua-test');
    assert.equal(success?.ip, '198.51.100.7', 'the client address behind the trusted proxy');

    const cookie = sessionCookie(tls.headers['set-cookie']);
    assert.equal((await call({ cookie }, { method: 'GET', url: '/v1/auth/me' })).json().username, 'cookie.check');
    assert.equal((await call({ cookie }, { method: 'POST', url: '/v1/auth/logout' })).statusCode, 204);
    assert.equal((await call({ cookie }, { method: 'GET', url: '/v1/auth/me' })).statusCode, 401);
    assert.equal((await call(u.headers, { method: 'GET', url: '/v1/auth/me' })).statusCode, 200, 'other sessions live on');
  });

  test('personal data in clear: permitted roles only, a purpose required, every view audited', async () => {
    const machine = await apiKeyHeaders(tp.platform, ['ingest']);
    const c = customer(77, { id: 'cust-unmask' });
    assert.equal((await call(machine, { method: 'POST', url: '/v1/entities', payload: c })).statusCode, 201);
    const url = '/v1/entities/customer/cust-unmask/unmask';
    assert.equal((await call(viewer.headers, { method: 'POST', url, payload: { purpose: 'curious about it' } })).statusCode, 403);
    assert.equal((await call(investigator.headers, { method: 'POST', url, payload: {} })).statusCode, 400, 'no purpose');
    const ok = await call(investigator.headers, { method: 'POST', url, payload: { purpose: 'case 2026-118: verify identity with the bank', fields: ['phone', 'nationalId'] } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().fields, { phone: c.phone, nationalId: c.nationalId });
    const views = await tp.platform.audit.query({ action: 'pii.unmask', targetId: 'cust-unmask' });
    assert.equal(views.length, 1);
    assert.equal(views[0]!.actorId, 'inv.zhao');
    assert.equal(views[0]!.purpose, 'case 2026-118: verify identity with the bank');
    assert.deepEqual(JSON.parse(views[0]!.detail), { fields: ['nationalId', 'phone'] });
    assert.ok(!views[0]!.detail.includes(String(c.phone)), 'the audit log names the fields, not the values');
    const masked = (await call(investigator.headers, { method: 'GET', url: '/v1/entities/customer/cust-unmask' })).json() as { phone: string };
    assert.match(masked.phone, /\*/);
  });
});
