/** Maker-checker over HTTP: changes waiting for approval, and approving, rejecting or withdrawing them. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ChangeRequests, ChangeStatus } from '../../approvals/change-requests.js';
import { principalOf } from '../access-guard.js';
import { requestActor } from '../request-actor.js';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export function registerChangeRoutes(app: FastifyInstance, changes: ChangeRequests): void {
  app.get(
    '/v1/changes',
    {
      schema: {
        tags: ['changes'],
        summary: 'Proposed changes, newest first (filter by status and kind)',
        querystring: Type.Object({ status: Type.Optional(Type.Union(['pending', 'approved', 'rejected', 'withdrawn'].map((s) => Type.Literal(s)))), kind: Type.Optional(Type.String({ maxLength: 64 })) }),
      },
      config: { permission: 'changes:read' },
    },
    async (req) => {
      const q = req.query as { status?: ChangeStatus; kind?: string };
      return { changes: await changes.list({ ...(q.status ? { status: q.status } : {}), ...(q.kind ? { kind: q.kind } : {}) }) };
    },
  );
  app.get('/v1/changes/:id', { schema: { tags: ['changes'], summary: 'One proposed change with what it would apply', params: Id }, config: { permission: 'changes:read' } }, async (req) => ({
    change: await changes.get((req.params as { id: string }).id),
  }));
  app.post(
    '/v1/changes/:id/approve',
    { schema: { tags: ['changes'], summary: 'Approve and apply a change (not one’s own; needs the approver right for its kind)', params: Id, body: Type.Optional(Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) })) }, config: { permission: 'changes:decide' } },
    async (req) => ({ change: await changes.approve((req.params as { id: string }).id, principalOf(req), requestActor(req), (req.body as { note?: string } | undefined)?.note ?? null) }),
  );
  app.post(
    '/v1/changes/:id/reject',
    { schema: { tags: ['changes'], summary: 'Reject a change, saying why', params: Id, body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 1000 }) }) }, config: { permission: 'changes:decide' } },
    async (req) => ({ change: await changes.reject((req.params as { id: string }).id, principalOf(req), requestActor(req), (req.body as { note: string }).note) }),
  );
  app.post('/v1/changes/:id/withdraw', { schema: { tags: ['changes'], summary: 'Withdraw one’s own proposal', params: Id }, config: { permission: 'changes:propose' } }, async (req) => ({
    change: await changes.withdraw((req.params as { id: string }).id, principalOf(req), requestActor(req)),
  }));
}
