/**
 * Fills tables derived from another when they are empty but it is not: after the upgrade that
 * added them, or a restore of a backup made before it (a migration only adds structure, never
 * derives rows). Under a table lock, so processes starting together derive once.
 */
import type { SqlClient, SqlExecutor } from './sql-client.js';

export interface Derivation {
  /** The table the rows come from. */
  source: string;
  /** The derived tables; the first tells whether the derivation was done. */
  derived: readonly [string, ...string[]];
  derive(tx: SqlExecutor): Promise<void>;
}

/** Runs the derivation when needed; whether it ran. */
export async function deriveWhenMissing(db: SqlClient, d: Derivation): Promise<boolean> {
  const needed = async (q: SqlExecutor) =>
    (await q.query<{ needed: boolean }>(`SELECT (EXISTS (SELECT 1 FROM ${d.source}) AND NOT EXISTS (SELECT 1 FROM ${d.derived[0]})) AS needed`)).rows[0]?.needed === true;
  if (!(await needed(db))) return false;
  return db.transaction(async (tx) => {
    await tx.query(`LOCK TABLE ${d.derived.join(', ')} IN EXCLUSIVE MODE`);
    if (!(await needed(tx))) return false;
    await d.derive(tx);
    return true;
  });
}
