/**
 * A store whose PII keys live in a key file (what key rotation needs: keys from the environment
 * cannot be rotated), opened as often as a test needs — on PostgreSQL several platforms at once.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig, type PlatformConfig } from '../app/config.js';
import { openPlatform, type Platform } from '../app/platform.js';
import { newKeyFileText } from '../pii/keyring.js';
import type { KeyWatchOptions } from '../pii/key-watcher.js';
import type { PiiVault, SealedValue } from '../pii/pii-vault.js';
import { locationName, SEALED_LOCATIONS } from '../pii/sealed-locations.js';
import type { SqlExecutor } from '../store/sql-client.js';
import { cardNumber, customer, nextId, phone } from './records.js';
import { dropSchema, type StoreKind, tempDir, TEST_DATABASE_URL, uniqueSchema } from './stores.js';

export interface KeyedStore {
  kind: StoreKind;
  dataDir: string;
  keyFile: string;
  /** The environment a platform or a CLI child needs for this store and key file. */
  env: NodeJS.ProcessEnv;
  config: PlatformConfig;
  open(opts?: { watchKeys?: boolean | KeyWatchOptions }): Promise<Platform>;
  /** Closes what `open` opened and removes the store. */
  cleanup(): Promise<void>;
}

export function keyedStore(kind: StoreKind): KeyedStore {
  const dataDir = tempDir('keys');
  const keyFile = join(dataDir, 'pii-keys.json');
  writeFileSync(keyFile, newKeyFileText(), { mode: 0o600 });
  const schema = uniqueSchema();
  const env: NodeJS.ProcessEnv = { FENGKONG_PII_KEY_FILE: keyFile, FENGKONG_DEMO: '0', ...(kind === 'postgres' ? { FENGKONG_DB_SCHEMA: schema } : {}) };
  const config = resolveConfig({ dataDir, ...(kind === 'postgres' ? { databaseUrl: TEST_DATABASE_URL } : {}), demo: false }, env);
  const opened: Platform[] = [];
  return {
    kind,
    dataDir,
    keyFile,
    env,
    config,
    async open(opts = {}) {
      const platform = await openPlatform(config, { env, ...(opts.watchKeys ? { watchKeys: opts.watchKeys } : {}) });
      opened.push(platform);
      return platform;
    },
    async cleanup() {
      for (const p of opened) await p.close();
      if (kind === 'postgres') await dropSchema(schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let seedCounter = 0;

/**
 * Records carrying every kind of C2 value the schemas know: customers (name, national id, phone,
 * address, email), accounts (balance), cards (card number), devices (none), registrations
 * (phone), transfers (counterparty name and account). `n` customers, with their account, card,
 * device and two events each.
 */
export function recordsWithPii(n: number, tag = 'r'): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < n; i++) {
    const seed = ++seedCounter + process.pid;
    const cust = `cust-${tag}-${seed}`;
    out.push(
      customer(seed, { id: cust, email: `u${seed}@example.cn` }),
      { id: `acc-${tag}-${seed}`, type: 'account', customerId: cust, kind: 'wallet', currency: 'CNY', openedAt: '2026-01-01T00:00:00Z', status: 'active', balance: 1_000 + seed },
      { id: `card-${tag}-${seed}`, type: 'card', customerId: cust, cardNumber: cardNumber(seed), cardType: 'debit', boundAt: '2026-01-01T00:00:00Z' },
      { id: `dev-${tag}-${seed}`, type: 'device', customerId: cust, platform: 'ios' },
      { id: nextId(`reg-${tag}`), type: 'registration', occurredAt: '2026-11-20T10:00:00+08:00', customerId: cust, phone: phone(seed) },
      {
        id: nextId(`tr-${tag}`),
        type: 'transfer',
        occurredAt: '2026-11-20T10:15:00+08:00',
        customerId: cust,
        amount: 5_000,
        currency: 'CNY',
        accountId: `acc-${tag}-${seed}`,
        counterpartyId: 'cp-1',
        counterpartyName: '李四',
        counterpartyAccount: cardNumber(seed + 1),
      },
    );
  }
  return out;
}

/** Every sealed value in the store, by `table.column/id`: what a rotation must carry over intact. */
export async function sealedSnapshot(db: SqlExecutor): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const loc of SEALED_LOCATIONS) {
    const r = await db.query<{ id: string; value: unknown }>(`SELECT id, ${loc.column} AS value FROM ${loc.table} WHERE ${loc.column} IS NOT NULL ORDER BY id`);
    for (const row of r.rows) if (loc.shape === 'text' || Object.keys(row.value as object).length > 0) out.set(`${locationName(loc)}/${row.id}`, row.value);
  }
  return out;
}

/**
 * Checks `after` holds every value of `before`, each now sealed under `keyId` and opening to the
 * same clear value, with keyed hash and masked form unchanged; returns the sealed values counted.
 */
export function assertResealed(before: Map<string, unknown>, after: Map<string, unknown>, vault: PiiVault, keyId: string): number {
  let n = 0;
  assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'the same rows hold sealed values');
  for (const [key, was] of before) {
    const now = after.get(key);
    if (typeof was === 'string') {
      assert.ok((now as string).startsWith(`${keyId}.`), `${key} under ${keyId}`);
      assert.deepEqual(vault.decrypt(now as string), vault.decrypt(was), key);
      n++;
      continue;
    }
    const wasFields = was as Record<string, SealedValue>;
    const nowFields = now as Record<string, SealedValue>;
    assert.deepEqual(Object.keys(nowFields).sort(), Object.keys(wasFields).sort(), key);
    for (const [field, v] of Object.entries(wasFields)) {
      const f = nowFields[field]!;
      assert.ok(f.c.startsWith(`${keyId}.`), `${key}.${field} under ${keyId}`);
      assert.deepEqual([f.h, f.m], [v.h, v.m], `${key}.${field}: hash and mask unchanged`);
      assert.deepEqual(vault.decrypt(f.c), vault.decrypt(v.c), `${key}.${field} opens to the same value`);
      n++;
    }
  }
  return n;
}
