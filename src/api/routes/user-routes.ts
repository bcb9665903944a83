/** People and machine keys, run by admins: users and their roles, API keys for machine clients. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { API_KEY_SCOPE_NAMES, API_KEY_SCOPES, ROLE_PERMISSIONS, ROLES, requiresTotp } from '../../identity/domain/permissions.js';
import type { Identity } from '../../identity/identity.js';
import { generatePassword } from '../../identity/user-directory.js';
import { FengkongError } from '../../shared/errors.js';
import { requestActor } from '../request-actor.js';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const RoleList = Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), { minItems: 1, maxItems: ROLES.length });

export function registerUserRoutes(app: FastifyInstance, identity: Identity): void {
  // The access policy as a table, so an admin sees what a role grants before handing it out.
  app.get('/v1/roles', { schema: { tags: ['users'], summary: 'Every role with the permissions it grants and whether it needs TOTP' }, config: { permission: 'users:read' } }, async () => ({
    roles: ROLES.map((role) => ({ role, permissions: [...ROLE_PERMISSIONS[role]].sort(), requiresTotp: requiresTotp([role]) })),
  }));
  app.get('/v1/api-keys/scopes', { schema: { tags: ['api-keys'], summary: 'The scopes an API key may have, with the permissions each grants' }, config: { permission: 'apikeys:read' } }, async () => ({
    scopes: API_KEY_SCOPE_NAMES.map((scope) => ({ scope, permissions: [...API_KEY_SCOPES[scope]] })),
  }));

  app.get('/v1/users', { schema: { tags: ['users'], summary: 'Every user with roles and status (no secrets)' }, config: { permission: 'users:read' } }, async () => ({ users: await identity.users.list() }));

  app.post(
    '/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user; without a password one is generated and returned once. It must be changed at first sign-in',
        body: Type.Object({ username: Type.String({ maxLength: 64 }), displayName: Type.Optional(Type.String({ maxLength: 128 })), roles: RoleList, password: Type.Optional(Type.String({ maxLength: 1024 })) }),
      },
      config: { permission: 'users:manage' },
    },
    async (req, reply) => {
      const b = req.body as { username: string; displayName?: string; roles: string[]; password?: string };
      const generated = b.password === undefined ? generatePassword() : null;
      const user = await identity.users.create({ ...b, password: generated ?? b.password }, requestActor(req));
      return reply.code(201).send({ user, ...(generated ? { password: generated } : {}) });
    },
  );

  app.patch(
    '/v1/users/:id',
    {
      schema: { tags: ['users'], summary: 'Change roles, display name or disable a user (sessions end at once)', params: Id, body: Type.Object({ roles: Type.Optional(RoleList), displayName: Type.Optional(Type.String({ maxLength: 128 })), disabled: Type.Optional(Type.Boolean()) }) },
      config: { permission: 'users:manage' },
    },
    async (req) => ({ user: await identity.users.update((req.params as { id: string }).id, req.body as object, requestActor(req)) }),
  );

  app.post(
    '/v1/users/:id/password-reset',
    { schema: { tags: ['users'], summary: 'Set a temporary password (generated unless given), lift a lockout', params: Id, body: Type.Optional(Type.Object({ password: Type.Optional(Type.String({ maxLength: 1024 })) })) }, config: { permission: 'users:manage' } },
    async (req) => {
      const r = await identity.users.resetPassword((req.params as { id: string }).id, (req.body as { password?: string } | undefined)?.password, requestActor(req));
      return { user: r.user, ...(r.password ? { password: r.password } : {}) };
    },
  );

  app.post('/v1/users/:id/totp-reset', { schema: { tags: ['users'], summary: 'Clear a user’s second factor; they enrol again at next sign-in', params: Id }, config: { permission: 'users:manage' } }, async (req) => ({
    user: await identity.users.resetTotp((req.params as { id: string }).id, requestActor(req)),
  }));

  app.get('/v1/api-keys', { schema: { tags: ['api-keys'], summary: 'API keys (never their secrets)' }, config: { permission: 'apikeys:read' } }, async () => ({ keys: await identity.apiKeys.list() }));

  app.post(
    '/v1/api-keys',
    {
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key for a machine client; the key is in this answer only',
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 64 }),
          scopes: Type.Array(Type.Union(API_KEY_SCOPE_NAMES.map((s) => Type.Literal(s))), { minItems: 1 }),
          expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
          ratePerSecond: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
        }),
      },
      config: { permission: 'apikeys:manage' },
    },
    async (req, reply) => reply.code(201).send(await identity.apiKeys.create(req.body as object, requestActor(req))),
  );

  app.post('/v1/api-keys/:id/revoke', { schema: { tags: ['api-keys'], summary: 'Revoke an API key (effective at once here, within seconds elsewhere)', params: Id }, config: { permission: 'apikeys:manage' } }, async (req) => {
    const id = (req.params as { id: string }).id;
    if (!/^[0-9a-f]{16}$/.test(id)) throw new FengkongError('NOT_FOUND');
    return { key: await identity.apiKeys.revoke(id, requestActor(req)) };
  });
}
