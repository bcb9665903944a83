/**
 * SLA timers: a case still open past its due time is marked breached once, the breach goes on its
 * timeline, and it raises its own alert in the `sla` queue (where leads see it) — except for a case
 * of that queue, whose breach stays on its timeline and goes out as a webhook. Run on a schedule
 * by the server; driven by the platform clock, so tests move time instead of waiting.
 */
import type { Notifier } from '../notifications/webhooks.js';
import type { Clock } from '../shared/clock.js';
import type { SqlClient } from '../store/sql-client.js';
import type { AlertIntake } from './alert-intake.js';
import { appendCaseEvent } from './case-timeline.js';

export class SlaMonitor {
  constructor(
    private readonly db: SqlClient,
    private readonly intake: AlertIntake,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
  ) {}

  /** Marks the cases now past due; their ids. */
  async check(limit = 500): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const now = new Date(this.clock.now()).toISOString();
      const r = await tx.query<{ id: string; queue: string; severity: string; due_at: Date; assignee: string | null; status: string }>(
        `SELECT id, queue, severity, due_at, assignee, status FROM cases
          WHERE status <> 'closed' AND sla_breached_at IS NULL AND due_at <= $1 ORDER BY due_at LIMIT ${Math.max(1, limit)} FOR UPDATE SKIP LOCKED`,
        [now],
      );
      for (const c of r.rows) {
        await tx.query('UPDATE cases SET sla_breached_at = $2, updated_at = $2, version = version + 1 WHERE id = $1', [c.id, now]);
        await appendCaseEvent(tx, c.id, now, 'fengkong', 'sla_breach', { dueAt: new Date(c.due_at).toISOString(), status: c.status, assignee: c.assignee });
        await this.notifier.emit(tx, 'case.sla_breached', { caseId: c.id, queue: c.queue, severity: c.severity, dueAt: new Date(c.due_at).toISOString(), status: c.status, assignee: c.assignee });
        // A breach of an SLA case is itself not raised again: that would open a case about the case,
        // whose breach would open another, for as long as nobody works the queue.
        if (c.queue === 'sla') continue;
        await this.intake.raise(
          {
            source: 'sla',
            queue: 'sla',
            severity: 'high',
            entity: { kind: 'case', id: c.id },
            title: { zh: `案件超时未处理(${c.queue} 队列)`, en: `Case past its SLA (${c.queue} queue)` },
            reasons: [{ code: 'SLA_BREACH', queue: c.queue, severity: c.severity, dueAt: new Date(c.due_at).toISOString(), status: c.status, assignee: c.assignee }],
            dedupeKey: `case:${c.id}`,
          },
          tx,
        );
      }
      return r.rows.map((c) => c.id);
    });
  }
}
