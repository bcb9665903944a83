/**
 * The HTTP adapter: fastify with one error presenter, security headers, request metrics, an
 * OpenAPI document generated from the route schemas, and the routes of each capability.
 */
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Platform } from '../app/platform.js';
import { RecordQueries } from '../ingest/record-queries.js';
import { PersonalDataAccess } from '../pii/personal-data-access.js';
import type { Logger } from '../ops/logger.js';
import { FengkongError } from '../shared/errors.js';
import { errorHandler } from './error-presenter.js';
import { lazyRequestLogger } from './request-logger.js';
import { registerAuditRoutes } from './routes/audit-routes.js';
import { registerIngestRoutes } from './routes/ingest-routes.js';
import { registerDecisionRoutes } from './routes/decision-routes.js';
import { registerStrategyRoutes } from './routes/strategy-routes.js';
import { registerOpsRoutes, type Readiness } from './routes/ops-routes.js';
import { registerQualityRoutes } from './routes/quality-routes.js';
import { registerRecordRoutes } from './routes/record-routes.js';
import { addSecurityHeaders } from './security-headers.js';
import { installAccessGuard, type RouteTable } from './access-guard.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerUserRoutes } from './routes/user-routes.js';
import { registerChangeRoutes } from './routes/change-routes.js';
import { registerCaseRoutes } from './routes/case-routes.js';
import { Entity360 } from '../cases/entity-360.js';
import { registerComplaintRoutes } from './routes/complaint-routes.js';
import { registerReportRoutes } from './routes/report-routes.js';
import { AlertReports } from '../reports/alert-reports.js';
import { DashboardOverview } from '../reports/overview.js';
import { registerWebhookRoutes } from './routes/webhook-routes.js';
import { registerCreditRoutes } from './routes/credit-routes.js';
import { registerModelRoutes } from './routes/model-routes.js';
import { registerConsoleRoutes } from './routes/console-routes.js';

export async function buildServer(platform: Platform, logger: Logger, readiness: Readiness): Promise<FastifyInstance & { routeTable: RouteTable }> {
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as unknown as FastifyBaseLogger,
    // Request lines are logged once, on response, without bodies (see onResponse below).
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (_logger, bindings) => lazyRequestLogger(logger, bindings),
    bodyLimit: 1024 * 1024,
    // Behind a TLS-terminating proxy: its X-Forwarded-* give the client's address (audit, login
    // limits) and the scheme (Secure cookies, HSTS). Only the configured proxies are believed.
    ...(platform.config.http.trustProxy ? { trustProxy: platform.config.http.trustProxy } : {}),
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: false, strict: false } },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'fengkong 风控 API',
        version: '0.1.0',
        description: 'Real-time risk-control platform. Errors: { error: { code, message, details } }, message in the language of Accept-Language (zh-CN default, en).',
      },
    },
  });

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => errorHandler(new FengkongError('NOT_FOUND'), req, reply));
  addSecurityHeaders(app);

  app.addHook('onRequest', async () => {
    if (readiness.draining) throw new FengkongError('SHUTTING_DOWN');
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    platform.metrics.httpDuration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (route !== '/healthz' && route !== '/readyz' && route !== '/metrics') {
      req.log.info({ method: req.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
    }
  });

  // Before any route: a route registered without a declared permission stops the server here.
  const routeTable = installAccessGuard(app, platform.identity, platform.clock);
  registerConsoleRoutes(app);
  registerOpsRoutes(app, platform, readiness);
  registerAuthRoutes(app, platform.identity, platform.clock);
  registerUserRoutes(app, platform.identity);
  registerChangeRoutes(app, platform.changes);
  registerCaseRoutes(app, platform.cases, new Entity360(platform.db, new RecordQueries(platform.db), platform.cases.queries));
  registerComplaintRoutes(app, platform.complaints);
  registerReportRoutes(app, new AlertReports(platform.db, platform.audit, platform.clock), new DashboardOverview(platform.db, platform.clock));
  registerWebhookRoutes(app, platform.webhooks);
  registerCreditRoutes(app, platform.credit);
  registerModelRoutes(app, platform.modelling);
  registerIngestRoutes(app, platform.ingest);
  registerRecordRoutes(app, new RecordQueries(platform.db), new PersonalDataAccess(platform.db, platform.vault, platform.audit));
  registerQualityRoutes(app, platform.quality);
  registerAuditRoutes(app, platform.audit);
  const engine = await platform.decisions();
  if (engine.recovered > 0) logger.warn({ recovered: engine.recovered }, 'acknowledged decisions committed from the journal / 已从日志补写已确认的决策');
  registerDecisionRoutes(app, engine.service, engine.queries);
  registerStrategyRoutes(app, engine, platform.changes);
  return Object.assign(app, { routeTable });
}
