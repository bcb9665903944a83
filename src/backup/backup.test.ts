/**
 * Backup and restore on both stores and across them: a store used as production uses it is backed
 * up and restored into a fresh one with the same keyring — every row equal, the audit chain
 * verifying and ending in "store.restore", masked reads and decrypted personal data equal,
 * sequences continuing. A damaged, cut short, edited or too new file is refused and leaves the
 * target empty; a store that is not empty is refused and left unchanged.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { AuditActor } from '../audit/audit-log.js';
import { RecordQueries } from '../ingest/record-queries.js';
import { newKeyFileText } from '../pii/keyring.js';
import { FengkongError } from '../shared/errors.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import { fillProbe, type LoadedData, loadRealData, PROBE_DDL, tableRows, tablesWithRows } from '../test-support/backup-data.js';
import { sealedSnapshot } from '../test-support/key-files.js';
import { openTestPlatform, type StoreKind, tempDir, type TestPlatform } from '../test-support/stores.js';
import { type BackupHeader, sealHeader } from './domain/backup-header.js';
import { backupStore, inspectBackup, restoreStore } from './index.js';

const OPERATOR: AuditActor = { type: 'system', id: 'cli:operator' };

const refusedWith = (code: string) => (err: unknown) => err instanceof FengkongError && err.code === code;

/** The file's header line and body text (what an attacker or a bad disk could change). */
function unpack(file: string): { header: BackupHeader; body: string } {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const nl = text.indexOf('\n');
  return { header: JSON.parse(text.slice(0, nl)) as BackupHeader, body: text.slice(nl + 1) };
}

function pack(file: string, header: unknown, body: string): void {
  writeFileSync(file, gzipSync(`${JSON.stringify(header)}\n${body}`));
}

const COMBINATIONS: Array<[StoreKind, StoreKind]> = [
  ['pglite', 'pglite'],
  ['postgres', 'postgres'],
  ['pglite', 'postgres'],
  ['postgres', 'pglite'],
];

for (const [from, to] of COMBINATIONS) {
  describe(`backup on ${from}, restore on ${to}`, { timeout: 300_000 }, () => {
    const keys = newKeyFileText();
    const dir = tempDir('backup');
    const file = join(dir, 'fengkong.backup.gz');
    let source: TestPlatform;
    let target: TestPlatform;
    let loaded: LoadedData;
    let header: BackupHeader;
    let sourceRows: Map<string, string[]>;

    before(async () => {
      source = await openTestPlatform(from, { keys });
      loaded = await loadRealData(source.platform, 'bk');
      await source.platform.db.exec(PROBE_DDL);
      await fillProbe(source.platform.db);
      header = await backupStore(source.platform, file, OPERATOR);
      sourceRows = await tableRows(source.platform.db);
      target = await openTestPlatform(to, { keys });
      // The probe table stands for one a later migration adds: the target has it too.
      await target.platform.db.exec(PROBE_DDL);
    });
    after(async () => {
      await source?.cleanup();
      await target?.cleanup();
    });

    test('the header lists every table with its rows, the migrations and the audit head', async () => {
      assert.equal(header.source, from);
      assert.deepEqual(header.migrations, MIGRATIONS.map((m) => ({ id: m.id, name: m.name })));
      const counts = Object.fromEntries(header.tables.map((t) => [t.name, t.rows]));
      for (const [name, rows] of sourceRows) assert.equal(counts[name], rows.length, name);
      assert.ok(!('schema_migrations' in counts));
      assert.ok(counts.events! >= 7 && counts.decisions! === 7 && counts.alerts! >= 1 && counts.backup_probe === 3);
      assert.ok(!header.tables.find((t) => t.name === 'customers')!.columns.some((c) => c.name === 'phone_hash'), 'generated columns are not backed up');
      const last = await source.platform.audit.query({ afterSeq: header.auditHead!.seq - 1 });
      assert.deepEqual(last.map((e) => [e.action, e.seq]), [['store.backup', header.auditHead!.seq]], 'the backup holds its own audit entry, the last');
    });

    if (from === to) {
      test('a damaged, cut short, edited or too new file is refused and the target stays empty', async () => {
        const { header: h, body } = unpack(file);
        const bad = join(dir, 'bad.gz');
        // One value changed in the last row: every row goes in before the hash is compared.
        const edited = body.replace(/"CNY"(?![\s\S]*"CNY")/, '"USD"');
        assert.notEqual(edited, body);
        pack(bad, h, edited);
        await assert.rejects(restoreStore(target.platform, bad, OPERATOR), refusedWith('BACKUP_INVALID'));
        assert.deepEqual(await tablesWithRows(target.platform.db), []);

        const whole = readFileSync(file);
        writeFileSync(bad, whole.subarray(0, Math.floor(whole.length * 0.7)));
        await assert.rejects(restoreStore(target.platform, bad, OPERATOR), refusedWith('BACKUP_INVALID'));
        pack(bad, h, body.slice(0, body.lastIndexOf('\n', body.length - 2) + 1)); // a whole last row missing
        await assert.rejects(restoreStore(target.platform, bad, OPERATOR), refusedWith('BACKUP_INVALID'));
        assert.deepEqual(await tablesWithRows(target.platform.db), []);

        const { sha256: _, ...unsealed } = h;
        pack(bad, { ...h, tables: h.tables.map((t) => (t.name === 'events' ? { ...t, rows: t.rows - 1 } : t)) }, body);
        await assert.rejects(inspectBackup(bad), refusedWith('BACKUP_INVALID'), 'a header edited without its hash');
        pack(bad, sealHeader({ ...unsealed, migrations: [...h.migrations, { id: 999, name: 'from-the-future' }] }), body);
        await assert.rejects(inspectBackup(bad), refusedWith('BACKUP_TOO_NEW'));
        await assert.rejects(restoreStore(target.platform, bad, OPERATOR), refusedWith('BACKUP_TOO_NEW'));
        writeFileSync(bad, 'not a backup');
        await assert.rejects(restoreStore(target.platform, bad, OPERATOR), refusedWith('BACKUP_INVALID'));
        assert.deepEqual(await tablesWithRows(target.platform.db), []);
      });
    }

    test('round trip: every row equal, the chain verifies, masked reads and personal data equal', async () => {
      const outcome = await restoreStore(target.platform, file, OPERATOR);
      assert.equal(outcome.restored.rows, header.tables.reduce((n, t) => n + t.rows, 0));
      assert.ok(outcome.keyring.ok, JSON.stringify(outcome.keyring));
      assert.deepEqual([outcome.keyring.missingKeyIds, outcome.keyring.wrongKeyIds, outcome.keyring.indexKeyMismatch], [[], [], false]);
      assert.ok(outcome.chainEndsAtBackup);
      assert.ok(outcome.audited);

      const restored = await tableRows(target.platform.db);
      assert.deepEqual([...restored.keys()], [...sourceRows.keys()]);
      for (const [name, rows] of sourceRows) {
        if (name === 'audit_log') continue;
        assert.deepEqual(restored.get(name), rows, name);
      }
      // The source's chain (rows in seq order), then the restore's own entry chained onto it.
      const sourceAudit = sourceRows.get('audit_log')!;
      assert.deepEqual(restored.get('audit_log')!.slice(0, -1), sourceAudit);
      const [own] = await target.platform.audit.query({ afterSeq: header.auditHead!.seq });
      assert.equal(own?.action, 'store.restore');
      const verified = await target.platform.audit.verify();
      assert.ok(verified.ok && verified.entries === sourceAudit.length + 1 && verified.head.seq === own.seq);

      const sourceReads = new RecordQueries(source.platform.db);
      const targetReads = new RecordQueries(target.platform.db);
      assert.deepEqual(await targetReads.entity('customer', loaded.customerId), await sourceReads.entity('customer', loaded.customerId));
      assert.deepEqual(await targetReads.event(loaded.eventId), await sourceReads.event(loaded.eventId));
      assert.match(String((await targetReads.entity('customer', loaded.customerId))!.phone), /\*/, 'read back masked');

      const sealedBefore = await sealedSnapshot(source.platform.db);
      const sealedAfter = await sealedSnapshot(target.platform.db);
      assert.deepEqual(sealedAfter, sealedBefore);
      assert.ok(sealedBefore.size >= 10);
      for (const [key, value] of sealedBefore) {
        const open = (vault: typeof source.platform.vault, v: unknown) => (typeof v === 'string' ? vault.decrypt(v) : Object.fromEntries(Object.entries(v as Record<string, { c: string }>).map(([f, s]) => [f, vault.decrypt(s.c)])));
        assert.deepEqual(open(target.platform.vault, sealedAfter.get(key)), open(source.platform.vault, value), key);
      }
    });

    test('identity columns and sequences continue where the source was', async () => {
      const next = async (tp: TestPlatform) => {
        const r = await tp.platform.db.query<{ id: number; n: string }>("INSERT INTO backup_probe (txt) VALUES ('next') RETURNING id, nextval('backup_probe_counter')::text AS n");
        return r.rows[0];
      };
      assert.deepEqual(await next(target), { id: 4, n: '4' });
      assert.deepEqual(await next(source), { id: 4, n: '4' });
    });

    test('restore into a store that is not empty is refused and changes nothing', async () => {
      const before = await tableRows(source.platform.db);
      await assert.rejects(restoreStore(source.platform, file, OPERATOR), (err: unknown) => {
        assert.ok(err instanceof FengkongError && err.code === 'RESTORE_TARGET_NOT_EMPTY');
        assert.ok((err.details as { tables: string[] }).tables.includes('events'));
        return true;
      });
      assert.deepEqual(await tableRows(source.platform.db), before);
    });
  });
}
