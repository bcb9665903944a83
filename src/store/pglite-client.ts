/**
 * SqlClient adapter for embedded PGlite (WASM PostgreSQL) in a data directory. PGlite runs in its
 * own worker thread (pglite-worker.ts), so SQL work uses the second core while this thread answers
 * requests; statements and transactions cross over as messages. PGlite is one connection: it
 * serialises statements itself, and a lock file keeps a second process from opening the same
 * directory (which would corrupt it).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FengkongError } from '../shared/errors.js';
import { acquireDirLock, type DirLock } from './dir-lock.js';
import type { BatchWriter, WriteBatch, WriteOutcome } from '../ingest/ingest-repository.js';
import type { WorkerReply, WorkerRequest, WorkerResult } from './pglite-protocol.js';
import type { QueryResult, SqlClient, SqlExecutor } from './sql-client.js';

/**
 * The worker thread. Under tsx (tests, development) this module and the worker are TypeScript, and
 * a worker does not inherit tsx's loader: it registers it first, then loads the worker module.
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./pglite-worker.js', import.meta.url), { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./pglite-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true, workerData });
}

type Request = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;
type Result = WorkerResult;

/** The embedded store's own group-commit writer (runs in its thread), or null for other stores. */
export function embeddedBatchWriter(db: SqlClient): BatchWriter | null {
  return db instanceof PgliteClient ? db : null;
}

/**
 * Opens (creating when absent) the embedded store in `dataDir`/pg, or in memory when dataDir is null.
 * `nice` lowers the store thread's scheduling priority below the request thread's (0: the same).
 */
export async function openPglite(dataDir: string | null, nice = 0): Promise<SqlClient> {
  let lock: DirLock | null = null;
  let pgDir: string | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    lock = acquireDirLock(join(dataDir, 'fengkong.lock'));
    pgDir = join(dataDir, 'pg');
  }
  const client = new PgliteClient(() => startWorker({ pgDir, nice }), lock);
  try {
    await client.ready;
    return client;
  } catch (cause) {
    await client.close().catch(() => undefined);
    throw new FengkongError('STORE_UNAVAILABLE', { cause, note: 'cannot open the embedded store' });
  }
}

class PgliteClient implements SqlClient, BatchWriter {
  readonly dialect = 'pglite' as const;
  readonly ready: Promise<void>;
  private worker!: Worker;
  /** Settles when the current thread is ready (a new one after a crash). */
  private available: Promise<void>;
  private seq = 0;
  private txSeq = 0;
  private readonly waiting = new Map<number, { resolve: (r: Result) => void; reject: (e: unknown) => void }>();
  /** Set when the store cannot be brought back: every later call fails with it. */
  private broken: Error | null = null;
  private closed = false;
  /** Restarts only for a store that opened once (a failing open is reported, not retried). */
  private opened = false;
  private readonly restarts: number[] = [];

  constructor(
    private readonly spawn: () => Worker,
    private readonly lock: DirLock | null,
  ) {
    this.available = this.attach();
    this.ready = this.available.then(() => {
      this.opened = true;
    });
  }

  /** Starts a store thread and wires its replies; resolves when PGlite is open in it. */
  private attach(): Promise<void> {
    const worker = this.spawn();
    this.worker = worker;
    const ready = new Promise<void>((resolve, reject) => this.waiting.set(0, { resolve: () => resolve(), reject }));
    worker.on('message', (m: WorkerReply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.ok) w.resolve(m.result);
      else w.reject(Object.assign(new Error(m.error.message), m.error.fields, { name: m.error.name }));
    });
    worker.on('error', (err) => this.lost(worker, err));
    worker.on('exit', (code) => this.lost(worker, new Error(`the embedded store's thread exited (${code})`)));
    return ready;
  }

  /**
   * The store thread died: its calls fail as unavailable (503, retry) and a new thread opens the
   * same directory (PostgreSQL recovers from its WAL). More than three deaths in a minute: give up.
   */
  private lost(worker: Worker, cause: Error): void {
    if (worker !== this.worker) return; // the second event of the same death
    const err = new FengkongError('STORE_UNAVAILABLE', { cause, note: 'the embedded store thread stopped' });
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
    if (this.closed || this.broken || !this.opened) return;
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length > 0 && this.restarts[0]! < now - 60_000) this.restarts.shift();
    if (this.restarts.length > 3) {
      this.broken = err;
      return;
    }
    this.available = this.attach().catch((e: unknown) => {
      this.broken = new FengkongError('STORE_UNAVAILABLE', { cause: e, note: 'the embedded store could not be reopened' });
    });
  }

  private async call(req: Request): Promise<Result> {
    if (this.broken) throw this.broken;
    await this.available;
    if (this.broken) throw this.broken;
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id });
    });
  }

  async query<T>(sql: string, params: readonly unknown[] = [], tx?: number): Promise<QueryResult<T>> {
    const r = await this.call(tx === undefined ? { op: 'query', sql, params: [...params] } : { op: 'query', sql, params: [...params], tx });
    return r as QueryResult<T>;
  }

  /** One group commit, written by the ingestion repository in the store's thread. */
  async write(batch: WriteBatch): Promise<WriteOutcome> {
    return (await this.call({ op: 'write', batch })) as WriteOutcome;
  }

  async exec(sql: string): Promise<void> {
    await this.call({ op: 'exec', sql });
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const tx = ++this.txSeq;
    await this.call({ op: 'begin', tx });
    let result: T;
    try {
      result = await fn({ query: <R>(sql: string, params: readonly unknown[] = []) => this.query<R>(sql, params, tx) });
    } catch (err) {
      await this.call({ op: 'rollback', tx }).catch(() => undefined);
      throw err;
    }
    await this.call({ op: 'commit', tx });
    return result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      // PGlite flushes its files on close; a thread that no longer answers is stopped after 30 s.
      if (!this.broken) await Promise.race([this.call({ op: 'close' }), new Promise((r) => (timer = setTimeout(r, 30_000)))]);
    } finally {
      clearTimeout(timer);
      await this.worker.terminate();
      this.lock?.release();
    }
  }
}
