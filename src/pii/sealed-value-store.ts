/**
 * The SQL of key rotation over the declared sealed locations: find rows holding a value under an
 * old key (keyset pages, so memory stays bounded and new rows never stall a pass), swap values by
 * compare-and-set, count values per key id, and keep the outcome of the last re-encryption.
 */
import type { SqlClient } from '../store/sql-client.js';
import type { SealedLocation } from './sealed-locations.js';

export interface StoredSealed<T> {
  id: string;
  value: T;
}

export interface Swap<T> {
  id: string;
  old: T;
  next: T;
}

/** What the last finished re-encryption left (platform_state `pii.keys`): lets a restart resume. */
export interface ReencryptionMark {
  activeKeyId: string;
  complete: boolean;
  remainingUnderOldKeys: number;
  at: string;
}

const MARK_KEY = 'pii.keys';

// The key id of a sealed text is everything before its first dot.
const keyIdSql = (expr: string) => `split_part(${expr}, '.', 1)`;

export class SealedValueStore {
  constructor(private readonly db: SqlClient) {}

  /** The locations whose table and column exist in this store (e.g. before a migration adds one). */
  async present(locations: readonly SealedLocation[]): Promise<SealedLocation[]> {
    const r = await this.db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`,
    );
    const have = new Set(r.rows.map((c) => `${c.table_name}.${c.column_name}`));
    return locations.filter((l) => have.has(`${l.table}.${l.column}`));
  }

  /** Up to `limit` rows after id `after`, in id order, holding a value under a key other than `activeKeyId`. */
  async page<T>(loc: SealedLocation, after: string, activeKeyId: string, limit: number): Promise<Array<StoredSealed<T>>> {
    const { table, column } = loc;
    const stale =
      loc.shape === 'fields'
        ? `EXISTS (SELECT 1 FROM jsonb_each(t.${column}) f WHERE ${keyIdSql(`f.value ->> 'c'`)} <> $2)`
        : `t.${column} IS NOT NULL AND ${keyIdSql(`t.${column}`)} <> $2`;
    const r = await this.db.query<StoredSealed<T>>(`SELECT t.id, t.${column} AS value FROM ${table} t WHERE t.id > $1 AND ${stale} ORDER BY t.id LIMIT $3`, [after, activeKeyId, limit]);
    return r.rows;
  }

  /**
   * Writes each `next` only where the row still holds `old` (compare-and-set): a writer that
   * changed the row meanwhile wins, and the row is found again by the next pass. Rows another
   * transaction has locked are skipped, not waited for, so this never deadlocks with ingestion.
   * One statement, one transaction. Returns the ids written.
   */
  async swap<T>(loc: SealedLocation, swaps: ReadonlyArray<Swap<T>>): Promise<Set<string>> {
    if (swaps.length === 0) return new Set();
    const { table, column } = loc;
    const type = loc.shape === 'fields' ? 'jsonb' : 'text';
    const r = await this.db.query<{ id: string }>(
      `WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id text, old ${type}, next ${type})),
         l AS (SELECT t.id FROM ${table} t JOIN r ON r.id = t.id WHERE t.${column} = r.old FOR UPDATE OF t SKIP LOCKED)
       UPDATE ${table} t SET ${column} = r.next FROM r JOIN l ON l.id = r.id
       WHERE t.id = r.id AND t.${column} = r.old RETURNING t.id`,
      [JSON.stringify(swaps)],
    );
    return new Set(r.rows.map((x) => x.id));
  }

  /** Sealed values per key id at this location. */
  async countByKeyId(loc: SealedLocation): Promise<Record<string, number>> {
    const { table, column } = loc;
    const sql =
      loc.shape === 'fields'
        ? `SELECT ${keyIdSql(`f.value ->> 'c'`)} AS key_id, count(*) AS n FROM ${table} t, jsonb_each(t.${column}) f WHERE f.value ? 'c' GROUP BY 1`
        : `SELECT ${keyIdSql(column)} AS key_id, count(*) AS n FROM ${table} WHERE ${column} IS NOT NULL GROUP BY 1`;
    const r = await this.db.query<{ key_id: string; n: number }>(sql);
    return Object.fromEntries(r.rows.map((x) => [x.key_id, Number(x.n)]));
  }

  async mark(): Promise<ReencryptionMark | null> {
    const r = await this.db.query<{ value: ReencryptionMark }>('SELECT value FROM platform_state WHERE key = $1', [MARK_KEY]);
    return r.rows[0]?.value ?? null;
  }

  async setMark(mark: ReencryptionMark): Promise<void> {
    await this.db.query(
      `INSERT INTO platform_state (key, value, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [MARK_KEY, JSON.stringify(mark)],
    );
  }
}
