import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { detectFormat, type ReadItem, type ReadOptions, readRecords } from './index.js';
import { writeTinyParquet } from '../../test-support/tiny-parquet-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'fengkong-file-readers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
function file(ext: string, content: string | Buffer): string {
  const path = join(dir, `f${++fileNo}${ext}`);
  writeFileSync(path, content);
  return path;
}

async function collect(path: string, opts: ReadOptions = {}): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readRecords(path, opts)) items.push(item);
  return items;
}

/** Items as `[line, value]` or `[line, reason]`, the shape most assertions want. */
function brief(items: readonly ReadItem[]): Array<[number, unknown]> {
  return items.map((i) => [i.line, i.error ? i.error.reason : i.value]);
}

test('detectFormat goes by extension, case-insensitively, JSON Lines when unknown', () => {
  const cases: Array<[string, string]> = [
    ['a.jsonl', 'jsonl'],
    ['a.ndjson', 'jsonl'],
    ['a.json', 'jsonl'],
    ['/x/y/A.CSV', 'csv'],
    ['a.tsv', 'csv'],
    ['a.parquet', 'parquet'],
    ['a.txt', 'jsonl'],
    ['noext', 'jsonl'],
  ];
  for (const [path, want] of cases) assert.equal(detectFormat(path), want, path);
});

test('JSON Lines: records with their lines; type defaulted, never overridden', async () => {
  const path = file('.jsonl', '{"id":"a"}\n{"id":"b","type":"payment"}\n{"id":"c"}\n');
  assert.deepEqual(brief(await collect(path, { type: 'login' })), [
    [1, { id: 'a', type: 'login' }],
    [2, { id: 'b', type: 'payment' }],
    [3, { id: 'c', type: 'login' }],
  ]);
  assert.deepEqual(brief(await collect(path)), [
    [1, { id: 'a' }],
    [2, { id: 'b', type: 'payment' }],
    [3, { id: 'c' }],
  ]);
});

test('JSON Lines: bad JSON and non-objects are error items at their lines; blank lines skipped', async () => {
  const path = file('.jsonl', '{"id":"a"}\n\n   \n{"id": 13800138000, oops\n[1,2]\n42\nnull\n"text"\n{"id":"z"}');
  const items = await collect(path);
  assert.deepEqual(brief(items), [
    [1, { id: 'a' }],
    [4, 'invalid_json'],
    [5, 'not_object'],
    [6, 'not_object'],
    [7, 'not_object'],
    [8, 'not_object'],
    [9, { id: 'z' }],
  ]);
  const bad = items[1]!.error!;
  assert.equal(bad.field, '', 'the whole record');
  assert.ok(!JSON.stringify(bad.message).includes('13800138000'), 'messages never quote the line');
});

test('JSON Lines: CRLF line ends and a leading byte-order mark', async () => {
  const path = file('.jsonl', '\uFEFF{"id":"a"}\r\n\r\n{"id":"b"}\r\n');
  assert.deepEqual(brief(await collect(path)), [
    [1, { id: 'a' }],
    [3, { id: 'b' }],
  ]);
});

test('JSON Lines: Chinese text split across read chunks comes back whole', async () => {
  const chunk = 1 << 20; // the reader's chunk size
  const name = '风控测试用户张三';
  const lines: string[] = [];
  let bytes = 0;
  // Fill with ASCII lines until the next record's '风' starts one byte before a chunk boundary.
  const prefix = '{"id":"x","name":"';
  while (true) {
    const roomLeft = chunk - 1 - bytes - Buffer.byteLength(prefix);
    if (roomLeft < 200) break;
    const filler = `{"id":"f${lines.length}","pad":"${'p'.repeat(Math.min(150, roomLeft - 200))}"}`;
    lines.push(filler);
    bytes += Buffer.byteLength(filler) + 1;
  }
  const padTo = chunk - 1 - bytes - Buffer.byteLength(prefix) - Buffer.byteLength('{"id":"g","pad":""}') - 1;
  lines.push(`{"id":"g","pad":"${'q'.repeat(padTo)}"}`);
  lines.push(`${prefix}${name}"}`);
  const straddleAt = Buffer.byteLength(lines.join('\n')) - Buffer.byteLength(`${name}"}`);
  assert.equal(straddleAt, chunk - 1, 'the first Chinese character straddles the chunk boundary');
  // More records with multi-byte text after the boundary, then a last line with no '\n'.
  for (let i = 0; i < 20_000; i++) lines.push(`{"id":"c${i}","name":"${name}${i}"}`);
  const path = file('.jsonl', lines.join('\n'));

  const progress: Array<[number, number]> = [];
  const items = await collect(path, { onProgress: (b, t) => progress.push([b, t]) });
  assert.equal(items.length, lines.length);
  assert.ok(items.every((i) => i.error === undefined));
  const straddling = items.find((i) => (i.value as { id: string }).id === 'x')!;
  assert.deepEqual(straddling, { line: lines.length - 20_000, value: { id: 'x', name } });
  assert.deepEqual(items.at(-1), { line: lines.length, value: { id: 'c19999', name: `${name}19999` } });
  const total = Buffer.byteLength(lines.join('\n'));
  assert.deepEqual(progress.at(-1), [total, total]);
  assert.ok(progress.length <= Math.ceil(total / chunk) + 1, 'progress once per chunk, not per line');
});

test('CSV: cells typed by the schema; empty omitted; attributes.* folded; type defaulted', async () => {
  const path = file(
    '.csv',
    [
      'id,customerId,emulator,rooted,attributes.vendor,attributes.batch,model',
      'd1,c1,true,0,huawei,7,P60',
      'd2,c2,FALSE,1,,,',
      'd3,c3,yes,,x,,',
    ].join('\n'),
  );
  assert.deepEqual(brief(await collect(path, { type: 'device' })), [
    [2, { id: 'd1', customerId: 'c1', emulator: true, rooted: false, model: 'P60', attributes: { vendor: 'huawei', batch: '7' }, type: 'device' }],
    [3, { id: 'd2', customerId: 'c2', emulator: false, rooted: true, type: 'device' }],
    [4, { id: 'd3', customerId: 'c3', emulator: 'yes', attributes: { vendor: 'x' }, type: 'device' }],
  ]);
});

test('CSV: numbers only from plain numerals; bad ones stay text for validation to name', async () => {
  const path = file(
    '.csv',
    ['type,id,amount,termMonths,applicationId', 'loan_application,a1,120000,12,ap1', ',a2,12.5,1e1,ap2', ',a3,12k,0x10,ap3', ',a4, 7 ,Infinity,ap4'].join('\n'),
  );
  const values = (await collect(path, { type: 'loan_application' })).map((i) => i.value as Record<string, unknown>);
  assert.deepEqual(
    values.map((v) => [v.type, v.amount, v.termMonths]),
    [
      ['loan_application', 120000, 12],
      ['loan_application', 12.5, 10],
      ['loan_application', '12k', '0x10'],
      ['loan_application', 7, 'Infinity'],
    ],
  );
});

test('CSV: quoted commas and line breaks keep every later record on its own starting line', async () => {
  const path = file('.csv', ['id,model,osVersion', 'd1,"Mate, 60","14\nbeta"', '', 'd2,"a\r\nb\r\nc",15', 'd3,x,16'].join('\n'));
  assert.deepEqual(brief(await collect(path, { type: 'device' })), [
    [2, { id: 'd1', model: 'Mate, 60', osVersion: '14\nbeta', type: 'device' }],
    [5, { id: 'd2', model: 'a\r\nb\r\nc', osVersion: '15', type: 'device' }],
    [8, { id: 'd3', model: 'x', osVersion: '16', type: 'device' }],
  ]);
});

test('CSV: CRLF files, BOM, blank rows and TSV', async () => {
  const csv = file('.csv', '\uFEFFid,model\r\nd1,"x\r\ny"\r\n,\r\n\r\nd2,z\r\n');
  assert.deepEqual(brief(await collect(csv, { type: 'device' })), [
    [2, { id: 'd1', model: 'x\r\ny', type: 'device' }],
    [6, { id: 'd2', model: 'z', type: 'device' }],
  ]);
  const tsv = file('.tsv', 'id\tmodel\nd1\tMate, 60\n');
  assert.deepEqual(brief(await collect(tsv, { type: 'device' })), [[2, { id: 'd1', model: 'Mate, 60', type: 'device' }]]);
});

test('CSV: malformed rows are error items at their lines and later rows still read', async () => {
  const path = file(
    '.csv',
    ['id,model,osVersion', 'd1,a,1', 'd2,b', 'd3,c,3,extra', 'd4,"Mate "Pro" 60",4', 'd5,e,5', 'd6,"multi', 'line",6', 'd7,g,7'].join('\n'),
  );
  const items = await collect(path, { type: 'device' });
  assert.deepEqual(brief(items), [
    [2, { id: 'd1', model: 'a', osVersion: '1', type: 'device' }],
    [3, 'invalid_csv'],
    [4, 'invalid_csv'],
    [5, 'invalid_csv'],
    [6, { id: 'd5', model: 'e', osVersion: '5', type: 'device' }],
    [7, { id: 'd6', model: 'multi\nline', osVersion: '6', type: 'device' }],
    [9, { id: 'd7', model: 'g', osVersion: '7', type: 'device' }],
  ]);
  assert.equal(items[1]!.error!.message.en, 'Malformed CSV row (2 columns where the header has 3)');
  assert.equal(items[1]!.error!.field, '');
  assert.equal(items[3]!.error!.message.en, 'Malformed CSV row (unbalanced quotes in a CSV row)');
  assert.ok(!JSON.stringify(items[3]!.error).includes('Mate'), 'messages never quote the row');
});

test('CSV: an odd stray quote swallows the rows up to the next quote, then reading resumes', async () => {
  // csv-parse stays inside the quote after the error, as any parser must guess; the swallowed row
  // (d3) is not reported on its own, but the lines on both ends are.
  const path = file('.csv', ['id,model,osVersion', 'd1,a,1', 'd2,"bad"quote,2', 'd3,c,3', 'd4,"q",4', 'd5,e,5'].join('\n'));
  assert.deepEqual(brief(await collect(path, { type: 'device' })), [
    [2, { id: 'd1', model: 'a', osVersion: '1', type: 'device' }],
    [3, 'invalid_csv'],
    [5, 'invalid_csv'],
    [6, { id: 'd5', model: 'e', osVersion: '5', type: 'device' }],
  ]);
});

test('CSV: a quote never closed is one error where its record starts', async () => {
  const path = file('.csv', ['id,model', 'd1,a', 'd2,"never closed', 'd3,c', 'd4,d'].join('\n'));
  assert.deepEqual(brief(await collect(path, { type: 'device' })), [
    [2, { id: 'd1', model: 'a', type: 'device' }],
    [3, 'invalid_csv'],
  ]);
});

test('CSV needs a record type, and says so before reading', () => {
  const path = file('.csv', 'id\nx\n');
  assert.throws(() => readRecords(path, {}), /record type/);
});

test('format option overrides the extension', async () => {
  const path = file('.txt', 'id,model\nd1,x\n');
  assert.deepEqual(brief(await collect(path, { format: 'csv', type: 'device' })), [[2, { id: 'd1', model: 'x', type: 'device' }]]);
});

test('Parquet: row groups read in turn; BigInt, Date, nulls, attributes.* and text typed as in CSV', async () => {
  const path = join(dir, 'devices.parquet');
  const seen = Date.UTC(2026, 0, 2, 3, 4, 5);
  writeTinyParquet(
    path,
    [
      { name: 'id', type: 'BYTE_ARRAY', converted: 'UTF8', values: ['d1', 'd2', '设备3'] },
      { name: 'emulator', type: 'BOOLEAN', values: [true, null, false] },
      { name: 'rooted', type: 'BYTE_ARRAY', converted: 'UTF8', values: ['true', '0', 'maybe'] },
      { name: 'small', type: 'INT64', values: [5n, -7n, null] },
      { name: 'huge', type: 'INT64', values: [null, 2n ** 60n, null] },
      { name: 'firstSeenAt', type: 'INT64', converted: 'TIMESTAMP_MILLIS', values: [seen, null, null] },
      { name: 'attributes.score', type: 'DOUBLE', values: [1.5, null, 3] },
      { name: 'attributes.tag', type: 'BYTE_ARRAY', converted: 'UTF8', values: ['a', null, ''] },
    ],
    2,
  );
  const progress: Array<[number, number]> = [];
  const items = await collect(path, { type: 'device', onProgress: (b, t) => progress.push([b, t]) });
  assert.deepEqual(brief(items), [
    [1, { id: 'd1', emulator: true, rooted: true, small: 5, firstSeenAt: '2026-01-02T03:04:05.000Z', attributes: { score: 1.5, tag: 'a' }, type: 'device' }],
    [2, { id: 'd2', rooted: false, small: -7, huge: '1152921504606846976', type: 'device' }],
    [3, { id: '设备3', emulator: false, rooted: 'maybe', attributes: { score: 3 }, type: 'device' }],
  ]);
  assert.equal(progress.length, 3, 'once per row group and once at the end');
  assert.equal(progress.at(-1)![0], progress.at(-1)![1]);
});
