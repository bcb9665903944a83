/**
 * The audit chain on both stores: appended entries verify; editing, deleting or reordering rows
 * directly in the database is found at the right entry; filters; a change and its entry commit
 * together or not at all.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { STORE_KINDS, openTestStore, type TestStore } from '../test-support/stores.js';
import { type AuditActor, AuditLog } from './audit-log.js';

const alice: AuditActor = { type: 'user', id: 'alice', ip: '203.0.113.9', userAgent: 'test' };
const bob: AuditActor = { type: 'user', id: 'bob' };

for (const kind of STORE_KINDS) {
  describe(`audit log on ${kind}`, () => {
    let store: TestStore;
    let log: AuditLog;
    let t = Date.parse('2026-11-23T08:00:00Z');
    before(async () => {
      store = await openTestStore(kind);
    });
    after(() => store.cleanup());
    beforeEach(async () => {
      await store.db.query('DELETE FROM audit_log');
      log = new AuditLog(store.db, randomBytes(32), { now: () => (t += 1_000) });
      for (let i = 1; i <= 6; i++) {
        await log.record(i % 2 ? alice : bob, { action: i === 3 ? 'list.entry.add' : 'strategy.publish', target: { kind: 'strategy', id: `p${i}` }, detail: { before: { version: i - 1 }, after: { version: i, note: '中文 ok' } } });
      }
    });

    test('an untouched chain verifies, with its head', async () => {
      const r = await log.verify();
      assert.ok(r.ok);
      assert.equal(r.entries, 6);
      assert.equal(r.ok && r.head.seq, 6);
    });

    test('an edited entry is found at its position', async () => {
      await store.db.query(`UPDATE audit_log SET detail = replace(detail, '"version":3', '"version":4') WHERE seq = 3`);
      assert.deepEqual(await brokenAt(log), { seq: 3, reason: 'edited' });
    });

    test('an edited actor is found too (every column is covered)', async () => {
      await store.db.query(`UPDATE audit_log SET actor_id = 'mallory' WHERE seq = 5`);
      assert.deepEqual(await brokenAt(log), { seq: 5, reason: 'edited' });
    });

    test('a deleted entry is found where the gap is', async () => {
      await store.db.query('DELETE FROM audit_log WHERE seq = 4');
      assert.deepEqual(await brokenAt(log), { seq: 4, reason: 'missing' });
    });

    test('reordered entries are found at the first moved one', async () => {
      // Swap the contents of rows 2 and 5, keeping the positions.
      await store.db.query(`UPDATE audit_log SET seq = -2 WHERE seq = 2`);
      await store.db.query(`UPDATE audit_log SET seq = 2 WHERE seq = 5`);
      await store.db.query(`UPDATE audit_log SET seq = 5 WHERE seq = -2`);
      assert.deepEqual(await brokenAt(log), { seq: 2, reason: 'relinked' });
    });

    test('a forged entry with a recomputed plain hash does not pass: the chain is keyed', async () => {
      const { createHash } = await import('node:crypto');
      await store.db.query(`UPDATE audit_log SET actor_id = 'mallory', hash = $1 WHERE seq = 6`, [createHash('sha256').update('forged').digest('hex')]);
      assert.deepEqual(await brokenAt(log), { seq: 6, reason: 'edited' });
    });

    test('filters by actor, action and target, in order', async () => {
      const mine = await log.query({ actorId: 'alice' });
      assert.deepEqual(mine.map((e) => e.seq), [1, 3, 5]);
      assert.deepEqual((await log.query({ action: 'list.entry.add' })).map((e) => e.seq), [3]);
      assert.deepEqual((await log.query({ targetKind: 'strategy', targetId: 'p2' })).map((e) => e.actorId), ['bob']);
      assert.deepEqual((await log.query({ afterSeq: 4, limit: 1 })).map((e) => e.seq), [5]);
      assert.equal(mine[0]!.ip, '203.0.113.9');
      assert.deepEqual(JSON.parse(mine[0]!.detail), { after: { note: '中文 ok', version: 1 }, before: { version: 0 } });
    });

    test('an entry commits with the change it records, or not at all', async () => {
      await assert.rejects(
        store.db.transaction(async (tx) => {
          await log.append(tx, alice, { action: 'strategy.publish', target: { kind: 'strategy', id: 'x' } });
          throw new Error('the change failed');
        }),
      );
      assert.equal((await log.query({ targetId: 'x' })).length, 0);
      const r = await log.verify();
      assert.ok(r.ok && r.entries === 6);
    });
  });
}

async function brokenAt(log: AuditLog): Promise<{ seq: number; reason: string } | null> {
  const r = await log.verify();
  return r.ok ? null : { seq: r.broken.seq, reason: r.broken.reason };
}
