/** Webhook subscriptions and the dead-letter list, run by admins. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { WEBHOOK_EVENTS, type Webhooks } from '../../notifications/webhooks.js';
import { requestActor } from '../request-actor.js';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export function registerWebhookRoutes(app: FastifyInstance, webhooks: Webhooks): void {
  app.get('/v1/webhooks', { schema: { tags: ['webhooks'], summary: 'Webhook subscriptions (never their secrets)' }, config: { permission: 'webhooks:read' } }, async () => ({ webhooks: await webhooks.list() }));
  app.post(
    '/v1/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Subscribe a URL to events; the signing secret is in this answer only. Deliveries carry X-Fengkong-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")',
        body: Type.Object({ url: Type.String({ minLength: 8, maxLength: 2000 }), events: Type.Array(Type.Union(WEBHOOK_EVENTS.map((e) => Type.Literal(e))), { minItems: 1 }) }),
      },
      config: { permission: 'webhooks:manage' },
    },
    async (req, reply) => reply.code(201).send(await webhooks.subscribe(req.body as object, requestActor(req))),
  );
  app.post('/v1/webhooks/:id/deactivate', { schema: { tags: ['webhooks'], summary: 'Stop sending to a subscription', params: Id }, config: { permission: 'webhooks:manage' } }, async (req) => {
    await webhooks.deactivate((req.params as { id: string }).id, requestActor(req));
    return { deactivated: true };
  });
  app.get('/v1/webhooks/dead-letters', { schema: { tags: ['webhooks'], summary: 'Deliveries that failed every retry' }, config: { permission: 'webhooks:read' } }, async () => ({ deliveries: await webhooks.deadLetters() }));
  app.post('/v1/webhooks/deliveries/:id/replay', { schema: { tags: ['webhooks'], summary: 'Send a dead delivery again (attempts reset)', params: Id }, config: { permission: 'webhooks:manage' } }, async (req) => {
    await webhooks.replay((req.params as { id: string }).id, requestActor(req));
    return { replayed: true };
  });
}
