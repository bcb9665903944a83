/**
 * Rotation while the service keeps running: an open platform follows its key file, re-encrypts
 * in the background and audits it; a restart resumes unfinished work; on PostgreSQL a second
 * instance rotates while the first keeps ingesting, and nothing is lost or left under the old key.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Platform } from '../app/platform.js';
import { SYSTEM_ACTOR } from '../audit/audit-log.js';
import { newTotpSecret } from '../identity/domain/totp.js';
import { TEST_PASSWORD } from '../test-support/identity.js';
import { assertResealed, keyedStore, recordsWithPii, sealedSnapshot } from '../test-support/key-files.js';
import { rotateKeyFile } from './key-file-rotation.js';
import { KeyRotation, oldKeyTotal } from './key-rotation.js';
import { type KeyFile, parseKeyFile } from './keyring.js';
import { PiiVault } from './pii-vault.js';

// Short intervals keep the tests quick; production polls every 2 s.
const FAST = { intervalMs: 50, settleMs: 50, pauseMs: 0 };

async function ingestAll(p: Platform, records: Array<Record<string, unknown>>): Promise<void> {
  const results = await p.ingest.ingest(records, { source: 'app' });
  assert.deepEqual([...new Set(results.map((r) => r.status))], ['stored']);
}

async function gauge(p: Platform): Promise<number | undefined> {
  const m = await p.metrics.registry.getSingleMetric('fengkong_pii_values_under_old_keys')?.get();
  return m?.values[0]?.value;
}

test('embedded: an open platform picks up a rotated key file and re-encrypts in the background', { timeout: 60_000 }, async () => {
  const ks = keyedStore('pglite');
  try {
    const p = await ks.open({ watchKeys: FAST });
    const w = p.keyWatcher!;
    await w.settled(); // first start: a quick check that nothing waits under an old key
    await ingestAll(p, recordsWithPii(8));
    const u = await p.identity.users.create({ username: 'watch-admin', roles: ['admin'], password: TEST_PASSWORD }, SYSTEM_ACTOR, { mustChangePassword: false });
    await p.db.query('UPDATE users SET totp_secret = $2 WHERE id = $1', [u.id, p.vault.encrypt(newTotpSecret('watch-admin').secret)]);
    const before = await sealedSnapshot(p.db);
    p.metrics.piiValuesUnderOldKeys(99);

    const reloaded = once(w, 'reloaded');
    rotateKeyFile(ks.keyFile);
    assert.deepEqual((await reloaded)[0], { from: 'k1', to: 'k2' });
    assert.equal(p.vault.activeKeyId, 'k2');
    const summary = await w.settled();

    const n = assertResealed(before, await sealedSnapshot(p.db), p.vault, 'k2');
    assert.deepEqual([summary?.keyId, summary?.reencrypted, summary?.remainingUnderOldKeys], ['k2', n, 0]);
    assert.equal(await gauge(p), 0);
    const rotations = await p.audit.query({ action: 'pii.keys.rotate' });
    assert.deepEqual(rotations.map((e) => [e.actorId, JSON.parse(e.detail).from, JSON.parse(e.detail).to]), [['fengkong', 'k1', 'k2']]);
    const done = await p.audit.query({ action: 'pii.keys.reencrypt' });
    assert.equal(JSON.parse(done[0]!.detail).reencrypted, n);
    assert.equal((await p.audit.verify()).ok, true);
    // Sealed under the new key from now on.
    await ingestAll(p, recordsWithPii(1, 'after'));
    assert.equal(oldKeyTotal(await new KeyRotation(p.db, p.vault).usage(), 'k2'), 0);
  } finally {
    await ks.cleanup();
  }
});

test('a value sealed under a key installed since the last poll opens at once (the vault looks again)', async () => {
  const ks = keyedStore('pglite');
  try {
    const p = await ks.open({ watchKeys: { ...FAST, intervalMs: 600_000 } });
    rotateKeyFile(ks.keyFile);
    const elsewhere = new PiiVault(parseKeyFile(readFileSync(ks.keyFile, 'utf8'))).encrypt('6222021234567890');
    assert.equal(p.vault.decrypt(elsewhere), '6222021234567890');
    assert.equal(p.vault.activeKeyId, 'k2');
    await p.keyWatcher!.settled();
  } finally {
    await ks.cleanup();
  }
});

test('a restart resumes a re-encryption that was cut short', { timeout: 60_000 }, async () => {
  const ks = keyedStore('pglite');
  try {
    const first = await ks.open();
    await ingestAll(first, recordsWithPii(5));
    const before = await sealedSnapshot(first.db);
    // The key is installed, then the process stops before re-encrypting anything.
    first.vault.reload(rotateKeyFile(ks.keyFile).keyring);
    await first.close();

    const again = await ks.open({ watchKeys: FAST });
    const summary = await again.keyWatcher!.settled();
    assert.equal(summary?.remainingUnderOldKeys, 0);
    assertResealed(before, await sealedSnapshot(again.db), again.vault, 'k2');
  } finally {
    await ks.cleanup();
  }
});

test('a key file that changes the index key or drops a key is refused: the running keys stay', async () => {
  const ks = keyedStore('pglite');
  try {
    const p = await ks.open({ watchKeys: { ...FAST, intervalMs: 600_000 } });
    const file = JSON.parse(readFileSync(ks.keyFile, 'utf8')) as KeyFile;
    const k2 = Buffer.alloc(32, 3).toString('base64');
    writeFileSync(ks.keyFile, JSON.stringify({ ...file, active: 'k2', keys: { k2 } }));
    assert.equal(p.keyWatcher!.checkNow(), false);
    writeFileSync(ks.keyFile, JSON.stringify({ ...file, index: Buffer.alloc(32, 4).toString('base64') }));
    assert.equal(p.keyWatcher!.checkNow(), false);
    writeFileSync(ks.keyFile, 'not json {');
    assert.equal(p.keyWatcher!.checkNow(), false);
    assert.equal(p.vault.activeKeyId, 'k1');
    // A good file afterwards is taken.
    writeFileSync(ks.keyFile, JSON.stringify({ ...file, active: 'k2', keys: { ...file.keys, k2 } }));
    assert.equal(p.keyWatcher!.checkNow(), true);
    assert.equal(p.vault.activeKeyId, 'k2');
    await p.keyWatcher!.settled();
  } finally {
    await ks.cleanup();
  }
});

test('postgres: a second instance rotates while the first keeps ingesting — nothing lost, nothing left under the old key', { timeout: 120_000 }, async () => {
  const ks = keyedStore('postgres');
  try {
    const a = await ks.open({ watchKeys: { intervalMs: 100, settleMs: 200, pauseMs: 0 } });
    await a.keyWatcher!.settled();
    const ingested = recordsWithPii(20, 'pre');
    await ingestAll(a, ingested);

    let stop = false;
    const writer = (async () => {
      while (!stop) {
        const batch = recordsWithPii(2, 'live');
        await ingestAll(a, batch);
        ingested.push(...batch);
      }
    })();
    await sleep(100);

    // The second instance: what `fengkong keys rotate` does on PostgreSQL.
    const b = await ks.open();
    const reloaded = once(a.keyWatcher!, 'reloaded');
    const r = rotateKeyFile(ks.keyFile);
    b.vault.reload(r.keyring);
    const cli = new KeyRotation(b.db, b.vault).reencryptAll({ batchSize: 50, settleMs: 100 + 500 });
    await reloaded;
    const writtenBeforeSwitch = ingested.length;
    // The first keeps ingesting under the new key: some batches past the switch (a busy machine
    // may take longer than the usual 400 ms to commit one).
    for (const until = Date.now() + 10_000; ingested.length <= writtenBeforeSwitch + 2 && Date.now() < until; ) await sleep(100);
    await sleep(400);
    stop = true;
    await writer;
    const summary = await cli;
    await a.keyWatcher!.settled();

    assert.ok(ingested.length > writtenBeforeSwitch, 'ingestion went on across the switch');
    assert.equal(a.vault.activeKeyId, 'k2', 'the first instance picked up the new key');
    assert.equal(summary.remainingUnderOldKeys, 0);
    assert.ok(summary.reencrypted > 0);
    const usage = await new KeyRotation(b.db, b.vault).usage();
    assert.equal(oldKeyTotal(usage, 'k2'), 0, JSON.stringify(usage));
    // Every record is there and opens to what was sent.
    for (const rec of ingested.filter((x) => x.type === 'customer' || x.type === 'transfer')) {
      const table = rec.type === 'customer' ? 'customers' : 'events';
      const row = await b.db.query<{ pii: Record<string, { c: string; h: string }> }>(`SELECT pii FROM ${table} WHERE id = $1`, [rec.id]);
      assert.ok(row.rows[0], `${rec.id} stored`);
      const field = rec.type === 'customer' ? 'phone' : 'counterpartyAccount';
      assert.equal(b.vault.decrypt(row.rows[0].pii[field]!.c), rec[field]);
      assert.equal(row.rows[0].pii[field]!.h, b.vault.hash(rec[field]));
    }
    const count = await b.db.query<{ n: number }>('SELECT count(*) AS n FROM customers');
    assert.equal(Number(count.rows[0]!.n), ingested.filter((x) => x.type === 'customer').length);
    const reloads = await a.audit.query({ action: 'pii.keys.rotate' });
    assert.ok(reloads.some((e) => JSON.parse(e.detail).trigger === 'key-file'));
    assert.equal((await a.audit.verify()).ok, true);
  } finally {
    await ks.cleanup();
  }
});
