/**
 * Reads import files — JSON Lines, CSV/TSV, Parquet — as a stream of records, each with the line
 * it came from, in constant memory. Parsing only: validation happens in the ingestion service.
 */
import { readCsv } from './csv-reader.js';
import { detectFormat, isTabSeparated } from './detect-format.js';
import { readJsonLines } from './jsonl-reader.js';
import { readParquet } from './parquet-reader.js';
import type { ReadItem, ReadOptions } from './read-item.js';

export { detectFormat } from './detect-format.js';
export type { FileFormat, ReadItem, ReadOptions } from './read-item.js';

/**
 * The records of a file, in file order. A record that cannot be parsed comes back as an item with
 * an `error` and the rest of the file is still read; a file that cannot be opened throws.
 * CSV needs `opts.type` (cells are typed by its schema) and throws at once without it.
 *
 * @example
 * for await (const { line, value, error } of readRecords('cards.csv', { type: 'card' })) { … }
 */
export function readRecords(path: string, opts: ReadOptions): AsyncIterable<ReadItem> {
  const format = opts.format ?? detectFormat(path);
  switch (format) {
    case 'jsonl':
      return readJsonLines(path, opts);
    case 'csv': {
      const type = opts.type;
      if (!type) throw new Error('CSV import needs a record type (--type): cells are typed by its schema');
      return readCsv(path, { ...opts, type, delimiter: isTabSeparated(path) ? '\t' : ',' });
    }
    case 'parquet':
      return readParquet(path, opts);
    default:
      throw new Error(`unknown file format: ${String(format satisfies never)}`);
  }
}
