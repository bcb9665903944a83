/**
 * Memory stays bounded: the backup reads each table through a cursor page by page, the restore
 * inserts in batches by rows and by size. Any page and batch size gives the same file and the same
 * restored rows, with progress reported along the way.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { fillProbe, PROBE_DDL, tableRows } from '../test-support/backup-data.js';
import { openTestStore, tempDir, type TestStore } from '../test-support/stores.js';
import { type BackupProgress, writeBackup } from './backup-writer.js';
import { restoreBackup, type RestoreProgress } from './restore.js';

let source: TestStore;
let target: TestStore;
const dir = tempDir('backup-paging');

before(async () => {
  [source, target] = await Promise.all([openTestStore('pglite'), openTestStore('postgres')]);
  for (const s of [source, target]) await s.db.exec(PROBE_DDL);
  for (let i = 0; i < 4; i++) await fillProbe(source.db);
  await source.db.query(`INSERT INTO platform_state (key, value) SELECT 'k' || g, to_jsonb(g) FROM generate_series(1, 25) g`);
});
after(async () => {
  await source.cleanup();
  await target.cleanup();
});

const body = (file: string) => {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  return text.slice(text.indexOf('\n') + 1);
};

test('one row per page and two rows per batch give the same file and the same rows', async () => {
  const whole = join(dir, 'whole.gz');
  const paged = join(dir, 'paged.gz');
  const a = await writeBackup(source.db, whole);
  const progress: BackupProgress[] = [];
  const b = await writeBackup(source.db, paged, { pageRows: 1, onProgress: (p) => progress.push(p) });
  assert.equal(b.content.sha256, a.content.sha256);
  assert.equal(body(paged), body(whole));
  const state = progress.filter((p) => p.table === 'platform_state');
  assert.equal(state.length, 26, 'a report per page, then one when the table is done');
  assert.deepEqual(state.at(-1), { table: 'platform_state', rows: 25, done: true });

  const restoring: RestoreProgress[] = [];
  const r = await restoreBackup(target.db, paged, { batchRows: 2, batchBytes: 64, onProgress: (p) => restoring.push(p) });
  assert.equal(r.rows, b.tables.reduce((n, t) => n + t.rows, 0)); // ours and the migrations' seed rows
  assert.ok(restoring.filter((p) => p.table === 'platform_state').length >= 13);
  assert.deepEqual(restoring.filter((p) => p.done && p.table === 'backup_probe'), [{ table: 'backup_probe', rows: 12, of: 12, done: true }]);
  assert.deepEqual(await tableRows(target.db), await tableRows(source.db));
});

test('the backup is one snapshot: a row committed while it runs is not in it', async () => {
  // PostgreSQL, where other connections write at any time (the embedded store is this process's alone).
  await target.db.query(`INSERT INTO platform_state (key, value) SELECT 'many' || g, to_jsonb(g) FROM generate_series(1, 1000) g`);
  let read = 0;
  let committed = 0;
  let insert: Promise<unknown> | null = null;
  const file = join(dir, 'snapshot.gz');
  const header = await writeBackup(target.db, file, {
    pageRows: 1,
    onProgress: (p) => {
      if (p.table !== 'platform_state') return;
      read = p.rows;
      insert ??= target.db.query(`INSERT INTO platform_state (key, value) VALUES ('late', '1')`).then(() => (committed = read));
    },
  });
  await insert;
  assert.ok(committed > 0 && committed < 1025, `committed while the table was being read (after ${committed} rows)`);
  assert.equal(header.tables.find((t) => t.name === 'platform_state')!.rows, 1025);
  assert.doesNotMatch(body(file), /"late"/);
  assert.equal((await target.db.query('SELECT 1 FROM platform_state')).rowCount, 1026);
});
