/** SqlClient over a PGlite instance in this thread: what the embedded store's worker runs SQL with. */
import type { PGlite } from '@electric-sql/pglite';
import type { QueryResult, SqlClient, SqlExecutor } from './sql-client.js';

/** PGlite's answer in the port's shape: a SELECT counts its rows, a write its affected rows. */
export function toQueryResult<T>(r: { rows: T[]; affectedRows?: number }): QueryResult<T> {
  return { rows: r.rows, rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) };
}

export class LocalPgliteClient implements SqlClient {
  readonly dialect = 'pglite' as const;
  constructor(private readonly db: PGlite) {}

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    return toQueryResult(await this.db.query<T>(sql, params as unknown[]));
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      fn({
        query: async <R>(sql: string, params: readonly unknown[] = []) => toQueryResult(await tx.query<R>(sql, params as unknown[])),
      }),
    );
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
