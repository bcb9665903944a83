/**
 * Identity on both stores with a controlled clock: lockout and its cool-down, TOTP at sign-in,
 * session idle and absolute expiry, password change and disabling ending sessions, API-key scope,
 * revocation and expiry. Time moves by the test, never by waiting.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SYSTEM_ACTOR } from '../audit/audit-log.js';
import type { Clock } from '../shared/clock.js';
import { OTHER_TEST_PASSWORDS, TEST_PASSWORD } from '../test-support/identity.js';
import { openTestPlatform, STORE_KINDS, type TestPlatform } from '../test-support/stores.js';
import { newTotpSecret, totpCode } from './domain/totp.js';
import type { Identity } from './identity.js';
import type { UserPrincipal } from './principal.js';

class TestClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

const FROM = { ip: '203.0.113.9', userAgent: 'identity-test' };
const code = (e: unknown) => (e as { code?: string }).code;

for (const kind of STORE_KINDS) {
  describe(`identity on ${kind}`, () => {
    const clock = new TestClock(Date.parse('2026-11-23T08:00:00Z'));
    let tp: TestPlatform;
    let id: Identity;
    before(async () => {
      tp = await openTestPlatform(kind, { clock });
      id = tp.platform.identity;
    });
    after(async () => tp?.cleanup());

    const makeUser = async (username: string, roles: Parameters<Identity['users']['create']>[0]['roles'], withTotp = false) => {
      const u = await id.users.create({ username, roles, password: TEST_PASSWORD }, SYSTEM_ACTOR, { mustChangePassword: false });
      let secret: string | null = null;
      if (withTotp) {
        secret = newTotpSecret(username).secret;
        await tp.platform.db.query('UPDATE users SET totp_secret = $2, totp_enabled = true WHERE id = $1', [u.id, tp.platform.vault.encrypt(secret)]);
      }
      return { user: u, secret };
    };

    test('first run creates the admin (once); the last admin cannot be disabled or lose the role', async () => {
      const first = await id.ensureFirstAdmin({ FENGKONG_ADMIN_PASSWORD: OTHER_TEST_PASSWORDS[2] });
      assert.equal(first.created, true);
      assert.equal(first.generatedPassword, null);
      assert.deepEqual(await id.ensureFirstAdmin({}), { created: false, generatedPassword: null }, 'only on an empty installation');
      const admin = (await id.users.list()).find((u) => u.username === 'admin')!;
      assert.equal(admin.mustChangePassword, true);
      await assert.rejects(id.users.update(admin.id, { disabled: true }, SYSTEM_ACTOR), (e) => code(e) === 'LAST_ADMIN');
      await assert.rejects(id.users.update(admin.id, { roles: ['viewer'] }, SYSTEM_ACTOR), (e) => code(e) === 'LAST_ADMIN');
      assert.equal((await id.users.get(admin.id))!.disabled, false, 'nothing half-changed');
    });

    test('five wrong passwords lock the account; the right one is refused until the cool-down ends', async () => {
      await makeUser('lock.me', ['viewer']);
      for (let i = 0; i < 5; i++) await assert.rejects(id.signIn.login({ username: 'lock.me', password: OTHER_TEST_PASSWORDS[3] }, FROM), (e) => code(e) === 'AUTH_FAILED');
      await assert.rejects(id.signIn.login({ username: 'lock.me', password: TEST_PASSWORD }, FROM), (e) => code(e) === 'AUTH_FAILED', 'locked');
      assert.ok((await id.users.list()).find((u) => u.username === 'lock.me')!.lockedUntil);
      clock.advance(15 * 60_000 + 1);
      const s = await id.signIn.login({ username: 'LOCK.ME', password: TEST_PASSWORD }, FROM);
      assert.equal(s.stage, 'active', 'names are matched whatever their case');
      const failures = await tp.platform.audit.query({ action: 'login.failure', actorId: 'lock.me' });
      assert.deepEqual(failures.map((e) => (JSON.parse(e.detail) as { reason: string }).reason), ['password', 'password', 'password', 'password', 'password', 'locked']);
      assert.equal(failures[0]!.ip, FROM.ip);
      assert.equal(failures[0]!.userAgent, FROM.userAgent);
    });

    test('an unknown user name fails exactly like a wrong password', async () => {
      const unknown = await id.signIn.login({ username: 'nobody.here', password: TEST_PASSWORD }, FROM).catch((e: unknown) => e);
      const wrong = await id.signIn.login({ username: 'lock.me', password: OTHER_TEST_PASSWORDS[4] }, FROM).catch((e: unknown) => e);
      assert.equal(code(unknown), 'AUTH_FAILED');
      assert.equal(code(wrong), 'AUTH_FAILED');
      assert.equal((unknown as Error).message, (wrong as Error).message);
    });

    test('with TOTP enrolled: no code asks for one, a wrong code fails, a used code cannot be replayed', async () => {
      const { secret } = await makeUser('two.factor', ['strategy_analyst'], true);
      await assert.rejects(id.signIn.login({ username: 'two.factor', password: TEST_PASSWORD }, FROM), (e) => code(e) === 'TOTP_REQUIRED');
      await assert.rejects(id.signIn.login({ username: 'two.factor', password: TEST_PASSWORD, totp: '000000' === totpCode(secret!, clock.now()) ? '111111' : '000000' }, FROM), (e) => code(e) === 'AUTH_FAILED');
      const totp = totpCode(secret!, clock.now());
      const s = await id.signIn.login({ username: 'two.factor', password: TEST_PASSWORD, totp }, FROM);
      assert.equal(s.stage, 'active');
      await assert.rejects(id.signIn.login({ username: 'two.factor', password: TEST_PASSWORD, totp }, FROM), (e) => code(e) === 'AUTH_FAILED', 'replayed code');
      // The TOTP secret rests sealed, never in clear.
      const row = await tp.platform.db.query<{ totp_secret: string }>("SELECT totp_secret FROM users WHERE username = 'two.factor'");
      assert.ok(!row.rows[0]!.totp_secret.includes(secret!));
    });

    test('a role that changes things must enrol TOTP before its session is usable', async () => {
      await makeUser('new.approver', ['strategy_approver']);
      const s = await id.signIn.login({ username: 'new.approver', password: TEST_PASSWORD }, FROM);
      assert.equal(s.stage, 'totp_enrolment');
      const p = (await id.sessionPrincipal(s.token))!;
      const { secret } = await id.signIn.beginTotp(p);
      await assert.rejects(id.signIn.confirmTotp(p, '12345', FROM), (e) => code(e) === 'REQUEST_INVALID');
      assert.equal(await id.signIn.confirmTotp(p, totpCode(secret, clock.now()), FROM), 'active');
      assert.equal((await id.sessionPrincipal(s.token))!.stage, 'active');
    });

    test('sessions end after the idle timeout, and at the absolute timeout however busy', async () => {
      await makeUser('sess.user', ['viewer']);
      const idle = await id.signIn.login({ username: 'sess.user', password: TEST_PASSWORD }, FROM);
      clock.advance(29 * 60_000);
      assert.ok(await id.sessionPrincipal(idle.token), 'still within 30 minutes idle');
      clock.advance(29 * 60_000);
      assert.ok(await id.sessionPrincipal(idle.token), 'the last request restarted the idle clock');
      clock.advance(30 * 60_000 + 1);
      assert.equal(await id.sessionPrincipal(idle.token), null, 'idle too long');

      const busy = await id.signIn.login({ username: 'sess.user', password: TEST_PASSWORD }, FROM);
      for (let h = 0; h < 12 * 4 - 1; h++) {
        clock.advance(15 * 60_000);
        assert.ok(await id.sessionPrincipal(busy.token), `alive after ${(h + 1) * 15} minutes`);
      }
      clock.advance(15 * 60_000);
      assert.equal(await id.sessionPrincipal(busy.token), null, 'twelve hours after sign-in');
      assert.equal(await id.sessionPrincipal('fks_not-a-real-token'), null);
    });

    test('changing the password ends the other sessions; disabling a user ends all of them', async () => {
      const { user } = await makeUser('multi.sess', ['viewer']);
      const a = await id.signIn.login({ username: 'multi.sess', password: TEST_PASSWORD }, FROM);
      const b = await id.signIn.login({ username: 'multi.sess', password: TEST_PASSWORD }, FROM);
      const pa = (await id.sessionPrincipal(a.token)) as UserPrincipal;
      await assert.rejects(id.signIn.changePassword(pa, TEST_PASSWORD, 'short', FROM), (e) => code(e) === 'PASSWORD_PROBLEM' || code(e) === 'PASSWORD_POLICY');
      await id.signIn.changePassword(pa, TEST_PASSWORD, OTHER_TEST_PASSWORDS[1], FROM);
      assert.ok(await id.sessionPrincipal(a.token));
      assert.equal(await id.sessionPrincipal(b.token), null);
      await id.users.update(user.id, { disabled: true }, SYSTEM_ACTOR);
      assert.equal(await id.sessionPrincipal(a.token), null);
      await assert.rejects(id.signIn.login({ username: 'multi.sess', password: OTHER_TEST_PASSWORDS[1] }, FROM), (e) => code(e) === 'AUTH_FAILED');
    });

    test('API keys: scoped, stored hashed, revoked at once, expired on time', async () => {
      const k = await id.apiKeys.create({ name: 'payments gateway', scopes: ['decisions'], expiresAt: new Date(clock.now() + 3_600_000).toISOString() }, SYSTEM_ACTOR);
      const p = await id.apiKeys.authenticate(k.key);
      assert.deepEqual([...p!.permissions].sort(), ['decisions:create', 'decisions:read']);
      const stored = await tp.platform.db.query<{ secret_hash: string }>('SELECT secret_hash FROM api_keys WHERE id = $1', [k.id]);
      assert.ok(!k.key.includes(stored.rows[0]!.secret_hash) && !stored.rows[0]!.secret_hash.includes(k.key.slice(20)));
      assert.equal(await id.apiKeys.authenticate(`${k.key.slice(0, -1)}${k.key.endsWith('A') ? 'B' : 'A'}`), null, 'wrong secret');
      assert.equal(await id.apiKeys.authenticate('fk_0000000000000000_' + 'x'.repeat(43)), null, 'unknown id');
      clock.advance(3_600_000);
      assert.equal(await id.apiKeys.authenticate(k.key), null, 'expired');

      const r = await id.apiKeys.create({ name: 'importer', scopes: ['ingest'] }, SYSTEM_ACTOR);
      assert.ok(await id.apiKeys.authenticate(r.key));
      await id.apiKeys.revoke(r.id, SYSTEM_ACTOR);
      assert.equal(await id.apiKeys.authenticate(r.key), null, 'revoked, even though it was cached');
      await assert.rejects(id.apiKeys.create({ name: 'x', scopes: ['everything'] }, SYSTEM_ACTOR), (e) => code(e) === 'REQUEST_INVALID');
      const actions = (await tp.platform.audit.query({ targetKind: 'apikey' })).map((e) => e.action);
      assert.deepEqual(actions, ['apikey.create', 'apikey.create', 'apikey.revoke']);
      assert.equal((await tp.platform.audit.verify()).ok, true);
    });

    test('API keys: a known key never waits for the store; a revocation elsewhere takes effect after one background check', async () => {
      const revokeElsewhere = (id: string) => tp.platform.db.query('UPDATE api_keys SET revoked_at = $2 WHERE id = $1', [id, new Date(clock.now()).toISOString()]);
      const k = await id.apiKeys.create({ name: 'gateway b', scopes: ['decisions'] }, SYSTEM_ACTOR);
      assert.ok(await id.apiKeys.authenticate(k.key));
      await revokeElsewhere(k.id); // another process sharing the store
      clock.advance(4_000);
      assert.ok(await id.apiKeys.authenticate(k.key), 'checked 4 s ago: answered from the cache');
      clock.advance(2_000);
      assert.ok(await id.apiKeys.authenticate(k.key), 'stale: still answered, re-checked in the background');
      let refused = false;
      for (let i = 0; i < 100 && !refused; i++) {
        await new Promise((r) => setTimeout(r, 10));
        refused = (await id.apiKeys.authenticate(k.key)) === null;
      }
      assert.ok(refused, 'refused once the background check has read the revocation');

      const old = await id.apiKeys.create({ name: 'gateway c', scopes: ['decisions'] }, SYSTEM_ACTOR);
      assert.ok(await id.apiKeys.authenticate(old.key));
      await revokeElsewhere(old.id);
      clock.advance(16_000);
      assert.equal(await id.apiKeys.authenticate(old.key), null, 'unchecked for 15 s: checked before use');
    });
  });
}
