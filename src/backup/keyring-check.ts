/**
 * Whether this installation's keyring opens a restored store: the audit chain must verify under
 * the key derived from the index key, every sealed value's key id must be in the keyring, and a
 * sample per key id must decrypt — and hash back to its stored look-up hash (the index key again,
 * for a store whose audit log is empty). Backups never hold keys: a mismatch means the key file
 * that belongs to the backed-up data was not installed.
 */
import type { AuditLog, VerifyResult } from '../audit/audit-log.js';
import type { PiiVault } from '../pii/pii-vault.js';
import { SEALED_LOCATIONS, type SealedLocation } from '../pii/sealed-locations.js';
import { SealedValueStore } from '../pii/sealed-value-store.js';
import type { SqlClient } from '../store/sql-client.js';

export interface KeyringCheck {
  ok: boolean;
  auditChain: VerifyResult;
  /** Key ids sealed values in the store are under. */
  keyIds: string[];
  /** Of those, ids the keyring does not have. */
  missingKeyIds: string[];
  /** Ids the keyring has, but whose key does not open the values (another key under the same id). */
  wrongKeyIds: string[];
  /** A decrypted sample did not hash to its stored look-up hash: another index key. */
  indexKeyMismatch: boolean;
}

interface Sample {
  key_id: string;
  c: string;
  h: string | null;
}

/** One sealed value per key id at a location (with its look-up hash where the shape keeps one). */
async function samples(db: SqlClient, loc: SealedLocation): Promise<Sample[]> {
  const { table, column } = loc;
  const sql =
    loc.shape === 'fields'
      ? `SELECT DISTINCT ON (key_id) split_part(f.value ->> 'c', '.', 1) AS key_id, f.value ->> 'c' AS c, f.value ->> 'h' AS h
         FROM ${table} t, jsonb_each(t.${column}) f WHERE f.value ? 'c' ORDER BY key_id`
      : `SELECT DISTINCT ON (key_id) split_part(${column}, '.', 1) AS key_id, ${column} AS c, NULL AS h FROM ${table} WHERE ${column} IS NOT NULL ORDER BY key_id`;
  return (await db.query<Sample>(sql)).rows;
}

export async function checkKeyring(deps: { db: SqlClient; vault: PiiVault; audit: AuditLog }): Promise<KeyringCheck> {
  const auditChain = await deps.audit.verify();
  const keyIds = new Set<string>();
  const missing = new Set<string>();
  const wrong = new Set<string>();
  let indexKeyMismatch = false;
  const have = new Set(deps.vault.keyIds);
  for (const loc of await new SealedValueStore(deps.db).present(SEALED_LOCATIONS)) {
    for (const s of await samples(deps.db, loc)) {
      keyIds.add(s.key_id);
      if (!have.has(s.key_id)) {
        missing.add(s.key_id);
        continue;
      }
      let clear: unknown;
      try {
        clear = deps.vault.decrypt(s.c);
      } catch {
        wrong.add(s.key_id);
        continue;
      }
      if (s.h !== null && deps.vault.hash(clear) !== s.h) indexKeyMismatch = true;
    }
  }
  return {
    ok: auditChain.ok && missing.size === 0 && wrong.size === 0 && !indexKeyMismatch,
    auditChain,
    keyIds: [...keyIds].sort(),
    missingKeyIds: [...missing].sort(),
    wrongKeyIds: [...wrong].sort(),
    indexKeyMismatch,
  };
}
