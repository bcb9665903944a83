/**
 * Writes one batch of prepared records in one transaction: events inserted once per id, entities
 * upserted when their content is newer, and the data-quality counters and stream watermarks of the
 * same batch — so what is stored and what is counted can never disagree.
 */
import type { AccountedRecord, CounterDelta, RecordStatus, StreamMark } from '../quality/domain/dq-accounting.js';
import { accountBatch, streamKey } from '../quality/domain/dq-accounting.js';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import type { EntityType } from './domain/record-schemas.js';
import { EVENT_COPY_COLUMNS, EVENT_RECORD_COLUMNS, encodeEventRows, type EventRow } from './event-row.js';
import type { DecisionWrite } from '../decisions/decision-write.js';
import { addDecisionRollups } from '../decisions/decision-rollups.js';
import { type EntityLink, LinkMemory, unknownLinks, writeLinks } from './entity-links.js';

export interface EntityRow {
  id: string;
  customer_id: string | null;
  source: string;
  updated_at: string;
  received_at: string;
  data: Record<string, unknown>;
  pii: Record<string, unknown>;
  content_hash: string;
}

export type WriteItem =
  | { kind: 'event'; row: EventRow; decision?: DecisionWrite }
  | { kind: 'entity'; entity: EntityType; row: EntityRow }
  | { kind: 'rejection' };

/**
 * One group commit, self-contained (plain data, so it can cross to the embedded store's thread):
 * the items to write, at most one per id, and the records to count, each pointing at the item
 * that carries it (`slot`, -1 for a copy already in the batch).
 */
export interface WriteBatch {
  items: WriteItem[];
  records: Array<{ acct: AccountedRecord; slot: number }>;
  /** The (source, record type) streams whose watermarks the counting needs. */
  streams: Array<[string, string]>;
  allowedLatenessMs: number;
  receivedAt: string;
}

export interface WriteOutcome {
  /** What each record became, in `records` order. */
  statuses: RecordStatus[];
  /** Event ids whose decision in this batch is the one that stands (first for its id). */
  decided: string[];
}

/** Where group commits go: the repository itself, or the embedded store's thread running it. */
export interface BatchWriter {
  write(batch: WriteBatch): Promise<WriteOutcome>;
}

export const ENTITY_TABLES: Record<EntityType, string> = {
  customer: 'customers',
  account: 'accounts',
  card: 'cards',
  device: 'devices',
};

const ENTITY_COLUMNS =
  'id text, customer_id text, source text, updated_at timestamptz, received_at timestamptz, data jsonb, pii jsonb, content_hash text';

export class IngestRepository implements BatchWriter {
  constructor(
    private readonly db: SqlClient,
    /** Entity links already stored: remembered only once their transaction has committed. */
    private readonly links = new LinkMemory(),
  ) {}

  /** Writes the items and counts the records in one transaction; what each record became. */
  async write(batch: WriteBatch): Promise<WriteOutcome> {
    const { outcome, links } = await this.transact(batch);
    for (const link of links) this.links.add(link);
    return outcome;
  }

  /** The transaction of `write`, with the entity links it wrote (remembered once it commits). */
  private transact(batch: WriteBatch): Promise<{ outcome: WriteOutcome; links: EntityLink[] }> {
    const { items, streams, receivedAt } = batch;
    return this.db.transaction(async (tx) => {
      let links: EntityLink[] = [];
      const statuses: RecordStatus[] = items.map((it) => (it.kind === 'rejection' ? 'rejected' : 'duplicate'));

      const eventIdx = indexesOf(items, (it) => it.kind === 'event');
      if (eventIdx.length > 0) {
        const rows = eventIdx.map((i) => (items[i] as { row: EventRow }).row);
        const stored = await insertEvents(tx, rows);
        links = unknownLinks(rows, this.links);
        await writeLinks(tx, links);
        for (const i of eventIdx) if (stored.has((items[i] as { row: EventRow }).row.id)) statuses[i] = 'stored';
      }

      const decisions = eventIdx.map((i) => (items[i] as { decision?: DecisionWrite }).decision).filter((d): d is DecisionWrite => d !== undefined);
      const decided = decisions.length > 0 ? await writeDecisions(tx, decisions) : [];

      for (const [entity, table] of Object.entries(ENTITY_TABLES) as Array<[EntityType, string]>) {
        const idx = indexesOf(items, (it) => it.kind === 'entity' && it.entity === entity);
        if (idx.length === 0) continue;
        const rows = idx.map((i) => (items[i] as { row: EntityRow }).row);
        const r = await tx.query<{ id: string; inserted: boolean }>(
          `INSERT INTO ${table} AS t (id, customer_id, source, updated_at, received_at, data, pii, content_hash)
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${ENTITY_COLUMNS}) ORDER BY id COLLATE "C"
           ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, source = excluded.source,
             updated_at = excluded.updated_at, received_at = excluded.received_at, data = excluded.data,
             pii = excluded.pii, content_hash = excluded.content_hash
           WHERE t.content_hash <> excluded.content_hash AND t.updated_at <= excluded.updated_at
           RETURNING id, (xmax = 0) AS inserted`,
          [JSON.stringify(rows)],
        );
        const written = new Map(r.rows.map((x) => [x.id, x.inserted] as const));
        for (const i of idx) {
          const inserted = written.get((items[i] as { row: EntityRow }).row.id);
          if (inserted !== undefined) statuses[i] = inserted ? 'stored' : 'updated';
        }
      }

      await lockStreams(tx, batch.records);
      const watermarks = await readWatermarks(tx, streams);
      const final = batch.records.map((r) => (r.slot < 0 ? 'duplicate' : statuses[r.slot]!));
      const counted = batch.records.map((r, i) => ({ ...r.acct, status: final[i]! })).filter((r) => !(r.replayed && r.status === 'duplicate'));
      const { deltas, marks } = accountBatch(counted, watermarks, batch.allowedLatenessMs);
      await addCounters(tx, deltas);
      await advanceStreams(tx, marks, receivedAt);
      return { outcome: { statuses: final, decided }, links };
    });
  }
}

// Below this many events a group commit goes as one JSON statement: COPY costs two more round trips.
export const COPY_MIN_EVENTS = 100;

/** Inserts event rows (the first per id stands); the ids stored now. */
async function insertEvents(tx: SqlExecutor, rows: readonly EventRow[]): Promise<Set<string>> {
  if (tx.copyFrom && rows.length >= COPY_MIN_EVENTS) {
    // PostgreSQL: binary COPY into a per-connection staging table, then one insert that skips ids
    // already stored. The server parses no JSON envelope and no timestamp text; about a third of
    // its work per event (docs/performance.md). Created in the transaction, so it is also safe
    // behind a transaction-pooling proxy; emptied at every commit. Rows go in id order (bytewise,
    // cheap) in every writer, so two batches sharing ids cannot each wait on the other.
    await tx.query('CREATE TEMP TABLE IF NOT EXISTS events_stage (LIKE events) ON COMMIT DELETE ROWS');
    await tx.copyFrom(`COPY events_stage (${EVENT_COPY_COLUMNS}) FROM STDIN (FORMAT binary)`, encodeEventRows(rows));
    // Only the ids not stored come back (usually none): no row per stored event to send and read.
    const r = await tx.query<{ id: string }>(
      `WITH ins AS (INSERT INTO events (${EVENT_COPY_COLUMNS}) SELECT ${EVENT_COPY_COLUMNS} FROM events_stage ORDER BY id COLLATE "C" ON CONFLICT (id) DO NOTHING RETURNING id)
       SELECT s.id FROM events_stage s WHERE NOT EXISTS (SELECT 1 FROM ins WHERE ins.id = s.id)`,
    );
    const stored = new Set(rows.map((x) => x.id));
    for (const x of r.rows) stored.delete(x.id);
    return stored;
  }
  const r = await tx.query<{ id: string }>(
    `INSERT INTO events (${EVENT_COPY_COLUMNS}) SELECT * FROM json_to_recordset($1::json) AS r(${EVENT_RECORD_COLUMNS}) ORDER BY id COLLATE "C" ON CONFLICT (id) DO NOTHING RETURNING id`,
    [JSON.stringify(rows)],
  );
  return new Set(r.rows.map((x) => x.id));
}

const DECISION_COLUMNS =
  'event_id text, decision_point text, event_type text, customer_id text, outcome text, score integer, strategy_version integer, reasons jsonb, trace jsonb, degraded text, occurred_at timestamptz, decided_at timestamptz';
const ALERT_COLUMNS =
  'id text, source text, event_id text, customer_id text, decision_point text, outcome text, score integer, severity text, reasons jsonb, created_at timestamptz';

/** Records decisions (the first per event id stands), opens the alerts of the new ones; their ids. */
async function writeDecisions(tx: SqlExecutor, decided: readonly DecisionWrite[]): Promise<string[]> {
  const r = await tx.query<{ event_id: string }>(
    `INSERT INTO decisions SELECT * FROM json_to_recordset($1::json) AS r(${DECISION_COLUMNS})
     ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [JSON.stringify(decided.map((d) => d.row))],
  );
  const stored = new Set(r.rows.map((x) => x.event_id));
  // Each stored id once, even if a batch carried the same id twice (the first row stands).
  const counted = new Set<string>();
  await addDecisionRollups(tx, decided.filter((d) => stored.has(d.row.event_id) && !counted.has(d.row.event_id) && counted.add(d.row.event_id)).map((d) => d.row));
  const alerts = [];
  for (const d of decided) if (stored.has(d.row.event_id) && d.alert) alerts.push(d.alert);
  if (alerts.length > 0) {
    await tx.query(
      `INSERT INTO alerts (id, source, event_id, customer_id, decision_point, outcome, score, severity, reasons, created_at)
       SELECT * FROM json_to_recordset($1::json) AS r(${ALERT_COLUMNS}) ON CONFLICT DO NOTHING`,
      [JSON.stringify(alerts)],
    );
  }
  return [...stored];
}

function indexesOf<T>(items: readonly T[], pred: (it: T) => boolean): number[] {
  const out: number[] = [];
  items.forEach((it, i) => {
    if (pred(it)) out.push(i);
  });
  return out;
}

// Advisory-lock class of data-quality streams (any constant unique to this use).
const DQ_STREAM_LOCK = 0x46_4b_44_51;

/**
 * Serialises the counting of each stream (source × record type) among concurrent writers, for
 * the rest of the transaction: the watermark read, the counters and the watermark update of a
 * stream happen under its lock. Advisory locks also cover streams that have no row yet, and are
 * taken in one order (by hash), so two writers cannot wait on each other. Taken after the
 * records are written, so concurrent batches still write their records in parallel.
 */
async function lockStreams(tx: SqlExecutor, records: WriteBatch['records']): Promise<void> {
  const keys = new Map<string, string>();
  for (const r of records) {
    const k = streamKey(r.acct.source, r.acct.type);
    // The server takes no NUL in text: the lock name is the pair as JSON.
    if (!keys.has(k)) keys.set(k, JSON.stringify([r.acct.source, r.acct.type]));
  }
  if (keys.size === 0) return;
  await tx.query(
    `SELECT count(pg_advisory_xact_lock(${DQ_STREAM_LOCK}, h))::int AS n FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY h) s`,
    [[...keys.values()]],
  );
}

/** The streams' newest event times (their locks are held). */
async function readWatermarks(tx: SqlExecutor, streams: ReadonlyArray<[string, string]>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (streams.length === 0) return out;
  const r = await tx.query<{ source: string; record_type: string; max_occurred_at: Date }>(
    `SELECT s.source, s.record_type, s.max_occurred_at FROM dq_streams s
     JOIN jsonb_to_recordset($1::jsonb) AS r(source text, record_type text) USING (source, record_type)`,
    [JSON.stringify(streams.map(([source, record_type]) => ({ source, record_type })))],
  );
  for (const row of r.rows) out.set(streamKey(row.source, row.record_type), row.max_occurred_at.getTime());
  return out;
}

async function addCounters(tx: SqlExecutor, deltas: readonly CounterDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await tx.query(
    `INSERT INTO dq_counters AS c (source, record_type, metric, key, n)
     SELECT source, "recordType", metric, key, n FROM jsonb_to_recordset($1::jsonb) AS r(source text, "recordType" text, metric text, key text, n bigint)
     ON CONFLICT (source, record_type, metric, key) DO UPDATE SET n = c.n + excluded.n`,
    [JSON.stringify(deltas)],
  );
}

async function advanceStreams(tx: SqlExecutor, marks: readonly StreamMark[], receivedAt: string): Promise<void> {
  if (marks.length === 0) return;
  await tx.query(
    `INSERT INTO dq_streams AS s (source, record_type, max_occurred_at, last_received_at)
     SELECT source, "recordType", to_timestamp("maxOccurredAtMs" / 1000.0), $2::timestamptz
     FROM jsonb_to_recordset($1::jsonb) AS r(source text, "recordType" text, "maxOccurredAtMs" double precision)
     ON CONFLICT (source, record_type) DO UPDATE
       SET max_occurred_at = GREATEST(s.max_occurred_at, excluded.max_occurred_at), last_received_at = excluded.last_received_at`,
    [JSON.stringify(marks), receivedAt],
  );
}
