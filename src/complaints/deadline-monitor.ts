/**
 * Escalation on breach: a complaint past its first-response or feedback due time without it is
 * marked once per deadline, the breach goes on its timeline and into the audit log, and it raises
 * an alert in the `complaints` queue, so the case workbench (and whatever follows alerts) sees it.
 * Run each background round; driven by the platform clock, so tests move time instead of waiting.
 */
import { SYSTEM_ACTOR, type AuditLog } from '../audit/audit-log.js';
import type { AlertIntake } from '../cases/alert-intake.js';
import type { Clock } from '../shared/clock.js';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import { appendComplaintEvent } from './complaint-timeline.js';
import { COMPLAINT_CATEGORIES, type ComplaintCategory, type ComplaintChannel, isCategory, isChannel } from './domain/complaint-catalogue.js';
import { breachSeverity, type Deadline, DEADLINES } from './domain/complaint-deadlines.js';

interface DueRow {
  id: string;
  category: string;
  channel: string;
  status: string;
  customer_id: string | null;
  assignee: string | null;
  due_at: Date;
}

// Column names per deadline: fixed here, never from input.
const COLUMNS: Record<Deadline, { due: string; done: string; breached: string }> = {
  response: { due: 'response_due_at', done: 'first_response_at', breached: 'response_breached_at' },
  feedback: { due: 'feedback_due_at', done: 'feedback_at', breached: 'feedback_breached_at' },
};

const TITLES: Record<Deadline, (c: { zh: string; en: string }) => { zh: string; en: string }> = {
  response: (c) => ({ zh: `投诉超时未首次响应(${c.zh})`, en: `Complaint without a first response past its due time (${c.en})` }),
  feedback: (c) => ({ zh: `投诉超时未反馈处理结果(${c.zh})`, en: `Complaint without feedback past its due time (${c.en})` }),
};

export class ComplaintDeadlineMonitor {
  constructor(
    private readonly db: SqlClient,
    private readonly audit: AuditLog,
    private readonly alerts: Pick<AlertIntake, 'raise'>,
    private readonly clock: Clock,
  ) {}

  /** Marks the deadlines broken since the last round; which complaint missed which. */
  async check(limit = 500): Promise<Array<{ id: string; deadline: Deadline }>> {
    return this.db.transaction(async (tx) => {
      const out: Array<{ id: string; deadline: Deadline }> = [];
      for (const deadline of DEADLINES) for (const id of await this.breach(tx, deadline, limit)) out.push({ id, deadline });
      return out;
    });
  }

  private async breach(tx: SqlExecutor, deadline: Deadline, limit: number): Promise<string[]> {
    const col = COLUMNS[deadline];
    const now = new Date(this.clock.now()).toISOString();
    // Strictly past due: a response at the due instant keeps the promise (see standing()).
    const r = await tx.query<DueRow>(
      `SELECT id, category, channel, status, customer_id, assignee, ${col.due} AS due_at FROM complaints
        WHERE ${col.done} IS NULL AND ${col.breached} IS NULL AND ${col.due} < $1 AND status <> 'closed'
        ORDER BY ${col.due} LIMIT ${Math.max(1, Math.min(limit, 5000))} FOR UPDATE SKIP LOCKED`,
      [now],
    );
    for (const c of r.rows) {
      const dueAt = new Date(c.due_at).toISOString();
      const category: ComplaintCategory = isCategory(c.category) ? c.category : 'other';
      const channel: ComplaintChannel = isChannel(c.channel) ? c.channel : 'other';
      await tx.query(`UPDATE complaints SET ${col.breached} = $2, updated_at = $2 WHERE id = $1`, [c.id, now]);
      await appendComplaintEvent(tx, c.id, now, 'fengkong', 'escalation', { deadline, dueAt, status: c.status, assignee: c.assignee });
      await this.audit.append(tx, SYSTEM_ACTOR, { action: 'complaint.escalate', target: { kind: 'complaint', id: c.id }, detail: { deadline, dueAt, status: c.status } });
      await this.alerts.raise(
        {
          source: 'complaint-sla',
          queue: 'complaints',
          severity: breachSeverity(deadline, channel),
          entity: { kind: 'complaint', id: c.id },
          title: TITLES[deadline](COMPLAINT_CATEGORIES[category]),
          // Codes, times and names only: the complaint's text never leaves its sealed column.
          reasons: [{ code: deadline === 'response' ? 'COMPLAINT_RESPONSE_OVERDUE' : 'COMPLAINT_FEEDBACK_OVERDUE', category, channel, status: c.status, dueAt, assignee: c.assignee }],
          dedupeKey: `complaint:${c.id}:${deadline}`,
          customerId: c.customer_id,
        },
        tx,
      );
    }
    return r.rows.map((c) => c.id);
  }
}
