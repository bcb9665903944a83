/** `GET /v1/audit`: audit log entries with filters (auditors), and `GET /v1/audit/verify`: the chain check. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../audit/audit-log.js';

const Query = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 128 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  targetKind: Type.Optional(Type.String({ maxLength: 64 })),
  targetId: Type.Optional(Type.String({ maxLength: 128 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  // Query strings arrive as text (no type coercion in this API): digits, read as numbers below.
  after: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
});

export function registerAuditRoutes(app: FastifyInstance, audit: AuditLog): void {
  app.get(
    '/v1/audit',
    { schema: { tags: ['audit'], summary: 'Audit log entries, oldest first; page with `after` (the last seq seen)', querystring: Query }, config: { permission: 'audit:read' } },
    async (req) => {
      const q = req.query as { actor?: string; action?: string; targetKind?: string; targetId?: string; from?: string; to?: string; after?: string; limit?: string };
      const entries = await audit.query({
        ...(q.actor ? { actorId: q.actor } : {}),
        ...(q.action ? { action: q.action } : {}),
        ...(q.targetKind ? { targetKind: q.targetKind } : {}),
        ...(q.targetId ? { targetId: q.targetId } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(q.after !== undefined ? { afterSeq: Number(q.after) } : {}),
        ...(q.limit !== undefined ? { limit: Number(q.limit) } : {}),
      });
      return { entries: entries.map((e) => ({ ...e, detail: JSON.parse(e.detail) as unknown })) };
    },
  );
  app.get('/v1/audit/verify', { schema: { tags: ['audit'], summary: 'Walk the hash chain: intact, or the first broken entry' }, config: { permission: 'audit:read' } }, async () => audit.verify());
}
