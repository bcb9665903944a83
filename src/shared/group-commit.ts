/**
 * Group commit: callers submit items and wait; queued items are written together by one flush
 * (one transaction), with at most `concurrency` flushes in flight. Under load batches grow by
 * themselves, idle latency stays one round trip, and every caller is answered only after its
 * items are durable.
 */

interface Pending<T, R> {
  items: T[];
  resolve: (results: R[]) => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitOptions {
  /** Most items one flush takes; the rest waits for the next. */
  maxItems: number;
  /** Most items waiting before submit refuses (back-pressure instead of unbounded memory). */
  maxQueued: number;
  /** Flushes in flight at once: 1 for a single-connection store, 2+ for a server with a pool. */
  concurrency?: number;
}

export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

export class GroupCommitter<T, R> {
  private queue: Array<Pending<T, R>> = [];
  private queued = 0;
  private inflight = 0;
  private scheduled = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly opts: GroupCommitOptions,
  ) {}

  /** Items waiting for a flush (a queue depth for /metrics). */
  get depth(): number {
    return this.queued;
  }

  submit(items: T[]): Promise<R[]> {
    if (items.length === 0) return Promise.resolve([]);
    if (this.queued > 0 && this.queued + items.length > this.opts.maxQueued) {
      return Promise.reject(new QueueFullError('write queue is full'));
    }
    return new Promise<R[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.queued += items.length;
      this.schedule();
    });
  }

  /** Resolves once everything submitted so far has been flushed. */
  drain(): Promise<void> {
    if (this.queued === 0 && this.inflight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Wait one turn of the event loop so callers submitting together share a flush.
    setImmediate(() => {
      this.scheduled = false;
      while (this.queue.length > 0 && this.inflight < (this.opts.concurrency ?? 1)) this.start();
    });
  }

  private start(): void {
    const take: Array<Pending<T, R>> = [];
    let n = 0;
    while (this.queue.length > 0 && (n === 0 || n + this.queue[0]!.items.length <= this.opts.maxItems)) {
      const p = this.queue.shift()!;
      take.push(p);
      n += p.items.length;
    }
    this.queued -= n;
    this.inflight++;
    const all = take.length === 1 ? take[0]!.items : take.flatMap((p) => p.items);
    this.flush(all).then(
      (results) => {
        let offset = 0;
        for (const p of take) {
          p.resolve(results.slice(offset, offset + p.items.length));
          offset += p.items.length;
        }
      },
      (err) => {
        for (const p of take) p.reject(err);
      },
    ).finally(() => {
      this.inflight--;
      if (this.queue.length > 0) this.schedule();
      else if (this.inflight === 0) for (const w of this.idleWaiters.splice(0)) w();
    });
  }
}
