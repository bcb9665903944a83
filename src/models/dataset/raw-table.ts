/**
 * Turns a table of text cells (a CSV or Parquet file read into memory) into a column-typed
 * Dataset: the typing rules for numbers, missing values and the target live here, free of I/O.
 */
import type { Column, Dataset } from '../domain/dataset.js';
import { ModelError } from './model-error.js';

/** A file's cells as text, row by row, with the position each row had in the file. */
export interface RawTable {
  names: readonly string[];
  rows: ReadonlyArray<ReadonlyArray<string | null>>;
  /** Line number in the file (CSV) or 1-based row number (Parquet) of each row, for error texts. */
  positions: ArrayLike<number>;
  /** What `positions` count: file lines or data rows. */
  positionUnit: 'line' | 'row';
}

export interface TargetOptions {
  /** The target column; it is never a candidate variable. */
  target: string;
  /**
   * The target value that means bad (the event predicted). Every other non-missing value is good,
   * so `bad: 'bad'` with values good/bad/unknown counts unknown as good: recode first if that is
   * not what you mean. A number matches numerically (`1` matches `1`, `1.0`, `1e0`).
   */
  bad: string | number;
  /** Columns that are neither target nor candidate (ids, dates, leakage). */
  exclude?: readonly string[];
}

// Tokens that mean "no value" in exported files, compared case-insensitively after trimming.
// "none" is deliberately absent: it is a real category in many credit files (e.g. no guarantor).
const MISSING = new Set(['', 'na', 'n/a', 'null', 'nan']);
// Plain decimal notation only, so hex ("0x1F"), "Infinity" and blanks stay text.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The cell with surrounding blanks removed, or null when it is one of the missing-value tokens. */
export function cleanCell(cell: string | null | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  const t = cell.trim();
  return MISSING.has(t.toLowerCase()) ? null : t;
}

/** The number a cleaned cell holds, or NaN when it is not plain decimal notation. */
export function parseDecimal(text: string): number {
  if (!DECIMAL.test(text)) return NaN;
  const v = Number(text);
  return Number.isFinite(v) ? v : NaN;
}

function invalid(zh: string, en: string, field: string): ModelError {
  return new ModelError('DATASET_INVALID', { zh, en }, { field });
}

/**
 * Types every column and reads the target. A column is numeric when every non-missing value is a
 * finite decimal number, categorical otherwise; missing cells become NaN or null.
 */
export function datasetFromTable(table: RawTable, options: TargetOptions): Dataset {
  const { names, rows } = table;
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw invalid(`列名 "${n}" 重复`, `Column name "${n}" appears twice`, n);
    seen.add(n);
  }
  const targetAt = names.indexOf(options.target);
  if (targetAt < 0) throw invalid(`找不到目标列 "${options.target}"`, `The target column "${options.target}" is not in the file`, options.target);
  const exclude = new Set(options.exclude ?? []);
  for (const e of exclude) {
    if (!seen.has(e)) throw invalid(`排除列 "${e}" 不在文件中`, `The excluded column "${e}" is not in the file`, e);
  }
  if (rows.length === 0) throw invalid('文件中没有数据行', 'The file has no data rows', 'file');

  const unit = table.positionUnit === 'line' ? { zh: '行', en: 'line' } : { zh: '数据行', en: 'row' };
  const target = new Uint8Array(rows.length);
  const badNumber = typeof options.bad === 'number' ? options.bad : NaN;
  const badText = String(options.bad);
  let bads = 0;
  for (let i = 0; i < rows.length; i++) {
    const t = cleanCell(rows[i]![targetAt]);
    if (t === null) {
      const at = table.positions[i]!;
      throw invalid(`第 ${at} ${unit.zh}的目标列 "${options.target}" 为空`, `The target "${options.target}" is missing on ${unit.en} ${at}`, options.target);
    }
    const isBad = typeof options.bad === 'number' ? parseDecimal(t) === badNumber : t === badText;
    if (isBad) {
      target[i] = 1;
      bads++;
    }
  }
  if (bads === 0 || bads === rows.length) {
    const which = bads === 0 ? { zh: '没有坏样本', en: 'no bad rows' } : { zh: '没有好样本', en: 'no good rows' };
    throw invalid(
      `目标列 "${options.target}" 只有一个类别(${which.zh};坏样本取值为 "${badText}")`,
      `The target "${options.target}" has only one class (${which.en}; the bad value is "${badText}")`,
      options.target,
    );
  }

  const columns: Column[] = [];
  names.forEach((name, j) => {
    if (j === targetAt || exclude.has(name)) return;
    columns.push(typeColumn(name, rows, j));
  });
  return { rows: rows.length, columns, target };
}

/** A sample to score (no target): every column but `exclude`, typed by the same rules as training data. */
export function scoringSampleFromTable(table: RawTable, exclude: readonly string[] = []): Dataset {
  if (table.rows.length === 0) throw invalid('文件中没有数据行', 'The file has no data rows', 'file');
  const skip = new Set(exclude);
  const columns: Column[] = [];
  table.names.forEach((name, j) => {
    if (!skip.has(name)) columns.push(typeColumn(name, table.rows, j));
  });
  return { rows: table.rows.length, columns };
}

function typeColumn(name: string, rows: RawTable['rows'], j: number): Column {
  const n = rows.length;
  const text = new Array<string | null>(n);
  const numbers = new Float64Array(n);
  let numeric = true;
  for (let i = 0; i < n; i++) {
    const c = cleanCell(rows[i]![j]);
    text[i] = c;
    if (c === null) numbers[i] = NaN;
    else if (numeric) {
      const v = parseDecimal(c);
      if (Number.isNaN(v)) numeric = false;
      numbers[i] = v;
    }
  }
  return numeric ? { kind: 'numeric', name, values: numbers } : { kind: 'categorical', name, values: text };
}
