/**
 * SqlClient adapter for embedded PGlite (WASM PostgreSQL) in a data directory. PGlite is one
 * connection: statements are serialised by PGlite itself, and a lock file keeps a second process
 * from opening the same directory (which would corrupt it).
 */
import { PGlite, types as pgTypes } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FengkongError } from '../shared/errors.js';
import { acquireDirLock, type DirLock } from './dir-lock.js';
import type { QueryResult, SqlClient, SqlExecutor } from './sql-client.js';

const parsers = { [pgTypes.INT8]: (v: string) => Number(v) };

/** Opens (creating when absent) the embedded store in `dataDir`/pg, or in memory when dataDir is null. */
export async function openPglite(dataDir: string | null): Promise<SqlClient> {
  let lock: DirLock | null = null;
  let pgDir: string | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    lock = acquireDirLock(join(dataDir, 'fengkong.lock'));
    pgDir = join(dataDir, 'pg');
  }
  try {
    const db = await PGlite.create(pgDir, { parsers });
    return new PgliteClient(db, lock);
  } catch (cause) {
    lock?.release();
    throw new FengkongError('STORE_UNAVAILABLE', { cause, note: 'cannot open the embedded store' });
  }
}

class PgliteClient implements SqlClient {
  readonly dialect = 'pglite' as const;
  constructor(
    private readonly db: PGlite,
    private readonly lock: DirLock | null,
  ) {}

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const r = await this.db.query<T>(sql, params as unknown[]);
    return { rows: r.rows, rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) };
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      fn({
        query: async <R>(sql: string, params: readonly unknown[] = []) => {
          const r = await tx.query<R>(sql, params as unknown[]);
          return { rows: r.rows, rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) };
        },
      }),
    );
  }

  async close(): Promise<void> {
    try {
      if (!this.db.closed) await this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}
