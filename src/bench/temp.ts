/** A fresh temporary directory for a benchmark run. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDirFor(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `fengkong-${prefix}-`));
}
