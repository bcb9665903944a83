/** Messages between the embedded store's client (main thread) and its worker thread. */
import type { WriteBatch, WriteOutcome } from '../ingest/ingest-repository.js';

export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[]; tx?: number }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'begin'; tx: number }
  | { id: number; op: 'commit'; tx: number }
  | { id: number; op: 'rollback'; tx: number }
  | { id: number; op: 'write'; batch: WriteBatch }
  | { id: number; op: 'close' };

export interface WorkerError {
  name: string;
  message: string;
  /** PostgreSQL error fields: code (SQLSTATE), detail, constraint … */
  fields: Record<string, unknown>;
}

export type WorkerResult = { rows: unknown[]; rowCount: number } | WriteOutcome | null;

export type WorkerReply = { id: number; ok: true; result: WorkerResult } | { id: number; ok: false; error: WorkerError };
