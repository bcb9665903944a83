/**
 * The authorisation matrix: every route the server has, called with no credentials, with a session
 * of every role, with a session that still owes a password change, and with an API key of every
 * scope. Fails if a route lacks a declared permission, or answers a caller it should refuse, or
 * refuses one it should serve. Also pins the rules that hold whatever the role table says: the
 * auditor changes nothing, machines reach only their API, nothing is open without credentials
 * but health, readiness, the API document and sign-in, and every answer carries security headers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { SYSTEM_ACTOR } from '../audit/audit-log.js';
import { API_KEY_SCOPE_NAMES, type ApiKeyScope, permissionsOf, type RoutePermission, ROLES, type Role, scopePermissions } from '../identity/domain/permissions.js';
import { createLogger } from '../ops/logger.js';
import { apiKeyHeaders, OTHER_TEST_PASSWORDS, signedInUser, TEST_PASSWORD } from '../test-support/identity.js';
import { openTestPlatform, type TestPlatform } from '../test-support/stores.js';
import { installAccessGuard, type RouteTable } from './access-guard.js';
import { buildServer } from './server.js';

// Calls come from another machine: /metrics is open on loopback only.
const REMOTE = '203.0.113.77';
const GUARD_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'PASSWORD_CHANGE_REQUIRED', 'TOTP_ENROLMENT_REQUIRED']);
const SAMPLE_PARAMS: Record<string, string> = { point: 'login', list: 'block_devices', type: 'customer', id: 'no-such-id-0000' };

function concreteUrl(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => SAMPLE_PARAMS[name] ?? 'x');
}

interface Caller {
  name: string;
  headers: Record<string, string>;
  /** Whether the guard should let this caller through to a route with this permission. */
  allows(p: RoutePermission): boolean;
}

describe('authorisation: every route × every caller', () => {
  let tp: TestPlatform;
  let app: FastifyInstance & { routeTable: RouteTable };
  const callers: Caller[] = [];

  before(async () => {
    tp = await openTestPlatform('pglite');
    app = await buildServer(tp.platform, createLogger('silent'), { draining: false, status: () => ({}) });
    callers.push({ name: 'no credentials', headers: {}, allows: (p) => p === 'public' });
    callers.push({ name: 'a bad API key', headers: { 'x-api-key': 'fk_0123456789abcdef_' + 'A'.repeat(43) }, allows: (p) => p === 'public' });
    callers.push({ name: 'a forged session', headers: { cookie: 'fk_session=fks_' + 'B'.repeat(43) }, allows: (p) => p === 'public' });
    for (const role of ROLES) {
      const u = await signedInUser(tp.platform, app, `role.${role.replace(/_/g, '-')}`, [role]);
      const perms = permissionsOf([role]);
      callers.push({ name: `role ${role}`, headers: u.headers, allows: (p) => p === 'public' || p === 'signed-in' || (p === 'metrics' ? perms.has('metrics:read') : perms.has(p)) });
    }
    // Signed in, but the initial password is not changed yet: only the sign-in steps are open.
    await tp.platform.identity.users.create({ username: 'fresh.admin', roles: ['admin'], password: TEST_PASSWORD }, SYSTEM_ACTOR, { mustChangePassword: true });
    const login = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'fresh.admin', password: TEST_PASSWORD } });
    assert.equal(login.json().stage, 'password_change');
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    callers.push({ name: 'admin before the password change', headers: { cookie }, allows: (p) => p === 'public' || p === 'signed-in' });
    for (const scope of API_KEY_SCOPE_NAMES) {
      const perms = scopePermissions([scope as ApiKeyScope]);
      callers.push({ name: `API key ${scope}`, headers: await apiKeyHeaders(tp.platform, [scope as ApiKeyScope]), allows: (p) => p === 'public' || (p !== 'signed-in' && p !== 'metrics' && perms.has(p)) });
    }
  });
  after(async () => {
    await app?.close();
    await tp?.cleanup();
  });

  const call = (method: string, url: string, headers: Record<string, string>) =>
    app.inject({ method: method as InjectOptions['method'], url: concreteUrl(url), remoteAddress: REMOTE, headers: { ...headers, 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { payload: '{}' }) });

  test('the route table is complete and every route declares a known permission', () => {
    assert.ok(app.routeTable.length >= 30, `found ${app.routeTable.length} routes`);
    const urls = app.routeTable.map((r) => `${r.method} ${r.url}`);
    for (const expected of ['POST /v1/decisions', 'GET /v1/audit', 'POST /v1/changes/:id/approve', 'POST /v1/users', 'POST /v1/api-keys', 'POST /v1/entities/:type/:id/unmask', 'GET /metrics']) assert.ok(urls.includes(expected), expected);
    for (const r of app.routeTable) assert.ok(r.permission, `${r.method} ${r.url}`);
  });

  test('a route without a declared permission stops the server from being built', async () => {
    const bare = Fastify();
    installAccessGuard(bare, tp.platform.identity, tp.platform.clock);
    assert.throws(() => bare.get('/v1/forgotten', async () => 'open'), /declares no permission/);
    await bare.close();
  });

  test('each caller is served exactly where its permission allows, refused with the right code elsewhere', async () => {
    const failures: string[] = [];
    // Sign-out last: it ends the session the other calls use.
    const routes = [...app.routeTable].sort((a, b) => Number(a.url === '/v1/auth/logout') - Number(b.url === '/v1/auth/logout'));
    for (const caller of callers) {
      for (const r of routes) {
        const res = await call(r.method, r.url, caller.headers);
        const code = res.headers['content-type']?.toString().includes('json') ? (res.json() as { error?: { code?: string } }).error?.code : undefined;
        const refused = code !== undefined && GUARD_CODES.has(code);
        const expected = caller.allows(r.permission);
        if (expected && refused) failures.push(`${caller.name}: ${r.method} ${r.url} [${r.permission}] refused (${res.statusCode} ${code})`);
        if (!expected && !refused) failures.push(`${caller.name}: ${r.method} ${r.url} [${r.permission}] served (${res.statusCode})`);
        if (refused && ((res.statusCode === 401) !== (code === 'UNAUTHENTICATED') || (res.statusCode !== 401 && res.statusCode !== 403))) failures.push(`${caller.name}: ${r.method} ${r.url} ${code} with status ${res.statusCode}`);
        if (res.headers['x-content-type-options'] !== 'nosniff' || res.headers['x-frame-options'] !== 'DENY' || !res.headers['content-security-policy']) failures.push(`${r.method} ${r.url}: security headers missing`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('rules that hold whatever the role table says', () => {
    const table = app.routeTable;
    const auditor = permissionsOf(['auditor']);
    for (const r of table) {
      // The auditor reads everything and changes nothing.
      if (r.method === 'GET' && r.permission !== 'public' && r.permission !== 'signed-in') assert.ok(r.permission === 'metrics' || auditor.has(r.permission), `auditor cannot read ${r.url}`);
      if (r.method !== 'GET' && r.permission !== 'public' && r.permission !== 'signed-in') assert.ok(r.permission === 'metrics' || !auditor.has(r.permission), `auditor can change via ${r.method} ${r.url}`);
      // Open without credentials: health, readiness, the API document and sign-in, nothing else.
      if (r.permission === 'public') assert.ok(['/healthz', '/readyz', '/openapi.json', '/v1/auth/login', '/', '/assets/*'].includes(r.url), `${r.url} is public`);
    }
    // Machines reach only the decision APIs (real-time and credit, with suitability) and ingestion.
    for (const scope of API_KEY_SCOPE_NAMES) {
      const reach = table.filter((r) => r.permission !== 'public' && r.permission !== 'signed-in' && r.permission !== 'metrics' && scopePermissions([scope as ApiKeyScope]).has(r.permission));
      for (const r of reach) assert.match(r.url, /^\/v1\/(decisions|events|entities|credit|suitability)(\/|$)|^\/v1\/customers\/:id\/risk-/, `${scope} key reaches ${r.url}`);
      assert.ok(reach.every((r) => !r.url.includes('unmask')), 'no key unmasks');
    }
    // Viewers and auditors never see personal data in clear.
    for (const role of ['viewer', 'auditor'] as Role[]) assert.equal(permissionsOf([role]).has('pii:unmask'), false);
  });

  test('/metrics is open on loopback only', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/metrics', remoteAddress: REMOTE })).statusCode, 401);
  });

  test('sign-in never tells whether a user name exists', async () => {
    const unknown = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'nobody.at.all', password: OTHER_TEST_PASSWORDS[5] }, remoteAddress: '198.51.100.1' });
    const known = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'role.viewer', password: OTHER_TEST_PASSWORDS[5] }, remoteAddress: '198.51.100.1' });
    assert.equal(unknown.statusCode, 401);
    assert.equal(unknown.body, known.body);
  });

  test('sign-in attempts are rate limited per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < tp.config.identity.loginPerMinute + 1; i++) {
      codes.push((await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'nobody', password: 'x' }, remoteAddress: '198.51.100.200' })).statusCode);
    }
    assert.equal(codes.at(-1), 429);
    assert.ok(codes.slice(0, -1).every((c) => c === 401));
  });

  test('a cookie-borne change from another origin is refused', async () => {
    const u = await signedInUser(tp.platform, app, 'origin.check', ['strategy_analyst']);
    const cross = await app.inject({ method: 'POST', url: '/v1/strategies/check', headers: { ...u.headers, origin: 'https://evil.example', host: 'risk.example' }, payload: { body: 'x' } });
    assert.equal(cross.statusCode, 403);
    const same = await app.inject({ method: 'POST', url: '/v1/strategies/check', headers: { ...u.headers, origin: 'https://risk.example', host: 'risk.example' }, payload: { body: 'x' } });
    assert.equal(same.statusCode, 200);
  });
});
