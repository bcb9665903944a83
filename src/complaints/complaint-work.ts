/**
 * Working a complaint: assign it, record the first response and the feedback (their text sealed),
 * close it. Each step locks the complaint row, goes on its timeline (lengths, never text) and into
 * the audit log in the same transaction. Anyone who works complaints may answer one, not only its
 * assignee: the deadline is the customer's, and a colleague keeping it beats a named owner missing it.
 */
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import { isRole, permissionsOf } from '../identity/domain/permissions.js';
import type { PiiVault } from '../pii/pii-vault.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError } from '../shared/errors.js';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import { appendComplaintEvent } from './complaint-timeline.js';
import { standing } from './domain/complaint-deadlines.js';
import { type ComplaintAction, type ComplaintStatus, nextState } from './domain/complaint-lifecycle.js';

export interface ComplaintWorker {
  /** The user name, as complaints and their timeline record it. */
  name: string;
  actor: AuditActor;
}

interface ComplaintRow {
  id: string;
  status: ComplaintStatus;
  assignee: string | null;
  first_response_at: Date | null;
  response_due_at: Date;
  feedback_due_at: Date;
}

export class ComplaintWork {
  constructor(
    private readonly db: SqlClient,
    private readonly audit: AuditLog,
    private readonly vault: Pick<PiiVault, 'encrypt'>,
    private readonly clock: Clock,
  ) {}

  async act(id: string, action: ComplaintAction, who: ComplaintWorker): Promise<{ id: string; status: ComplaintStatus; assignee: string | null }> {
    if (action.kind === 'assign') action = { kind: 'assign', to: await this.assignee(action.to) };
    return this.db.transaction(async (tx) => {
      const c = await lockComplaint(tx, id);
      const now = this.clock.now();
      const at = new Date(now).toISOString();
      const next = nextState({ status: c.status, assignee: c.assignee, firstResponseAt: c.first_response_at ? new Date(c.first_response_at).toISOString() : null }, action, at);
      const text = action.kind === 'respond' || action.kind === 'feedback' ? this.vault.encrypt(action.text) : null;
      await tx.query(
        `UPDATE complaints SET status = $2, assignee = $3,
           first_response_at = COALESCE(first_response_at, $4), response_text = COALESCE(response_text, $5),
           feedback_at = COALESCE(feedback_at, $6), feedback_text = COALESCE(feedback_text, $7), outcome = COALESCE(outcome, $8),
           closed_at = COALESCE(closed_at, $9), updated_at = $10
         WHERE id = $1`,
        [id, next.status, next.assignee, next.firstResponseAt ?? null, action.kind === 'respond' ? text : null, next.feedbackAt ?? null, action.kind === 'feedback' ? text : null, action.kind === 'feedback' ? action.outcome : null, next.closedAt ?? null, at],
      );
      const detail: Record<string, unknown> = { from: c.status, to: next.status };
      if (action.kind === 'assign') Object.assign(detail, { assigneeBefore: c.assignee, assignee: next.assignee });
      if (action.kind === 'respond' || action.kind === 'feedback') detail.length = action.text.length;
      // Whether this answer kept its promise, as the statistics will count it.
      if (next.firstResponseAt) detail.response = standing(now, new Date(c.response_due_at).getTime(), now);
      if (next.feedbackAt) detail.feedback = standing(now, new Date(c.feedback_due_at).getTime(), now);
      if (action.kind === 'feedback') detail.outcome = action.outcome;
      await appendComplaintEvent(tx, id, at, who.name, action.kind, detail);
      await this.audit.append(tx, who.actor, {
        action: `complaint.${action.kind}`,
        target: { kind: 'complaint', id },
        detail: { before: { status: c.status, assignee: c.assignee }, after: { status: next.status, assignee: next.assignee }, ...(action.kind === 'feedback' ? { outcome: action.outcome } : {}) },
      });
      return { id, status: next.status, assignee: next.assignee };
    });
  }

  // Complaints go only to active people who can work them; the user name as the directory spells it.
  private async assignee(username: string): Promise<string> {
    const r = await this.db.query<{ username: string; roles: string[] }>('SELECT username, roles FROM users WHERE username_key = $1 AND disabled_at IS NULL', [String(username).trim().toLowerCase()]);
    const u = r.rows[0];
    if (!u || !permissionsOf(u.roles.filter(isRole)).has('complaints:work')) {
      throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'to', reason: 'value', message: { zh: '该用户不存在或不能处理投诉', en: 'no active user who can work complaints has that name' } }] });
    }
    return u.username;
  }
}

async function lockComplaint(tx: SqlExecutor, id: string): Promise<ComplaintRow> {
  const r = await tx.query<ComplaintRow>('SELECT id, status, assignee, first_response_at, response_due_at, feedback_due_at FROM complaints WHERE id = $1 FOR UPDATE', [id]);
  if (!r.rows[0]) throw new FengkongError('NOT_FOUND');
  return r.rows[0];
}
