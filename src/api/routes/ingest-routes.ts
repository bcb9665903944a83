/**
 * Ingestion over HTTP: `POST /v1/events` (one), `POST /v1/events/batch` (up to 10,000, a result
 * per record), and the same pair for KYC entities. Records are validated by the ingestion domain,
 * which lists every problem of a record; the route schemas document the bodies in OpenAPI.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { EntitySchemas, EventSchemas } from '../../ingest/domain/record-schemas.js';
import type { IngestResult, IngestService } from '../../ingest/ingest-service.js';
import { FengkongError } from '../../shared/errors.js';
import { negotiateLang, pick } from '../../shared/i18n.js';

export const MAX_BATCH_RECORDS = 10_000;

export const EventBody = Type.Union(Object.values(EventSchemas), { description: 'One event; `type` selects its schema' });
const EntityBody = Type.Union(Object.values(EntitySchemas), { description: 'One KYC entity; `type` selects its schema' });

const Accepted = Type.Object({
  id: Type.Union([Type.String(), Type.Null()]),
  type: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('stored'), Type.Literal('updated'), Type.Literal('duplicate')]),
});
const BatchAnswer = Type.Object({
  summary: Type.Object({ total: Type.Integer(), stored: Type.Integer(), updated: Type.Integer(), duplicate: Type.Integer(), rejected: Type.Integer() }),
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      id: Type.Union([Type.String(), Type.Null()]),
      type: Type.Union([Type.String(), Type.Null()]),
      status: Type.String(),
      problems: Type.Optional(Type.Array(Type.Object({ field: Type.String(), reason: Type.String(), message: Type.String() }))),
    }),
  ),
});

// Bodies are checked by the ingestion domain (every problem, bilingual, C3 refused first); the
// route schema is there to document them, so fastify's own validation is switched off here.
export const documentedOnly = () => () => true;

function rejectionError(r: IngestResult): FengkongError {
  const c3 = r.problems?.some((p) => p.reason === 'c3_refused');
  return new FengkongError(c3 ? 'PII_C3_REFUSED' : 'EVENT_SCHEMA_INVALID', { details: r.problems ?? [] });
}

export function registerIngestRoutes(app: FastifyInstance, ingest: IngestService): void {
  for (const kind of ['event', 'entity'] as const) {
    const base = kind === 'event' ? '/v1/events' : '/v1/entities';
    const body = kind === 'event' ? EventBody : EntityBody;
    const tag = kind === 'event' ? 'events' : 'entities';

    app.post(
      base,
      {
        schema: { tags: [tag], summary: `Ingest one ${kind}`, body, response: { 200: Accepted, 201: Accepted } },
        validatorCompiler: documentedOnly,
        config: { permission: `${tag}:write` },
      },
      async (req, reply) => {
        const [r] = await ingest.ingest([req.body], { source: 'api', expectedKind: kind });
        if (!r || r.status === 'rejected') throw rejectionError(r!);
        return reply.code(r.status === 'stored' ? 201 : 200).send({ id: r.id, type: r.type, status: r.status });
      },
    );

    app.post(
      `${base}/batch`,
      {
        bodyLimit: 64 * 1024 * 1024,
        schema: {
          tags: [tag],
          summary: `Ingest up to ${MAX_BATCH_RECORDS} ${kind} records; one result per record`,
          body: Type.Object({ records: Type.Array(body, { maxItems: MAX_BATCH_RECORDS }) }),
          response: { 200: BatchAnswer },
        },
        validatorCompiler: documentedOnly,
        config: { permission: `${tag}:write` },
      },
      async (req) => {
        const records = (req.body as { records?: unknown } | null)?.records;
        if (!Array.isArray(records)) {
          throw new FengkongError('REQUEST_INVALID', {
            details: [{ field: 'records', reason: Array.isArray(req.body) || records === undefined ? 'required' : 'type', message: { zh: '应为记录数组', en: 'expected an array of records' } }],
          });
        }
        if (records.length > MAX_BATCH_RECORDS) throw new FengkongError('BATCH_TOO_LARGE', { details: { max: MAX_BATCH_RECORDS, received: records.length } });
        const results = await ingest.ingest(records, { source: 'api', expectedKind: kind });
        const lang = negotiateLang(req.headers['accept-language']);
        const summary = { total: results.length, stored: 0, updated: 0, duplicate: 0, rejected: 0 };
        for (const r of results) summary[r.status]++;
        return {
          summary,
          results: results.map((r) => ({
            index: r.index,
            id: r.id,
            type: r.type,
            status: r.status,
            ...(r.problems ? { problems: r.problems.map((p) => ({ field: p.field, reason: p.reason, message: pick(p.message, lang) })) } : {}),
          })),
        };
      },
    );
  }
}
