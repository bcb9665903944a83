/**
 * Backup and restore as audited platform operations.
 *
 * The backup's own audit entry is appended and committed *before* the snapshot is taken, so the
 * backup holds it: the restored chain is the source's chain up to and including "store.backup",
 * then "store.restore" chained onto it — one unbroken history. (After the snapshot, the entry
 * would exist only in the source, and the restored store would not show the backup it came from.)
 *
 * The restore's entry is appended only when the restored chain verifies under this keyring: an
 * entry chained under the wrong key would break the chain for good once the right key file is
 * installed. The restore is then reported (exit code, message) but not audited.
 */
import { basename } from 'node:path';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { PiiVault } from '../pii/pii-vault.js';
import type { SqlClient } from '../store/sql-client.js';
import { writeBackup, type WriteBackupOptions } from './backup-writer.js';
import type { BackupHeader } from './domain/backup-header.js';
import { checkKeyring, type KeyringCheck } from './keyring-check.js';
import { restoreBackup, type RestoreOptions, type RestoreResult } from './restore.js';

export interface BackupDeps {
  db: SqlClient;
  audit: AuditLog;
}

export interface RestoreDeps extends BackupDeps {
  vault: PiiVault;
}

/**
 * Records "store.backup", then writes every row of the store to `file`; returns the header.
 * @example await backupStore(platform, '/backups/fk-2026-11-20.fkb.gz', cliActor())
 */
export async function backupStore(deps: BackupDeps, file: string, actor: AuditActor, opts: WriteBackupOptions = {}): Promise<BackupHeader> {
  await deps.audit.record(actor, { action: 'store.backup', target: { kind: 'backup', id: basename(file) }, detail: { store: deps.db.dialect } });
  return writeBackup(deps.db, file, opts);
}

export interface RestoreOutcome {
  restored: RestoreResult;
  keyring: KeyringCheck;
  /** Whether the restored chain ends where the backup's snapshot ended. */
  chainEndsAtBackup: boolean;
  /** "store.restore" was recorded (only when the chain verifies under this keyring). */
  audited: boolean;
}

/**
 * Restores `file` into the (empty) store, checks this keyring against the restored data and, when
 * the chain verifies, records "store.restore".
 * @example const { keyring } = await restoreStore(platform, file, cliActor())
 */
export async function restoreStore(deps: RestoreDeps, file: string, actor: AuditActor, opts: RestoreOptions = {}): Promise<RestoreOutcome> {
  const restored = await restoreBackup(deps.db, file, opts);
  const keyring = await checkKeyring(deps);
  const head = restored.header.auditHead;
  const chain = keyring.auditChain;
  const chainEndsAtBackup = head === null ? chain.entries === 0 : chain.ok && chain.head.seq === head.seq && chain.head.hash === head.hash;
  const audited = chain.ok;
  if (audited) {
    const h = restored.header;
    await deps.audit.record(actor, {
      action: 'store.restore',
      target: { kind: 'backup', id: basename(file) },
      detail: { createdAt: h.createdAt, fengkongVersion: h.fengkongVersion, source: h.source, sha256: h.sha256, rows: restored.rows, keyringOk: keyring.ok },
    });
  }
  return { restored, keyring, chainEndsAtBackup, audited };
}
