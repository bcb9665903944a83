/**
 * Installs a new data key in a key file: a fresh random 32-byte key under the next id becomes the
 * active one, and every older key stays — data sealed under them is still to be re-encrypted,
 * and a journal or dead-letter file may hold values sealed under them for a long time.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchownSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { FengkongError } from '../shared/errors.js';
import { acquireDirLock } from '../store/dir-lock.js';
import { type KeyFile, type Keyring, parseKeyFile } from './keyring.js';

/**
 * The id after the highest `k<n>` among `ids` (`k1` → `k2`); ids of another form are kept and
 * skipped. e.g. `nextKeyId(['k1', 'k2'])` is `'k3'`, `nextKeyId(['main'])` is `'k1'`.
 */
export function nextKeyId(ids: Iterable<string>): string {
  const taken = new Set(ids);
  let n = 0;
  for (const id of taken) {
    const m = /^k(\d{1,9})$/.exec(id);
    if (m) n = Math.max(n, Number(m[1]));
  }
  while (taken.has(`k${n + 1}`)) n++;
  return `k${n + 1}`;
}

export interface KeyFileRotation {
  /** The new active key id. */
  keyId: string;
  /** The key id that was active before. */
  previousKeyId: string;
  /** The keyring as now written. */
  keyring: Keyring;
}

/**
 * Adds a new active data key to `file` and writes it back atomically (temp file, fsync, rename;
 * mode 0600), so a reader — a running service polling the file — sees the old file or the new
 * one, never half of it. Two rotations at once are refused rather than letting the later rename
 * drop the other's key, under which it may already have sealed data.
 */
export function rotateKeyFile(file: string): KeyFileRotation {
  let lock;
  try {
    lock = acquireDirLock(`${file}.lock`);
  } catch (cause) {
    if (cause instanceof FengkongError && cause.code === 'DATA_DIR_LOCKED') throw new FengkongError('PII_KEY_ROTATION_BUSY', { cause });
    throw cause;
  }
  try {
    const text = readFileSync(file, 'utf8');
    const current = parseKeyFile(text); // validates before anything is written
    const stored = JSON.parse(text) as KeyFile & Record<string, unknown>;
    const keyId = nextKeyId(current.dataKeys.keys());
    const next: KeyFile = { ...stored, active: keyId, keys: { ...stored.keys, [keyId]: randomBytes(32).toString('base64') } };
    const out = `${JSON.stringify(next, null, 2)}\n`;
    try {
      writeAtomically(realpathSync(file), out);
    } catch (cause) {
      throw new FengkongError('CONFIG_INVALID', { note: `cannot write the PII key file (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, cause });
    }
    return { keyId, previousKeyId: current.activeKeyId, keyring: parseKeyFile(out) };
  } finally {
    lock.release();
  }
}

/** Replaces `file` (a real path: a symlink would be replaced by a plain file) keeping its owner. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const { uid, gid } = statSync(file);
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      // Run as root for a service account: the service must still be able to read its key file.
      try {
        fchownSync(fd, uid, gid);
      } catch {
        // Not permitted for a non-root user, and not needed: the file is then already theirs.
      }
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  // The rename itself must survive a crash too: sync the directory entry (not possible everywhere).
  try {
    const dir = openSync(dirname(file), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  }
}
