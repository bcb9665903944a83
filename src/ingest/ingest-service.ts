/**
 * The ingestion path shared by the HTTP API, file imports and the stream consumer:
 * validate → normalise → seal personal data → group-commit to the store with its data-quality
 * counts → one result per record. A bad record is reported and never stops or taints the others.
 */
import type { FieldProblem } from '../shared/errors.js';
import type { Clock } from '../shared/clock.js';
import { GroupCommitter } from '../shared/group-commit.js';
import { canonicalJson, sealRecord } from '../pii/seal-record.js';
import type { DecisionWrite } from '../decisions/decision-write.js';
import type { PiiVault } from '../pii/pii-vault.js';
import { type AccountedRecord, type RecordStatus, UNKNOWN_TYPE } from '../quality/domain/dq-accounting.js';
import { isRecordType, type EntityType, type RecordType } from './domain/record-schemas.js';
import { type NormalisedRecord, validateRecord } from './domain/validate-record.js';
import { isStorableText } from './domain/scan-fields.js';
import type { BatchWriter, EntityRow, WriteItem } from './ingest-repository.js';
import { toEventRow } from './event-row.js';

export interface IngestContext {
  /** Source named by the channel (api, file name, stream subject) when the record names none. */
  source: string;
  /** When set, every record must be of this type (file imports with --type). */
  expectedType?: RecordType;
  /** When set, only events or only entities are accepted. */
  expectedKind?: 'event' | 'entity';
}

export interface IngestResult {
  index: number;
  id: string | null;
  type: string | null;
  status: RecordStatus;
  problems?: FieldProblem[];
}

export interface IngestSettings {
  /** Events older than the newest seen minus this count as late (they are still stored). */
  allowedLatenessMs: number;
  maxFutureSkewMs: number;
  /** Records one transaction takes at most. */
  maxBatchRecords: number;
  /** Records waiting for the store before new work is refused. */
  maxQueuedRecords: number;
  /** Transactions in flight at once (2: the store works on one while the next is prepared). */
  flushConcurrency: number;
}

export const DEFAULT_INGEST_SETTINGS: IngestSettings = {
  allowedLatenessMs: 5 * 60_000,
  maxFutureSkewMs: 10 * 60_000,
  maxBatchRecords: 5_000,
  maxQueuedRecords: 100_000,
  flushConcurrency: 1,
};

interface PendingItem {
  item: WriteItem;
  acct: AccountedRecord;
}

/** A decided event ready for the store: personal data sealed, decision attached (plain data). */
export interface PreparedDecision {
  item: WriteItem & { kind: 'event' };
  acct: AccountedRecord;
}

export interface IngestObserver {
  recorded(type: string, status: RecordStatus, n: number): void;
}

export class IngestService {
  private readonly committer: GroupCommitter<PendingItem, RecordStatus>;

  constructor(
    private readonly repo: BatchWriter,
    private readonly vault: PiiVault,
    private readonly clock: Clock,
    private readonly settings: IngestSettings = DEFAULT_INGEST_SETTINGS,
    private readonly observer?: IngestObserver,
  ) {
    this.committer = new GroupCommitter((items) => this.flush(items), {
      maxItems: settings.maxBatchRecords,
      maxQueued: settings.maxQueuedRecords,
      concurrency: settings.flushConcurrency,
    });
  }

  /** Records waiting for the store. */
  get queueDepth(): number {
    return this.committer.depth;
  }

  /** Validates and stores records; resolves once every stored record is durable. */
  async ingest(raws: readonly unknown[], ctx: IngestContext): Promise<IngestResult[]> {
    const now = this.clock.now();
    const receivedAt = new Date(now).toISOString();
    const results: IngestResult[] = new Array(raws.length);
    const pending: PendingItem[] = [];
    const slots: number[] = [];

    raws.forEach((raw, index) => {
      const v = validateRecord(raw, { now, maxFutureSkewMs: this.settings.maxFutureSkewMs, expectedType: ctx.expectedType, expectedKind: ctx.expectedKind });
      const source = sourceOf(raw, ctx);
      if (!v.ok) {
        const type = isRecordType(v.type) ? v.type : UNKNOWN_TYPE;
        results[index] = { index, id: v.id, type: v.type, status: 'rejected', problems: v.problems };
        pending.push({ item: { kind: 'rejection' }, acct: { source, type, status: 'rejected', problems: v.problems } });
      } else {
        results[index] = { index, id: v.record.id, type: v.record.type, status: 'duplicate' };
        pending.push(this.prepare(v.record, source, receivedAt));
      }
      slots.push(index);
    });

    const statuses = await this.committer.submit(pending);
    statuses.forEach((status, k) => {
      const r = results[slots[k]!]!;
      r.status = status;
    });
    return results;
  }

  /**
   * Stores a decided event with its decision (and alert) in one transaction, through the same
   * group commit as ingestion. Resolves once durable; `decision.stored` tells whether this
   * decision is the one that stands (its trace shows the stored event, masked, when read).
   */
  async ingestDecided(rec: NormalisedRecord, source: string, decision: DecisionWrite): Promise<RecordStatus> {
    const [status] = await this.commitPrepared([this.prepareDecided(rec, source, decision)]);
    return status!;
  }

  /** Seals a decided event and attaches its decision, without writing (a journal may go first). */
  prepareDecided(rec: NormalisedRecord, source: string, decision: DecisionWrite): PreparedDecision {
    const pending = this.prepare(rec, source, new Date(this.clock.now()).toISOString());
    if (pending.item.kind !== 'event') throw new TypeError('only events are decided');
    pending.item.decision = decision;
    return pending as PreparedDecision;
  }

  /**
   * Commits prepared decisions through the group commit. `replayed`: they come back from a journal
   * and may be stored already — those are then neither stored again nor counted again.
   */
  async commitPrepared(items: readonly PreparedDecision[], opts: { replayed?: boolean } = {}): Promise<RecordStatus[]> {
    return this.committer.submit(opts.replayed ? items.map((p) => ({ item: p.item, acct: { ...p.acct, replayed: true } })) : [...items]);
  }

  /** Counts lines that could not even be parsed (invalid JSON, broken CSV rows) as rejections. */
  async reportUnreadable(problems: readonly FieldProblem[], ctx: IngestContext): Promise<void> {
    const type = ctx.expectedType ?? UNKNOWN_TYPE;
    await this.committer.submit(problems.map((p) => ({ item: { kind: 'rejection' as const }, acct: { source: ctx.source, type, status: 'rejected' as const, problems: [p] } })));
  }

  /** Waits until everything accepted so far is written (graceful shutdown). */
  drain(): Promise<void> {
    return this.committer.drain();
  }

  private prepare(rec: NormalisedRecord, source: string, receivedAt: string): PendingItem {
    const { data, pii } = sealRecord(this.vault, rec);
    const acct: AccountedRecord = {
      source,
      type: rec.type,
      status: 'stored',
      occurredAtMs: rec.occurredAtMs,
      ordered: rec.kind === 'event',
      fields: Object.keys(rec.data).filter((f) => f !== 'type' && f !== 'source'),
    };
    if (rec.kind === 'event') return { item: { kind: 'event', row: toEventRow(data, pii, source, receivedAt) }, acct };
    // The content hash covers the plain record (keyed, so it reveals nothing) minus its version
    // time: a resend of unchanged content is a duplicate even when the sender restamps it.
    const { updatedAt: _version, source: _source, ...content } = rec.data;
    const row: EntityRow = {
      id: rec.id,
      customer_id: rec.customerId,
      source,
      updated_at: new Date(rec.occurredAtMs).toISOString(),
      received_at: receivedAt,
      data: withoutSource(data),
      pii,
      content_hash: this.vault.hash(canonicalJson(content)),
    };
    return { item: { kind: 'entity', entity: rec.type as EntityType, row }, acct };
  }

  private async flush(items: PendingItem[]): Promise<RecordStatus[]> {
    // Within one transaction an id is written once: later copies are duplicates of the first.
    const seen = new Map<string, WriteItem>();
    const writable: WriteItem[] = [];
    const writeSlot: number[] = new Array(items.length).fill(-1);
    items.forEach((p, i) => {
      if (p.item.kind === 'rejection') {
        writeSlot[i] = writable.push(p.item) - 1;
        return;
      }
      const key = p.item.kind === 'event' ? `e:${p.item.row.id}` : `${p.item.entity}:${p.item.row.id}`;
      const first = seen.get(key);
      if (first) {
        // A decision rides on the copy that is written, so it is never lost to deduplication.
        if (first.kind === 'event' && p.item.kind === 'event' && p.item.decision && !first.decision) first.decision = p.item.decision;
        return;
      }
      seen.set(key, p.item);
      writeSlot[i] = writable.push(p.item) - 1;
    });
    const streams = new Map<string, [string, string]>();
    for (const p of items) if (p.acct.status !== 'rejected') streams.set(`${p.acct.source}\u0000${p.acct.type}`, [p.acct.source, p.acct.type]);

    const { statuses: final, decided } = await this.repo.write({
      items: writable,
      records: items.map((p, i) => ({ acct: p.acct, slot: writeSlot[i]! })),
      streams: [...streams.values()],
      allowedLatenessMs: this.settings.allowedLatenessMs,
      receivedAt: new Date(this.clock.now()).toISOString(),
    });
    if (decided.length > 0) {
      const stood = new Set(decided);
      for (const p of items) if (p.item.kind === 'event' && p.item.decision) p.item.decision.stored = stood.has(p.item.row.id);
    }
    if (this.observer) {
      const counts = new Map<string, number>();
      items.forEach((p, i) => {
        const k = `${p.acct.type}\u0000${final[i]}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      });
      for (const [k, n] of counts) {
        const [type, status] = k.split('\u0000') as [string, RecordStatus];
        this.observer.recorded(type, status, n);
      }
    }
    return final;
  }
}

function sourceOf(raw: unknown, ctx: IngestContext): string {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const s = (raw as Record<string, unknown>).source;
    if (typeof s === 'string') {
      const t = s.trim();
      // A source is counted in the data-quality tables: one that cannot be stored is not taken.
      if (t.length > 0 && t.length <= 64 && isStorableText(t)) return t;
    }
  }
  return ctx.source;
}

function withoutSource(data: Record<string, unknown>): Record<string, unknown> {
  if (!('source' in data)) return data;
  const { source: _source, ...rest } = data;
  return rest;
}
