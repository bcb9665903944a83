/**
 * The keys that protect C2 data: AES-256 data keys under key ids (the active one encrypts, all of
 * them decrypt, so keys can rotate) and one index key for the keyed hashes used in lookups.
 * Keys come from FENGKONG_PII_KEYS (JSON), a key file (FENGKONG_PII_KEY_FILE), or — for the
 * embedded default only — a key file created in the data directory on first start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FengkongError } from '../shared/errors.js';

export interface Keyring {
  activeKeyId: string;
  dataKeys: ReadonlyMap<string, Buffer>;
  indexKey: Buffer;
}

/** The key file as stored: base64 keys by id, the active id, the index key. */
export interface KeyFile {
  active: string;
  keys: Record<string, string>;
  index: string;
}

function decode(b64: string, what: string): Buffer {
  const key = Buffer.from(b64, 'base64');
  if (key.length !== 32) throw new FengkongError('CONFIG_INVALID', { note: `${what} must be 32 bytes, base64` });
  return key;
}

export function parseKeyFile(text: string): Keyring {
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(text) as KeyFile;
  } catch (cause) {
    throw new FengkongError('CONFIG_INVALID', { note: 'PII key file is not JSON', cause });
  }
  if (!parsed || typeof parsed.active !== 'string' || typeof parsed.keys !== 'object' || typeof parsed.index !== 'string') {
    throw new FengkongError('CONFIG_INVALID', { note: 'PII keys need {active, keys, index}' });
  }
  const dataKeys = new Map(Object.entries(parsed.keys).map(([id, b64]) => [id, decode(b64, `key ${id}`)] as const));
  if (!dataKeys.has(parsed.active)) throw new FengkongError('CONFIG_INVALID', { note: 'active PII key id is not among the keys' });
  if (!/^[A-Za-z0-9_-]{1,16}$/.test(parsed.active)) throw new FengkongError('CONFIG_INVALID', { note: 'key ids are 1–16 of [A-Za-z0-9_-]' });
  return { activeKeyId: parsed.active, dataKeys, indexKey: decode(parsed.index, 'index key') };
}

/** A fresh keyring as key-file text: one data key `k1` and an index key. */
export function newKeyFileText(): string {
  const file: KeyFile = { active: 'k1', keys: { k1: randomBytes(32).toString('base64') }, index: randomBytes(32).toString('base64') };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The key file the keyring comes from, or null when the keys come from FENGKONG_PII_KEYS itself. */
export function keyFileOf(env: NodeJS.ProcessEnv, defaultKeyFile: string | null): string | null {
  if (env.FENGKONG_PII_KEYS) return null;
  return env.FENGKONG_PII_KEY_FILE ?? defaultKeyFile;
}

/** Loads the keyring from the environment, a named file, or the data directory's own key file. */
export function loadKeyring(env: NodeJS.ProcessEnv, defaultKeyFile: string | null): Keyring {
  if (env.FENGKONG_PII_KEYS) return parseKeyFile(env.FENGKONG_PII_KEYS);
  const file = keyFileOf(env, defaultKeyFile);
  if (!file) throw new FengkongError('CONFIG_INVALID', { note: 'set FENGKONG_PII_KEYS or FENGKONG_PII_KEY_FILE' });
  if (!existsSync(file)) {
    if (env.FENGKONG_PII_KEY_FILE) throw new FengkongError('CONFIG_INVALID', { note: 'FENGKONG_PII_KEY_FILE does not exist' });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, newKeyFileText(), { mode: 0o600, flag: 'wx' });
  }
  return parseKeyFile(readFileSync(file, 'utf8'));
}
