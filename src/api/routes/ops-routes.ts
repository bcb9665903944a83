/** Liveness, readiness, Prometheus metrics and the OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../app/platform.js';

export interface Readiness {
  /** Extra conditions (e.g. demo data still loading) reported by /readyz. */
  status(): Record<string, unknown>;
  draining: boolean;
}

export function registerOpsRoutes(app: FastifyInstance, platform: Platform, readiness: Readiness): void {
  app.get('/healthz', { schema: { hide: true }, config: { permission: 'public' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true }, config: { permission: 'public' } }, async (_req, reply) => {
    let store = 'ok';
    try {
      await platform.db.query('SELECT 1');
    } catch {
      store = 'unavailable';
    }
    const ready = store === 'ok' && !readiness.draining;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', store, draining: readiness.draining, queueDepth: platform.ingest.queueDepth, ...readiness.status() });
  });

  app.get('/metrics', { schema: { hide: true }, config: { permission: 'metrics' } }, async (_req, reply) => {
    const body = await platform.metrics.registry.metrics();
    return reply.type(platform.metrics.registry.contentType).send(body);
  });

  app.get('/openapi.json', { schema: { hide: true }, config: { permission: 'public' } }, async () => app.swagger());
}
