/**
 * `fengkong backup` and `fengkong restore` as operators run them: refused while a server holds the
 * embedded store; a round trip into a new data directory and into PostgreSQL; a second restore
 * refused; the wrong keys reported (exit 2, not audited); no key file created out of nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { newKeyFileText } from '../pii/keyring.js';
import { loadRealData } from '../test-support/backup-data.js';
import { dropSchema, openTestPlatform, tempDir, TEST_DATABASE_URL, uniqueSchema } from '../test-support/stores.js';

const BIN = join(process.cwd(), 'bin', 'fengkong.js');
const dirs: string[] = [];
const schemas: string[] = [];

after(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(s);
});

function run(args: string[], env: NodeJS.ProcessEnv) {
  const { DATABASE_URL: _, FENGKONG_PII_KEYS: __, FENGKONG_DB_SCHEMA: ___, ...base } = process.env;
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...base, FENGKONG_DEMO: '0', ...env }, encoding: 'utf8' });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(last) as Record<string, unknown>;
  } catch {
    // human output
  }
  return { status: r.status, json, stdout: r.stdout, stderr: r.stderr };
}

test('backup and restore through the CLI', { timeout: 240_000 }, async () => {
  const tp = await openTestPlatform('pglite');
  dirs.push(tp.dataDir);
  const keys = { FENGKONG_PII_KEYS: tp.env.FENGKONG_PII_KEYS! };
  const work = tempDir('backup-cli');
  dirs.push(work);
  const file = join(work, 'fk.backup.gz');
  await loadRealData(tp.platform, 'cli');

  const locked = run(['backup', '--out', file, '--data-dir', tp.dataDir], keys);
  assert.equal(locked.status, 1);
  assert.match(locked.stderr, /正被运行中的进程.*pid.*\n.*stop fengkong serve first/);
  assert.equal(existsSync(file), false);
  await tp.platform.close();

  const backup = run(['backup', '--out', file, '--data-dir', tp.dataDir, '--json'], keys);
  assert.equal(backup.status, 0, backup.stderr);
  const tables = backup.json.tables as Record<string, number>;
  assert.ok(tables.events! > 0 && tables.audit_log! > 0 && (backup.json.rows as number) > 20);
  assert.equal(backup.stderr, '', 'no progress lines with --json');

  const restoredDir = tempDir('backup-cli-target');
  dirs.push(restoredDir);
  const restore = run(['restore', file, '--data-dir', restoredDir], keys);
  assert.equal(restore.status, 0, restore.stderr);
  assert.match(restore.stderr, /audit_log\s+\d+ 行 rows/, 'progress per table on stderr');
  assert.match(restore.stdout, /恢复完成 \/ restored: \d+ 张表 tables/);
  assert.match(restore.stdout, /审计链完整 \/ audit chain intact/);
  assert.equal(run(['audit', 'verify', '--data-dir', restoredDir, '--json'], keys).status, 0);

  const again = run(['restore', file, '--data-dir', restoredDir], keys);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /RESTORE_TARGET_NOT_EMPTY: 目标存储不是空的.* \/ The target store is not empty/);

  const otherKeys = tempDir('backup-cli-otherkeys');
  dirs.push(otherKeys);
  const wrong = run(['restore', file, '--data-dir', otherKeys, '--json'], { FENGKONG_PII_KEYS: newKeyFileText() });
  assert.equal(wrong.status, 2);
  const keyring = wrong.json.keyring as { ok: boolean; auditChain: { ok: boolean }; wrongKeyIds: string[] };
  assert.deepEqual([keyring.ok, keyring.auditChain.ok, keyring.wrongKeyIds, wrong.json.audited], [false, false, ['k1'], false]);

  const noKeyFile = tempDir('backup-cli-nokeys');
  dirs.push(noKeyFile);
  const refused = run(['restore', file, '--data-dir', noKeyFile], {});
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /no PII key file at .*keys\.json/);
  assert.equal(existsSync(join(noKeyFile, 'keys.json')), false, 'never a new key file');

  // The same file into PostgreSQL, and a backup from there.
  const schema = uniqueSchema();
  schemas.push(schema);
  const pg = { ...keys, FENGKONG_DB_SCHEMA: schema };
  const toPg = run(['restore', file, '--database-url', TEST_DATABASE_URL, '--json'], pg);
  assert.equal(toPg.status, 0, toPg.stderr);
  assert.deepEqual(toPg.json.tables, tables);
  const fromPg = run(['backup', '--out', join(work, 'pg.backup.gz'), '--database-url', TEST_DATABASE_URL], pg);
  assert.equal(fromPg.status, 0, fromPg.stderr);
  assert.match(fromPg.stdout, /备份完成 \/ backup written: .*pg\.backup\.gz/);
  assert.match(fromPg.stdout, /The backup holds no keys/);
});
