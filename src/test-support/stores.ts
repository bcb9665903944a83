/**
 * Real stores for tests: a fresh embedded PGlite in a temp directory, or a fresh schema on this
 * machine's PostgreSQL. A PostgreSQL that cannot be reached fails the test — it is never skipped.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig, type PlatformConfig } from '../app/config.js';
import { openPlatform, type Platform } from '../app/platform.js';
import { newKeyFileText } from '../pii/keyring.js';
import type { Clock } from '../shared/clock.js';
import { migrate } from '../store/migrate.js';
import { openPglite } from '../store/pglite-client.js';
import { openPostgres } from '../store/postgres-client.js';
import type { SqlClient } from '../store/sql-client.js';

export const STORE_KINDS = ['pglite', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export const TEST_DATABASE_URL = process.env.FENGKONG_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `fengkong-${prefix}-`));
}

export function uniqueSchema(): string {
  return `t_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drops a test schema (PostgreSQL) after use. */
export async function dropSchema(schema: string): Promise<void> {
  const admin = await openPostgres({ connectionString: TEST_DATABASE_URL });
  try {
    await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.close();
  }
}

export interface TestStore {
  kind: StoreKind;
  db: SqlClient;
  cleanup(): Promise<void>;
}

export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'pglite') {
    const dir = tempDir('store');
    const db = await openPglite(dir);
    await migrate(db);
    return {
      kind,
      db,
      async cleanup() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = uniqueSchema();
  const db = await openPostgres({ connectionString: TEST_DATABASE_URL, schema });
  await migrate(db);
  return {
    kind,
    db,
    async cleanup() {
      await db.close();
      await dropSchema(schema);
    },
  };
}

export interface TestPlatform {
  platform: Platform;
  config: PlatformConfig;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

/** A whole platform (services wired as in production) on a fresh store of the given kind. */
export async function openTestPlatform(kind: StoreKind, opts: { clock?: Clock; keys?: string } = {}): Promise<TestPlatform> {
  const dataDir = tempDir('platform');
  const schema = uniqueSchema();
  // opts.keys: the key-file text of another platform, to share its keyring (backup and restore).
  const env: NodeJS.ProcessEnv = { FENGKONG_PII_KEYS: opts.keys ?? newKeyFileText(), FENGKONG_DEMO: '0', ...(kind === 'postgres' ? { FENGKONG_DB_SCHEMA: schema } : {}) };
  const config = resolveConfig({ dataDir, ...(kind === 'postgres' ? { databaseUrl: TEST_DATABASE_URL } : {}), demo: false }, env);
  const platform = await openPlatform(config, { env, ...(opts.clock ? { clock: opts.clock } : {}) });
  return {
    platform,
    config,
    dataDir,
    env,
    async cleanup() {
      await platform.close();
      if (kind === 'postgres') await dropSchema(schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
