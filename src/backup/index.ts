/**
 * Logical backup and restore of the whole store, the same on PostgreSQL and the embedded store.
 * @example
 *   const header = await backupStore(platform, 'fk.backup.gz', cliActor());
 *   const outcome = await restoreStore(otherPlatform, 'fk.backup.gz', cliActor());
 */
export { backupStore, restoreStore, type RestoreOutcome } from './store-backup.js';
export { inspectBackup, type RestoreProgress } from './restore.js';
export type { BackupProgress } from './backup-writer.js';
export type { BackupHeader } from './domain/backup-header.js';
export type { KeyringCheck } from './keyring-check.js';
export { hasJournalLeftover } from './embedded-journal.js';
