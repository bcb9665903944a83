/**
 * `GET /v1/reports/alerts`: alert volume, time to close, SLA compliance and rule noise over a range —
 * JSON, or with `format=csv` (one `section`) or `format=xlsx` (every section) a file whose export
 * is recorded in the audit log. Who may: `reports:read`.
 * `GET /v1/dashboard/overview`: the console's overview figures (counts only, no personal data);
 * every person's role may read it (`overview:read`), no machine key.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { type AlertReports, EXPORT_FORMATS, type ExportFormat } from '../../reports/alert-reports.js';
import { OVERVIEW_GRAINS } from '../../reports/domain/overview-request.js';
import type { DashboardOverview } from '../../reports/overview.js';
import { GRAINS } from '../../reports/domain/zoned-time.js';
import { type Section, SECTIONS } from '../../reports/domain/report-tables.js';
import { requestActor } from '../request-actor.js';

const Text = (max: number) => Type.Optional(Type.String({ minLength: 1, maxLength: max }));
const oneOf = (values: readonly string[]) => Type.Optional(Type.Union(values.map((v) => Type.Literal(v))));

const Query = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 40, description: 'Inclusive: YYYY-MM-DD (local midnight in tz) or a date-time with offset; default 30 days before `to`' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'Exclusive: YYYY-MM-DD or a date-time with offset; default now' })),
  grain: oneOf(GRAINS),
  tz: Type.Optional(Type.String({ maxLength: 64, description: 'IANA time zone of the periods; default Asia/Shanghai' })),
  queue: Text(64),
  decisionPoint: Text(64),
  format: oneOf(EXPORT_FORMATS),
  section: oneOf(SECTIONS),
});

const OverviewQuery = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 40, description: 'Inclusive: YYYY-MM-DD (local midnight in tz) or a date-time with offset; default 24 hours before `to`; read in whole UTC hours' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'Exclusive: YYYY-MM-DD or a date-time with offset; default now' })),
  grain: oneOf(OVERVIEW_GRAINS),
  tz: Type.Optional(Type.String({ maxLength: 64, description: 'IANA time zone of day periods; default Asia/Shanghai' })),
  decisionPoint: Text(64),
});

export function registerReportRoutes(app: FastifyInstance, reports: AlertReports, overview: DashboardOverview): void {
  app.get(
    '/v1/dashboard/overview',
    {
      schema: { tags: ['reports'], summary: 'Decisions over time by outcome and decision point, top reasons, alerts opened and closed, SLA breaches, data freshness', querystring: OverviewQuery },
      config: { permission: 'overview:read' },
    },
    async (req) => overview.overview(req.query as Record<string, string | undefined>),
  );

  app.get(
    '/v1/reports/alerts',
    {
      schema: {
        tags: ['reports'],
        summary: 'Alert volume per period, time to close and SLA compliance per queue and severity, false-positive rate per rule; format=csv|xlsx exports (audited)',
        querystring: Query,
      },
      config: { permission: 'reports:read' },
    },
    async (req, reply) => {
      const { format = 'json', section, ...q } = req.query as { format?: ExportFormat; section?: Section } & Record<string, string | undefined>;
      if (format === 'json') return reports.report(q);
      const file = await reports.export(q, format, requestActor(req), section);
      return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
    },
  );
}
