/**
 * The report's aggregates, computed in the store (the same SQL on PostgreSQL and PGlite): alert
 * counts per local period, case figures rolled up by queue and severity with continuous
 * percentiles, and alerts per reason code by how their case was closed. Rows come back small —
 * one per group — whatever the number of alerts.
 */
import { FengkongError } from '../shared/errors.js';
import type { SqlClient } from '../store/sql-client.js';
import type { CaseRollupRow, VolumeRow } from './domain/alert-report.js';
import type { ReportRequest } from './domain/report-request.js';
import type { RuleCounts } from './domain/rule-noise.js';

// A decision alert not yet filed has no queue: count it where the grouper will file it (routeOf).
const ALERT_QUEUE = "COALESCE(a.queue, 'fraud')";

/** Query parameters, numbered in the order they are added. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    return `$${this.values.push(v)}`;
  }
}

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export class ReportQueries {
  constructor(private readonly db: SqlClient) {}

  async volume(req: ReportRequest): Promise<VolumeRow[]> {
    const p = new Params();
    const where = [`a.created_at >= ${p.add(req.from)}::timestamptz`, `a.created_at < ${p.add(req.to)}::timestamptz`, ...this.alertFilters(req, p)];
    const r = await this.db
      .query<{ period: string; queue: string; severity: string; source: string; n: unknown }>(
        `SELECT to_char(date_trunc(${p.add(req.grain)}::text, a.created_at AT TIME ZONE ${p.add(req.tz)}::text), 'YYYY-MM-DD') AS period,
                ${ALERT_QUEUE} AS queue, a.severity, a.source, count(*) AS n
           FROM alerts a WHERE ${where.join(' AND ')}
          GROUP BY 1, 2, 3, 4`,
        p.values,
      )
      .catch((err: unknown) => {
        // 22023: a zone ICU knows but this server's zone data does not (a very new one).
        if ((err as { code?: unknown }).code !== '22023') throw err;
        throw new FengkongError('REQUEST_INVALID', { cause: err, details: [{ field: 'tz', reason: 'value', message: { zh: '数据库不认识该时区', en: 'the database does not know this time zone' } }] });
      });
    return r.rows.map((x) => ({ period: x.period, queue: x.queue, severity: x.severity, source: x.source, alerts: num(x.n) }));
  }

  /**
   * Cases closed in the range (time to close, SLA) and cases open at `asOf`, rolled up by queue and
   * severity; a null queue or severity is the subtotal over it.
   */
  async cases(req: ReportRequest, asOf: string): Promise<CaseRollupRow[]> {
    const p = new Params();
    const from = p.add(req.from);
    const to = p.add(req.to);
    const at = p.add(asOf);
    const filters: string[] = [];
    if (req.filters.queue) filters.push(`c.queue = ${p.add(req.filters.queue)}`);
    if (req.filters.decisionPoint) filters.push(`EXISTS (SELECT 1 FROM alerts a WHERE a.case_id = c.id AND a.decision_point = ${p.add(req.filters.decisionPoint)})`);
    const r = await this.db.query<Record<string, unknown>>(
      `WITH scoped AS (
         SELECT c.queue, c.severity, c.closed_at, c.due_at,
                (c.closed_at >= ${from}::timestamptz AND c.closed_at < ${to}::timestamptz) AS closed_in,
                (c.opened_at < ${at}::timestamptz AND (c.closed_at IS NULL OR c.closed_at >= ${at}::timestamptz)) AS open_at,
                extract(epoch FROM c.closed_at - c.opened_at)::float8 AS secs
           FROM cases c
          WHERE ((c.closed_at >= ${from}::timestamptz AND c.closed_at < ${to}::timestamptz)
                 OR (c.opened_at < ${at}::timestamptz AND (c.closed_at IS NULL OR c.closed_at >= ${at}::timestamptz)))
                ${filters.map((f) => `AND ${f}`).join(' ')}
       )
       SELECT queue, severity, GROUPING(queue, severity) AS g,
              count(*) FILTER (WHERE closed_in) AS closed,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) FILTER (WHERE closed_in) AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY secs) FILTER (WHERE closed_in) AS p90,
              avg(secs) FILTER (WHERE closed_in) AS mean,
              -- Breached once due_at <= now, as the SLA monitor marks it: closing at due_at is late.
              count(*) FILTER (WHERE closed_in AND closed_at < due_at) AS within_sla,
              count(*) FILTER (WHERE open_at) AS open,
              count(*) FILTER (WHERE open_at AND due_at <= ${at}::timestamptz) AS open_breached
         FROM scoped
        GROUP BY ROLLUP (queue, severity)`,
      p.values,
    );
    return r.rows.map((x) => {
      const g = num(x.g);
      return {
        // GROUPING bit 2: queue rolled up; bit 1: severity rolled up (a real value is never null).
        queue: g & 2 ? null : String(x.queue),
        severity: g & 1 ? null : String(x.severity),
        closed: num(x.closed),
        p50Seconds: numOrNull(x.p50),
        p90Seconds: numOrNull(x.p90),
        meanSeconds: numOrNull(x.mean),
        closedWithinSla: num(x.within_sla),
        open: num(x.open),
        openBreached: num(x.open_breached),
      };
    });
  }

  /** Alerts created in the range per reason code, by the disposition of their case. */
  async ruleCounts(req: ReportRequest): Promise<RuleCounts[]> {
    const p = new Params();
    const where = [`a.created_at >= ${p.add(req.from)}::timestamptz`, `a.created_at < ${p.add(req.to)}::timestamptz`, ...this.alertFilters(req, p)];
    const r = await this.db.query<Record<string, unknown>>(
      `WITH coded AS (
         -- DISTINCT: an alert counts once per code, even if two of its reasons share the code.
         SELECT DISTINCT a.id, r.value->>'code' AS code, COALESCE(r.value->>'source', a.source) AS kind,
                c.status, c.disposition, l.value AS label
           FROM alerts a
           CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(a.reasons) = 'array' THEN a.reasons ELSE '[]'::jsonb END) r
           LEFT JOIN cases c ON c.id = a.case_id
           LEFT JOIN labels l ON l.kind = 'fraud' AND l.subject_id = a.event_id
          WHERE ${where.join(' AND ')} AND jsonb_typeof(r.value) = 'object' AND r.value->>'code' IS NOT NULL
       )
       SELECT code, kind, count(*) AS alerts,
              count(*) FILTER (WHERE status = 'closed') AS closed,
              count(*) FILTER (WHERE status = 'closed' AND disposition = 'confirmed_fraud') AS confirmed_fraud,
              count(*) FILTER (WHERE status = 'closed' AND disposition = 'false_positive') AS false_positive,
              count(*) FILTER (WHERE status = 'closed' AND disposition = 'legitimate') AS legitimate,
              count(*) FILTER (WHERE status = 'closed' AND disposition = 'inconclusive') AS inconclusive,
              count(*) FILTER (WHERE status = 'closed' AND disposition IN ('false_positive', 'legitimate') AND label = 'fraud') AS later_fraud
         FROM coded GROUP BY code, kind`,
      p.values,
    );
    return r.rows.map((x) => ({
      code: String(x.code),
      kind: String(x.kind),
      alerts: num(x.alerts),
      closed: num(x.closed),
      confirmedFraud: num(x.confirmed_fraud),
      falsePositive: num(x.false_positive),
      legitimate: num(x.legitimate),
      inconclusive: num(x.inconclusive),
      laterFraud: num(x.later_fraud),
    }));
  }

  private alertFilters(req: ReportRequest, p: Params): string[] {
    const out: string[] = [];
    if (req.filters.queue) out.push(`${ALERT_QUEUE} = ${p.add(req.filters.queue)}`);
    if (req.filters.decisionPoint) out.push(`a.decision_point = ${p.add(req.filters.decisionPoint)}`);
    return out;
  }
}
