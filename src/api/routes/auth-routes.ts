/**
 * Signing in and out, and the steps a new session may owe: change the initial password, enrol a
 * TOTP second factor. The session token travels only in an httpOnly, SameSite=Strict cookie
 * (Secure when served over TLS); answers never say whether a user name exists.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { permissionsOf } from '../../identity/domain/permissions.js';
import type { Identity } from '../../identity/identity.js';
import type { UserPrincipal } from '../../identity/principal.js';
import type { Clock } from '../../shared/clock.js';
import { FengkongError } from '../../shared/errors.js';
import { loginLimiter, principalOf, sessionSetCookie, sessionToken } from '../access-guard.js';
import { requestFrom } from '../request-actor.js';

const Login = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 128 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  totp: Type.Optional(Type.String({ maxLength: 16 })),
});

function userOf(req: FastifyRequest): UserPrincipal {
  const p = principalOf(req);
  if (p.kind !== 'user') throw new FengkongError('FORBIDDEN');
  return p;
}

export function registerAuthRoutes(app: FastifyInstance, identity: Identity, clock: Clock): void {
  const limiter = loginLimiter(identity.settings.loginPerMinute);
  const setCookie = (req: FastifyRequest, reply: FastifyReply, token: string | null) =>
    reply.header('set-cookie', sessionSetCookie(req, token, Math.floor(identity.settings.session.absoluteMs / 1000)));

  app.post('/v1/auth/login', { schema: { tags: ['auth'], summary: 'Sign in with user name, password and (when enrolled) a TOTP code; sets the session cookie', body: Login }, config: { permission: 'public' } }, async (req, reply) => {
    const limit = limiter.take(req.ip, clock.now());
    if (!limit.ok) {
      void reply.header('retry-after', String(limit.retryAfter));
      throw new FengkongError('RATE_LIMITED');
    }
    const s = await identity.signIn.login(req.body as { username: string; password: string; totp?: string }, requestFrom(req));
    setCookie(req, reply, s.token);
    return { user: s.user, stage: s.stage, sessionId: s.id, expiresAt: s.expiresAt };
  });

  app.post('/v1/auth/logout', { schema: { tags: ['auth'], summary: 'End this session' }, config: { permission: 'signed-in' } }, async (req, reply) => {
    await identity.signIn.logout(sessionToken(req) ?? '', userOf(req), requestFrom(req));
    setCookie(req, reply, null);
    return reply.code(204).send();
  });

  app.get('/v1/auth/me', { schema: { tags: ['auth'], summary: 'Who is signed in: roles, permissions, and any step still owed' }, config: { permission: 'signed-in' } }, async (req) => {
    const p = userOf(req);
    return { id: p.userId, username: p.username, roles: p.roles, permissions: [...permissionsOf(p.roles)].sort(), stage: p.stage, sessionId: p.sessionId };
  });

  app.post(
    '/v1/auth/password',
    {
      schema: { tags: ['auth'], summary: 'Change one’s own password (the current one is required); other sessions end', body: Type.Object({ currentPassword: Type.String({ maxLength: 1024 }), newPassword: Type.String({ maxLength: 1024 }) }) },
      config: { permission: 'signed-in' },
    },
    async (req) => {
      const b = req.body as { currentPassword: string; newPassword: string };
      return { stage: await identity.signIn.changePassword(userOf(req), b.currentPassword, b.newPassword, requestFrom(req)) };
    },
  );

  app.post('/v1/auth/totp/setup', { schema: { tags: ['auth'], summary: 'Start TOTP enrolment: a secret and otpauth:// URI, shown once' }, config: { permission: 'signed-in' } }, async (req) => {
    return identity.signIn.beginTotp(userOf(req));
  });

  app.post(
    '/v1/auth/totp/confirm',
    { schema: { tags: ['auth'], summary: 'Finish TOTP enrolment with a first code', body: Type.Object({ code: Type.String({ maxLength: 16 }) }) }, config: { permission: 'signed-in' } },
    async (req) => ({ stage: await identity.signIn.confirmTotp(userOf(req), (req.body as { code: string }).code, requestFrom(req)) }),
  );
}
