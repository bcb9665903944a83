/**
 * Reads the platform's schema from the store's own catalog (pg_catalog of the current schema), so
 * a table or sequence a later migration adds is backed up and restored without a line here.
 */
import type { SqlExecutor } from '../store/sql-client.js';
import { type CatalogTable, dependencyOrder } from './domain/restore-plan.js';

/** The migrations' own bookkeeping: the target's describes the target, never the backup's rows. */
export const MIGRATIONS_TABLE = 'schema_migrations';

export interface CatalogSequence {
  name: string;
  /** The serial or identity column it feeds, if any. */
  owner: { table: string; column: string } | null;
}

export interface Catalog {
  /** Every table but the migrations' own, referenced tables first. */
  tables: CatalogTable[];
  sequences: CatalogSequence[];
}

/** An identifier quoted for SQL, whatever it holds. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export async function readCatalog(db: SqlExecutor): Promise<Catalog> {
  const cols = await db.query<{ table_name: string; column_name: string | null; type: string | null; generated: boolean | null }>(
    `SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type, a.attgenerated <> '' AS generated
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     ORDER BY c.relname, a.attnum`,
  );
  const tables = new Map<string, CatalogTable>();
  for (const r of cols.rows) {
    if (r.table_name === MIGRATIONS_TABLE) continue;
    let t = tables.get(r.table_name);
    if (!t) tables.set(r.table_name, (t = { name: r.table_name, columns: [], generated: [] }));
    if (r.column_name === null) continue;
    if (r.generated) t.generated.push(r.column_name);
    else t.columns.push({ name: r.column_name, type: r.type! });
  }
  const refs = await db.query<{ from_table: string; to_table: string }>(
    `SELECT f.relname AS from_table, t.relname AS to_table
     FROM pg_constraint k JOIN pg_class f ON f.oid = k.conrelid JOIN pg_class t ON t.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = f.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema()`,
  );
  const order = dependencyOrder([...tables.keys()], refs.rows.map((r) => ({ from: r.from_table, to: r.to_table })));
  const seqs = await db.query<{ name: string; owner_table: string | null; owner_column: string | null }>(
    `SELECT s.relname AS name, t.relname AS owner_table, a.attname AS owner_column
     FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
     LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
     LEFT JOIN pg_class t ON t.oid = d.refobjid
     LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
     WHERE s.relkind = 'S' AND n.nspname = current_schema()
     ORDER BY s.relname`,
  );
  return {
    tables: order.map((n) => tables.get(n)!),
    sequences: seqs.rows.map((s) => ({ name: s.name, owner: s.owner_table && s.owner_column ? { table: s.owner_table, column: s.owner_column } : null })),
  };
}

/** Applies the value settings for the rest of the transaction. */
export async function applySettings(tx: SqlExecutor, settings: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, value] of Object.entries(settings)) await tx.query('SELECT set_config($1, $2, true)', [name, value]);
}
