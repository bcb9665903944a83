/** `GET /v1/data-quality`: the data-quality report per source and record type. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { QualityService } from '../../quality/quality-service.js';

export function registerQualityRoutes(app: FastifyInstance, quality: QualityService): void {
  app.get(
    '/v1/data-quality',
    {
      schema: {
        tags: ['data-quality'],
        summary: 'Completeness, validity, duplicates, late and out-of-order events, freshness — per source and type',
        querystring: Type.Object({ source: Type.Optional(Type.String({ maxLength: 64 })), type: Type.Optional(Type.String({ maxLength: 64 })) }),
      },
      config: { permission: 'quality:read' },
    },
    async (req) => {
      const q = req.query as { source?: string; type?: string };
      return quality.report({ ...(q.source ? { source: q.source } : {}), ...(q.type ? { type: q.type } : {}) });
    },
  );
}
