/**
 * Working cases: claim, assign (a lead), start, escalate, close with a disposition and a note,
 * add notes, and share a queue's new cases round-robin. Each step locks the case row, so of two
 * investigators claiming one case at once exactly one wins; each step is on the case timeline and
 * in the audit log. Closing labels the case's events for backtests and model training.
 */
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import { isRole, permissionsOf } from '../identity/domain/permissions.js';
import { upsertLabels } from '../labels/label-repository.js';
import type { Notifier } from '../notifications/webhooks.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError } from '../shared/errors.js';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import { appendCaseEvent } from './case-timeline.js';
import { type Actor, type CaseAction, type CaseStatus, labelOf, nextState } from './domain/case-lifecycle.js';

export interface CaseWorker {
  /** The user name, as cases and the timeline record it. */
  name: string;
  lead: boolean;
  actor: AuditActor;
}

interface CaseRow {
  id: string;
  queue: string;
  status: CaseStatus;
  assignee: string | null;
  entity_kind: string;
  entity_id: string;
}

export class CaseWork {
  constructor(
    private readonly db: SqlClient,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
  ) {}

  async act(caseId: string, action: CaseAction, who: CaseWorker): Promise<{ id: string; status: CaseStatus; assignee: string | null }> {
    if (action.kind === 'assign') await this.checkAssignee(action.to);
    return this.db.transaction(async (tx) => {
      const c = await lockCase(tx, caseId);
      const next = nextState({ status: c.status, assignee: c.assignee }, action, who as Actor);
      const now = this.clock.now();
      const at = new Date(now).toISOString();
      const closing = action.kind === 'close';
      await tx.query(
        `UPDATE cases SET status = $2, assignee = $3, disposition = $4, closed_at = $5, updated_at = $6, version = version + 1 WHERE id = $1`,
        [caseId, next.status, next.assignee, closing ? action.disposition : null, closing ? at : null, at],
      );
      const detail: Record<string, unknown> = { from: c.status, to: next.status, assignee: next.assignee };
      if (action.kind === 'escalate' || action.kind === 'close') detail.note = action.note;
      if (action.kind === 'close') detail.disposition = action.disposition;
      await appendCaseEvent(tx, caseId, at, who.name, action.kind, detail);
      await this.audit.append(tx, who.actor, {
        action: `case.${action.kind}`,
        target: { kind: 'case', id: caseId },
        detail: { before: { status: c.status, assignee: c.assignee }, after: { status: next.status, assignee: next.assignee }, ...(closing ? { disposition: action.disposition } : {}) },
      });
      if (closing) {
        await labelEvents(tx, caseId, action.disposition, who.name, at);
        await this.notifier.emit(tx, 'case.closed', { caseId, queue: c.queue, entity: { kind: c.entity_kind, id: c.entity_id }, disposition: action.disposition, closedBy: who.name });
      }
      return { id: caseId, status: next.status, assignee: next.assignee };
    });
  }

  /** Adds an investigation note (allowed on closed cases too: findings come late). */
  async note(caseId: string, text: string, who: CaseWorker): Promise<void> {
    if (text.trim().length === 0) throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'text', reason: 'required', message: { zh: '备注不能为空', en: 'the note is empty' } }] });
    await this.db.transaction(async (tx) => {
      await lockCase(tx, caseId);
      await appendCaseEvent(tx, caseId, new Date(this.clock.now()).toISOString(), who.name, 'note', { text });
      await this.audit.append(tx, who.actor, { action: 'case.note', target: { kind: 'case', id: caseId }, detail: { length: text.length } });
    });
  }

  /** Shares a queue's unassigned cases among investigators in turn, oldest first (a lead only). */
  async distribute(queue: string, investigators: readonly string[], who: CaseWorker, limit = 500): Promise<Array<{ caseId: string; to: string }>> {
    if (!who.lead) throw new FengkongError('FORBIDDEN');
    const names = [...new Set(investigators)];
    if (names.length === 0) throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'investigators', reason: 'required', message: { zh: '至少一名调查员', en: 'at least one investigator' } }] });
    for (const n of names) await this.checkAssignee(n);
    return this.db.transaction(async (tx) => {
      const r = await tx.query<{ id: string }>(
        `SELECT id FROM cases WHERE queue = $1 AND status = 'new' AND assignee IS NULL ORDER BY opened_at, id LIMIT ${Math.max(1, Math.min(limit, 5000))} FOR UPDATE SKIP LOCKED`,
        [queue],
      );
      const at = new Date(this.clock.now()).toISOString();
      const out: Array<{ caseId: string; to: string }> = [];
      r.rows.forEach((row, i) => out.push({ caseId: row.id, to: names[i % names.length]! }));
      for (const { caseId, to } of out) {
        await tx.query("UPDATE cases SET status = 'assigned', assignee = $2, updated_at = $3, version = version + 1 WHERE id = $1", [caseId, to, at]);
        await appendCaseEvent(tx, caseId, at, who.name, 'assign', { from: 'new', to: 'assigned', assignee: to, roundRobin: true });
      }
      await this.audit.append(tx, who.actor, { action: 'case.distribute', target: { kind: 'queue', id: queue }, detail: { investigators: names, assigned: out.length } });
      return out;
    });
  }

  // Cases go only to active people who can work them.
  private async checkAssignee(username: string): Promise<void> {
    const r = await this.db.query<{ roles: string[] }>('SELECT roles FROM users WHERE username_key = $1 AND disabled_at IS NULL', [username.trim().toLowerCase()]);
    const roles = r.rows[0]?.roles.filter(isRole);
    if (!roles || !permissionsOf(roles).has('cases:work')) {
      throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'to', reason: 'value', message: { zh: '该用户不存在或不能处理案件', en: 'no active user who can work cases has that name' } }] });
    }
  }
}

async function lockCase(tx: SqlExecutor, id: string): Promise<CaseRow> {
  const r = await tx.query<CaseRow>('SELECT id, queue, status, assignee, entity_kind, entity_id FROM cases WHERE id = $1 FOR UPDATE', [id]);
  if (!r.rows[0]) throw new FengkongError('NOT_FOUND');
  return r.rows[0];
}

/** The disposition becomes truth about every decided event of the case (inconclusive teaches nothing). */
async function labelEvents(tx: SqlExecutor, caseId: string, disposition: Parameters<typeof labelOf>[0], by: string, at: string): Promise<void> {
  const value = labelOf(disposition);
  if (!value) return;
  const r = await tx.query<{ event_id: string; customer_id: string | null; decision_point: string | null }>("SELECT event_id, customer_id, decision_point FROM alerts WHERE case_id = $1 AND source = 'decision' AND event_id IS NOT NULL", [caseId]);
  await upsertLabels(
    tx,
    r.rows.map((a) => ({ kind: 'fraud' as const, subjectId: a.event_id, eventId: a.event_id, customerId: a.customer_id, value, pattern: null, source: 'case', labelledAt: at, data: { caseId, disposition, by, decisionPoint: a.decision_point } })),
  );
}
