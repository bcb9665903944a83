/**
 * `fengkong apikey` and `fengkong user` as operators run them on PostgreSQL while a platform is
 * open on the same database: a key printed once works at once, revocation stops it, and a
 * break-glass password reset lets a locked-out admin back in (and must be changed).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { SYSTEM_ACTOR } from '../audit/audit-log.js';
import { TEST_PASSWORD } from '../test-support/identity.js';
import { openTestPlatform, TEST_DATABASE_URL } from '../test-support/stores.js';

const BIN = join(process.cwd(), 'bin', 'fengkong.js');

test('apikey create/list/revoke and user reset-password on PostgreSQL', { timeout: 120_000 }, async () => {
  const tp = await openTestPlatform('postgres');
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args, '--database-url', TEST_DATABASE_URL], { env: { ...process.env, ...tp.env }, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  try {
    const made = cli('apikey', 'create', '--scope', 'decisions', '--name', 'gateway', '--expires-in-days', '30', '--json');
    assert.equal(made.status, 0, made.stderr);
    const { key, id, scopes, expiresAt } = JSON.parse(made.stdout) as { key: string; id: string; scopes: string[]; expiresAt: string };
    assert.deepEqual(scopes, ['decisions']);
    assert.ok(Date.parse(expiresAt) > Date.now() + 29 * 86_400_000);
    assert.equal((await tp.platform.identity.apiKeys.authenticate(key))?.keyId, id, 'the running platform accepts it at once');
    const listed = cli('apikey', 'list', '--json');
    assert.ok(!listed.stdout.includes(key.slice(20)), 'listing never shows the secret');
    assert.equal(cli('apikey', 'revoke', id).status, 0);
    assert.equal((await tp.platform.identity.apiKeys.list()).find((k) => k.id === id)?.revokedAt !== null, true);
    assert.equal(cli('apikey', 'create', '--json').status, 64, 'a scope is required');

    await tp.platform.identity.users.create({ username: 'locked.admin', roles: ['admin'], password: TEST_PASSWORD }, SYSTEM_ACTOR, { mustChangePassword: false });
    const reset = cli('user', 'reset-password', 'locked.admin', '--json');
    assert.equal(reset.status, 0, reset.stderr);
    const { password } = JSON.parse(reset.stdout) as { password: string };
    const s = await tp.platform.identity.signIn.login({ username: 'locked.admin', password }, {});
    assert.equal(s.stage, 'password_change');
    assert.equal(cli('user', 'reset-password', 'no.such.user').status, 1);
    const resets = await tp.platform.audit.query({ action: 'user.password.reset' });
    assert.match(resets[0]!.actorId, /^cli:/);
    assert.equal((await tp.platform.audit.verify()).ok, true);
  } finally {
    await tp.cleanup();
  }
});
