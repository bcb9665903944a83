/** Helpers shared by CLI commands: argument parsing with bilingual errors, output. */
import { userInfo } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AuditActor } from '../audit/audit-log.js';
import { FengkongError, ERROR_CATALOGUE } from '../shared/errors.js';
import { ModelError } from '../models/dataset/model-error.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** parseArgs that turns mistakes into a UsageError with a bilingual message. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError(`参数错误 / invalid arguments: ${(err as Error).message}`);
  }
}

export function positiveInt(value: string | undefined, flag: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`缺少参数 / missing ${flag}`);
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} 必须是非负整数 / ${flag} must be a non-negative integer`);
  return n;
}

/** Runs a command body, mapping usage and domain errors to exit codes with bilingual messages. */
export async function runCommand(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(err.message);
      return 64;
    }
    if (err instanceof FengkongError) {
      const m = ERROR_CATALOGUE[err.code].message;
      console.error(`错误 / error ${err.code}: ${m.zh} / ${m.en}${err.note ? ` — ${err.note}` : ''}${err.details && !Array.isArray(err.details) ? ` ${JSON.stringify(err.details)}` : ''}`);
      return 1;
    }
    if (err instanceof ModelError) {
      console.error(`错误 / error ${err.code}: ${err.text.zh} / ${err.text.en}`);
      return 1;
    }
    throw err;
  }
}

/** Store flags every command that touches the store accepts. */
export const STORE_FLAGS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
} as const;

/** The audit actor of a CLI command: it runs with the store's own credentials, as this OS user. */
export function cliActor(): AuditActor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (some containers): the audit line still says it came from the CLI.
  }
  return { type: 'system', id: `cli:${name}` };
}
