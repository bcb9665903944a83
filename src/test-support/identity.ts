/**
 * People and keys for tests that go through the request guard: a signed-in session per role set
 * (TOTP enrolled where the role needs it, through the same vault the platform uses) and API keys.
 */
import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR } from '../audit/audit-log.js';
import type { Platform } from '../app/platform.js';
import { type ApiKeyScope, requiresTotp, type Role } from '../identity/domain/permissions.js';
import { newTotpSecret, totpCode } from '../identity/domain/totp.js';

/** Meets the policy; a fixed text so the log-capture check can look for it. */
export const TEST_PASSWORD = 'Tq7!vXr2#pLm9wZe';

/** Every other password the tests type (right or wrong): none may reach a log line. */
export const OTHER_TEST_PASSWORDS = ['Zx9!first-run-Keeper', 'New-Strong-Pass-77', 'Initial-Root-Pw-71', 'Wrong-Password-1', 'Wrong-Password-2', 'Wrong-Password-9'] as const;

export interface TestUser {
  id: string;
  username: string;
  totpSecret: string | null;
  /** `Cookie` header value of a live session. */
  cookie: string;
  headers: Record<string, string>;
}

export function sessionCookie(setCookie: string | string[] | undefined): string {
  const first = [setCookie ?? []].flat().find((c) => c.startsWith('fk_session='));
  if (!first) throw new Error('no session cookie in the answer');
  return first.split(';')[0]!;
}

/** Creates a user (password already changed, TOTP enrolled when the roles need it) and signs in. */
export async function signedInUser(platform: Platform, app: FastifyInstance, username: string, roles: Role[]): Promise<TestUser> {
  const user = await platform.identity.users.create({ username, roles, password: TEST_PASSWORD }, SYSTEM_ACTOR, { mustChangePassword: false });
  let totpSecret: string | null = null;
  if (requiresTotp(roles)) {
    totpSecret = newTotpSecret(username).secret;
    await platform.db.query('UPDATE users SET totp_secret = $2, totp_enabled = true WHERE id = $1', [user.id, platform.vault.encrypt(totpSecret)]);
  }
  const res = await app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { username, password: TEST_PASSWORD, ...(totpSecret ? { totp: totpCode(totpSecret, platform.clock.now()) } : {}) },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = sessionCookie(res.headers['set-cookie']);
  return { id: user.id, username, totpSecret, cookie, headers: { cookie } };
}

export async function apiKeyHeaders(platform: Platform, scopes: ApiKeyScope[], name = 'test client'): Promise<Record<string, string>> {
  const k = await platform.identity.apiKeys.create({ name, scopes }, SYSTEM_ACTOR);
  return { authorization: `Bearer ${k.key}` };
}
