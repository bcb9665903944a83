/**
 * Assembles the decision engine from a strategy pack: the feature store (its state rebuilt from
 * the recorded decisions of the last 30 days when it lives in process), the lists, the live
 * strategies and the decision service. Opened once per process, by the server or a command.
 */
import { fromEventRow, type EventRow } from '../ingest/event-row.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Logger } from '../ops/logger.js';
import type { IngestService } from '../ingest/ingest-service.js';
import { parseFeatureConfig } from '../features/domain/feature-config.js';
import { type FeatureStore, openFeatureStore } from '../features/feature-store.js';
import { FengkongError } from '../shared/errors.js';
import { IdFilter } from '../shared/id-filter.js';
import type { Clock } from '../shared/clock.js';
import type { SqlClient } from '../store/sql-client.js';
import type { DecisionConfig } from '../app/config.js';
import { DecisionQueries } from './decision-queries.js';
import { CommitFirstRecorder, type DecisionRecorder, JournalRecorder } from './decision-recorder.js';
import { DecisionService } from './decision-service.js';
import { ListRegistry } from './list-registry.js';
import { DEFAULT_PACK_DIR, featuresReadableBy, loadPack } from './pack.js';
import { StrategyRegistry } from './strategy-registry.js';
import { StrategyTrial } from './strategy-trial.js';
import type { ModelPort } from './model-port.js';

/** The longest feature window: older decided events cannot change any feature. */
const REPLAY_WINDOW_MS = 30 * 86_400_000;
const REPLAY_PAGE = 5_000;

export interface DecisionEngine {
  service: DecisionService;
  queries: DecisionQueries;
  strategies: StrategyRegistry;
  lists: ListRegistry;
  /** Dry runs of draft strategies (the strategy studio's "try it"): nothing recorded. */
  trial: StrategyTrial;
  features: FeatureStore;
  /** Decided events replayed into the feature state at start. */
  replayed: number;
  /** Acknowledged decisions of an earlier run committed from the journal at start. */
  recovered: number;
  /** Resolves once every decision answered so far is in the store (the journal commits behind). */
  settled(): Promise<void>;
  /** Decisions answered and not yet in the store. */
  backlog(): number;
  close(): Promise<void>;
}

export interface EngineOptions {
  maxFutureSkewMs: number;
  /** Where strategy publishing and list changes are recorded. */
  audit: AuditLog;
  /** Operational messages (journal recovery, commits retried, dead letters). */
  log: Logger | null;
  /** The PII vault's keyed hash: list entries on personal data rest as it. */
  hashPersonal: (value: string) => string;
  /**
   * The embedded store's decision journal (in its data directory): decisions are answered once
   * journaled and committed behind. Null: answered after commit (PostgreSQL, in-memory store).
   */
  journalDir: string | null;
  /** The model registry's view for the decision path (none: rules read no model). */
  models?: ModelPort;
}

export async function openDecisionEngine(db: SqlClient, ingest: IngestService, clock: Clock, config: DecisionConfig, opts: EngineOptions): Promise<DecisionEngine> {
  const { maxFutureSkewMs } = opts;
  const pack = loadPack(config.packDir ?? DEFAULT_PACK_DIR);
  const parsed = parseFeatureConfig(pack.featuresText);
  if (!parsed.ok) throw new FengkongError('CONFIG_INVALID', { note: `${pack.dir}features.yaml`, details: parsed.problems.map((p) => ({ field: p.path, reason: p.reason, message: p.message })) });
  const features = await openFeatureStore(parsed.specs, config.features);
  let recorder: DecisionRecorder | null = null;
  try {
    // First: decisions an earlier run acknowledged but did not commit go into the store, so the
    // decided ids and the feature state below include them.
    let recovered = 0;
    if (opts.journalDir) {
      const opened = await JournalRecorder.open(opts.journalDir, ingest, opts.log, config.journal);
      recorder = opened.recorder;
      recovered = opened.recovered;
    } else recorder = new CommitFirstRecorder(ingest);
    const lists = new ListRegistry(db, pack.lists.map((l) => l.name), () => clock.now(), opts.audit, opts.hashPersonal);
    await lists.load();
    const strategies = new StrategyRegistry(db, { featuresFor: (types) => featuresReadableBy(parsed.specs, types), lists: lists.names, models: opts.models?.names ?? [] }, clock, opts.audit);
    await strategies.load(pack.strategies);
    // Redis keeps its own state across restarts; in-process state is rebuilt from what was recorded.
    const replayed = config.features.backend === 'memory' ? await replayDecided(db, features, clock.now() - REPLAY_WINDOW_MS) : 0;
    const live = recorder;
    const queries = new DecisionQueries(db, (point, version) => strategies.ruleIds(point, version), (id) => live.pending(id));
    // The embedded store has one writer, this process: its decided ids can be known here.
    const decidedIds = db.dialect === 'pglite' ? await loadDecidedIds(db) : undefined;
    const service = new DecisionService(recorder, queries, features, strategies, lists, clock, { maxFutureSkewMs, listPrecedence: pack.precedence, ...(opts.models ? { models: opts.models } : {}), ...(decidedIds ? { decidedIds } : {}) });
    return {
      service,
      queries,
      strategies,
      lists,
      trial: new StrategyTrial({ db, features, strategies, lists, clock, maxFutureSkewMs, listPrecedence: pack.precedence, ...(opts.models ? { models: opts.models } : {}) }),
      features,
      replayed,
      recovered,
      settled: () => live.settled(),
      backlog: () => live.backlog,
      async close() {
        await live.close();
        await features.close();
      },
    };
  } catch (err) {
    await recorder?.close();
    await features.close();
    throw err;
  }
}

/**
 * Every decided event id, into a filter that answers "maybe" or a certain "no". A false "maybe"
 * costs a store look-up that waits behind the group commit in progress: at 1 in 10,000 (2.4 bytes
 * an id) that stays far out of the 99th percentile, where 1 in 100 would sit right on it.
 */
const DECIDED_FALSE_MAYBE = 0.0001;

async function loadDecidedIds(db: SqlClient): Promise<IdFilter> {
  const filter = new IdFilter(65_536, DECIDED_FALSE_MAYBE);
  let after = '';
  for (;;) {
    const r = await db.query<{ event_id: string }>(`SELECT event_id FROM decisions WHERE event_id > $1 ORDER BY event_id LIMIT ${REPLAY_PAGE * 4}`, [after]);
    for (const row of r.rows) filter.add(row.event_id);
    if (r.rows.length < REPLAY_PAGE * 4) return filter;
    after = r.rows[r.rows.length - 1]!.event_id;
  }
}

/** Feeds every decided event since `sinceMs` to the feature state, oldest first, page by page. */
async function replayDecided(db: SqlClient, features: FeatureStore, sinceMs: number): Promise<number> {
  let n = 0;
  let after: { at: string; id: string } = { at: new Date(sinceMs).toISOString(), id: '' };
  for (;;) {
    const r = await db.query<EventRow & { occurred_at: Date }>(
      `SELECT e.* FROM events e JOIN decisions d ON d.event_id = e.id
       WHERE (e.occurred_at, e.id) > ($1::timestamptz, $2) ORDER BY e.occurred_at, e.id LIMIT ${REPLAY_PAGE}`,
      [after.at, after.id],
    );
    for (const row of r.rows) {
      const fields = fromEventRow(row);
      await features.record({ id: row.id, type: row.type, occurredAtMs: new Date(row.occurred_at).getTime(), fields });
    }
    n += r.rows.length;
    if (r.rows.length < REPLAY_PAGE) return n;
    const last = r.rows[r.rows.length - 1]!;
    after = { at: new Date(last.occurred_at).toISOString(), id: last.id };
  }
}
