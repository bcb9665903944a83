/**
 * How an answered decision becomes durable. On PostgreSQL: the decision is committed (event,
 * decision, alert in one transaction) before it is answered. On the embedded store: it is
 * appended to a journal in the data directory and answered once written — it then survives
 * `kill -9` — and committed to the store in the background, group by group; a journal left by a
 * stopped process is committed at the next start, before anything else reads the store. Until
 * its commit, an acknowledged decision is served from memory (`pending`), so a read or a repeat
 * never misses it.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IngestService, PreparedDecision } from '../ingest/ingest-service.js';
import type { NormalisedRecord } from '../ingest/domain/validate-record.js';
import type { Logger } from '../ops/logger.js';
import { FengkongError } from '../shared/errors.js';
import { AppendJournal, type JournalTicket } from '../store/append-journal.js';
import type { DecisionWrite } from './decision-write.js';

export interface DecisionRecorder {
  /**
   * Called before a decision touches any state (features above all): null when it may go ahead
   * now; a promise when the store is behind, settling once there is room; throws
   * STORE_UNAVAILABLE when there is none — refused before anything was counted, so a retry
   * counts once.
   */
  admit(): Promise<void> | null;
  /** Resolves once the decision is durable; `write.stored` then tells whether it stands. */
  record(rec: NormalisedRecord, source: string, write: DecisionWrite): Promise<void>;
  /** An acknowledged decision not yet in the store. */
  pending(eventId: string): PreparedDecision | undefined;
  /** Resolves once every decision acknowledged so far is in the store. */
  settled(): Promise<void>;
  /** Acknowledged decisions not yet in the store. */
  readonly backlog: number;
  /** Waits for every acknowledged decision to reach the store, then stops. */
  close(): Promise<void>;
}

export class CommitFirstRecorder implements DecisionRecorder {
  constructor(private readonly ingest: IngestService) {}

  admit(): null {
    return null;
  }

  async record(rec: NormalisedRecord, source: string, write: DecisionWrite): Promise<void> {
    await this.ingest.ingestDecided(rec, source, write);
  }

  pending(): undefined {
    return undefined;
  }

  readonly backlog = 0;

  async settled(): Promise<void> {}

  async close(): Promise<void> {}
}

export interface JournalRecorderOptions {
  /**
   * Back-pressure. From `paceAt` acknowledged decisions waiting for the store, a new decision
   * waits for a commit to make room (up to `paceWaitMs`), so callers slow to the store's pace
   * instead of piling up; at `maxPending` it is refused (503). Without pacing, a saturated
   * request thread starves the store thread and the backlog only grows. Both limits are soft by
   * the number of decisions admitted at the same moment (bounded by the callers in flight).
   */
  paceAt?: number;
  paceWaitMs?: number;
  maxPending?: number;
  /** First wait before retrying a failed background commit (doubles up to 5 s). */
  retryMs?: number;
  /**
   * Journaled decisions are committed in groups: every `commitEveryMs`, or at once when
   * `commitBatch` are waiting. Larger, rarer transactions cost the store far less than one per
   * event-loop turn, and no caller waits for them.
   */
  commitEveryMs?: number;
  commitBatch?: number;
}

export class JournalRecorder implements DecisionRecorder {
  private readonly waiting = new Map<string, PreparedDecision>();
  private readonly commits = new Set<Promise<void>>();
  private readonly paceAt: number;
  private readonly paceWaitMs: number;
  private readonly maxPending: number;
  /** Decisions waiting for room: woken after every commit. */
  private readonly roomWaiters = new Set<() => void>();
  private readonly retryMs: number;
  private readonly commitEveryMs: number;
  private readonly commitBatch: number;
  /** Journaled, not yet handed to the store. */
  private group: Array<{ prepared: PreparedDecision; ticket: JournalTicket }> = [];
  private timer: NodeJS.Timeout | null = null;
  private closing = false;

  private constructor(
    private readonly ingest: IngestService,
    private readonly journal: AppendJournal,
    private readonly log: Logger | null,
    private readonly deadLetterFile: string,
    opts: JournalRecorderOptions,
  ) {
    this.maxPending = opts.maxPending ?? 50_000;
    this.paceAt = Math.min(opts.paceAt ?? 5_000, this.maxPending);
    this.paceWaitMs = opts.paceWaitMs ?? 2_000;
    this.retryMs = opts.retryMs ?? 50;
    this.commitEveryMs = opts.commitEveryMs ?? 50;
    this.commitBatch = opts.commitBatch ?? 1_000;
  }

  /** Opens the journal in `dir` and commits what an earlier run left in it. */
  static async open(dir: string, ingest: IngestService, log: Logger | null, opts: JournalRecorderOptions = {}): Promise<{ recorder: JournalRecorder; recovered: number }> {
    const { journal, leftover, leftoverSegments } = AppendJournal.open<PreparedDecision>(dir);
    const deadLetterFile = join(dir, 'dead-letter.jsonl');
    try {
      for (let i = 0; i < leftover.length; i += 5_000) {
        await commitOrIsolate(ingest, leftover.slice(i, i + 5_000), true, (one, e) => deadLetter(deadLetterFile, one, e, log));
      }
      journal.discard(leftoverSegments);
    } catch (err) {
      await journal.close();
      throw err;
    }
    if (leftover.length > 0) log?.warn({ recovered: leftover.length }, 'decisions recovered from the journal / 已从日志恢复决策');
    return { recorder: new JournalRecorder(ingest, journal, log, deadLetterFile, opts), recovered: leftover.length };
  }

  admit(): Promise<void> | null {
    if (this.closing) throw new FengkongError('STORE_UNAVAILABLE', { note: 'shutting down' });
    return this.waiting.size < this.paceAt ? null : this.roomFor(Date.now() + this.paceWaitMs);
  }

  private async roomFor(deadline: number): Promise<void> {
    while (this.waiting.size >= this.paceAt) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((wake) => {
        const waiter = () => {
          clearTimeout(timer);
          this.roomWaiters.delete(waiter);
          wake();
        };
        const timer = setTimeout(waiter, left);
        this.roomWaiters.add(waiter);
      });
      if (this.closing) throw new FengkongError('STORE_UNAVAILABLE', { note: 'shutting down' });
    }
    if (this.waiting.size >= this.maxPending) throw new FengkongError('STORE_UNAVAILABLE', { note: 'decision store is behind; retry' });
  }

  async record(rec: NormalisedRecord, source: string, write: DecisionWrite): Promise<void> {
    // Admission (`admit`) has checked for room; a decision that got this far has touched its
    // features and must be kept, even past `maxPending` by the few admitted at the same time.
    if (this.closing) throw new FengkongError('STORE_UNAVAILABLE', { note: 'shutting down' });
    const prepared = this.ingest.prepareDecided(rec, source, write);
    // This process is the embedded store's only writer and has checked the id: this decision stands.
    write.stored = true;
    this.waiting.set(rec.id, prepared);
    let ticket: JournalTicket;
    try {
      ticket = await this.journal.append(prepared);
    } catch (err) {
      this.waiting.delete(rec.id);
      this.wakeWaiters();
      throw new FengkongError('STORE_UNAVAILABLE', { cause: err, note: 'decision journal' });
    }
    this.group.push({ prepared, ticket });
    if (this.group.length >= this.commitBatch) this.commitGroup();
    else this.timer ??= setTimeout(() => this.commitGroup(), this.commitEveryMs);
  }

  private commitGroup(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.group.length === 0) return;
    const group = this.group;
    this.group = [];
    const commit = this.commit(group);
    this.commits.add(commit);
    void commit.finally(() => this.commits.delete(commit));
  }

  pending(eventId: string): PreparedDecision | undefined {
    return this.waiting.get(eventId);
  }

  /** Acknowledged decisions not yet in the store. */
  get backlog(): number {
    return this.waiting.size;
  }

  async settled(): Promise<void> {
    this.commitGroup();
    await Promise.allSettled([...this.commits]);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.wakeWaiters();
    this.commitGroup();
    while (this.commits.size > 0) await Promise.allSettled([...this.commits]);
    await this.journal.close();
  }

  /**
   * Commits in the background. A failure the store may get over (unavailable, busy) is retried
   * until it takes the group; one it never will (SQLSTATE classes 22, 23: the data itself) is
   * narrowed down entry by entry, and the entry it refuses goes to the dead-letter file beside the
   * journal — kept and reported, never silently dropped — while the rest commit.
   */
  private async commit(group: ReadonlyArray<{ prepared: PreparedDecision; ticket: JournalTicket }>): Promise<void> {
    const entries = group.map((g) => g.prepared);
    for (let wait = this.retryMs, attempt = 0; ; wait = Math.min(wait * 2, 5_000), attempt++) {
      try {
        // A retry may find part of its own earlier attempt stored: counted once, as on recovery.
        await commitOrIsolate(this.ingest, entries, attempt > 0, (one, e) => deadLetter(this.deadLetterFile, one, e, this.log));
        break;
      } catch (err) {
        // Shutting down: it stays in the journal and is committed at the next start.
        if (this.closing) return;
        this.log?.error({ err }, 'journaled decision not committed yet, retrying / 决策入库失败,重试中');
        await new Promise((r) => setTimeout(r, wait));
      }
    }
    for (const { prepared, ticket } of group) {
      this.waiting.delete(prepared.item.row.id);
      this.journal.release(ticket);
    }
    this.wakeWaiters();
  }

  /** Decisions waiting for room look again (a commit or a failed append made some). */
  private wakeWaiters(): void {
    for (const wake of [...this.roomWaiters]) wake();
  }
}

/**
 * Commits the entries together; when the store refuses them for the data itself, one by one, and
 * each it still refuses goes to `refused`. Throws only what retrying may cure.
 */
async function commitOrIsolate(ingest: IngestService, entries: readonly PreparedDecision[], replayed: boolean, refused: (entry: PreparedDecision, err: unknown) => void): Promise<void> {
  try {
    await ingest.commitPrepared(entries, { replayed });
    return;
  } catch (err) {
    if (!isPermanent(err)) throw err;
  }
  for (const one of entries) {
    try {
      await ingest.commitPrepared([one], { replayed });
    } catch (err) {
      if (!isPermanent(err)) throw err;
      refused(one, err);
    }
  }
}

/** Errors in the data itself (SQLSTATE 22xxx data exception, 23xxx constraint): retrying cannot help. */
function isPermanent(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

function deadLetter(file: string, entry: PreparedDecision, err: unknown, log: Logger | null): void {
  const e = err as { message?: string; code?: string };
  appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), code: e?.code ?? null, error: e?.message ?? String(err), entry })}\n`);
  log?.error({ eventId: entry.item.row.id, code: e?.code }, 'decision refused by the store, kept in the dead-letter file / 决策被存储拒绝,已存入死信文件');
}
