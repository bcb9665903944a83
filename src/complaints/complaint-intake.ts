/**
 * Filing a complaint: check it (every problem with its field), stamp its two due times from the
 * policy of its category, seal what the customer said, and record it with the first line of its
 * timeline and an audit entry in one transaction. A repeated source reference files nothing new.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log.js';
import type { PiiVault } from '../pii/pii-vault.js';
import type { Clock } from '../shared/clock.js';
import type { FieldProblem } from '../shared/errors.js';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import { appendComplaintEvent } from './complaint-timeline.js';
import type { ComplaintWorker } from './complaint-work.js';
import { DEFAULT_DEADLINES, type DeadlinePolicy, dueTimes } from './domain/complaint-deadlines.js';
import { checkIntake, type ComplaintIntakeInput } from './domain/complaint-intake-rules.js';

export class ComplaintIntake {
  constructor(
    private readonly db: SqlClient,
    private readonly audit: AuditLog,
    private readonly vault: Pick<PiiVault, 'encrypt'>,
    private readonly clock: Clock,
  ) {}

  /** Files a complaint; its id, and whether it is new (false: its reference was filed before). */
  async file(input: ComplaintIntakeInput, who: ComplaintWorker): Promise<{ id: string; created: boolean }> {
    const now = this.clock.now();
    const found = await this.eventProblems(input);
    if (found.customerId && !input.customerId) input = { ...input, customerId: found.customerId };
    const c = checkIntake(input, now, found.problems);
    return this.db.transaction(async (tx) => {
      const due = dueTimes(c.receivedAt, await deadlinePolicy(tx, c.category));
      const id = randomUUID();
      const at = new Date(now).toISOString();
      const iso = (t: number) => new Date(t).toISOString();
      const r = await tx.query<{ id: string }>(
        `INSERT INTO complaints (id, reference, category, channel, status, customer_id, event_id, description, received_at, created_at, created_by, response_due_at, feedback_due_at, updated_at)
         VALUES ($1, $2, $3, $4, 'received', $5, $6, $7, $8, $9, $10, $11, $12, $9)
         ON CONFLICT (reference) DO NOTHING RETURNING id`,
        [id, c.reference, c.category, c.channel, c.customerId, c.eventId, this.vault.encrypt(c.description), iso(c.receivedAt), at, who.name, iso(due.responseDueAt), iso(due.feedbackDueAt)],
      );
      if (!r.rows[0]) {
        const first = await tx.query<{ id: string }>('SELECT id FROM complaints WHERE reference = $1', [c.reference]);
        return { id: first.rows[0]!.id, created: false };
      }
      await appendComplaintEvent(tx, id, at, who.name, 'received', { category: c.category, channel: c.channel, receivedAt: iso(c.receivedAt), responseDueAt: iso(due.responseDueAt), feedbackDueAt: iso(due.feedbackDueAt) });
      await this.audit.append(tx, who.actor, {
        action: 'complaint.create',
        target: { kind: 'complaint', id },
        detail: { category: c.category, channel: c.channel, customerId: c.customerId, eventId: c.eventId, reference: c.reference, descriptionLength: c.description.length },
      });
      return { id, created: true };
    });
  }

  // The event complained about must exist and, when both are named, be the complaining customer's.
  private async eventProblems(input: ComplaintIntakeInput): Promise<{ problems: FieldProblem[]; customerId: string | null }> {
    if (typeof input.eventId !== 'string' || input.eventId.trim() === '' || input.eventId.length > 128) return { problems: [], customerId: null };
    const r = await this.db.query<{ customer_id: string | null }>('SELECT customer_id FROM events WHERE id = $1', [input.eventId.trim()]);
    const ev = r.rows[0];
    if (!ev) return { problems: [{ field: 'eventId', reason: 'not_found', message: { zh: '找不到该事件', en: 'no event has this id' } }], customerId: null };
    if (typeof input.customerId === 'string' && ev.customer_id !== null && ev.customer_id !== input.customerId.trim()) {
      return { problems: [{ field: 'eventId', reason: 'other_customer', message: { zh: '该事件属于其他客户', en: 'the event belongs to another customer' } }], customerId: null };
    }
    return { problems: [], customerId: ev.customer_id };
  }
}

/** The deadlines of a category: its own row in complaint_deadlines, else the '*' row, else 24 h / 48 h. */
export async function deadlinePolicy(tx: SqlExecutor, category: string): Promise<DeadlinePolicy> {
  const r = await tx.query<{ respond_minutes: number; feedback_minutes: number }>(
    `SELECT respond_minutes, feedback_minutes FROM complaint_deadlines WHERE category IN ($1, '*') ORDER BY (category = '*') LIMIT 1`,
    [category],
  );
  const row = r.rows[0];
  return row ? { respondMinutes: Number(row.respond_minutes), feedbackMinutes: Number(row.feedback_minutes) } : DEFAULT_DEADLINES;
}
