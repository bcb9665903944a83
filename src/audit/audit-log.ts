/**
 * The audit log in the store: append an entry inside the transaction of the change it records
 * (both commit or neither), query with filters, verify the whole chain. Appends are serialised
 * by an advisory lock, so several processes on one PostgreSQL extend one chain.
 */
import { canonicalJson } from '../pii/seal-record.js';
import type { Clock } from '../shared/clock.js';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import { type ActorType, type AuditEntry, type ChainBreak, ChainVerifier, chainEntry } from './domain/audit-chain.js';

/** Who acts, and from where: what every privileged call site passes down. */
export interface AuditActor {
  type: ActorType;
  id: string;
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditRecordInput {
  action: string;
  target?: { kind: string; id: string };
  purpose?: string;
  /** Before/after and other specifics: plain JSON, no personal data in clear. */
  detail?: Record<string, unknown>;
}

export interface AuditQuery {
  actorId?: string;
  action?: string;
  targetKind?: string;
  targetId?: string;
  from?: string;
  to?: string;
  /** Entries after this seq (paging). */
  afterSeq?: number;
  limit?: number;
}

export type VerifyResult = { ok: true; entries: number; head: { seq: number; hash: string } } | { ok: false; entries: number; broken: ChainBreak };

/** The system itself (start-up, the default pack becoming version 1). */
export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: 'fengkong' };

// Arbitrary constant: one chain, one writer at a time.
const LOCK_KEY = 0x61756474;
const VERIFY_PAGE = 5_000;

interface Row {
  seq: number;
  at: Date;
  actor_type: ActorType;
  actor_id: string;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  purpose: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

function fromRow(r: Row): AuditEntry {
  return {
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    actorType: r.actor_type,
    actorId: r.actor_id,
    action: r.action,
    targetKind: r.target_kind,
    targetId: r.target_id,
    ip: r.ip,
    userAgent: r.user_agent,
    purpose: r.purpose,
    detail: r.detail,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export class AuditLog {
  constructor(
    private readonly db: SqlClient,
    private readonly key: Buffer,
    private readonly clock: Clock,
  ) {}

  /** Appends within `tx` (the transaction of the change itself); the entry as chained. */
  async append(tx: SqlExecutor, actor: AuditActor, input: AuditRecordInput): Promise<AuditEntry> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    const last = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const previous = last.rows[0] ? { seq: Number(last.rows[0].seq), hash: last.rows[0].hash } : null;
    const entry = chainEntry(this.key, previous, {
      at: new Date(this.clock.now()).toISOString(),
      actorType: actor.type,
      actorId: actor.id,
      action: input.action,
      targetKind: input.target?.kind ?? null,
      targetId: input.target?.id ?? null,
      ip: actor.ip ?? null,
      userAgent: actor.userAgent ?? null,
      purpose: input.purpose ?? null,
      detail: canonicalJson(input.detail ?? {}),
    });
    await tx.query(
      `INSERT INTO audit_log (seq, at, actor_type, actor_id, action, target_kind, target_id, ip, user_agent, purpose, detail, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [entry.seq, entry.at, entry.actorType, entry.actorId, entry.action, entry.targetKind, entry.targetId, entry.ip, entry.userAgent, entry.purpose, entry.detail, entry.prevHash, entry.hash],
    );
    return entry;
  }

  /** Appends in a transaction of its own (actions that change nothing else: logins, views). */
  async record(actor: AuditActor, input: AuditRecordInput): Promise<AuditEntry> {
    return this.db.transaction((tx) => this.append(tx, actor, input));
  }

  /** Entries matching every given filter, oldest first, at most `limit` (default 100, ≤ 1,000). */
  async query(q: AuditQuery): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.actorId) add('actor_id = ?', q.actorId);
    if (q.action) add('action = ?', q.action);
    if (q.targetKind) add('target_kind = ?', q.targetKind);
    if (q.targetId) add('target_id = ?', q.targetId);
    if (q.from) add('at >= ?::timestamptz', q.from);
    if (q.to) add('at < ?::timestamptz', q.to);
    if (q.afterSeq !== undefined) add('seq > ?', q.afterSeq);
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 1_000);
    const r = await this.db.query<Row>(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ${limit}`, params);
    return r.rows.map(fromRow);
  }

  /** Walks the whole chain in order: intact, or the first entry where it breaks. */
  async verify(): Promise<VerifyResult> {
    const verifier = new ChainVerifier(this.key);
    // Paged by position in the table, not by seq arithmetic, so a gap is seen as a gap.
    let after = 0;
    for (;;) {
      const r = await this.db.query<Row>(`SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT ${VERIFY_PAGE}`, [after]);
      for (const row of r.rows) {
        const broken = verifier.push(fromRow(row));
        if (broken) return { ok: false, entries: verifier.count, broken };
      }
      if (r.rows.length < VERIFY_PAGE) return { ok: true, entries: verifier.count, head: verifier.head };
      after = Number(r.rows[r.rows.length - 1]!.seq);
    }
  }
}
