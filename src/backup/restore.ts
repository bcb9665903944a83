/**
 * Restores a backup into an empty, migrated store, in one transaction: the target's tables are
 * locked and checked empty, the rows are inserted batch by batch as they stream from the file,
 * sequences are moved past the restored values, and only then — the file's hash having matched —
 * does it commit. Any failure (a damaged file, a refused row) rolls back: the target stays empty.
 */
import { isDeepStrictEqual } from 'node:util';
import { FengkongError } from '../shared/errors.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import type { Migration } from '../store/migrations/migration.js';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import { BackupReader, readBackupHeader } from './backup-reader.js';
import { applySettings, type Catalog, ident, MIGRATIONS_TABLE, readCatalog } from './catalog.js';
import { type BackupHeader, VALUE_SETTINGS } from './domain/backup-header.js';
import { checkMigrations, seededTables } from './domain/migration-compat.js';
import { planRestore, type TablePlan } from './domain/restore-plan.js';

export interface RestoreProgress {
  table: string;
  rows: number;
  /** The table's rows in the backup. */
  of: number;
  done: boolean;
}

export interface RestoreOptions {
  /** This code's migrations (default: all of them). */
  migrations?: readonly Migration[];
  /** Rows per INSERT (default 1,000) and text per INSERT (default 4 MB), whichever fills first. */
  batchRows?: number;
  batchBytes?: number;
  onProgress?: (p: RestoreProgress) => void;
}

export interface RestoreResult {
  header: BackupHeader;
  tables: Array<{ name: string; rows: number }>;
  rows: number;
  /** Sequences moved to their backed-up position (or past the restored values). */
  sequences: number;
}

function invalid(note: string): FengkongError {
  return new FengkongError('BACKUP_INVALID', { note });
}

/** The target must be at exactly this code's migrations (openPlatform brought it there). */
async function checkTargetMigrations(tx: SqlExecutor, known: readonly Migration[]): Promise<void> {
  const r = await tx.query<{ id: number }>(`SELECT id FROM ${MIGRATIONS_TABLE} ORDER BY id`);
  const ids = r.rows.map((x) => Number(x.id));
  if (!isDeepStrictEqual(ids, known.map((m) => m.id))) {
    throw new FengkongError('BACKUP_INCOMPATIBLE', { note: `the target store's migrations (${ids.join(', ')}) are not this version's: it was migrated by another fengkong version` });
  }
}

/**
 * Locks every table against writers (a PostgreSQL store may be in use) and refuses unless each is
 * empty — the tables the migrations seed excepted: their rows are replaced by the backup's.
 */
async function requireEmpty(tx: SqlExecutor, catalog: Catalog, seeded: ReadonlySet<string>): Promise<void> {
  if (catalog.tables.length === 0) return;
  await tx.query(`LOCK TABLE ${catalog.tables.map((t) => ident(t.name)).join(', ')} IN EXCLUSIVE MODE`);
  const checked = catalog.tables.filter((t) => !seeded.has(t.name));
  if (checked.length === 0) return;
  const r = await tx.query<{ name: string }>(checked.map((t, i) => `SELECT $${i + 1}::text AS name WHERE EXISTS (SELECT 1 FROM ${ident(t.name)})`).join(' UNION ALL '), checked.map((t) => t.name));
  if (r.rows.length > 0) {
    const tables = r.rows.map((x) => x.name).sort();
    throw new FengkongError('RESTORE_TARGET_NOT_EMPTY', { note: `rows in ${tables.join(', ')}`, details: { tables } });
  }
}

/**
 * One INSERT per batch: each column's values as one text[] parameter, unnested into rows and cast
 * to the column's type — PostgreSQL parses an array literal in one pass, far faster than pulling
 * each value out of a JSON document.
 */
function insertSql(plan: TablePlan): string {
  const names = plan.columns.map((c) => ident(c.name)).join(', ');
  if (plan.columns.length === 0) return `INSERT INTO ${ident(plan.table)} SELECT FROM generate_series(1, $1::int)`;
  const arrays = plan.columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const aliases = plan.columns.map((_, i) => `c${i}`).join(', ');
  const values = plan.columns.map((c, i) => `c${i}::${c.type}`).join(', ');
  // OVERRIDING SYSTEM VALUE: identity columns take the backed-up values, not fresh ones.
  return `INSERT INTO ${ident(plan.table)} (${names}) OVERRIDING SYSTEM VALUE SELECT ${values} FROM unnest(${arrays}) AS u(${aliases})`;
}

/** A row's values, checked: as many as the table has columns, each text or null. */
function parseRow(line: string, width: number): Array<string | null> {
  let values: unknown;
  try {
    values = JSON.parse(line);
  } catch {
    throw invalid('a row is not valid JSON');
  }
  if (!Array.isArray(values) || values.length !== width || !values.every((v) => v === null || typeof v === 'string')) throw invalid(`a row does not have the ${width} values its table has`);
  return values as Array<string | null>;
}

/** Each sequence to its backed-up position, and never behind the largest value of the column it feeds. */
async function resetSequences(tx: SqlExecutor, catalog: Catalog, header: BackupHeader): Promise<number> {
  let n = 0;
  for (const s of catalog.sequences) {
    const saved = header.sequences.find((x) => x.name === s.name);
    let value: bigint | null = null;
    let called = true;
    if (saved) {
      if (!/^-?\d+$/.test(saved.value)) throw invalid(`sequence ${s.name} has no integer position`);
      value = BigInt(saved.value);
      called = saved.isCalled;
    }
    if (s.owner) {
      const r = await tx.query<{ m: string | null }>(`SELECT max(${ident(s.owner.column)})::text AS m FROM ${ident(s.owner.table)}`);
      const max = r.rows[0]?.m;
      if (max != null && (value === null || BigInt(max) > value || (BigInt(max) === value && !called))) {
        value = BigInt(max);
        called = true;
      }
    }
    if (value === null) continue;
    await tx.query('SELECT setval($1::regclass, $2::bigint, $3)', [ident(s.name), value.toString(), called]);
    n++;
  }
  return n;
}

/** Streams the backup's rows into the planned tables; the reader checks counts and hash at the end. */
async function load(tx: SqlExecutor, reader: BackupReader, plans: ReadonlyMap<string, TablePlan>, opts: RestoreOptions): Promise<number> {
  const maxRows = opts.batchRows ?? 1_000;
  const maxBytes = opts.batchBytes ?? 4 * 1024 * 1024;
  let plan: TablePlan | null = null;
  let insert = '';
  let of = 0;
  let done = 0;
  let total = 0;
  let columns: Array<Array<string | null>> = [];
  let rows = 0;
  let bytes = 0;
  const flush = async (finished: boolean) => {
    if (rows > 0) {
      await tx.query(insert, columns.length > 0 ? columns : [rows]);
      done += rows;
      total += rows;
      columns = columns.map(() => []);
      rows = 0;
      bytes = 0;
    }
    if (plan) opts.onProgress?.({ table: plan.table, rows: done, of, done: finished });
  };
  for await (const entry of reader.entries()) {
    if (entry.kind === 'table') {
      if (plan) await flush(true);
      plan = plans.get(entry.table.name)!;
      insert = insertSql(plan);
      columns = plan.columns.map(() => []);
      of = entry.table.rows;
      done = 0;
      continue;
    }
    const values = parseRow(entry.line, columns.length);
    for (let i = 0; i < values.length; i++) columns[i]!.push(values[i] as string | null);
    rows++;
    bytes += entry.line.length;
    if (rows >= maxRows || bytes >= maxBytes) await flush(false);
  }
  if (plan) await flush(true);
  return total;
}

/** Whether this code can restore a backup with this header: BACKUP_TOO_NEW / BACKUP_INCOMPATIBLE / BACKUP_INVALID if not. */
function checkHeader(header: BackupHeader, known: readonly Migration[]): void {
  checkMigrations(header.migrations, known);
  if (!isDeepStrictEqual(header.valueSettings, VALUE_SETTINGS)) throw invalid('values were written under settings this version does not read');
}

/** Reads and checks a backup's header without touching any store (the body is checked by the restore). */
export async function inspectBackup(file: string, known: readonly Migration[] = MIGRATIONS): Promise<BackupHeader> {
  const header = await readBackupHeader(file);
  checkHeader(header, known);
  return header;
}

/** Restores `file` into `db` (empty, migrated by this code); RESTORE_TARGET_NOT_EMPTY, BACKUP_* otherwise. */
export async function restoreBackup(db: SqlClient, file: string, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const known = opts.migrations ?? MIGRATIONS;
  const reader = await BackupReader.open(file);
  try {
    const { header } = reader;
    checkHeader(header, known);
    return await db.transaction(async (tx) => {
      await applySettings(tx, VALUE_SETTINGS);
      await checkTargetMigrations(tx, known);
      const catalog = await readCatalog(tx);
      const plans = planRestore(header.tables, catalog.tables);
      const seeded = seededTables(known);
      await requireEmpty(tx, catalog, seeded);
      for (const p of plans) if (seeded.has(p.table)) await tx.query(`DELETE FROM ${ident(p.table)}`);
      const rows = await load(tx, reader, new Map(plans.map((p) => [p.table, p])), opts);
      const sequences = await resetSequences(tx, catalog, header);
      return { header, tables: header.tables.map((t) => ({ name: t.name, rows: t.rows })), rows, sequences };
    });
  } finally {
    reader.close();
  }
}
