/** `GET /v1/events/{id}` and `GET /v1/entities/{type}/{id}`: stored records, C2 fields masked. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ENTITY_TYPES, type EntityType } from '../../ingest/domain/record-schemas.js';
import type { RecordQueries } from '../../ingest/record-queries.js';
import type { PersonalDataAccess } from '../../pii/personal-data-access.js';
import { FengkongError } from '../../shared/errors.js';
import { requestActor } from '../request-actor.js';

const Unmask = Type.Object({
  purpose: Type.String({ minLength: 5, maxLength: 500, description: 'Why the clear value is needed (recorded in the audit log)' }),
  fields: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 32 })),
});

export function registerRecordRoutes(app: FastifyInstance, queries: RecordQueries, personal: PersonalDataAccess): void {
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
  app.post(
    '/v1/events/:id/unmask',
    { schema: { tags: ['events'], summary: 'Personal fields of an event in clear: permitted roles only, with a purpose, audited', params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }), body: Unmask }, config: { permission: 'pii:unmask' } },
    async (req) => {
      const b = req.body as { purpose: string; fields?: string[] };
      return { fields: await personal.unmask({ kind: 'event', id: (req.params as { id: string }).id }, b.fields ?? null, b.purpose, requestActor(req)) };
    },
  );
  app.post(
    '/v1/entities/:type/:id/unmask',
    {
      schema: {
        tags: ['entities'],
        summary: 'Personal fields of an entity in clear: permitted roles only, with a purpose, audited',
        params: Type.Object({ type: Type.Union(ENTITY_TYPES.map((t) => Type.Literal(t))), id: Type.String({ minLength: 1, maxLength: 128 }) }),
        body: Unmask,
      },
      config: { permission: 'pii:unmask' },
    },
    async (req) => {
      const p = req.params as { type: EntityType; id: string };
      const b = req.body as { purpose: string; fields?: string[] };
      return { fields: await personal.unmask({ kind: p.type, id: p.id }, b.fields ?? null, b.purpose, requestActor(req)) };
    },
  );
}
