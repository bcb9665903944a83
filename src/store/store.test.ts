/** The store contract both adapters keep: row counts, transactions, and migrations that run once. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { STORE_KINDS, openTestStore } from '../test-support/stores.js';
import { migrate } from './migrate.js';

for (const kind of STORE_KINDS) {
  describe(`store contract (${kind})`, () => {
    test('rowCount counts selected rows and affected rows', async () => {
      const store = await openTestStore(kind);
      try {
        const db = store.db;
        await db.exec('CREATE TABLE t_rc (k int PRIMARY KEY)');
        assert.equal((await db.query('INSERT INTO t_rc VALUES (1), (2), (3)')).rowCount, 3);
        assert.equal((await db.query('SELECT k FROM t_rc WHERE k > 1')).rowCount, 2);
        assert.equal((await db.query('SELECT k FROM t_rc WHERE k > 5')).rowCount, 0);
        assert.equal((await db.query('UPDATE t_rc SET k = k + 10 WHERE k < 3')).rowCount, 2);
        assert.equal((await db.query('DELETE FROM t_rc')).rowCount, 3);
      } finally {
        await store.cleanup();
      }
    });

    test('migrations already applied are not applied again', async () => {
      const store = await openTestStore(kind);
      try {
        assert.deepEqual(await migrate(store.db), []);
      } finally {
        await store.cleanup();
      }
    });

    test('a failed transaction leaves nothing behind', async () => {
      const store = await openTestStore(kind);
      try {
        const db = store.db;
        await db.exec('CREATE TABLE t_tx (k int PRIMARY KEY)');
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.query('INSERT INTO t_tx VALUES (1)');
            await tx.query('INSERT INTO t_tx VALUES (1)');
          }),
        );
        assert.equal((await db.query('SELECT k FROM t_tx')).rowCount, 0);
      } finally {
        await store.cleanup();
      }
    });
  });
}
