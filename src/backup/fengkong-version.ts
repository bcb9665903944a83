/** The running fengkong's version, from its package.json (the same path from src/ under tsx and from dist/). */
import { readFileSync } from 'node:fs';

let cached: string | null = null;

export function fengkongVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
