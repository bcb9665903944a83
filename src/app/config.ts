/**
 * Platform configuration from command-line flags and the environment. The embedded store in
 * ./var is the default; DATABASE_URL (or --database-url) selects PostgreSQL.
 */
import { resolve } from 'node:path';
import { FengkongError } from '../shared/errors.js';
import { DEFAULT_INGEST_SETTINGS, type IngestSettings } from '../ingest/ingest-service.js';
import { DEFAULT_IDENTITY_SETTINGS, type IdentitySettings } from '../identity/identity.js';
import type { JournalRecorderOptions } from '../decisions/decision-recorder.js';

/** `threadNice`: how much lower the embedded store thread's scheduling priority is (0–19). */
export type StoreConfig = { kind: 'embedded'; dataDir: string | null; threadNice?: number } | { kind: 'postgres'; url: string; schema?: string };

export interface PlatformConfig {
  store: StoreConfig;
  /** Holds the embedded store, its lock and (by default) the PII key file. */
  dataDir: string;
  /** trustProxy: the addresses of reverse proxies whose X-Forwarded-For/-Proto are believed (client IP, TLS). */
  http: { host: string; port: number; trustProxy: string | null };
  logLevel: string;
  demo: { enabled: boolean; customers: number; days: number; seed: number };
  ingest: IngestSettings;
  decisions: DecisionConfig;
  identity: IdentitySettings;
  /** Milliseconds between rounds of background duties (case filing, SLA, webhooks); 0 runs none. */
  backgroundMs: number;
}

export interface DecisionConfig {
  /** Strategy pack: features.yaml, lists.yaml, strategies/*.yaml (default: packs/default). */
  packDir: string | null;
  /** In-process feature state (default) or Redis shared by several engine processes. */
  features: { backend: 'memory' } | { backend: 'redis'; url: string; namespace: string };
  /** The embedded store's decision journal: group commits and back-pressure (defaults in the recorder). */
  journal?: JournalRecorderOptions;
}

export interface ConfigFlags {
  dataDir?: string;
  databaseUrl?: string;
  port?: string;
  host?: string;
  demo?: boolean;
}

function intFrom(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new FengkongError('CONFIG_INVALID', { note: `${name} must be an integer in ${min}..${max}` });
  return n;
}

export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const dataDir = resolve(flags.dataDir ?? env.FENGKONG_DATA_DIR ?? 'var');
  const url = flags.databaseUrl ?? env.DATABASE_URL;
  const store: StoreConfig = url ? { kind: 'postgres', url, ...(env.FENGKONG_DB_SCHEMA ? { schema: env.FENGKONG_DB_SCHEMA } : {}) } : { kind: 'embedded', dataDir, threadNice: intFrom(env.FENGKONG_STORE_THREAD_NICE, 'FENGKONG_STORE_THREAD_NICE', 5, 0, 19) };
  const demoDefault = store.kind === 'embedded' && env.FENGKONG_DEMO !== '0';
  return {
    store,
    dataDir,
    http: {
      host: flags.host ?? env.FENGKONG_HOST ?? '127.0.0.1',
      port: intFrom(flags.port ?? env.FENGKONG_PORT ?? env.PORT, 'port', 8080, 0, 65535),
      trustProxy: env.FENGKONG_TRUST_PROXY?.trim() || null,
    },
    logLevel: env.FENGKONG_LOG_LEVEL ?? 'info',
    demo: {
      enabled: flags.demo ?? demoDefault,
      customers: intFrom(env.FENGKONG_DEMO_CUSTOMERS, 'FENGKONG_DEMO_CUSTOMERS', 1000, 20, 1_000_000),
      days: intFrom(env.FENGKONG_DEMO_DAYS, 'FENGKONG_DEMO_DAYS', 30, 1, 365),
      seed: intFrom(env.FENGKONG_DEMO_SEED, 'FENGKONG_DEMO_SEED', 42, 0, 2 ** 31 - 1),
    },
    ingest: {
      ...DEFAULT_INGEST_SETTINGS,
      allowedLatenessMs: intFrom(env.FENGKONG_ALLOWED_LATENESS_SECONDS, 'FENGKONG_ALLOWED_LATENESS_SECONDS', 300, 0, 86_400 * 30) * 1000,
      // Two in flight: PostgreSQL and the embedded store's own thread each work on one group
      // commit while this thread prepares the next.
      flushConcurrency: 2,
    },
    identity: {
      session: {
        idleMs: intFrom(env.FENGKONG_SESSION_IDLE_MINUTES, 'FENGKONG_SESSION_IDLE_MINUTES', DEFAULT_IDENTITY_SETTINGS.session.idleMs / 60_000, 1, 1440) * 60_000,
        absoluteMs: intFrom(env.FENGKONG_SESSION_MAX_HOURS, 'FENGKONG_SESSION_MAX_HOURS', DEFAULT_IDENTITY_SETTINGS.session.absoluteMs / 3_600_000, 1, 168) * 3_600_000,
      },
      lockout: {
        maxFailures: intFrom(env.FENGKONG_LOCKOUT_FAILURES, 'FENGKONG_LOCKOUT_FAILURES', DEFAULT_IDENTITY_SETTINGS.lockout.maxFailures, 1, 100),
        lockoutMs: intFrom(env.FENGKONG_LOCKOUT_MINUTES, 'FENGKONG_LOCKOUT_MINUTES', DEFAULT_IDENTITY_SETTINGS.lockout.lockoutMs / 60_000, 1, 1440) * 60_000,
      },
      loginPerMinute: intFrom(env.FENGKONG_LOGIN_RATE_PER_MINUTE, 'FENGKONG_LOGIN_RATE_PER_MINUTE', DEFAULT_IDENTITY_SETTINGS.loginPerMinute, 1, 10_000),
    },
    backgroundMs: intFrom(env.FENGKONG_BACKGROUND_MS, 'FENGKONG_BACKGROUND_MS', 1_000, 0, 3_600_000),
    decisions: {
      packDir: env.FENGKONG_PACK_DIR ? resolve(env.FENGKONG_PACK_DIR) : null,
      features: env.FENGKONG_REDIS_URL ? { backend: 'redis', url: env.FENGKONG_REDIS_URL, namespace: env.FENGKONG_REDIS_NAMESPACE ?? 'fengkong:' } : { backend: 'memory' },
    },
  };
}
