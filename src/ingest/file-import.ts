/**
 * Imports a file (JSON Lines, CSV, Parquet) through the ingestion service: streams it in chunks,
 * keeps a few chunks in flight so parsing overlaps with writing, and writes an error report with
 * the line, field and reason of every record refused. A bad line never stops the rest.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { basename } from 'node:path';
import { once } from 'node:events';
import type { FieldProblem } from '../shared/errors.js';
import { problem } from './domain/field-problems.js';
import type { RecordType } from './domain/record-schemas.js';
import { type FileFormat, readRecords } from './file-readers/index.js';
import type { IngestResult, IngestService } from './ingest-service.js';

export interface ImportOptions {
  type?: RecordType;
  format?: FileFormat;
  /** Source recorded for records that name none; defaults to `file:<name>`. */
  source?: string;
  /** Where to write the error report (CSV); none when null. */
  errorReport: string | null;
  chunkSize?: number;
  /** Chunks in flight at once. */
  inFlight?: number;
  onProgress?: (bytesRead: number, totalBytes: number, summary: ImportSummary) => void;
}

export interface ImportSummary {
  lines: number;
  stored: number;
  updated: number;
  /** Records already in the store (from an earlier import or line); stored once. */
  duplicate: number;
  /** Of `duplicate`: lines repeating the id of an earlier line of this file (listed in the report). */
  duplicateInFile: number;
  rejected: number;
  seconds: number;
}

/** Ids remembered to tell a repeat within the file from one of an earlier import; bounded. */
const MAX_TRACKED_IDS = 5_000_000;

const CSV_HEADER = 'line,id,field,reason,message_zh,message_en\n';

function csvCell(value: string | null): string {
  if (value === null) return '';
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

class ErrorReport {
  private out: WriteStream | null;

  constructor(path: string | null) {
    this.out = path ? createWriteStream(path, { encoding: 'utf8' }) : null;
    this.out?.write(CSV_HEADER);
  }

  async add(line: number, id: string | null, problems: readonly FieldProblem[]): Promise<void> {
    if (!this.out) return;
    for (const p of problems) {
      const ok = this.out.write(`${line},${csvCell(id)},${csvCell(p.field)},${p.reason},${csvCell(p.message.zh)},${csvCell(p.message.en)}\n`);
      if (!ok) await once(this.out, 'drain');
    }
  }

  async close(): Promise<void> {
    if (!this.out) return;
    const out = this.out;
    this.out = null;
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

export async function importFile(ingest: IngestService, path: string, opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const ctx = { source: opts.source ?? `file:${basename(path)}`, ...(opts.type ? { expectedType: opts.type } : {}) };
  const summary: ImportSummary = { lines: 0, stored: 0, updated: 0, duplicate: 0, duplicateInFile: 0, rejected: 0, seconds: 0 };
  // Ids stored by this import, per record type: tells a repeat within the file from an earlier import.
  const storedHere = new Map<string, Set<string>>();
  let tracked = 0;
  const report = new ErrorReport(opts.errorReport);
  const chunkSize = opts.chunkSize ?? 2_000;
  const maxInFlight = opts.inFlight ?? 3;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let bytes = 0;
  let total = 0;

  const settle = async (lines: number[], results: IngestResult[]) => {
    for (const r of results) {
      summary[r.status]++;
      if (r.status === 'rejected') await report.add(lines[r.index]!, r.id, r.problems ?? []);
      else if (r.id !== null && (r.status === 'stored' || r.status === 'updated')) {
        if (tracked++ < MAX_TRACKED_IDS) {
          let ids = storedHere.get(r.type!);
          if (!ids) storedHere.set(r.type!, (ids = new Set()));
          ids.add(r.id);
        }
      } else if (r.status === 'duplicate' && r.id !== null && storedHere.get(r.type!)?.has(r.id)) {
        summary.duplicateInFile++;
        await report.add(lines[r.index]!, r.id, [problem('id', 'duplicate_in_file')]);
      }
    }
  };

  const send = (values: unknown[], lines: number[], unreadable: Array<{ line: number; problem: FieldProblem }>) => {
    const p = (async () => {
      if (unreadable.length > 0) {
        await ingest.reportUnreadable(unreadable.map((u) => u.problem), ctx);
        summary.rejected += unreadable.length;
        for (const u of unreadable) await report.add(u.line, null, [u.problem]);
      }
      if (values.length > 0) await settle(lines, await ingest.ingest(values, ctx));
      opts.onProgress?.(bytes, total, summary);
    })().catch((err) => {
      failure ??= err;
    });
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  let values: unknown[] = [];
  let lines: number[] = [];
  let unreadable: Array<{ line: number; problem: FieldProblem }> = [];
  try {
    const items = readRecords(path, {
      ...(opts.format ? { format: opts.format } : {}),
      ...(opts.type ? { type: opts.type } : {}),
      onProgress: (b: number, t: number) => {
        bytes = b;
        total = t;
      },
    });
    for await (const item of items) {
      summary.lines++;
      if (item.value !== undefined) {
        values.push(item.value);
        lines.push(item.line);
      } else if (item.error) {
        unreadable.push({ line: item.line, problem: item.error });
      }
      if (values.length + unreadable.length >= chunkSize) {
        send(values, lines, unreadable);
        values = [];
        lines = [];
        unreadable = [];
        if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
        if (failure) throw failure;
      }
    }
    send(values, lines, unreadable);
    await Promise.all(inFlight);
    if (failure) throw failure;
  } finally {
    await Promise.allSettled(inFlight);
    await report.close();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
