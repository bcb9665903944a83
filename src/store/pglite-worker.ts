/**
 * The embedded store's own thread: PGlite (PostgreSQL compiled to WASM) runs here, so the SQL work
 * — parsing, planning, writing its WAL through the file system — uses the machine's second core
 * instead of the thread that answers HTTP and evaluates rules. Speaks the message protocol of
 * pglite-client.ts; a transaction stays open across messages, and PGlite itself makes every other
 * statement wait for it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction, types as pgTypes } from '@electric-sql/pglite';
// The ingestion repository runs here whole: a group commit is one message, not one per statement.
import { IngestRepository } from '../ingest/ingest-repository.js';
import { LocalPgliteClient, toQueryResult } from './pglite-local.js';
import type { WorkerReply, WorkerRequest } from './pglite-protocol.js';
import { lowerThisThreadPriority } from './thread-priority.js';

const port = parentPort!;
const parsers = { [pgTypes.INT8]: (v: string) => Number(v) };

interface OpenTx {
  /** Statements of this transaction not yet run. */
  queue: WorkerRequest[];
  wake: (() => void) | null;
  /** The request id of the commit or rollback that ends it: the one answered at the end. */
  endId: number | null;
}

const open = new Map<number, OpenTx>();
let db: PGlite;
let writer: IngestRepository;

function reply(msg: WorkerReply): void {
  port.postMessage(msg);
}

function failure(id: number, err: unknown): WorkerReply {
  const e = err as Record<string, unknown> & Error;
  // Keep the PostgreSQL error fields (code, detail, constraint …) callers may look at.
  const fields: Record<string, unknown> = {};
  for (const k of ['code', 'detail', 'hint', 'constraint', 'table', 'column', 'schema', 'dataType', 'where', 'routine', 'severity', 'position']) if (e?.[k] !== undefined) fields[k] = e[k];
  const message = typeof e?.message === 'string' ? e.message : (() => { try { return JSON.stringify(err); } catch { return String(err); } })();
  return { id, ok: false, error: { name: typeof e?.name === 'string' ? e.name : 'Error', message, fields } };
}

async function rows(q: Transaction | PGlite, sql: string, params: unknown[]) {
  return toQueryResult(await q.query(sql, params));
}

async function runTransaction(begin: WorkerRequest & { op: 'begin' }): Promise<void> {
  const state: OpenTx = { queue: [], wake: null, endId: null };
  open.set(begin.tx, state);
  const next = async (): Promise<WorkerRequest> => {
    while (state.queue.length === 0) await new Promise<void>((r) => (state.wake = r));
    return state.queue.shift()!;
  };
  class RolledBack extends Error {}
  try {
    await db.transaction(async (t) => {
      reply({ id: begin.id, ok: true, result: null });
      for (;;) {
        const m = await next();
        if (m.op === 'commit') return;
        if (m.op === 'rollback') throw new RolledBack();
        if (m.op !== 'query') continue;
        try {
          reply({ id: m.id, ok: true, result: await rows(t, m.sql, m.params) });
        } catch (err) {
          reply(failure(m.id, err));
        }
      }
    }).then(
      () => reply({ id: state.endId ?? begin.id, ok: true, result: null }),
      (err) => reply(err instanceof RolledBack ? { id: state.endId ?? begin.id, ok: true, result: null } : failure(state.endId ?? begin.id, err)),
    );
  } finally {
    open.delete(begin.tx);
  }
}

function dispatch(m: WorkerRequest): void {
  if ('tx' in m && m.tx !== undefined && m.op !== 'begin') {
    const state = open.get(m.tx);
    if (!state) return reply(failure(m.id, new Error('transaction is not open')));
    if (m.op === 'commit' || m.op === 'rollback') state.endId = m.id;
    state.queue.push(m);
    const wake = state.wake;
    state.wake = null;
    wake?.();
    return;
  }
  switch (m.op) {
    case 'begin':
      void runTransaction(m);
      return;
    case 'query':
      rows(db, m.sql, m.params).then(
        (result) => reply({ id: m.id, ok: true, result }),
        (err) => reply(failure(m.id, err)),
      );
      return;
    case 'write':
      writer.write(m.batch).then(
        (result) => reply({ id: m.id, ok: true, result }),
        (err) => reply(failure(m.id, err)),
      );
      return;
    case 'exec':
      db.exec(m.sql).then(
        () => reply({ id: m.id, ok: true, result: null }),
        (err) => reply(failure(m.id, err)),
      );
      return;
    case 'close':
      (db.closed ? Promise.resolve() : db.close()).then(
        () => reply({ id: m.id, ok: true, result: null }),
        (err) => reply(failure(m.id, err)),
      );
      return;
    default:
      reply(failure((m as { id: number }).id, new Error('unknown request')));
  }
}

const { pgDir, nice } = workerData as { pgDir: string | undefined; nice?: number };
if (nice) lowerThisThreadPriority(nice);
PGlite.create(pgDir, { parsers }).then(
  (created) => {
    db = created;
    writer = new IngestRepository(new LocalPgliteClient(created));
    port.on('message', dispatch);
    reply({ id: 0, ok: true, result: null });
  },
  (err) => reply(failure(0, err)),
);
