/** `POST /v1/decisions` (the ingestion envelope in, outcome out) and `GET /v1/decisions/{id}` (trace). */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { DecisionService } from '../../decisions/decision-service.js';
import type { DecisionQueries } from '../../decisions/decision-queries.js';
import { FengkongError } from '../../shared/errors.js';
import { documentedOnly, EventBody } from './ingest-routes.js';

export function registerDecisionRoutes(app: FastifyInstance, decisions: DecisionService, queries: DecisionQueries): void {
  app.post(
    '/v1/decisions',
    {
      schema: {
        tags: ['decisions'],
        summary: 'Decide an event in real time (same body as POST /v1/events); idempotent on the event id',
        body: EventBody,
      },
      validatorCompiler: documentedOnly,
      config: { permission: 'decisions:create' },
    },
    async (req) => decisions.decide(req.body, 'decision-api'),
  );
  app.get(
    '/v1/decisions/:id',
    {
      schema: { tags: ['decisions'], summary: 'A recorded decision with its whole trace: input (masked), feature values, each rule’s result', params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }) },
      config: { permission: 'decisions:read' },
    },
    async (req) => {
      const found = await queries.find((req.params as { id: string }).id);
      if (!found) throw new FengkongError('NOT_FOUND');
      return found;
    },
  );
}
