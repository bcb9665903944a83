/**
 * The overview dashboard's figures for a range, computed in the store: decisions over time by
 * outcome and by decision point and the top reasons (from the hourly rollups, so the cost follows
 * the number of hours, not of decisions), alerts opened and closed, SLA breaches, and how fresh
 * each data stream is. The same SQL on PostgreSQL and PGlite.
 */
import type { Clock } from '../shared/clock.js';
import type { SqlClient } from '../store/sql-client.js';
import { type OverviewQuery, type OverviewRequest, overviewRequest } from './domain/overview-request.js';
import { localDate, periodStarts } from './domain/zoned-time.js';

export const OUTCOMES = ['allow', 'review', 'block'] as const;
type Outcome = (typeof OUTCOMES)[number];

/** A stream quiet for longer than this is amber, and red past the second: ingestion may be down. */
export const FRESHNESS_THRESHOLDS = { amberSeconds: 15 * 60, redSeconds: 24 * 3600 } as const;
const TOP_REASONS = 10;

export interface Overview {
  range: OverviewRequest;
  /** The start of every period: an ISO UTC hour, or a local date for `day`. */
  periods: string[];
  decisions: {
    total: number;
    byOutcome: Record<Outcome, number>;
    series: Record<Outcome, number[]>;
    byPoint: Array<{ point: string; total: number } & Record<Outcome, number>>;
  };
  topReasons: Array<{ code: string; description: unknown; count: number; share: number }>;
  alerts: { opened: number[]; closed: number[]; openedTotal: number; closedTotal: number; openCases: number };
  sla: { breached: number[]; breachedTotal: number; openBreached: number; complaintsBreached: number };
  freshness: { thresholds: typeof FRESHNESS_THRESHOLDS; streams: Array<{ source: string; recordType: string; newestEventAt: string | null; lastReceivedAt: string | null; ageSeconds: number | null; status: 'green' | 'amber' | 'red' }> };
  computedMs: number;
}

class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    return `$${this.values.push(v)}`;
  }
}

const num = (v: unknown): number => Number(v ?? 0);

/** The period a timestamp column falls in, as text matching `periods`. */
function periodOf(column: string, req: OverviewRequest, p: Params): string {
  return req.grain === 'hour'
    ? `to_char(date_trunc('hour', ${column} AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:00:00.000"Z"')`
    : `to_char(${column} AT TIME ZONE ${p.add(req.tz)}::text, 'YYYY-MM-DD')`;
}

/** The rollup rows of the range (and decision point, if one is asked for). */
function rollupRange(req: OverviewRequest, p: Params): string[] {
  const where = [`bucket >= ${p.add(req.from)}::timestamptz`, `bucket < ${p.add(req.to)}::timestamptz`];
  if (req.decisionPoint) where.push(`decision_point = ${p.add(req.decisionPoint)}`);
  return where;
}

function periodsOf(req: OverviewRequest): string[] {
  if (req.grain === 'day') return periodStarts(localDate(Date.parse(req.from), req.tz), localDate(Date.parse(req.to) - 1, req.tz), 'day');
  const out: string[] = [];
  for (let t = Date.parse(req.from); t < Date.parse(req.to); t += 3_600_000) out.push(new Date(t).toISOString());
  return out;
}

function series(periods: readonly string[], rows: ReadonlyArray<{ period: string; n: unknown }>): number[] {
  const at = new Map(periods.map((p, i) => [p, i]));
  const out = new Array<number>(periods.length).fill(0);
  for (const r of rows) {
    const i = at.get(r.period);
    if (i !== undefined) out[i]! += num(r.n);
  }
  return out;
}

export class DashboardOverview {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
  ) {}

  async overview(q: OverviewQuery): Promise<Overview> {
    const started = performance.now();
    const now = this.clock.now();
    const req = overviewRequest(q, now);
    const periods = periodsOf(req);
    const [decisions, byPoint, reasons, opened, closed, breached, open, streams] = await Promise.all([
      this.decisionSeries(req),
      this.decisionsByPoint(req),
      this.topReasons(req),
      this.alertsOpened(req),
      this.alertsClosed(req),
      this.slaBreaches(req),
      this.openNow(now),
      this.db.query<{ source: string; record_type: string; max_occurred_at: Date | null; last_received_at: Date | null }>('SELECT source, record_type, max_occurred_at, last_received_at FROM dq_streams ORDER BY source, record_type'),
    ]);

    const seriesByOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, series(periods, decisions.filter((r) => r.outcome === o))])) as Record<Outcome, number[]>;
    const byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, seriesByOutcome[o].reduce((a, b) => a + b, 0)])) as Record<Outcome, number>;
    const total = OUTCOMES.reduce((a, o) => a + byOutcome[o], 0);
    const points = new Map<string, { point: string; total: number } & Record<Outcome, number>>();
    for (const r of byPoint) {
      const row = points.get(r.decision_point) ?? { point: r.decision_point, total: 0, allow: 0, review: 0, block: 0 };
      if ((OUTCOMES as readonly string[]).includes(r.outcome)) row[r.outcome as Outcome] += num(r.n);
      row.total += num(r.n);
      points.set(r.decision_point, row);
    }
    const openedSeries = series(periods, opened);
    const closedSeries = series(periods, closed);
    const breachedSeries = series(periods, breached);
    return {
      range: req,
      periods,
      decisions: { total, byOutcome, series: seriesByOutcome, byPoint: [...points.values()].sort((a, b) => b.total - a.total) },
      topReasons: reasons.map((r) => ({ code: r.code, description: r.description, count: num(r.n), share: total > 0 ? num(r.n) / total : 0 })),
      alerts: { opened: openedSeries, closed: closedSeries, openedTotal: openedSeries.reduce((a, b) => a + b, 0), closedTotal: closedSeries.reduce((a, b) => a + b, 0), openCases: num(open.open_cases) },
      sla: { breached: breachedSeries, breachedTotal: breachedSeries.reduce((a, b) => a + b, 0), openBreached: num(open.open_breached), complaintsBreached: num(open.complaints_breached) },
      freshness: {
        thresholds: FRESHNESS_THRESHOLDS,
        streams: streams.rows.map((s) => {
          const age = s.last_received_at ? Math.max(0, Math.round((now - s.last_received_at.getTime()) / 1000)) : null;
          const status = age === null || age > FRESHNESS_THRESHOLDS.redSeconds ? 'red' : age > FRESHNESS_THRESHOLDS.amberSeconds ? 'amber' : 'green';
          return { source: s.source, recordType: s.record_type, newestEventAt: s.max_occurred_at?.toISOString() ?? null, lastReceivedAt: s.last_received_at?.toISOString() ?? null, ageSeconds: age, status };
        }),
      },
      computedMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }

  private async decisionSeries(req: OverviewRequest) {
    const p = new Params();
    const where = rollupRange(req, p);
    const period = periodOf('bucket', req, p);
    const r = await this.db.query<{ period: string; outcome: string; n: unknown }>(`SELECT ${period} AS period, outcome, sum(n) AS n FROM decision_rollups WHERE ${where.join(' AND ')} GROUP BY 1, 2`, p.values);
    return r.rows;
  }

  private async decisionsByPoint(req: OverviewRequest) {
    const p = new Params();
    const where = rollupRange(req, p);
    const r = await this.db.query<{ decision_point: string; outcome: string; n: unknown }>(`SELECT decision_point, outcome, sum(n) AS n FROM decision_rollups WHERE ${where.join(' AND ')} GROUP BY 1, 2`, p.values);
    return r.rows;
  }

  private async topReasons(req: OverviewRequest) {
    const p = new Params();
    const where = rollupRange(req, p);
    const r = await this.db.query<{ code: string; n: unknown; description: unknown }>(
      `SELECT code, sum(n) AS n, (array_agg(description ORDER BY bucket DESC) FILTER (WHERE description IS NOT NULL))[1] AS description
         FROM reason_rollups WHERE ${where.join(' AND ')} GROUP BY code ORDER BY 2 DESC, 1 LIMIT ${TOP_REASONS}`,
      p.values,
    );
    return r.rows;
  }

  /**
   * Alerts opened: every review or block decision opens exactly one alert, at the time it is
   * decided, so those are counted from the rollups; alerts of other sources are few and counted.
   */
  private async alertsOpened(req: OverviewRequest) {
    const p = new Params();
    const from = p.add(req.from);
    const to = p.add(req.to);
    const point = req.decisionPoint ? ` AND decision_point = ${p.add(req.decisionPoint)}` : '';
    const r = await this.db.query<{ period: string; n: unknown }>(
      `SELECT ${periodOf('bucket', req, p)} AS period, sum(n) AS n FROM decision_rollups
        WHERE bucket >= ${from}::timestamptz AND bucket < ${to}::timestamptz AND outcome <> 'allow'${point} GROUP BY 1
       UNION ALL
       SELECT ${periodOf('created_at', req, p)} AS period, count(*) AS n FROM alerts
        WHERE created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz AND source <> 'decision'${point} GROUP BY 1`,
      p.values,
    );
    return r.rows;
  }

  /** Alerts closed: the alerts of the cases closed in each period. */
  private async alertsClosed(req: OverviewRequest) {
    const p = new Params();
    const where = [`c.closed_at >= ${p.add(req.from)}::timestamptz`, `c.closed_at < ${p.add(req.to)}::timestamptz`];
    if (req.decisionPoint) where.push(`EXISTS (SELECT 1 FROM alerts a WHERE a.case_id = c.id AND a.decision_point = ${p.add(req.decisionPoint)})`);
    const period = periodOf('c.closed_at', req, p);
    return (await this.db.query<{ period: string; n: unknown }>(`SELECT ${period} AS period, sum(c.alert_count) AS n FROM cases c WHERE ${where.join(' AND ')} GROUP BY 1`, p.values)).rows;
  }

  private async slaBreaches(req: OverviewRequest) {
    const p = new Params();
    const where = [`sla_breached_at >= ${p.add(req.from)}::timestamptz`, `sla_breached_at < ${p.add(req.to)}::timestamptz`];
    const period = periodOf('sla_breached_at', req, p);
    return (await this.db.query<{ period: string; n: unknown }>(`SELECT ${period} AS period, count(*) AS n FROM cases WHERE ${where.join(' AND ')} GROUP BY 1`, p.values)).rows;
  }

  /** Work standing now: open cases, those past due, complaints past a deadline and still open. */
  private async openNow(now: number) {
    const at = new Date(now).toISOString();
    const r = await this.db.query<{ open_cases: unknown; open_breached: unknown; complaints_breached: unknown }>(
      `SELECT (SELECT count(*) FROM cases WHERE status <> 'closed') AS open_cases,
              (SELECT count(*) FROM cases WHERE status <> 'closed' AND due_at <= $1::timestamptz) AS open_breached,
              (SELECT count(*) FROM complaints WHERE status <> 'closed'
                  AND ((first_response_at IS NULL AND response_due_at <= $1::timestamptz) OR (feedback_at IS NULL AND feedback_due_at <= $1::timestamptz))) AS complaints_breached`,
      [at],
    );
    return r.rows[0] ?? { open_cases: 0, open_breached: 0, complaints_breached: 0 };
  }
}
