/**
 * Block, allow and watch lists, held in memory for the decision path (a look-up per key per
 * decision) and kept in `list_entries`. Values are compared as trimmed strings. An entry keyed on
 * personal data (phone, resident id, card number, name …) is normalised as validation normalises
 * events and kept only as its keyed hash (`h:` + HMAC), so the clear value never rests here;
 * a look-up in such a list hashes the event's value the same way.
 */
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import { personalEventField } from '../ingest/domain/validate-record.js';
import { mask } from '../pii/domain/mask.js';
import { FengkongError } from '../shared/errors.js';
import type { ApplyOptions } from '../approvals/apply-options.js';
import type { SqlClient } from '../store/sql-client.js';

const HASHED = 'h:';

export interface ListEntry {
  list: string;
  keyField: string;
  value: string;
  reason?: string | null;
  expiresAt?: string | null;
}

/** An entry in its stored form (see ListRegistry.prepare). */
export interface PreparedListEntry {
  list: string;
  keyField: string;
  /** As stored: trimmed, or `h:` + keyed hash for personal data. */
  value: string;
  /** As shown: the value, or its masked form. */
  shown: string;
  reason: string | null;
  expiresAt: string | null;
}

export class ListRegistry {
  private readonly values = new Map<string, Map<string, number>>();
  /** Lists holding hashed (personal-data) entries: only their look-ups pay for a hash. */
  private readonly hashedLists = new Set<string>();

  constructor(
    private readonly db: SqlClient,
    readonly names: readonly string[],
    private readonly now: () => number,
    private readonly audit: AuditLog,
    /** The vault's keyed hash (PiiVault.hash). */
    private readonly hash: (value: string) => string,
  ) {}

  async load(): Promise<void> {
    const r = await this.db.query<{ list: string; value: string; expires_at: Date | null }>('SELECT list, value, expires_at FROM list_entries');
    this.values.clear();
    for (const row of r.rows) this.put(row.list, row.value, row.expires_at ? new Date(row.expires_at).getTime() : Infinity);
  }

  /** Bound so it can be handed to rules as a plain function. */
  readonly inList = (list: string, value: unknown): boolean => {
    const m = this.values.get(list);
    if (!m) return false;
    const text = String(value).trim();
    let until = m.get(text);
    if (until === undefined && this.hashedLists.has(list)) until = m.get(HASHED + this.hash(text));
    return until !== undefined && until > this.now();
  };

  /**
   * Checks an entry and turns it into its stored form: personal data normalised and hashed, with
   * the masked form to show. What a change request holds until it is approved.
   */
  prepare(entry: ListEntry): PreparedListEntry {
    if (!this.names.includes(entry.list)) throw new FengkongError('NOT_FOUND');
    const personal = personalEventField(entry.keyField);
    let value = entry.value.trim();
    let shown = value;
    if (personal) {
      const normalised = personal.normalise(value);
      if (normalised === null) {
        throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'value', reason: 'value', message: { zh: `不是有效的 ${entry.keyField}`, en: `not a valid ${entry.keyField}` } }] });
      }
      value = HASHED + this.hash(normalised);
      shown = mask(personal.mask, normalised);
    }
    return { list: entry.list, keyField: entry.keyField, value, shown, reason: entry.reason ?? null, expiresAt: entry.expiresAt ?? null };
  }

  /** Adds (or updates) an entry and records the change, before and after, in the audit log. */
  async add(entry: ListEntry | PreparedListEntry, actor: AuditActor, opts: ApplyOptions = {}): Promise<void> {
    const p = 'shown' in entry ? entry : this.prepare(entry);
    await this.db.transaction(async (tx) => {
      const before = await tx.query<{ reason: string | null; expires_at: Date | null }>('SELECT reason, expires_at FROM list_entries WHERE list = $1 AND key_field = $2 AND value = $3', [p.list, p.keyField, p.value]);
      await tx.query(
        `INSERT INTO list_entries (list, key_field, value, shown, reason, created_by, created_at, expires_at, approved_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (list, key_field, value) DO UPDATE SET reason = excluded.reason, expires_at = excluded.expires_at, approved_by = excluded.approved_by`,
        [p.list, p.keyField, p.value, p.shown, p.reason, opts.proposedBy ?? actor.id, new Date(this.now()).toISOString(), p.expiresAt, opts.proposedBy ? actor.id : null],
      );
      const prev = before.rows[0];
      await this.audit.append(tx, actor, {
        action: 'list.entry.add',
        target: { kind: 'list', id: p.list },
        detail: {
          keyField: p.keyField,
          value: p.shown,
          ...(opts.proposedBy ? { proposedBy: opts.proposedBy } : {}),
          before: prev ? { reason: prev.reason, expiresAt: prev.expires_at ? new Date(prev.expires_at).toISOString() : null } : null,
          after: { reason: p.reason, expiresAt: p.expiresAt },
        },
      });
      await opts.within?.(tx, { list: p.list, keyField: p.keyField, value: p.shown });
    });
    this.put(p.list, p.value, p.expiresAt ? Date.parse(p.expiresAt) : Infinity);
  }

  /** Removes an entry (recorded, before and after); NOT_FOUND when there is none. */
  async remove(entry: PreparedListEntry, actor: AuditActor, opts: ApplyOptions = {}): Promise<void> {
    await this.db.transaction(async (tx) => {
      const r = await tx.query<{ reason: string | null; expires_at: Date | null }>('DELETE FROM list_entries WHERE list = $1 AND key_field = $2 AND value = $3 RETURNING reason, expires_at', [entry.list, entry.keyField, entry.value]);
      const prev = r.rows[0];
      if (!prev) throw new FengkongError('NOT_FOUND');
      await this.audit.append(tx, actor, {
        action: 'list.entry.remove',
        target: { kind: 'list', id: entry.list },
        detail: {
          keyField: entry.keyField,
          value: entry.shown,
          ...(opts.proposedBy ? { proposedBy: opts.proposedBy } : {}),
          before: { reason: prev.reason, expiresAt: prev.expires_at ? new Date(prev.expires_at).toISOString() : null },
          after: null,
        },
      });
      await opts.within?.(tx, { list: entry.list, keyField: entry.keyField, value: entry.shown, removed: true });
    });
    this.values.get(entry.list)?.delete(entry.value);
  }

  /** The entries of a list as people see them (personal values masked). */
  async entries(list: string): Promise<Array<{ keyField: string; value: string; reason: string | null; expiresAt: string | null; createdBy: string; createdAt: string; approvedBy: string | null }>> {
    if (!this.names.includes(list)) throw new FengkongError('NOT_FOUND');
    const r = await this.db.query<{ key_field: string; value: string; shown: string | null; reason: string | null; expires_at: Date | null; created_by: string; created_at: Date; approved_by: string | null }>(
      'SELECT key_field, value, shown, reason, expires_at, created_by, created_at, approved_by FROM list_entries WHERE list = $1 ORDER BY created_at DESC LIMIT 10000',
      [list],
    );
    return r.rows.map((x) => ({
      keyField: x.key_field,
      // Entries from before `shown` existed: a hashed value is never shown, only that it is one.
      value: x.shown ?? (x.value.startsWith(HASHED) ? '(hashed)' : x.value),
      reason: x.reason,
      expiresAt: x.expires_at ? new Date(x.expires_at).toISOString() : null,
      createdBy: x.created_by,
      createdAt: new Date(x.created_at).toISOString(),
      approvedBy: x.approved_by,
    }));
  }

  private put(list: string, value: string, until: number): void {
    if (value.startsWith(HASHED)) this.hashedLists.add(list);
    let m = this.values.get(list);
    if (!m) this.values.set(list, (m = new Map()));
    m.set(value.trim(), until);
  }
}
