/**
 * `fengkong keys rotate|status` as operators run them: on a stopped embedded store the command
 * re-encrypts itself; on one held by a running service it installs the key and the service does
 * the work; on PostgreSQL it runs beside a service that keeps ingesting; keys from the
 * environment are refused with directions. Needs `npm run build`.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyRotation, oldKeyTotal } from '../pii/key-rotation.js';
import { newKeyFileText } from '../pii/keyring.js';
import { assertResealed, keyedStore, recordsWithPii, sealedSnapshot } from '../test-support/key-files.js';
import { TEST_DATABASE_URL } from '../test-support/stores.js';

const BIN = join(process.cwd(), 'bin', 'fengkong.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like run, without blocking this process (whose platform must keep working meanwhile). */
async function runAsync(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const [status] = (await once(child, 'close')) as [number | null];
  return { status, stdout, stderr };
}

const lastJson = (r: Run) => JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;

test('keys rotate on a stopped embedded store re-encrypts everything itself; status shows it', { timeout: 120_000 }, async () => {
  const ks = keyedStore('pglite');
  try {
    const p = await ks.open();
    const results = await p.ingest.ingest(recordsWithPii(6), { source: 'crm' });
    assert.ok(results.every((r) => r.status === 'stored'));
    const before = await sealedSnapshot(p.db);
    await p.close();

    const status1 = run(['keys', 'status', '--json', '--data-dir', ks.dataDir], ks.env);
    assert.equal(status1.status, 0, status1.stderr);
    assert.deepEqual([lastJson(status1).activeKeyId, lastJson(status1).remainingUnderOldKeys], ['k1', 0]);

    const rotated = run(['keys', 'rotate', '--json', '--data-dir', ks.dataDir], ks.env);
    assert.equal(rotated.status, 0, rotated.stderr);
    const summary = lastJson(rotated);
    assert.deepEqual([summary.previousKeyId, summary.keyId, summary.remainingUnderOldKeys], ['k1', 'k2', 0]);

    const shown = run(['keys', 'status', '--data-dir', ks.dataDir], ks.env);
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /active key: k2 .*all keys: k1, k2/);
    assert.match(shown.stdout, /values under old keys: 0/);
    const verify = run(['audit', 'verify', '--json', '--data-dir', ks.dataDir], ks.env);
    assert.equal(verify.status, 0, verify.stderr);

    const q = await ks.open();
    const n = assertResealed(before, await sealedSnapshot(q.db), q.vault, 'k2');
    assert.equal(summary.reencrypted, n);
    const actions = (await q.audit.query({ action: 'pii.keys.rotate' })).map((e) => e.actorId);
    assert.ok(actions.length === 1 && actions[0]!.startsWith('cli:'));
  } finally {
    await ks.cleanup();
  }
});

test('keys rotate on an embedded store held by a running service: the key is installed, the service re-encrypts', { timeout: 120_000 }, async () => {
  const ks = keyedStore('pglite');
  try {
    const p = await ks.open({ watchKeys: { intervalMs: 50, settleMs: 50 } });
    await p.keyWatcher!.settled();
    await p.ingest.ingest(recordsWithPii(6), { source: 'crm' });
    const before = await sealedSnapshot(p.db);

    // spawnSync blocks this process: its watcher can only notice the change after the command returns.
    const rotated = run(['keys', 'rotate', '--json', '--data-dir', ks.dataDir], ks.env);
    const reloaded = once(p.keyWatcher!, 'reloaded');
    assert.equal(rotated.status, 0, rotated.stderr);
    assert.deepEqual([lastJson(rotated).keyId, lastJson(rotated).background], ['k2', true]);
    const text = run(['keys', 'status', '--data-dir', ks.dataDir], ks.env);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /存储正被运行中的服务使用/);
    assert.match(text.stdout, /fengkong_pii_values_under_old_keys/);

    await reloaded;
    const summary = await p.keyWatcher!.settled();
    assert.equal(summary?.remainingUnderOldKeys, 0);
    assertResealed(before, await sealedSnapshot(p.db), p.vault, 'k2');
  } finally {
    await ks.cleanup();
  }
});

test('keys rotate on PostgreSQL beside a service that keeps ingesting: nothing left under the old key', { timeout: 120_000 }, async () => {
  const ks = keyedStore('postgres');
  try {
    // The running service, polling its key file at the production interval.
    const server = await ks.open({ watchKeys: true });
    await server.keyWatcher!.settled();
    await server.ingest.ingest(recordsWithPii(10), { source: 'crm' });
    let stop = false;
    let written = 0;
    const writer = (async () => {
      while (!stop) {
        const r = await server.ingest.ingest(recordsWithPii(1, 'live'), { source: 'app' });
        assert.ok(r.every((x) => x.status === 'stored'));
        written++;
        await sleep(20);
      }
    })();

    const rotated = await runAsync(['keys', 'rotate', '--json', '--database-url', TEST_DATABASE_URL], ks.env);
    stop = true;
    await writer;
    assert.equal(rotated.status, 0, rotated.stderr);
    const summary = lastJson(rotated);
    assert.deepEqual([summary.keyId, summary.remainingUnderOldKeys], ['k2', 0]);
    assert.match(rotated.stderr, /^$/, 'with --json, no progress lines');
    assert.ok(written > 0);
    assert.equal(server.vault.activeKeyId, 'k2');
    await server.keyWatcher!.settled();
    assert.equal(oldKeyTotal(await new KeyRotation(server.db, server.vault).usage(), 'k2'), 0);

    const status = run(['keys', 'status', '--json', '--database-url', TEST_DATABASE_URL], ks.env);
    assert.equal(status.status, 0, status.stderr);
    assert.deepEqual([lastJson(status).activeKeyId, lastJson(status).remainingUnderOldKeys], ['k2', 0]);
  } finally {
    await ks.cleanup();
  }
});

test('keys from FENGKONG_PII_KEYS are not rotated: a bilingual refusal that says what to do, without key material', () => {
  const keys = newKeyFileText();
  const ks = keyedStore('pglite');
  try {
    const r = run(['keys', 'rotate', '--data-dir', ks.dataDir], { FENGKONG_PII_KEYS: keys, FENGKONG_DEMO: '0' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /PII_KEYS_FROM_ENV/);
    assert.match(r.stderr, /无法由本工具轮换/);
    assert.match(r.stderr, /cannot be rotated by this tool/);
    const parsed = JSON.parse(keys) as { keys: Record<string, string>; index: string };
    for (const secret of [parsed.index, ...Object.values(parsed.keys)]) assert.ok(!(r.stdout + r.stderr).includes(secret), 'no key material in the output');
  } finally {
    void ks.cleanup();
  }
});
