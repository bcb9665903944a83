/**
 * Writes a logical backup of the store: one gzip file, a header line then every row of every
 * table of the platform's schema, read in one consistent snapshot (REPEATABLE READ, read only)
 * through a cursor page by page, so memory stays bounded whatever the store's size. Each row is a
 * JSON array of the values' PostgreSQL text forms (null for NULL): exact for every column type.
 *
 * File layout: gzip(header line) followed by gzip(body). The header carries the body's hash, so the
 * body is written first to a temporary file beside the target; the finished file replaces the
 * target by rename, so an interrupted backup never leaves a half-written file under its name.
 */
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, createReadStream, createWriteStream, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip, gzipSync } from 'node:zlib';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import { applySettings, ident, MIGRATIONS_TABLE, readCatalog } from './catalog.js';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupHeader, type BackupSequence, type BackupTable, sealHeader, VALUE_SETTINGS } from './domain/backup-header.js';
import { fengkongVersion } from './fengkong-version.js';

export interface BackupProgress {
  table: string;
  /** Rows of this table written so far. */
  rows: number;
  /** The table is complete. */
  done: boolean;
}

export interface WriteBackupOptions {
  /** Rows per cursor fetch (default 1,000). */
  pageRows?: number;
  onProgress?: (p: BackupProgress) => void;
}

/** The body being written: gzip to a file, hashed and counted as plain text on the way. */
class BodyWriter {
  private readonly hash: Hash = createHash('sha256');
  private readonly gzip: Gzip = createGzip();
  private readonly written: Promise<void>;
  bytes = 0;

  constructor(path: string) {
    this.written = pipeline(this.gzip, createWriteStream(path, { mode: 0o600 }));
    this.written.catch(() => undefined); // surfaced by finish() or the next write
  }

  /** Lines of text, each ending in a newline; written as one chunk (a page of rows at a time). */
  async lines(texts: readonly string[]): Promise<void> {
    if (texts.length === 0) return;
    const b = Buffer.from(`${texts.join('\n')}\n`, 'utf8');
    this.hash.update(b);
    this.bytes += b.length;
    if (!this.gzip.write(b)) await Promise.race([once(this.gzip, 'drain'), this.written]);
  }

  async finish(): Promise<{ bytes: number; sha256: string }> {
    this.gzip.end();
    await this.written;
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  abort(): void {
    this.gzip.destroy();
  }
}

interface Snapshot {
  createdAt: string;
  migrations: Array<{ id: number; name: string }>;
  tables: BackupTable[];
  sequences: BackupSequence[];
  auditHead: { seq: number; hash: string } | null;
}

const CURSOR = 'fengkong_backup';

async function dumpTable(tx: SqlExecutor, table: BackupTable, body: BodyWriter, pageRows: number, onProgress?: (p: BackupProgress) => void): Promise<void> {
  const values = table.columns.length > 0 ? `ARRAY[${table.columns.map((c) => `${ident(c.name)}::text`).join(', ')}]` : 'ARRAY[]::text[]';
  await body.lines([JSON.stringify({ table: table.name })]);
  await tx.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR SELECT array_to_json(${values})::text AS r FROM ${ident(table.name)}`);
  for (;;) {
    const page = await tx.query<{ r: string }>(`FETCH FORWARD ${pageRows} FROM ${CURSOR}`);
    await body.lines(page.rows.map((row) => row.r));
    table.rows += page.rows.length;
    if (page.rows.length < pageRows) break;
    onProgress?.({ table: table.name, rows: table.rows, done: false });
  }
  await tx.query(`CLOSE ${CURSOR}`);
  onProgress?.({ table: table.name, rows: table.rows, done: true });
}

/** Everything in one snapshot: catalog, migrations, audit head, rows, sequence positions. */
async function dump(db: SqlClient, body: BodyWriter, opts: WriteBackupOptions): Promise<Snapshot> {
  return db.transaction(async (tx) => {
    // First statement of the transaction, as PostgreSQL requires; PGlite is one connection and
    // nobody else writes to it while we hold the directory lock, so this is a snapshot there too.
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await applySettings(tx, VALUE_SETTINGS);
    const now = await tx.query<{ at: string }>(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at`);
    const catalog = await readCatalog(tx);
    const migrations = await tx.query<{ id: number; name: string }>(`SELECT id, name FROM ${MIGRATIONS_TABLE} ORDER BY id`);
    const head = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const tables: BackupTable[] = catalog.tables.map((t) => ({ name: t.name, columns: t.columns, rows: 0 }));
    for (const t of tables) await dumpTable(tx, t, body, opts.pageRows ?? 1_000, opts.onProgress);
    const sequences: BackupSequence[] = [];
    for (const s of catalog.sequences) {
      const r = await tx.query<{ value: string; is_called: boolean }>(`SELECT last_value::text AS value, is_called FROM ${ident(s.name)}`);
      sequences.push({ name: s.name, value: r.rows[0]!.value, isCalled: r.rows[0]!.is_called });
    }
    return {
      createdAt: now.rows[0]!.at,
      migrations: migrations.rows.map((m) => ({ id: Number(m.id), name: m.name })),
      tables,
      sequences,
      auditHead: head.rows[0] ? { seq: Number(head.rows[0].seq), hash: head.rows[0].hash } : null,
    };
  });
}

/** Header then body into `tmp`, flushed to disk, then renamed over `file`. */
async function assemble(file: string, tmp: string, header: BackupHeader, bodyPath: string): Promise<void> {
  await pipeline(
    async function* () {
      yield gzipSync(`${JSON.stringify(header)}\n`);
      yield* createReadStream(bodyPath);
    },
    createWriteStream(tmp, { mode: 0o600 }),
  );
  const fd = openSync(tmp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** Backs up every table of the store's schema into `file` (replaced when it exists); returns the header. */
export async function writeBackup(db: SqlClient, file: string, opts: WriteBackupOptions = {}): Promise<BackupHeader> {
  const path = resolve(file);
  const bodyPath = join(dirname(path), `.${basename(path)}.${process.pid}.body`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const body = new BodyWriter(bodyPath);
  try {
    let snapshot: Snapshot;
    try {
      snapshot = await dump(db, body, opts);
    } catch (err) {
      body.abort();
      throw err;
    }
    const content = await body.finish();
    const header = sealHeader({
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      fengkongVersion: fengkongVersion(),
      createdAt: snapshot.createdAt,
      source: db.dialect,
      migrations: snapshot.migrations,
      valueSettings: { ...VALUE_SETTINGS },
      tables: snapshot.tables,
      sequences: snapshot.sequences,
      auditHead: snapshot.auditHead,
      content,
    });
    await assemble(path, tmp, header, bodyPath);
    return header;
  } finally {
    rmSync(bodyPath, { force: true });
    rmSync(tmp, { force: true });
  }
}
