/** `GET /v1/events/{id}` and `GET /v1/entities/{type}/{id}`: stored records, C2 fields masked. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ENTITY_TYPES, type EntityType } from '../../ingest/domain/record-schemas.js';
import type { RecordQueries } from '../../ingest/record-queries.js';
import { FengkongError } from '../../shared/errors.js';

export function registerRecordRoutes(app: FastifyInstance, queries: RecordQueries): void {
  app.get(
    '/v1/events/:id',
    {
      schema: { tags: ['events'], summary: 'One stored event, personal data masked', params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }) },
      config: { permission: 'events:read' },
    },
    async (req) => {
      const found = await queries.event((req.params as { id: string }).id);
      if (!found) throw new FengkongError('NOT_FOUND');
      return found;
    },
  );
  app.get(
    '/v1/entities/:type/:id',
    {
      schema: {
        tags: ['entities'],
        summary: 'One stored entity, personal data masked',
        params: Type.Object({ type: Type.Union(ENTITY_TYPES.map((t) => Type.Literal(t))), id: Type.String({ minLength: 1, maxLength: 128 }) }),
      },
      config: { permission: 'entities:read' },
    },
    async (req) => {
      const p = req.params as { type: EntityType; id: string };
      const found = await queries.entity(p.type, p.id);
      if (!found) throw new FengkongError('NOT_FOUND');
      return found;
    },
  );
}
