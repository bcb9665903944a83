/**
 * Reads CSV (and TSV) in constant memory with csv-parse. The header row names the columns; each
 * later row becomes a record typed by the record type's schema. A malformed row becomes an error
 * item at the line where it starts, and reading goes on.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type CsvError, type InfoRecord, type Parser, parse } from 'csv-parse';
import type { Bilingual } from '../../shared/i18n.js';
import { problem } from '../domain/field-problems.js';
import type { RecordType } from '../domain/record-schemas.js';
import { assembleRecord, type ColumnPlan, planColumns } from './coerce.js';
import type { ReadItem, ReadOptions } from './read-item.js';

const CHUNK_BYTES = 1 << 20;
// Far above any valid record; bounds memory when an unclosed quote would swallow the whole file.
const MAX_RECORD_CHARS = 1 << 20;

/** Line breaks inside the cells of a record (quoted cells), '\r\n' counted once. */
function lineBreaks(cells: readonly string[]): { breaks: number; crlf: number } {
  let breaks = 0;
  let crlf = 0;
  for (const cell of cells) {
    if (cell.indexOf('\n') === -1 && cell.indexOf('\r') === -1) continue;
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      if (c === 0x0a) breaks++;
      else if (c === 0x0d) {
        breaks++;
        if (cell.charCodeAt(i + 1) === 0x0a) {
          crlf++;
          i++;
        }
      }
    }
  }
  return { breaks, crlf };
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/** Why csv-parse gave up on a row, in words that never quote the row (it may hold personal data). */
function malformed(code: string): Bilingual {
  switch (code) {
    case 'CSV_MAX_RECORD_SIZE':
      return { zh: 'CSV 记录超过 1 MiB(多为引号未闭合),此行之后的内容均无法读取', en: 'a CSV record exceeds 1 MiB (usually an unclosed quote), so nothing after this line can be read' };
    case 'CSV_QUOTE_NOT_CLOSED':
      return { zh: 'CSV 引号未闭合,此行之后的内容均无法读取', en: 'a CSV quote is never closed, so nothing after this line can be read' };
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return { zh: 'CSV 引号不匹配', en: 'unbalanced quotes in a CSV row' };
    default:
      return { zh: `CSV 行格式错误(${code})`, en: `malformed CSV row (${code})` };
  }
}

/**
 * Turns csv-parse's callbacks into items in file order. csv-parse counts lines at a record's end,
 * and counts a '\r\n' inside a quoted cell as two lines; the start line is worked out from the
 * record's own line breaks, with that miscount taken back.
 */
class CsvItems {
  readonly pending: ReadItem[] = [];
  private columns: ColumnPlan[] | null = null;
  private crlfSeen = 0;
  /** End line of the last record read whole, and the blank lines counted by then. */
  private lastEnd = 0;
  private lastEmptyLines = 0;
  private afterError = false;
  private lastErrorLine = -1;

  constructor(private readonly type: RecordType) {}

  onRecord(cells: string[], info: InfoRecord): void {
    const { breaks, crlf } = lineBreaks(cells);
    this.crlfSeen += crlf;
    const end = info.lines - this.crlfSeen;
    const line = end - breaks;
    this.lastEnd = end;
    this.lastEmptyLines = info.empty_lines;
    this.afterError = false;
    if (isBlank(cells)) return;
    if (this.columns === null) {
      this.columns = planColumns(cells.map((c) => c.trim()), this.type);
      return;
    }
    if (cells.length !== this.columns.length) {
      const got = cells.length;
      const want = this.columns.length;
      this.pending.push({ line, error: problem('', 'invalid_csv', { zh: `本行 ${got} 列,表头 ${want} 列`, en: `${got} columns where the header has ${want}` }) });
      return;
    }
    this.pending.push({ line, value: assembleRecord(this.columns, cells, this.type) });
  }

  /**
   * csv-parse drops a row it cannot parse and resumes at the next record delimiter outside quotes;
   * a stray quote can swallow the rows up to the next quote, and those are not reported apart.
   */
  onSkip(err: CsvError | undefined): void {
    if (!err) return;
    const errorLine = Number(err.lines) - this.crlfSeen;
    // After a record read whole, the bad one starts on the next non-blank line; otherwise the best
    // we know is where the error was seen.
    const line = this.afterError ? errorLine : this.lastEnd + 1 + (Number(err.empty_lines) - this.lastEmptyLines);
    this.afterError = true;
    // One row can fail several times (each stray quote); report it once.
    if (errorLine === this.lastErrorLine) return;
    this.lastErrorLine = errorLine;
    this.pending.push({ line, error: problem('', 'invalid_csv', malformed(err.code)) });
  }
}

function write(parser: Parser, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => parser.write(chunk, (err) => (err ? reject(err) : resolve())));
}

function finish(parser: Parser): Promise<void> {
  return new Promise((resolve, reject) => parser.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

export async function* readCsv(path: string, opts: ReadOptions & { type: RecordType; delimiter?: string }): AsyncGenerator<ReadItem> {
  const total = (await stat(path)).size;
  const items = new CsvItems(opts.type);
  // Records go to our own queue through the callbacks (returning null keeps them out of the
  // stream), so rows and errors come out in file order and at most one chunk's worth is held.
  const parser = parse({
    bom: true,
    delimiter: opts.delimiter ?? ',',
    relax_column_count: true,
    max_record_size: MAX_RECORD_CHARS,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (cells: string[], info: InfoRecord) => {
      items.onRecord(cells, info);
      return null;
    },
    on_skip: (err: CsvError | undefined) => {
      items.onSkip(err);
      return undefined;
    },
  });
  parser.on('error', () => {}); // reported through write() and finish()
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      await write(parser, chunk);
      opts.onProgress?.(bytes, total);
      yield* items.pending.splice(0);
    }
    await finish(parser);
    yield* items.pending.splice(0);
  } finally {
    parser.destroy();
  }
}
