/**
 * Reads a backup file as a stream: the header first (checked on its own, before anything touches
 * a store), then the body's table sections and rows one by one. At the body's end the row counts,
 * length and SHA-256 are compared with the header: a truncated, damaged or edited file throws
 * BACKUP_INVALID there, and the restore transaction it runs in rolls back.
 */
import { createHash } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { createGunzip, type Gunzip } from 'node:zlib';
import { FengkongError } from '../shared/errors.js';
import { type BackupHeader, type BackupTable, parseHeader } from './domain/backup-header.js';

export type BackupEntry = { kind: 'table'; table: BackupTable } | { kind: 'row'; line: string };

const NL = Buffer.from('\n');

function invalid(note: string, cause?: unknown): FengkongError {
  return new FengkongError('BACKUP_INVALID', { note, ...(cause ? { cause } : {}) });
}

/** zlib's errors (not gzip, damaged, cut short) are the file's fault; others (I/O) stay as they are. */
function fileFault(err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' && code.startsWith('Z_') ? invalid('not gzip, or damaged or cut short', err) : err;
}

/** The lines of a byte stream; a last line without its newline means the stream was cut short. */
async function* splitLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let carry: Buffer[] = [];
  try {
    for await (const chunk of chunks) {
      let start = 0;
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, start)) {
        const part = chunk.subarray(start, i);
        yield carry.length > 0 ? Buffer.concat([...carry, part]) : part;
        carry = [];
        start = i + 1;
      }
      if (start < chunk.length) carry.push(chunk.subarray(start));
    }
  } catch (err) {
    throw fileFault(err);
  }
  if (carry.length > 0) throw invalid('the file ends in the middle of a line (cut short)');
}

function sectionName(text: string): unknown {
  try {
    return (JSON.parse(text) as { table?: unknown } | null)?.table;
  } catch {
    throw invalid('a line is neither a row nor a table section');
  }
}

export class BackupReader {
  private constructor(
    readonly header: BackupHeader,
    private readonly lines: AsyncGenerator<Buffer>,
    private readonly streams: { file: ReadStream; gunzip: Gunzip },
  ) {}

  /** Opens `file` and reads its header; BACKUP_INVALID / BACKUP_TOO_NEW when it cannot be restored here. */
  static async open(file: string): Promise<BackupReader> {
    const source = createReadStream(file);
    const gunzip = createGunzip();
    source.on('error', (err) => gunzip.destroy(err));
    source.pipe(gunzip);
    const lines = splitLines(gunzip);
    try {
      const first = await lines.next();
      if (first.done) throw invalid('the file is empty');
      return new BackupReader(parseHeader(first.value.toString('utf8')), lines, { file: source, gunzip });
    } catch (err) {
      source.destroy();
      gunzip.destroy();
      throw err;
    }
  }

  /**
   * Table sections in the header's order, each followed by its rows (JSON arrays, as text). Throws
   * BACKUP_INVALID as soon as the body departs from the header, and at the end when its hash differs.
   */
  async *entries(): AsyncGenerator<BackupEntry> {
    const { tables, content } = this.header;
    const hash = createHash('sha256');
    let bytes = 0;
    let index = -1;
    let rows = 0;
    const closeSection = () => {
      if (index >= 0 && rows !== tables[index]!.rows) throw invalid(`table ${tables[index]!.name} holds ${rows} rows, the header says ${tables[index]!.rows}`);
    };
    for await (const line of this.lines) {
      hash.update(line);
      hash.update(NL);
      bytes += line.length + 1;
      if (bytes > content.bytes) throw invalid('the body is longer than the header says');
      const text = line.toString('utf8');
      if (text.startsWith('[')) {
        if (index < 0) throw invalid('a row before any table');
        rows++;
        yield { kind: 'row', line: text };
        continue;
      }
      closeSection();
      const name = sectionName(text);
      const expected = tables[++index];
      if (!expected || name !== expected.name) throw invalid(`table ${String(name)} is not the next in the header`);
      rows = 0;
      yield { kind: 'table', table: expected };
    }
    closeSection();
    if (index !== tables.length - 1) throw invalid(`the body ends after ${index + 1} of ${tables.length} tables (cut short)`);
    if (bytes !== content.bytes || hash.digest('hex') !== content.sha256) throw invalid('the content does not match its SHA-256 (damaged or edited)');
  }

  close(): void {
    this.streams.file.destroy();
    this.streams.gunzip.destroy();
  }
}

/** Only the header of `file` (a quick check before opening a store). */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const reader = await BackupReader.open(file);
  reader.close();
  return reader.header;
}
