/** The embedded store's thread: a crash fails the calls in flight as unavailable, and a new thread takes over with the data intact. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { tempDir } from '../test-support/stores.js';
import { openPglite } from './pglite-client.js';

test('a store thread that dies is replaced; committed data is still there', { timeout: 60_000 }, async () => {
  const dir = tempDir('pglite-crash');
  const db = await openPglite(dir);
  try {
    await db.exec('CREATE TABLE t (n integer)');
    await db.query('INSERT INTO t VALUES (1), (2)');
    const worker = (db as unknown as { worker: Worker }).worker;
    const inFlight = db.query('SELECT pg_sleep(2)');
    await worker.terminate();
    await assert.rejects(inFlight, (e: { code?: string }) => e.code === 'STORE_UNAVAILABLE');
    const r = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM t');
    assert.equal(r.rows[0]!.n, 2);
    assert.notEqual((db as unknown as { worker: Worker }).worker, worker, 'a new thread');
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
