/** The shapes every file reader shares: what a caller asks for and what each record comes back as. */
import type { FieldProblem } from '../../shared/errors.js';
import type { RecordType } from '../domain/record-schemas.js';

export type FileFormat = 'jsonl' | 'csv' | 'parquet';

/**
 * One record read from a file: either a `value` to validate, or an `error` when the record could
 * not even be parsed (the rest of the file goes on).
 *
 * `line` is the 1-based physical line where the record starts (JSON Lines, CSV: the header is
 * line 1, so the first data record is line 2). Parquet has no lines: there it is the 1-based row
 * number.
 *
 * @example
 * for await (const item of readRecords('events.jsonl', {})) {
 *   if (item.error) console.log(item.line, item.error.reason);
 * }
 */
export interface ReadItem {
  line: number;
  value?: unknown;
  error?: FieldProblem;
}

export interface ReadOptions {
  /** Overrides the format guessed from the file name. */
  format?: FileFormat;
  /** Record type set on records that name none; required for CSV, whose cells are typed by it. */
  type?: RecordType;
  /** Called once per chunk read (not per record), with the bytes read so far and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}
