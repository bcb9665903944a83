/**
 * An append-only journal of JSON entries in segment files (`<dir>/<n>.jsonl`): what lets the
 * embedded store acknowledge a decision as soon as it is written to the operating system, while
 * the database commit follows in the background. Appends made in the same turn of the event loop
 * go out in one `write`; each caller is answered once its bytes are written (they then survive
 * `kill -9` of the process). An entry is released once the store has committed it; a segment
 * whose entries are all released, and which is no longer the one being written, is deleted.
 * At open, the entries of the segments left behind (not yet committed when the process stopped)
 * are read back for the caller to commit; a torn last line — a write cut by a kill, never
 * acknowledged — is ignored.
 */
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface JournalTicket {
  segment: number;
}

interface Segment {
  n: number;
  fd: number;
  /** Bytes appended, queued ones included (decides rotation). */
  bytes: number;
  /** Bytes on disk: where a failed write is cut back to. */
  written: number;
  /** Entries appended and not yet released. */
  outstanding: number;
  closed: boolean;
}

export interface AppendJournalOptions {
  /** A segment is closed and a new one started past this size (default 64 MiB). */
  segmentBytes?: number;
}

export class AppendJournal {
  private active: Segment;
  private readonly segments = new Map<number, Segment>();
  private queued: string[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void; segment: Segment }> = [];
  private scheduled = false;
  private broken: Error | null = null;
  private readonly deleting = new Set<Promise<unknown>>();

  private constructor(
    private readonly dir: string,
    next: number,
    private readonly segmentBytes: number,
  ) {
    this.active = this.openSegment(next);
  }

  /** Opens the journal in `dir`; `leftover` holds the entries of earlier runs, oldest first. */
  static open<T>(dir: string, options: AppendJournalOptions = {}): { journal: AppendJournal; leftover: T[]; leftoverSegments: number[] } {
    mkdirSync(dir, { recursive: true });
    const numbers = readdirSync(dir)
      .map((f) => /^(\d+)\.jsonl$/.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    const leftover: T[] = [];
    for (const n of numbers) {
      const lines = readFileSync(join(dir, `${n}.jsonl`), 'utf8').split('\n');
      for (const line of lines) {
        if (line === '') continue;
        try {
          leftover.push(JSON.parse(line) as T);
        } catch {
          // A line cut short by a kill mid-write: its caller was never answered.
        }
      }
    }
    const journal = new AppendJournal(dir, (numbers[numbers.length - 1] ?? 0) + 1, options.segmentBytes ?? 64 * 1024 * 1024);
    return { journal, leftover, leftoverSegments: numbers };
  }

  /** Deletes segments of earlier runs once their entries are committed elsewhere. */
  discard(segments: readonly number[]): void {
    for (const n of segments) {
      const path = join(this.dir, `${n}.jsonl`);
      try {
        if (existsSync(path)) unlinkSync(path);
      } catch {
        // Left on disk: read back and replayed at the next start, where it stores and counts nothing twice.
      }
    }
  }

  /** Resolves once the entry is written to the operating system; release the ticket after commit. */
  append(entry: unknown): Promise<JournalTicket> {
    if (this.broken) return Promise.reject(this.broken);
    const line = `${JSON.stringify(entry)}\n`;
    const segment = this.active;
    segment.outstanding++;
    segment.bytes += Buffer.byteLength(line);
    this.queued.push(line);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject, segment }));
    if (segment.bytes >= this.segmentBytes) this.rotate();
    this.schedule();
    return done.then(() => ({ segment: segment.n }));
  }

  /** The entry is committed to the store: its segment may go once all of its entries have. */
  release(ticket: JournalTicket): void {
    const s = this.segments.get(ticket.segment);
    if (!s) return;
    s.outstanding--;
    this.dropIfDone(s);
  }

  /** Entries appended and not yet released. */
  get outstanding(): number {
    let n = 0;
    for (const s of this.segments.values()) n += s.outstanding;
    return n;
  }

  /** Writes what is queued, then closes the files (segments still outstanding stay on disk). */
  async close(): Promise<void> {
    this.flush();
    await this.deletions();
    for (const s of this.segments.values()) {
      closeSync(s.fd);
      if (s.outstanding === 0) unlinkSync(join(this.dir, `${s.n}.jsonl`));
    }
    this.segments.clear();
  }

  private openSegment(n: number): Segment {
    const s: Segment = { n, fd: openSync(join(this.dir, `${n}.jsonl`), 'a'), bytes: 0, written: 0, outstanding: 0, closed: false };
    this.segments.set(n, s);
    return s;
  }

  private rotate(): void {
    const old = this.active;
    old.closed = true;
    this.active = this.openSegment(old.n + 1);
  }

  private dropIfDone(s: Segment): void {
    // Released means committed, which means written: a closed segment at zero has nothing in flight.
    if (!s.closed || s.outstanding > 0) return;
    closeSync(s.fd);
    this.segments.delete(s.n);
    // Off the event loop: freeing a 64 MiB file held up answers (~16 ms in a profile). Should the
    // process stop first, the segment is read back at the next start and its entries, already
    // stored, are neither stored nor counted again.
    const gone = unlink(join(this.dir, `${s.n}.jsonl`)).catch(() => undefined);
    this.deleting.add(gone);
    void gone.finally(() => this.deleting.delete(gone));
  }

  /** Resolves once the segments dropped so far are deleted from disk. */
  async deletions(): Promise<void> {
    await Promise.all([...this.deleting]);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /**
   * One `write` per segment for everything queued. Synchronous on purpose: a write into the page
   * cache takes microseconds, less than a hop through libuv's thread pool and back.
   */
  private flush(): void {
    if (this.queued.length === 0) return;
    const lines = this.queued;
    const waiters = this.waiters;
    this.queued = [];
    this.waiters = [];
    // Lines of one flush may span a rotation: each segment's share goes to its own file.
    const parts: Array<{ s: Segment; text: string }> = [];
    lines.forEach((line, i) => {
      const s = waiters[i]!.segment;
      const last = parts[parts.length - 1];
      if (last && last.s === s) last.text += line;
      else parts.push({ s, text: line });
    });
    const done: Array<{ s: Segment; start: number }> = [];
    try {
      for (const { s, text } of parts) {
        done.push({ s, start: s.written });
        const buf = Buffer.from(text);
        writeFully(s.fd, buf);
        s.written += buf.length;
      }
    } catch (err) {
      // A failed write (disk full …) answers its callers with an error: cut back what this flush
      // wrote, so no entry whose caller was refused comes back at the next start. The journal
      // stays usable for the next appends.
      for (const { s, start } of done) {
        try {
          ftruncateSync(s.fd, start);
          s.written = start;
        } catch {
          this.broken = err as Error; // cannot restore a clean end: refuse from now on
        }
      }
      for (const w of waiters) {
        w.segment.outstanding--;
        w.reject(err);
        if (w.segment !== this.active) this.dropIfDone(w.segment);
      }
      return;
    }
    for (const w of waiters) w.resolve();
  }
}

/** `write` until every byte is out (a short write is legal for regular files under pressure). */
function writeFully(fd: number, buf: Buffer): void {
  for (let offset = 0; offset < buf.length; ) offset += writeSync(fd, buf, offset, buf.length - offset);
}
