/**
 * The one port every repository talks to: parameterised SQL, transactions, close. Two adapters
 * implement it — PostgreSQL (node-postgres) and embedded PGlite — over one schema and one set of
 * migrations; both return bigint columns as numbers and timestamps as Date.
 */

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface SqlExecutor {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /**
   * PostgreSQL only (absent on PGlite): runs `COPY … FROM STDIN` with `data` as its input, e.g. a
   * binary COPY payload from pg-binary-copy.ts; resolves with the rows copied.
   */
  copyFrom?(sql: string, data: Buffer): Promise<number>;
}

export interface SqlClient extends SqlExecutor {
  readonly dialect: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
