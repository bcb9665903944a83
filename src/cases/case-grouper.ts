/**
 * Files alerts into cases: one open case per queue and entity, so one customer's burst of alerts
 * is one piece of work. Decision alerts are written on the decision path without queue or entity
 * (it must stay fast); the grouper derives them here, in batches, off that path. Alerts are taken
 * with SKIP LOCKED, so several processes on one PostgreSQL share the work without doubling it.
 */
import { randomBytes } from 'node:crypto';
import type { Notifier } from '../notifications/webhooks.js';
import type { Clock } from '../shared/clock.js';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import { appendCaseEvent, slaMinutes } from './case-timeline.js';
import { isSeverity, type Severity, worse } from './domain/case-lifecycle.js';

interface PendingAlert {
  id: string;
  source: string;
  event_id: string | null;
  customer_id: string | null;
  decision_point: string | null;
  severity: string;
  queue: string | null;
  entity_kind: string | null;
  entity_id: string | null;
  created_at: Date;
}

/** Where an alert belongs: its own queue and entity, or for a decision alert the fraud queue and its customer. */
export function routeOf(a: PendingAlert): { queue: string; entityKind: string; entityId: string } {
  if (a.queue && a.entity_kind && a.entity_id) return { queue: a.queue, entityKind: a.entity_kind, entityId: a.entity_id };
  if (a.customer_id) return { queue: a.queue ?? 'fraud', entityKind: 'customer', entityId: a.customer_id };
  return { queue: a.queue ?? 'fraud', entityKind: 'event', entityId: a.event_id ?? a.id };
}

export class CaseGrouper {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
  ) {}

  /** Files up to `limit` waiting alerts; how many were filed, and the cases opened. */
  async fileWaiting(limit = 500): Promise<{ filed: number; opened: string[] }> {
    return this.db.transaction(async (tx) => {
      const r = await tx.query<PendingAlert>(
        `SELECT id, source, event_id, customer_id, decision_point, severity, queue, entity_kind, entity_id, created_at
           FROM alerts WHERE case_id IS NULL ORDER BY created_at, id LIMIT ${Math.max(1, Math.floor(limit))} FOR UPDATE SKIP LOCKED`,
      );
      return this.file(tx, r.rows);
    });
  }

  /** Files the given alerts within `tx` (AlertIntake files its own alert at once this way). */
  async file(tx: SqlExecutor, alerts: readonly PendingAlert[]): Promise<{ filed: number; opened: string[] }> {
    const groups = new Map<string, { route: ReturnType<typeof routeOf>; alerts: PendingAlert[] }>();
    for (const a of alerts) {
      const route = routeOf(a);
      const key = `${route.queue}\u0000${route.entityKind}\u0000${route.entityId}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { route, alerts: [] }));
      g.alerts.push(a);
    }
    const opened: string[] = [];
    const at = new Date(this.clock.now()).toISOString();
    for (const { route, alerts: group } of groups.values()) {
      const severity = group.map((a) => (isSeverity(a.severity) ? a.severity : 'medium')).reduce<Severity>((x, y) => worse(x, y), 'low');
      const last = new Date(Math.max(...group.map((a) => new Date(a.created_at).getTime()))).toISOString();
      let c = await openCase(tx, route);
      if (!c) {
        const id = `case_${randomBytes(8).toString('hex')}`;
        const due = new Date(this.clock.now() + (await slaMinutes(tx, route.queue, severity)) * 60_000).toISOString();
        // A case opened meanwhile by another process wins; this batch then joins it.
        await tx.query(
          `INSERT INTO cases (id, queue, severity, entity_kind, entity_id, status, alert_count, opened_at, last_alert_at, updated_at, due_at)
           VALUES ($1, $2, $3, $4, $5, 'new', 0, $6, $7, $6, $8) ON CONFLICT (queue, entity_kind, entity_id) WHERE status <> 'closed' DO NOTHING`,
          [id, route.queue, severity, route.entityKind, route.entityId, at, last, due],
        );
        c = await openCase(tx, route);
        if (c?.id === id) opened.push(id);
      }
      if (!c) continue;
      const newSeverity = worse(isSeverity(c.severity) ? c.severity : 'medium', severity);
      // A worse severity can only shorten the deadline, measured from when the case opened.
      const due = newSeverity === c.severity ? null : new Date(new Date(c.opened_at).getTime() + (await slaMinutes(tx, route.queue, newSeverity)) * 60_000).toISOString();
      await tx.query(
        `UPDATE cases SET alert_count = alert_count + $2, severity = $3, last_alert_at = GREATEST(last_alert_at, $4::timestamptz), updated_at = $5,
                due_at = CASE WHEN $6::timestamptz IS NULL THEN due_at ELSE LEAST(due_at, $6::timestamptz) END, version = version + 1
         WHERE id = $1`,
        [c.id, group.length, newSeverity, last, at, due],
      );
      await tx.query('UPDATE alerts SET case_id = $2, queue = $3, entity_kind = $4, entity_id = $5 WHERE id = ANY($1::text[])', [group.map((a) => a.id), c.id, route.queue, route.entityKind, route.entityId]);
      await appendCaseEvent(tx, c.id, at, 'fengkong', 'alerts', { alerts: group.map((a) => a.id), severity });
      for (const a of group) {
        await this.notifier.emit(tx, 'alert.created', { alertId: a.id, source: a.source, queue: route.queue, severity: a.severity, entity: { kind: route.entityKind, id: route.entityId }, caseId: c.id, eventId: a.event_id, decisionPoint: a.decision_point });
      }
    }
    return { filed: alerts.length, opened };
  }
}

async function openCase(tx: SqlExecutor, route: ReturnType<typeof routeOf>): Promise<{ id: string; severity: string; opened_at: Date } | null> {
  const r = await tx.query<{ id: string; severity: string; opened_at: Date }>(
    "SELECT id, severity, opened_at FROM cases WHERE queue = $1 AND entity_kind = $2 AND entity_id = $3 AND status <> 'closed' FOR UPDATE",
    [route.queue, route.entityKind, route.entityId],
  );
  return r.rows[0] ?? null;
}

export type { PendingAlert };
