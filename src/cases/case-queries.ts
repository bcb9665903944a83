/**
 * Reading cases and alerts for the workbench: filtered lists newest first with keyset paging (a
 * cursor, never OFFSET, so page 1,000 costs what page 1 does), and one case with its alerts and
 * timeline. Alert reasons are rule codes and bilingual text: no personal data in clear.
 */
import { FengkongError } from '../shared/errors.js';
import { decodeCursor, encodeCursor } from '../shared/keyset-cursor.js';
import type { SqlClient } from '../store/sql-client.js';

export interface CaseFilter {
  queue?: string;
  status?: string;
  severity?: string;
  assignee?: string;
  entityKind?: string;
  entityId?: string;
  /** Only cases past their SLA (true) or within it (false). */
  breached?: boolean;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export interface AlertFilter {
  queue?: string;
  severity?: string;
  source?: string;
  decisionPoint?: string;
  customerId?: string;
  caseId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** WHERE clauses from filters, parameters numbered as they are added. */
class Where {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];
  /** One clause; each `?` takes the next value. */
  add(sql: string, ...values: unknown[]): void {
    let i = 0;
    this.parts.push(sql.replace(/\?/g, () => `$${this.params.push(values[i++])}`));
  }
  get sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

export class CaseQueries {
  constructor(private readonly db: SqlClient) {}

  async cases(f: CaseFilter): Promise<{ cases: Record<string, unknown>[]; next: string | null }> {
    const w = new Where();
    if (f.queue) w.add('queue = ?', f.queue);
    if (f.status) w.add('status = ?', f.status);
    if (f.severity) w.add('severity = ?', f.severity);
    if (f.assignee) w.add('assignee = ?', f.assignee);
    if (f.entityKind) w.add('entity_kind = ?', f.entityKind);
    if (f.entityId) w.add('entity_id = ?', f.entityId);
    if (f.breached === true) w.add('sla_breached_at IS NOT NULL');
    if (f.breached === false) w.add('sla_breached_at IS NULL');
    if (f.from) w.add('opened_at >= ?::timestamptz', f.from);
    if (f.to) w.add('opened_at < ?::timestamptz', f.to);
    if (f.cursor) {
      const [at, id] = decodeCursor(f.cursor);
      w.add('(opened_at, id) < (?::timestamptz, ?)', at, id);
    }
    const limit = Math.min(Math.max(f.limit ?? 50, 1), 500);
    const r = await this.db.query<Record<string, unknown> & { id: string; opened_at: Date }>(`SELECT * FROM cases ${w.sql} ORDER BY opened_at DESC, id DESC LIMIT ${limit + 1}`, w.params);
    const rows = r.rows.slice(0, limit);
    return { cases: rows.map(caseView), next: r.rows.length > limit ? encodeCursor(rows[rows.length - 1]!.opened_at, rows[rows.length - 1]!.id) : null };
  }

  async alerts(f: AlertFilter): Promise<{ alerts: Record<string, unknown>[]; next: string | null }> {
    const w = new Where();
    if (f.queue) w.add('queue = ?', f.queue);
    if (f.severity) w.add('severity = ?', f.severity);
    if (f.source) w.add('source = ?', f.source);
    if (f.decisionPoint) w.add('decision_point = ?', f.decisionPoint);
    if (f.customerId) w.add('customer_id = ?', f.customerId);
    if (f.caseId) w.add('case_id = ?', f.caseId);
    if (f.from) w.add('created_at >= ?::timestamptz', f.from);
    if (f.to) w.add('created_at < ?::timestamptz', f.to);
    if (f.cursor) {
      const [at, id] = decodeCursor(f.cursor);
      w.add('(created_at, id) < (?::timestamptz, ?)', at, id);
    }
    const limit = Math.min(Math.max(f.limit ?? 50, 1), 500);
    const r = await this.db.query<Record<string, unknown> & { id: string; created_at: Date }>(`SELECT * FROM alerts ${w.sql} ORDER BY created_at DESC, id DESC LIMIT ${limit + 1}`, w.params);
    const rows = r.rows.slice(0, limit);
    return { alerts: rows.map(alertView), next: r.rows.length > limit ? encodeCursor(rows[rows.length - 1]!.created_at, rows[rows.length - 1]!.id) : null };
  }

  /**
   * Every queue that has cases, with its open work: what is open, what nobody has taken yet, what
   * is past its SLA. The workbench shows these as its queue tabs, so a queue appears with its
   * first case (queues are not configured anywhere: alert sources name them).
   */
  async queues(): Promise<Array<{ queue: string; open: number; unassigned: number; breached: number }>> {
    const r = await this.db.query<{ queue: string; open: number; unassigned: number; breached: number }>(
      `SELECT queue, count(*) FILTER (WHERE status <> 'closed')::int AS open, count(*) FILTER (WHERE status = 'new')::int AS unassigned,
              count(*) FILTER (WHERE status <> 'closed' AND sla_breached_at IS NOT NULL)::int AS breached
         FROM cases GROUP BY queue ORDER BY queue`,
    );
    return r.rows.map((q) => ({ queue: q.queue, open: Number(q.open), unassigned: Number(q.unassigned), breached: Number(q.breached) }));
  }

  /** One case with its alerts (oldest first) and its whole timeline. */
  async case(id: string): Promise<Record<string, unknown> | null> {
    const c = await this.db.query<Record<string, unknown>>('SELECT * FROM cases WHERE id = $1', [id]);
    if (!c.rows[0]) return null;
    const alerts = await this.db.query<Record<string, unknown>>('SELECT * FROM alerts WHERE case_id = $1 ORDER BY created_at, id LIMIT 1000', [id]);
    const events = await this.db.query<{ seq: number; at: Date; actor: string; kind: string; detail: Record<string, unknown> }>('SELECT seq, at, actor, kind, detail FROM case_events WHERE case_id = $1 ORDER BY seq', [id]);
    return {
      ...caseView(c.rows[0]),
      alerts: alerts.rows.map(alertView),
      timeline: events.rows.map((e) => ({ seq: Number(e.seq), at: iso(e.at), actor: e.actor, kind: e.kind, detail: e.detail })),
    };
  }
}

function caseView(r: Record<string, unknown>): Record<string, unknown> {
  return {
    id: r.id,
    queue: r.queue,
    severity: r.severity,
    entity: { kind: r.entity_kind, id: r.entity_id },
    status: r.status,
    assignee: r.assignee,
    disposition: r.disposition,
    alertCount: Number(r.alert_count),
    openedAt: iso(r.opened_at as Date),
    lastAlertAt: iso(r.last_alert_at as Date),
    updatedAt: iso(r.updated_at as Date),
    dueAt: iso(r.due_at as Date),
    slaBreachedAt: iso(r.sla_breached_at as Date | null),
    closedAt: iso(r.closed_at as Date | null),
  };
}

function alertView(r: Record<string, unknown>): Record<string, unknown> {
  return {
    id: r.id,
    source: r.source,
    queue: r.queue,
    severity: r.severity,
    entity: r.entity_kind ? { kind: r.entity_kind, id: r.entity_id } : null,
    eventId: r.event_id,
    customerId: r.customer_id,
    decisionPoint: r.decision_point,
    outcome: r.outcome,
    score: r.score === null ? null : Number(r.score),
    title: r.title,
    reasons: r.reasons,
    caseId: r.case_id,
    createdAt: iso(r.created_at as Date),
  };
}
