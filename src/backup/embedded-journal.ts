/**
 * The embedded store's decision journal (`<dataDir>/journal/*.jsonl`, see decision-recorder.ts):
 * decisions answered but not yet committed when the server stopped. A backup commits them first
 * (opening the decision engine does); a restore target holding some is not empty.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function hasJournalLeftover(dataDir: string): boolean {
  const dir = join(dataDir, 'journal');
  return existsSync(dir) && readdirSync(dir).some((f) => /^\d+\.jsonl$/.test(f) && statSync(join(dir, f)).size > 0);
}
