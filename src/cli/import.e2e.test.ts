/**
 * `fengkong import` as a risk team runs it, on a 100,000-line JSON Lines file with 5% broken lines:
 * every good record is stored once, every bad line is reported with its line and reason, the exit
 * code says "partial", and importing the same file again adds nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { demoRecords } from '../demo/demo-records.js';
import { openPglite } from '../store/pglite-client.js';
import { tempDir } from '../test-support/stores.js';
import { EXIT_PARTIAL } from './commands/import.js';

const BIN = join(process.cwd(), 'bin', 'fengkong.js');
const LINES = 100_000;
const BAD_KINDS = ['invalid_json', 'wrong_type', 'missing_field', 'impossible_timestamp', 'duplicate'] as const;

const dir = tempDir('import-e2e');
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the file; returns the 1-based line numbers of bad lines by kind. */
function writeFile(path: string): { bad: Map<number, (typeof BAD_KINDS)[number]>; good: number } {
  const lines: string[] = [];
  const bad = new Map<number, (typeof BAD_KINDS)[number]>();
  const events = demoRecords({ customers: 2_300, days: 30, seed: 11 });
  let good = 0;
  let k = 0;
  for (const { file, record } of events) {
    if (lines.length >= LINES) break;
    if (file !== 'events') continue;
    if (lines.length % 20 === 19) {
      const kind = BAD_KINDS[k++ % BAD_KINDS.length]!;
      const broken: Record<string, unknown> = { ...record, id: `broken-${lines.length}` };
      let text: string;
      switch (kind) {
        case 'invalid_json':
          text = JSON.stringify(broken).slice(0, -7);
          break;
        case 'wrong_type':
          text = JSON.stringify({ ...broken, occurredAt: 20_261_120 });
          break;
        case 'missing_field':
          // customerId is optional on a custody-bank line; its bank reference is not.
          delete broken[broken.type === 'custody_statement' ? 'bankTxnRef' : 'customerId'];
          text = JSON.stringify(broken);
          break;
        case 'impossible_timestamp':
          text = JSON.stringify({ ...broken, occurredAt: '2026-02-30T10:00:00+08:00' });
          break;
        case 'duplicate':
          text = lines[lines.length - 7]!;
          break;
      }
      bad.set(lines.length + 1, kind);
      lines.push(text);
      continue;
    }
    lines.push(JSON.stringify(record));
    good++;
  }
  assert.equal(lines.length, LINES, 'the demo produced enough events');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { bad, good };
}

function runImport(file: string, dataDir: string, report: string) {
  const r = spawnSync(process.execPath, [BIN, 'import', file, '--data-dir', dataDir, '--errors', report, '--json'], {
    env: { ...process.env, FENGKONG_LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 240_000,
  });
  assert.equal(r.error, undefined);
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  assert.ok(last.startsWith('{'), `import printed no summary (exit ${r.status}): ${r.stderr.slice(0, 2_000)}`);
  return { code: r.status, summary: JSON.parse(last) as Record<string, unknown>, stderr: r.stderr };
}

async function storedEvents(dataDir: string): Promise<number> {
  const db = await openPglite(dataDir);
  try {
    return Number((await db.query('SELECT count(*)::int AS n FROM events')).rows[0]!.n);
  } finally {
    await db.close();
  }
}

test('a 100,000-line file with 5% broken lines imports partially, reports each bad line, and re-imports nothing', async () => {
  const file = join(dir, 'events.jsonl');
  const dataDir = join(dir, 'data');
  const { bad, good } = writeFile(file);
  const duplicates = [...bad.values()].filter((k) => k === 'duplicate').length;
  const refused = bad.size - duplicates;

  const first = runImport(file, dataDir, join(dir, 'report-1.csv'));
  assert.equal(first.code, EXIT_PARTIAL, first.stderr);
  assert.equal(first.summary.status, 'partial');
  assert.equal(first.summary.lines, LINES);
  assert.equal(first.summary.stored, good);
  assert.equal(first.summary.rejected, refused);
  assert.equal(first.summary.duplicateInFile, duplicates);
  assert.equal(await storedEvents(dataDir), good);

  // Every bad line, and no good one, is in the report with a field and a reason.
  const rows = readFileSync(join(dir, 'report-1.csv'), 'utf8').trim().split('\n').slice(1);
  const reported = new Map<number, string[]>();
  for (const row of rows) {
    const [line, , field, reason] = row.split(',');
    reported.set(Number(line), [...(reported.get(Number(line)) ?? []), `${field}:${reason}`]);
  }
  assert.deepEqual([...reported.keys()].sort((a, b) => a - b), [...bad.keys()].sort((a, b) => a - b));
  const expectReason: Record<(typeof BAD_KINDS)[number], RegExp> = {
    invalid_json: /^:invalid_json$/,
    wrong_type: /^occurredAt:type$/,
    missing_field: /:required$/,
    impossible_timestamp: /^occurredAt:timestamp_impossible$/,
    duplicate: /^id:duplicate_in_file$/,
  };
  for (const [line, kind] of bad) {
    assert.ok(reported.get(line)!.some((r) => expectReason[kind].test(r)), `line ${line} (${kind}): ${reported.get(line)}`);
  }

  const second = runImport(file, dataDir, join(dir, 'report-2.csv'));
  assert.equal(second.code, EXIT_PARTIAL);
  assert.equal(second.summary.stored, 0);
  assert.equal(second.summary.updated, 0);
  assert.equal(second.summary.duplicate, good + duplicates);
  assert.equal(await storedEvents(dataDir), good);
});
