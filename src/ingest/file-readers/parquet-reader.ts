/**
 * Reads Parquet one row group at a time with hyparquet, so memory is bounded by the largest row
 * group rather than the file. Values are made JSON-like (BigInt, Date) before the same column
 * handling as CSV.
 */
import { type AsyncBuffer, asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { assembleRecord, planColumns } from './coerce.js';
import type { ReadItem, ReadOptions } from './read-item.js';

/** A JSON-like form of a Parquet value; null for one that has no such form. */
export function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map(plainValue);
  if (ArrayBuffer.isView(value)) return value; // binary stays binary: validation refuses it by name
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainValue(v);
    return out;
  }
  return value;
}

/** Counts the bytes hyparquet fetches, for progress. */
function countingBuffer(file: AsyncBuffer, onRead: (bytes: number) => void): AsyncBuffer {
  return {
    byteLength: file.byteLength,
    slice(start, end) {
      onRead((end ?? file.byteLength) - start);
      return file.slice(start, end);
    },
  };
}

export async function* readParquet(path: string, opts: ReadOptions): AsyncGenerator<ReadItem> {
  let fetched = 0;
  const source = await asyncBufferFromFile(path);
  const total = source.byteLength;
  const file = countingBuffer(source, (n) => (fetched += n));
  const metadata = await parquetMetadataAsync(file);
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  const columns = planColumns(names, opts.type);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd });
    opts.onProgress?.(Math.min(fetched, total), total);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const cells = names.map((name) => plainValue(row[name]));
      yield { line: rowStart + i + 1, value: assembleRecord(columns, cells, opts.type) };
    }
    rowStart = rowEnd;
  }
  opts.onProgress?.(total, total);
}
