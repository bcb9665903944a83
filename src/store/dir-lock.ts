/** An exclusive lock file holding the owner's pid; a lock left by a dead process is taken over. */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { FengkongError } from '../shared/errors.js';

export interface DirLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDirLock(path: string): DirLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            unlinkSync(path);
          } catch {
            // already gone: nothing to release
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || alive(pid))) {
        throw new FengkongError('DATA_DIR_LOCKED', { details: { pid } });
      }
      // A stale lock (the owner died, e.g. kill -9): take it over.
      unlinkSync(path);
    }
  }
  throw new FengkongError('DATA_DIR_LOCKED');
}
