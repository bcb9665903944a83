/** CSV as Excel reads it: BOM, CRLF, quoting, no formulas smuggled in through names. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { toCsv } from './csv.js';
import type { ReportTable } from './report-tables.js';

const table = (rows: ReportTable['rows']): ReportTable => ({
  section: 'volume_detail',
  sheet: 's',
  title: { zh: '表', en: 'table' },
  columns: [{ title: { zh: '队列', en: 'Queue' }, kind: 'text' }, { title: { zh: '比例', en: 'Share' }, kind: 'share' }],
  rows,
});

test('BOM, bilingual header, CRLF line ends, empty for null', () => {
  const csv = toCsv(table([['fraud', 0.75], ['kri', null]]));
  assert.equal(csv, '\uFEFF队列 / Queue,比例 / Share\r\nfraud,0.75\r\nkri,\r\n');
});

test('quotes what needs quoting, and parses back to the same text', () => {
  const names = ['a,b', 'say "hi"', 'two\nlines', '风控 队列'];
  const csv = toCsv(table(names.map((n) => [n, 1])));
  const back = parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>;
  assert.deepEqual(back.map((r) => r['队列 / Queue']), names);
});

test('text a spreadsheet would run as a formula is led by an apostrophe; numbers are left alone', () => {
  const csv = toCsv(table([['=HYPERLINK("http://x")', -0.5], ['+1', 0], ['@SUM(A1)', 1], ['-2', 2]]));
  const back = parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>;
  assert.deepEqual(back.map((r) => [r['队列 / Queue'], r['比例 / Share']]), [["'=HYPERLINK(\"http://x\")", '-0.5'], ["'+1", '0'], ["'@SUM(A1)", '1'], ["'-2", '2']]);
});
