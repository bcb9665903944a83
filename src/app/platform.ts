/**
 * Composition root: opens the store and the key vault and wires the services that the API, the
 * CLI and the stream consumer share. Nothing else constructs services.
 */
import { join } from 'node:path';
import { IngestRepository } from '../ingest/ingest-repository.js';
import { IngestService } from '../ingest/ingest-service.js';
import { loadKeyring } from '../pii/keyring.js';
import { PiiVault } from '../pii/pii-vault.js';
import { QualityRepository } from '../quality/quality-repository.js';
import { QualityService } from '../quality/quality-service.js';
import { PlatformMetrics } from '../ops/metrics.js';
import { type Clock, systemClock } from '../shared/clock.js';
import type { SqlClient } from '../store/sql-client.js';
import type { PlatformConfig } from './config.js';
import { type DecisionEngine, openDecisionEngine } from '../decisions/decision-engine.js';
import { AuditLog } from '../audit/audit-log.js';
import type { Logger } from '../ops/logger.js';
import { openStore } from './open-store.js';
import { ensureDecisionRollups } from '../decisions/decision-rollups.js';
import { ensureEntityLinks } from '../ingest/entity-links.js';
import { embeddedBatchWriter } from '../store/pglite-client.js';
import { Identity } from '../identity/identity.js';
import { ChangeRequests } from '../approvals/change-requests.js';
import { Cases } from '../cases/cases.js';
import { Complaints } from '../complaints/complaints.js';
import { Webhooks } from '../notifications/webhooks.js';
import { registerDecisionChanges } from '../decisions/change-kinds.js';
import { type KeyWatcher, type KeyWatchOptions, watchKeyFile } from '../pii/key-watcher.js';
import { ModelRegistry } from '../models/model-registry.js';
import { ModelService } from '../models/model-service.js';
import { loadModel } from '../models/model-loader.js';
import { registerModelChanges } from '../models/model-changes.js';
import { decisionModels } from '../models/decision-models.js';
import { Credit } from '../credit/credit.js';
import { DEFAULT_PACK_DIR } from '../decisions/pack.js';

export interface Platform {
  config: PlatformConfig;
  db: SqlClient;
  vault: PiiVault;
  clock: Clock;
  metrics: PlatformMetrics;
  ingest: IngestService;
  quality: QualityService;
  /** The tamper-evident audit log of privileged actions. */
  audit: AuditLog;
  /** Users, sessions and API keys. */
  identity: Identity;
  /** Changes waiting for a second person (maker-checker). */
  changes: ChangeRequests;
  /** Alerts, cases and their SLA timers. */
  cases: Cases;
  /** Customer complaints (投诉) with their response and feedback deadlines. */
  complaints: Complaints;
  /** Signed webhooks: subscriptions and the delivery outbox. */
  webhooks: Webhooks;
  /** Model versions, their approval and activation, the active models loaded. */
  models: ModelRegistry;
  /** Training, import and the proposals around model versions. */
  modelling: ModelService;
  /** Credit decisions, customer risk and suitability, the in-loan monitor. */
  credit: Credit;
  /** The decision engine, opened on first use (commands that only ingest never pay for it). */
  decisions(): Promise<DecisionEngine>;
  /** Follows the PII key file and re-encrypts after a rotation (with `watchKeys`, keys from a file). */
  keyWatcher: KeyWatcher | null;
  /** Flushes everything acknowledged, then closes the store. */
  close(): Promise<void>;
}

export async function openPlatform(config: PlatformConfig, opts: { clock?: Clock; env?: NodeJS.ProcessEnv; log?: Logger; watchKeys?: boolean | KeyWatchOptions } = {}): Promise<Platform> {
  const clock = opts.clock ?? systemClock;
  // Load keys before touching the store: a bad key configuration must not leave a half-opened store.
  const vault = new PiiVault(loadKeyring(opts.env ?? process.env, join(config.dataDir, 'keys.json')));
  const db = await openStore(config.store);
  await ensureDecisionRollups(db);
  await ensureEntityLinks(db);
  let ingest: IngestService | undefined;
  const metrics = new PlatformMetrics(() => ingest?.queueDepth ?? 0);
  // The embedded store writes group commits in its own thread; PostgreSQL through the repository here.
  ingest = new IngestService(embeddedBatchWriter(db) ?? new IngestRepository(db), vault, clock, config.ingest, metrics);
  const quality = new QualityService(new QualityRepository(db), clock, config.ingest.allowedLatenessMs);
  // Chained under a key derived from the PII index key: the database alone cannot re-forge it.
  const audit = new AuditLog(db, vault.derivedKey('audit-chain'), clock);
  const identity = new Identity(db, audit, vault, clock, config.identity);
  const changes = new ChangeRequests(db, audit, clock);
  const webhooks = new Webhooks(db, vault, audit, clock);
  const models = new ModelRegistry(db, audit, clock, loadModel);
  await models.open();
  metrics.watchModelLoadFailures(() => models.loadFailures.length);
  registerModelChanges(changes, models);
  let engine: Promise<DecisionEngine> | null = null;
  const decisions = (): Promise<DecisionEngine> => {
    // The embedded store on disk journals decisions beside its data; see decision-recorder.ts.
    const journalDir = config.store.kind === 'embedded' && config.store.dataDir ? join(config.store.dataDir, 'journal') : null;
    engine ??= openDecisionEngine(db, ingest!, clock, config.decisions, { maxFutureSkewMs: config.ingest.maxFutureSkewMs, journalDir, audit, log: opts.log ?? null, hashPersonal: (v) => vault.hash(v), models: decisionModels(models) }).then((e) => {
      metrics.watchDecisionBacklog(() => e.backlog());
      registerDecisionChanges(changes, e);
      return e;
    });
    return engine;
  };
  const cases = new Cases(db, audit, clock, { notifier: webhooks, changes, lists: async () => (await decisions()).lists });
  const complaints = new Complaints(db, audit, vault, clock, cases.intake);
  const credit = new Credit({ db, audit, clock, models, alerts: cases.intake, decisions, packDir: config.decisions.packDir ?? DEFAULT_PACK_DIR });
  // Long-running processes follow key rotations (`fengkong keys rotate`) without a restart.
  const keyWatcher = opts.watchKeys ? watchKeyFile(opts.env ?? process.env, join(config.dataDir, 'keys.json'), { vault, db, audit, metrics, log: opts.log ?? null }, opts.watchKeys === true ? {} : opts.watchKeys) : null;
  let closed = false;
  return {
    config,
    db,
    vault,
    clock,
    metrics,
    ingest,
    quality,
    audit,
    identity,
    changes,
    cases,
    complaints,
    webhooks,
    models,
    modelling: new ModelService(db, models, changes),
    credit,
    keyWatcher,
    decisions,
    async close() {
      if (closed) return;
      closed = true;
      await keyWatcher?.close();
      // The engine first: its journaled decisions are committed through ingestion's group commit.
      if (engine) await (await engine.catch(() => null))?.close();
      await ingest!.drain();
      await db.close();
    },
  };
}
