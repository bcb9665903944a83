/** SqlClient adapter for a PostgreSQL server through a node-postgres pool. */
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyStream } from 'pg-copy-streams';
import { FengkongError } from '../shared/errors.js';
import type { QueryResult, SqlClient, SqlExecutor } from './sql-client.js';

// node-postgres returns int8 as text to protect precision; our int8 columns hold minor units and
// counters far below 2^53, so numbers are safe and keep both adapters alike.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    return (pg.types.getTypeParser as (o: number, f?: 'text' | 'binary') => unknown)(oid, format);
  },
};

export interface PostgresOptions {
  connectionString: string;
  /** Schema to work in (created when absent); isolates tests and benchmarks. */
  schema?: string;
  maxConnections?: number;
}

export async function openPostgres(opts: PostgresOptions): Promise<SqlClient> {
  if (opts.schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) throw new FengkongError('CONFIG_INVALID', { note: 'schema name' });
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.maxConnections ?? 8,
    types: types as pg.CustomTypesConfig,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    if (opts.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    else await pool.query('SELECT 1');
  } catch (cause) {
    await pool.end().catch(() => {});
    throw new FengkongError('STORE_UNAVAILABLE', { cause, note: 'cannot reach PostgreSQL' });
  }
  return new PostgresClient(pool);
}

class PostgresClient implements SqlClient {
  readonly dialect = 'postgres' as const;
  constructor(private readonly pool: pg.Pool) {}

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const r = await this.pool.query(sql, params as unknown[]);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx: SqlExecutor = {
        query: async <R>(sql: string, params: readonly unknown[] = []) => {
          const r = await client.query(sql, params as unknown[]);
          return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
        },
        copyFrom: async (sql: string, data: Buffer) => {
          const stream = client.query(copyStream(sql));
          stream.end(data);
          await finished(stream);
          return stream.rowCount;
        },
      };
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
