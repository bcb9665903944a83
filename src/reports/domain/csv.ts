/**
 * One report table as CSV that Excel opens correctly: UTF-8 with a byte-order mark (without it
 * Excel on a Chinese Windows reads the headers as GBK mojibake), CRLF line ends, RFC 4180 quoting.
 * Pure.
 */
import { type Cell, heading, type ReportTable } from './report-tables.js';

/**
 * Text that a spreadsheet would run as a formula (= + - @, tab, CR) is led by an apostrophe:
 * queue names and reason codes are written by people, and a CSV must not carry commands.
 */
function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function field(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = neutralise(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(table: ReportTable): string {
  const lines = [table.columns.map((c) => field(heading(c))), ...table.rows.map((row) => row.map(field))];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

/** Data rows in a table (what the audit log records as exported). */
export const rowCount = (tables: readonly ReportTable[]): number => tables.reduce((n, t) => n + t.rows.length, 0);
