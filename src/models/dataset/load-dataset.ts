/**
 * Loads a CSV or Parquet file into a Dataset for training or scoring (the only I/O of the
 * modelling code). The whole file is held in memory: training needs every row at once anyway.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { Dataset } from '../domain/dataset.js';
import { ModelError } from './model-error.js';
import { datasetFromTable, type RawTable, type TargetOptions } from './raw-table.js';

export type { TargetOptions } from './raw-table.js';

export interface LoadDatasetOptions extends TargetOptions {
  /** File format; by default `.parquet`/`.pq` files are Parquet and everything else CSV. */
  format?: 'csv' | 'parquet';
  /** CSV field delimiter (default `,`). */
  delimiter?: string;
}

/**
 * Reads a file into a Dataset: target value `bad` → 1, any other value → 0; a numeric column is one
 * whose every non-missing value is a decimal number; '', NA, N/A, null and NaN are missing.
 *
 * @example
 * const data = await loadDataset('germancredit.csv', { target: 'creditability', bad: 'bad' });
 */
export async function loadDataset(path: string, options: LoadDatasetOptions): Promise<Dataset> {
  const ext = extname(path).toLowerCase();
  const format = options.format ?? (ext === '.parquet' || ext === '.pq' ? 'parquet' : 'csv');
  const table = format === 'parquet' ? await readParquetTable(path) : parseCsvTable(await readFile(path, 'utf8'), options.delimiter);
  return datasetFromTable(table, options);
}

/** A CSV text as a RawTable: first row the header, blank lines skipped, BOM removed. */
export function parseCsvTable(text: string, delimiter = ','): RawTable {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, delimiter, info: true, skip_empty_lines: true, relax_column_count: false }) as never;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    const where = line === undefined ? { zh: '', en: '' } : { zh: `(第 ${line} 行)`, en: ` (line ${line})` };
    throw new ModelError('DATASET_INVALID', { zh: `CSV 格式错误${where.zh}`, en: `Malformed CSV${where.en}` }, { field: 'file', cause: err });
  }
  const head = records[0];
  if (!head) throw new ModelError('DATASET_INVALID', { zh: '文件为空', en: 'The file is empty' }, { field: 'file' });
  const rows = records.slice(1).map((r) => r.record);
  const positions = records.slice(1).map((r) => r.info.lines);
  return { names: head.record.map((n) => n.trim()), rows, positions, positionUnit: 'line' };
}

/** A Parquet value as the text a CSV would hold, so both formats follow one typing rule. */
function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

async function readParquetTable(path: string): Promise<RawTable> {
  let file;
  let metadata;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (err) {
    throw new ModelError('DATASET_INVALID', { zh: '不是有效的 Parquet 文件', en: 'Not a valid Parquet file' }, { field: 'file', cause: err });
  }
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  const objects = await parquetReadObjects({ file, metadata });
  const rows = objects.map((o) => names.map((n) => cellText(o[n])));
  const positions = Uint32Array.from(rows, (_r, i) => i + 1);
  return { names, rows, positions, positionUnit: 'row' };
}
