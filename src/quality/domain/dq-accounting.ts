/**
 * Data-quality accounting for one written batch: what each record adds to the counters of its
 * stream (source × record type) — received, stored, duplicates, rejections by field and reason,
 * field completeness, and events that arrived out of order or later than the allowed lateness
 * behind the newest event already seen. Pure: the store passes in the stream watermarks.
 */

export type RecordStatus = 'stored' | 'updated' | 'duplicate' | 'rejected';

export interface AccountedRecord {
  source: string;
  /** Record type, or `(unknown)` when the record had none that we know. */
  type: string;
  status: RecordStatus;
  /** Event time (events) or version time (entities), for records that were parsed. */
  occurredAtMs?: number;
  /** Whether arrival order matters for this record (events: yes; entity versions: no). */
  ordered?: boolean;
  /** Top-level fields present, for records stored or updated. */
  fields?: readonly string[];
  /** Written again from a journal after a restart: a duplicate is its own earlier write, not counted. */
  replayed?: boolean;
  /** Field and reason of each problem, for rejected records. */
  problems?: ReadonlyArray<{ field: string; reason: string }>;
}

export interface CounterDelta {
  source: string;
  recordType: string;
  metric: string;
  key: string;
  n: number;
}

export interface StreamMark {
  source: string;
  recordType: string;
  maxOccurredAtMs: number;
}

export const UNKNOWN_TYPE = '(unknown)';

export function streamKey(source: string, recordType: string): string {
  return `${source}\u0000${recordType}`;
}

/**
 * Counts a batch. `watermarks` holds the newest event time per stream before the batch (absent for
 * a new stream); the result holds the counters to add and the streams' new newest times.
 */
export function accountBatch(
  records: readonly AccountedRecord[],
  watermarks: ReadonlyMap<string, number>,
  allowedLatenessMs: number,
): { deltas: CounterDelta[]; marks: StreamMark[] } {
  // Counts are gathered per stream, then per metric and key: a few map look-ups per record,
  // since a batch holds thousands of records of a handful of streams.
  const streams = new Map<string, { source: string; recordType: string; counts: Map<string, number>; present: Map<string, number>; mark?: StreamMark }>();
  const bump = (counts: Map<string, number>, k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);

  for (const r of records) {
    const sk = streamKey(r.source, r.type);
    let s = streams.get(sk);
    if (!s) {
      s = { source: r.source, recordType: r.type, counts: new Map(), present: new Map() };
      streams.set(sk, s);
    }
    bump(s.counts, 'received\u0000');
    bump(s.counts, `${r.status}\u0000`);
    if (r.status === 'rejected') {
      for (const p of r.problems ?? []) bump(s.counts, `rejected_reason\u0000${p.field}:${p.reason}`);
      continue;
    }
    if (r.status === 'duplicate') continue;
    // Field names are counted as they are (no key building): this runs per field of every record.
    if (r.fields) for (const f of r.fields) bump(s.present, f);
    if (r.occurredAtMs === undefined) continue;
    const newest = s.mark ? s.mark.maxOccurredAtMs : watermarks.get(sk);
    if (r.ordered && newest !== undefined && r.occurredAtMs < newest) {
      bump(s.counts, 'out_of_order\u0000');
      if (r.occurredAtMs < newest - allowedLatenessMs) bump(s.counts, 'late\u0000');
    }
    const max = newest === undefined ? r.occurredAtMs : Math.max(newest, r.occurredAtMs);
    if (s.mark) s.mark.maxOccurredAtMs = max;
    else s.mark = { source: r.source, recordType: r.type, maxOccurredAtMs: max };
  }

  const deltas: CounterDelta[] = [];
  const marks: StreamMark[] = [];
  for (const s of streams.values()) {
    if (s.mark) marks.push(s.mark);
    for (const [k, n] of s.counts) {
      const cut = k.indexOf('\u0000');
      deltas.push({ source: s.source, recordType: s.recordType, metric: k.slice(0, cut), key: k.slice(cut + 1), n });
    }
    for (const [field, n] of s.present) deltas.push({ source: s.source, recordType: s.recordType, metric: 'field_present', key: field, n });
  }
  // A fixed order of counter rows keeps concurrent transactions from deadlocking on them.
  const text = (d: CounterDelta) => `${d.source}\u0000${d.recordType}\u0000${d.metric}\u0000${d.key}`;
  deltas.sort((a, b) => (text(a) < text(b) ? -1 : 1));
  return { deltas, marks };
}
