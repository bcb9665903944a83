import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeTinyParquet } from '../../test-support/tiny-parquet-writer.js';
import type { Column } from '../domain/dataset.js';
import { loadDataset, parseCsvTable } from './load-dataset.js';
import { ModelError } from './model-error.js';
import { cleanCell, datasetFromTable, parseDecimal } from './raw-table.js';

const dir = mkdtempSync(join(tmpdir(), 'fengkong-load-dataset-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function file(ext: string, content: string): string {
  const path = join(dir, `d${++fileNo}${ext}`);
  writeFileSync(path, content);
  return path;
}

function col(columns: readonly Column[], name: string): Column {
  const c = columns.find((x) => x.name === name);
  assert.ok(c, `column ${name}`);
  return c;
}

test('missing tokens and decimal parsing', () => {
  const cases: Array<[string | null, string | null]> = [
    ['', null],
    ['  ', null],
    ['NA', null],
    ['na', null],
    ['N/A', null],
    ['null', null],
    ['NULL', null],
    ['NaN', null],
    ['none', 'none'],
    [' 12 ', '12'],
    [null, null],
  ];
  for (const [input, expected] of cases) assert.equal(cleanCell(input), expected, String(input));
  const numbers: Array<[string, number]> = [
    ['12', 12],
    ['-3.5', -3.5],
    ['+.5', 0.5],
    ['1e3', 1000],
    ['1.', 1],
    ['0x1F', NaN],
    ['Infinity', NaN],
    ['1,000', NaN],
    ['abc', NaN],
  ];
  for (const [input, expected] of numbers) assert.ok(Object.is(parseDecimal(input), expected), input);
});

test('CSV: numeric and categorical typing, missing values, bad label, exclude', async () => {
  const path = file('.csv', '\ufeffid,age,city,income,y\n1,30,bj,NA,bad\n2,,sh,5000,good\n3,45,null,7000,good\n4,51,bj,1e4,other\n');
  const data = await loadDataset(path, { target: 'y', bad: 'bad', exclude: ['id'] });
  assert.equal(data.rows, 4);
  assert.deepEqual(data.columns.map((c) => [c.name, c.kind]), [['age', 'numeric'], ['city', 'categorical'], ['income', 'numeric']]);
  assert.deepEqual([...data.target!], [1, 0, 0, 0], 'values other than the bad label are good');
  const age = col(data.columns, 'age');
  assert.equal(age.kind, 'numeric');
  assert.deepEqual([...(age.values as Float64Array)].map((v) => (Number.isNaN(v) ? 'NaN' : v)), [30, 'NaN', 45, 51]);
  assert.deepEqual(col(data.columns, 'city').values, ['bj', 'sh', null, 'bj']);
  assert.deepEqual([...(col(data.columns, 'income').values as Float64Array)].slice(1), [5000, 7000, 10000]);
});

test('CSV: a numeric bad label matches numerically; a column with one text value is categorical', async () => {
  const path = file('.csv', 'x,flag\n1,1.0\n2,0\n3,1\nx4,0\n');
  const data = await loadDataset(path, { target: 'flag', bad: 1 });
  assert.deepEqual([...data.target!], [1, 0, 1, 0]);
  assert.equal(col(data.columns, 'x').kind, 'categorical');
});

test('CSV errors are typed, bilingual and name the column or line', async () => {
  const cases: Array<[string, string, RegExp, string | undefined]> = [
    ['empty file', '', /empty/, 'file'],
    ['header only', 'a,y\n', /no data rows/, 'file'],
    ['no target column', 'a,b\n1,2\n', /target column "y" is not in the file/, 'y'],
    ['one class', 'a,y\n1,good\n2,good\n', /only one class \(no bad rows/, 'y'],
    ['all bad', 'a,y\n1,bad\n2,bad\n', /only one class \(no good rows/, 'y'],
    ['missing target', 'a,y\n1,good\n2,\n3,bad\n', /missing on line 3/, 'y'],
    ['duplicate column', 'a,a,y\n1,2,bad\n', /appears twice/, 'a'],
    ['ragged row', 'a,y\n1,bad\n2\n', /Malformed CSV/, 'file'],
  ];
  for (const [name, content, message, field] of cases) {
    await assert.rejects(loadDataset(file('.csv', content), { target: 'y', bad: 'bad' }), (err: unknown) => {
      assert.ok(err instanceof ModelError, name);
      assert.equal(err.code, 'DATASET_INVALID', name);
      assert.match(err.text.en, message, name);
      assert.ok(err.text.zh.length > 0, `${name}: has a Chinese text`);
      assert.equal(err.field, field, name);
      return true;
    });
  }
  await assert.rejects(loadDataset(file('.csv', 'a,y\n1,bad\n2,good\n'), { target: 'y', bad: 'bad', exclude: ['zz'] }), /excluded column "zz"/);
});

test('the line named for a missing target counts quoted line breaks', () => {
  const table = parseCsvTable('note,y\n"two\nlines",bad\nx,\n');
  assert.throws(() => datasetFromTable(table, { target: 'y', bad: 'bad' }), /missing on line 4/);
});

test('Parquet: the same typing rules as CSV', async () => {
  const path = join(dir, 'sample.parquet');
  writeTinyParquet(
    path,
    [
      { name: 'amount', type: 'DOUBLE', values: [100.5, null, 300, 50] },
      { name: 'count', type: 'INT64', values: [1n, 2n, null, 4n] },
      { name: 'channel', type: 'BYTE_ARRAY', converted: 'UTF8', values: ['app', 'web', null, 'NA'] },
      { name: 'vip', type: 'BOOLEAN', values: [true, false, null, true] },
      { name: 'label', type: 'INT32', values: [1, 0, 0, 1] },
    ],
    3,
  );
  const data = await loadDataset(path, { target: 'label', bad: 1 });
  assert.equal(data.rows, 4);
  assert.deepEqual(data.columns.map((c) => [c.name, c.kind]), [['amount', 'numeric'], ['count', 'numeric'], ['channel', 'categorical'], ['vip', 'categorical']]);
  assert.deepEqual([...data.target!], [1, 0, 0, 1]);
  assert.deepEqual([...(col(data.columns, 'count').values as Float64Array)].map((v) => (Number.isNaN(v) ? null : v)), [1, 2, null, 4]);
  assert.deepEqual(col(data.columns, 'channel').values, ['app', 'web', null, null]);
  assert.deepEqual(col(data.columns, 'vip').values, ['true', 'false', null, 'true']);
  await assert.rejects(loadDataset(file('.parquet', 'not parquet at all'), { target: 'label', bad: 1 }), (e: unknown) => e instanceof ModelError && /Parquet/.test(e.message));
});

test('germancredit.csv loads as 1,000 rows, 300 bad, 20 candidate variables', async () => {
  const data = await loadDataset('/work/shared/data/germancredit.csv', { target: 'creditability', bad: 'bad' });
  assert.equal(data.rows, 1000);
  assert.equal(data.target!.reduce((a, b) => a + b, 0), 300);
  assert.equal(data.columns.length, 20);
  assert.equal(col(data.columns, 'duration_in_month').kind, 'numeric');
  assert.equal(col(data.columns, 'purpose').kind, 'categorical');
  assert.equal(col(data.columns, 'telephone').kind, 'categorical', 'quoted values with commas stay one cell');
});
