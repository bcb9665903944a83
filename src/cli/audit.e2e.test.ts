/** `fengkong audit verify` as operators run it: exit 0 on an intact chain, 1 at the first broken entry. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openPglite } from '../store/pglite-client.js';
import { openTestPlatform } from '../test-support/stores.js';

const BIN = join(process.cwd(), 'bin', 'fengkong.js');

test('audit verify: intact, then broken at the edited entry', { timeout: 120_000 }, async () => {
  const tp = await openTestPlatform('pglite');
  const dir = tp.dataDir;
  try {
    await tp.platform.decisions(); // the default pack becomes version 1 of six strategies: six entries
    await tp.platform.close();
    const run = () => {
      const r = spawnSync(process.execPath, [BIN, 'audit', 'verify', '--data-dir', dir, '--json'], { env: { ...process.env, ...tp.env }, encoding: 'utf8' });
      return { status: r.status, out: JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { ok: boolean; entries: number; broken?: { seq: number; reason: string } }, stderr: r.stderr };
    };
    const good = run();
    assert.equal(good.status, 0, good.stderr);
    assert.deepEqual([good.out.ok, good.out.entries], [true, 6]);

    const db = await openPglite(dir);
    await db.query(`UPDATE audit_log SET detail = replace(detail, '"version":1', '"version":9') WHERE seq = 4`);
    await db.close();
    const bad = run();
    assert.equal(bad.status, 1);
    assert.deepEqual([bad.out.ok, bad.out.broken?.seq, bad.out.broken?.reason], [false, 4, 'edited']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
