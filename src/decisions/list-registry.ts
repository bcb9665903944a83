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
import type { SqlClient } from '../store/sql-client.js';

const HASHED = 'h:';

export interface ListEntry {
  list: string;
  keyField: string;
  value: string;
  reason?: string | null;
  expiresAt?: string | null;
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

  /** Adds (or updates) an entry and records the change, before and after, in the audit log. */
  async add(entry: ListEntry, actor: AuditActor): Promise<void> {
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
    await this.db.transaction(async (tx) => {
      const before = await tx.query<{ reason: string | null; expires_at: Date | null }>('SELECT reason, expires_at FROM list_entries WHERE list = $1 AND key_field = $2 AND value = $3', [entry.list, entry.keyField, value]);
      await tx.query(
        `INSERT INTO list_entries (list, key_field, value, reason, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (list, key_field, value) DO UPDATE SET reason = excluded.reason, expires_at = excluded.expires_at`,
        [entry.list, entry.keyField, value, entry.reason ?? null, actor.id, new Date(this.now()).toISOString(), entry.expiresAt ?? null],
      );
      const prev = before.rows[0];
      await this.audit.append(tx, actor, {
        action: 'list.entry.add',
        target: { kind: 'list', id: entry.list },
        detail: {
          keyField: entry.keyField,
          value: shown,
          before: prev ? { reason: prev.reason, expiresAt: prev.expires_at ? new Date(prev.expires_at).toISOString() : null } : null,
          after: { reason: entry.reason ?? null, expiresAt: entry.expiresAt ?? null },
        },
      });
    });
    this.put(entry.list, value, entry.expiresAt ? Date.parse(entry.expiresAt) : Infinity);
  }

  private put(list: string, value: string, until: number): void {
    if (value.startsWith(HASHED)) this.hashedLists.add(list);
    let m = this.values.get(list);
    if (!m) this.values.set(list, (m = new Map()));
    m.set(value.trim(), until);
  }
}
