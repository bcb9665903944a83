/**
 * Maker-checker: a change to what decides about money (a strategy version, a list entry, later a
 * model activation or a manual transfer) is proposed by one person and applied only when a second
 * person with the approver right approves it. Nobody approves their own change. Approval and the
 * change itself commit in one transaction; two approvers at once cannot both apply it.
 */
import { randomBytes } from 'node:crypto';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { Permission } from '../identity/domain/permissions.js';
import { type Principal, principalId } from '../identity/principal.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError } from '../shared/errors.js';
import type { SqlClient } from '../store/sql-client.js';
import type { ApplyOptions } from './apply-options.js';

export type ChangeStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

export interface ChangeRequest {
  id: string;
  kind: string;
  target: { kind: string; id: string };
  summary: Record<string, unknown>;
  status: ChangeStatus;
  reason: string | null;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  result: Record<string, unknown> | null;
}

/** What a kind of change needs: the checker's right, and how the owning registry applies it. */
export interface ChangeHandler {
  approvePermission: Permission;
  apply(payload: Record<string, unknown>, checker: AuditActor, opts: Required<ApplyOptions>): Promise<void>;
}

interface Row {
  id: string;
  kind: string;
  target_kind: string;
  target_id: string;
  summary: Record<string, unknown>;
  payload: Record<string, unknown>;
  status: ChangeStatus;
  reason: string | null;
  proposed_by: string;
  proposed_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  result: Record<string, unknown> | null;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

function fromRow(r: Row): ChangeRequest {
  return {
    id: r.id,
    kind: r.kind,
    target: { kind: r.target_kind, id: r.target_id },
    summary: r.summary,
    status: r.status,
    reason: r.reason,
    proposedBy: r.proposed_by,
    proposedAt: iso(r.proposed_at)!,
    decidedBy: r.decided_by,
    decidedAt: iso(r.decided_at),
    decisionNote: r.decision_note,
    result: r.result,
  };
}

export class ChangeRequests {
  private readonly handlers = new Map<string, ChangeHandler>();

  constructor(
    private readonly db: SqlClient,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  register(kind: string, handler: ChangeHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Records a proposal (the payload holds no personal data in clear: callers prepare it). */
  async propose(
    input: { kind: string; target: { kind: string; id: string }; summary: Record<string, unknown>; payload: Record<string, unknown>; reason?: string | null },
    maker: Principal,
    actor: AuditActor,
  ): Promise<ChangeRequest> {
    if (!this.handlers.has(input.kind)) throw new FengkongError('INTERNAL', { note: `no handler for change kind ${input.kind}` });
    const id = `chg_${randomBytes(8).toString('hex')}`;
    return this.db.transaction(async (tx) => {
      const r = await tx.query<Row>(
        `INSERT INTO change_requests (id, kind, target_kind, target_id, summary, payload, status, reason, proposed_by, proposed_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9) RETURNING *`,
        [id, input.kind, input.target.kind, input.target.id, JSON.stringify(input.summary), JSON.stringify(input.payload), input.reason ?? null, principalId(maker), new Date(this.clock.now()).toISOString()],
      );
      await this.audit.append(tx, actor, { action: 'change.propose', target: { kind: 'change', id }, detail: { kind: input.kind, target: input.target, summary: input.summary, reason: input.reason ?? null } });
      return fromRow(r.rows[0]!);
    });
  }

  async list(q: { status?: ChangeStatus; kind?: string; limit?: number } = {}): Promise<ChangeRequest[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.status) where.push(`status = $${params.push(q.status)}`);
    if (q.kind) where.push(`kind = $${params.push(q.kind)}`);
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
    const r = await this.db.query<Row>(`SELECT * FROM change_requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY proposed_at DESC, id LIMIT ${limit}`, params);
    return r.rows.map(fromRow);
  }

  async get(id: string): Promise<ChangeRequest & { payload: Record<string, unknown> }> {
    const r = await this.db.query<Row>('SELECT * FROM change_requests WHERE id = $1', [id]);
    if (!r.rows[0]) throw new FengkongError('NOT_FOUND');
    return { ...fromRow(r.rows[0]), payload: r.rows[0].payload };
  }

  /** Applies the change as the checker; refused for the maker, for anyone without the right, and once decided. */
  async approve(id: string, checker: Principal, actor: AuditActor, note: string | null = null): Promise<ChangeRequest> {
    const { handler, change } = await this.checkDecider(id, checker, actor, 'approve');
    let decided: Row | undefined;
    await handler.apply(change.payload, actor, {
      proposedBy: change.proposedBy,
      within: async (tx, result) => {
        const r = await tx.query<Row>(
          "UPDATE change_requests SET status = 'approved', decided_by = $2, decided_at = $3, decision_note = $4, result = $5 WHERE id = $1 AND status = 'pending' RETURNING *",
          [id, principalId(checker), new Date(this.clock.now()).toISOString(), note, JSON.stringify(result)],
        );
        // Someone else decided it meanwhile: this whole transaction, the change with it, rolls back.
        if (!r.rows[0]) throw new FengkongError('CHANGE_NOT_PENDING');
        decided = r.rows[0];
        await this.audit.append(tx, actor, { action: 'change.approve', target: { kind: 'change', id }, detail: { kind: change.kind, target: change.target, proposedBy: change.proposedBy, note, result } });
      },
    });
    return fromRow(decided!);
  }

  /** Turns a proposal down (a note saying why is required). */
  async reject(id: string, checker: Principal, actor: AuditActor, note: string): Promise<ChangeRequest> {
    const { change } = await this.checkDecider(id, checker, actor, 'reject');
    return this.close(id, 'rejected', checker, actor, note, change);
  }

  /** The maker takes a proposal back. */
  async withdraw(id: string, maker: Principal, actor: AuditActor): Promise<ChangeRequest> {
    const change = await this.get(id);
    if (change.proposedBy !== principalId(maker)) throw new FengkongError('FORBIDDEN');
    return this.close(id, 'withdrawn', maker, actor, null, change);
  }

  private async close(id: string, status: ChangeStatus, who: Principal, actor: AuditActor, note: string | null, change: ChangeRequest): Promise<ChangeRequest> {
    return this.db.transaction(async (tx) => {
      const r = await tx.query<Row>("UPDATE change_requests SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5 WHERE id = $1 AND status = 'pending' RETURNING *", [
        id,
        status,
        principalId(who),
        new Date(this.clock.now()).toISOString(),
        note,
      ]);
      if (!r.rows[0]) throw new FengkongError('CHANGE_NOT_PENDING');
      await this.audit.append(tx, actor, { action: status === 'rejected' ? 'change.reject' : 'change.withdraw', target: { kind: 'change', id }, detail: { kind: change.kind, target: change.target, proposedBy: change.proposedBy, note } });
      return fromRow(r.rows[0]);
    });
  }

  private async checkDecider(id: string, checker: Principal, actor: AuditActor, verb: 'approve' | 'reject') {
    const change = await this.get(id);
    if (change.status !== 'pending') throw new FengkongError('CHANGE_NOT_PENDING');
    const handler = this.handlers.get(change.kind);
    if (!handler) throw new FengkongError('INTERNAL', { note: `no handler for change kind ${change.kind}` });
    if (!checker.permissions.has(handler.approvePermission)) throw new FengkongError('FORBIDDEN');
    if (change.proposedBy === principalId(checker)) {
      // A refused self-approval is itself worth a line in the audit log.
      await this.audit.record(actor, { action: `change.${verb}.refused`, target: { kind: 'change', id }, detail: { reason: 'self_approval', kind: change.kind } });
      throw new FengkongError('SELF_APPROVAL_REFUSED');
    }
    return { handler, change };
  }
}
