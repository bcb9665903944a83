/**
 * Re-encryption on both stores: every sealed value (events, entities, TOTP secrets) moves to the
 * new key and opens to the same value; hashes, masks, look-ups and the audit chain are unchanged;
 * two rotators at once lose nothing; compare-and-set never overwrites a newer value.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Platform } from '../app/platform.js';
import { SYSTEM_ACTOR } from '../audit/audit-log.js';
import { newTotpSecret } from '../identity/domain/totp.js';
import { RecordQueries } from '../ingest/record-queries.js';
import { assertResealed, type KeyedStore, keyedStore, recordsWithPii, sealedSnapshot } from '../test-support/key-files.js';
import { STORE_KINDS } from '../test-support/stores.js';
import { TEST_PASSWORD } from '../test-support/identity.js';
import { rotateKeyFile } from './key-file-rotation.js';
import { KeyRotation, oldKeyTotal } from './key-rotation.js';
import { SEALED_LOCATIONS } from './sealed-locations.js';
import { SealedValueStore } from './sealed-value-store.js';

async function rotate(p: Platform, keyFile: string): Promise<string> {
  const r = rotateKeyFile(keyFile);
  p.vault.reload(r.keyring);
  await p.audit.record(SYSTEM_ACTOR, { action: 'pii.keys.rotate', target: { kind: 'pii-key', id: r.keyId }, detail: { from: r.previousKeyId, to: r.keyId } });
  return r.keyId;
}

for (const kind of STORE_KINDS) {
  describe(`key rotation on ${kind}`, () => {
    let ks: KeyedStore;
    let p: Platform;
    let records: Array<Record<string, unknown>>;
    before(async () => {
      ks = keyedStore(kind);
      p = await ks.open();
      records = recordsWithPii(12);
      const results = await p.ingest.ingest(records, { source: 'crm' });
      assert.deepEqual(new Set(results.map((r) => r.status)), new Set(['stored']));
      for (const name of ['rot-one', 'rot-two']) {
        const u = await p.identity.users.create({ username: name, roles: ['admin'], password: TEST_PASSWORD }, SYSTEM_ACTOR, { mustChangePassword: false });
        await p.db.query('UPDATE users SET totp_secret = $2, totp_enabled = true WHERE id = $1', [u.id, p.vault.encrypt(newTotpSecret(name).secret)]);
      }
    });
    after(() => ks.cleanup());

    test('every sealed value moves to the new key and opens to the same value; hashes, masks, look-ups and the audit chain hold', async () => {
      const queries = new RecordQueries(p.db);
      const shownBefore = await Promise.all(records.map((r) => (r.occurredAt ? queries.event(r.id as string) : queries.entity(r.type as 'customer', r.id as string))));
      const sealedBefore = await sealedSnapshot(p.db);
      const keyId = await rotate(p, ks.keyFile);
      assert.equal(keyId, 'k2');

      const rotation = new KeyRotation(p.db, p.vault);
      const summary = await rotation.reencryptAll({ batchSize: 7 }); // small pages: paging is exercised
      const n = assertResealed(sealedBefore, await sealedSnapshot(p.db), p.vault, 'k2');
      assert.ok(n > 12 * 8, `${n} sealed values`);
      assert.deepEqual(summary, { keyId: 'k2', reencrypted: n, unreadable: 0, remainingUnderOldKeys: 0, passes: 1 });

      const shownAfter = await Promise.all(records.map((r) => (r.occurredAt ? queries.event(r.id as string) : queries.entity(r.type as 'customer', r.id as string))));
      assert.deepEqual(shownAfter, shownBefore, 'masked reads unchanged');
      const cust = records.find((r) => r.type === 'customer')!;
      const card = records.find((r) => r.type === 'card')!;
      const byPhone = await p.db.query<{ id: string }>('SELECT id FROM customers WHERE phone_hash = $1', [p.vault.hash(cust.phone)]);
      const byId = await p.db.query<{ id: string }>('SELECT id FROM customers WHERE national_id_hash = $1', [p.vault.hash(cust.nationalId)]);
      const byCard = await p.db.query<{ id: string }>('SELECT id FROM cards WHERE card_number_hash = $1', [p.vault.hash(card.cardNumber)]);
      assert.deepEqual([byPhone.rows[0]?.id, byId.rows[0]?.id, byCard.rows[0]?.id], [cust.id, cust.id, card.id]);

      const usage = await rotation.usage();
      assert.equal(oldKeyTotal(usage, 'k2'), 0);
      assert.deepEqual(Object.keys(usage['users.totp_secret']!), ['k2']);
      assert.deepEqual(await rotation.lastOutcome().then((m) => m && [m.activeKeyId, m.complete]), ['k2', true]);
      assert.equal((await p.audit.verify()).ok, true, 'the audit chain (index key) still verifies');
      // New records are sealed under the new key at once.
      await p.ingest.ingest(recordsWithPii(1, 'late'), { source: 'crm' });
      assert.equal(oldKeyTotal(await rotation.usage(), 'k2'), 0);
    });

    test('two rotators at once: every value re-encrypted exactly once, none lost', async () => {
      const sealedBefore = await sealedSnapshot(p.db);
      await rotate(p, ks.keyFile);
      // On PostgreSQL a second platform (another process's view); the embedded store has one.
      const other = kind === 'postgres' ? await ks.open() : p;
      assert.equal(other.vault.activeKeyId, 'k3');
      const [a, b] = await Promise.all([new KeyRotation(p.db, p.vault).reencryptAll({ batchSize: 5 }), new KeyRotation(other.db, other.vault).reencryptAll({ batchSize: 5 })]);
      const n = assertResealed(sealedBefore, await sealedSnapshot(p.db), p.vault, 'k3');
      assert.equal(a.reencrypted + b.reencrypted, n);
      assert.deepEqual([a.remainingUnderOldKeys, b.remainingUnderOldKeys], [0, 0]);
    });

    test('compare-and-set: a value changed since it was read is not overwritten', async () => {
      const store = new SealedValueStore(p.db);
      const loc = SEALED_LOCATIONS.find((l) => l.table === 'customers')!;
      const cust = records.find((r) => r.type === 'customer')!;
      const row = await p.db.query<{ pii: Record<string, unknown> }>('SELECT pii FROM customers WHERE id = $1', [cust.id]);
      const current = row.rows[0]!.pii;
      const stale = { ...current, phone: { c: 'k1.x.y.z', h: 'h', m: 'm' } };
      const written = await store.swap<unknown>(loc, [{ id: cust.id as string, old: stale, next: { overwritten: true } }]);
      assert.equal(written.size, 0);
      const still = await p.db.query<{ pii: Record<string, unknown> }>('SELECT pii FROM customers WHERE id = $1', [cust.id]);
      assert.deepEqual(still.rows[0]!.pii, current);
    });

    test('locations missing from the store (a table not migrated yet) are skipped', async () => {
      const rotation = new KeyRotation(p.db, p.vault, [{ table: 'not_yet_a_table', column: 'secret', shape: 'text' }, ...SEALED_LOCATIONS.filter((l) => l.table === 'users')]);
      assert.deepEqual(Object.keys(await rotation.usage()), ['users.totp_secret']);
      const s = await rotation.reencryptAll();
      assert.equal(s.remainingUnderOldKeys, 0);
    });

    test('a value no key opens is left as it is, reported, and does not keep the run going', async () => {
      const cust = records.find((r) => r.type === 'customer')!;
      const row = await p.db.query<{ pii: Record<string, { c: string }> }>('SELECT pii FROM customers WHERE id = $1', [cust.id]);
      const original = row.rows[0]!.pii;
      const c = original.phone!.c;
      const broken = { ...original, phone: { ...original.phone, c: `k9.${c.slice(c.indexOf('.') + 1)}` } };
      await p.db.query('UPDATE customers SET pii = $2::jsonb WHERE id = $1', [cust.id, JSON.stringify(broken)]);
      try {
        const s = await new KeyRotation(p.db, p.vault).reencryptAll({ maxStalledPasses: 1 });
        assert.deepEqual([s.unreadable, s.remainingUnderOldKeys], [1, 1]);
        assert.equal((await new KeyRotation(p.db, p.vault).lastOutcome())?.complete, false);
      } finally {
        await p.db.query('UPDATE customers SET pii = $2::jsonb WHERE id = $1', [cust.id, JSON.stringify(original)]);
      }
    });
  });
}
