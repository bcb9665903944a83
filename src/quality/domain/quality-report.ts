/**
 * Builds the data-quality report from the raw counters: per source and record type, volumes,
 * duplicate and rejection rates, completeness of every schema field, rejections by field and
 * reason, out-of-order and late events, and freshness of the newest event. Pure.
 */
import { fieldsOf } from '../../ingest/domain/validate-record.js';
import { isRecordType, schemaOf } from '../../ingest/domain/record-schemas.js';

export interface CounterRow {
  source: string;
  recordType: string;
  metric: string;
  key: string;
  n: number;
}

export interface StreamRow {
  source: string;
  recordType: string;
  maxOccurredAt: Date;
  lastReceivedAt: Date;
}

export interface FieldCompleteness {
  field: string;
  required: boolean;
  present: number;
  ratio: number;
}

export interface StreamQuality {
  source: string;
  type: string;
  received: number;
  stored: number;
  updated: number;
  duplicates: number;
  rejected: number;
  duplicateRate: number;
  rejectionRate: number;
  outOfOrder: number;
  late: number;
  newestEventAt: string | null;
  lastReceivedAt: string | null;
  /** Seconds since the newest event of the stream happened. */
  freshnessSeconds: number | null;
  completeness: FieldCompleteness[];
  rejections: Array<{ field: string; reason: string; count: number }>;
}

export interface QualityReport {
  generatedAt: string;
  allowedLatenessSeconds: number;
  totals: { received: number; stored: number; updated: number; duplicates: number; rejected: number; outOfOrder: number; late: number };
  streams: StreamQuality[];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000);

export function buildQualityReport(counters: readonly CounterRow[], streams: readonly StreamRow[], now: number, allowedLatenessMs: number): QualityReport {
  const byStream = new Map<string, { source: string; type: string; metrics: Map<string, number>; present: Map<string, number>; reasons: Map<string, number> }>();
  const get = (source: string, type: string) => {
    const k = `${source}\u0000${type}`;
    let s = byStream.get(k);
    if (!s) {
      s = { source, type, metrics: new Map(), present: new Map(), reasons: new Map() };
      byStream.set(k, s);
    }
    return s;
  };
  for (const c of counters) {
    const s = get(c.source, c.recordType);
    if (c.metric === 'field_present') s.present.set(c.key, (s.present.get(c.key) ?? 0) + c.n);
    else if (c.metric === 'rejected_reason') s.reasons.set(c.key, (s.reasons.get(c.key) ?? 0) + c.n);
    else s.metrics.set(c.metric, (s.metrics.get(c.metric) ?? 0) + c.n);
  }
  const marks = new Map(streams.map((s) => [`${s.source}\u0000${s.recordType}`, s]));

  const out: StreamQuality[] = [];
  for (const [k, s] of byStream) {
    const m = (name: string) => s.metrics.get(name) ?? 0;
    const written = m('stored') + m('updated');
    const mark = marks.get(k);
    let completeness: FieldCompleteness[] = [];
    if (isRecordType(s.type)) {
      const required = new Set(schemaOf(s.type).required ?? []);
      completeness = fieldsOf(s.type)
        .filter((f) => f !== 'type')
        .map((field) => ({ field, required: required.has(field), present: s.present.get(field) ?? 0, ratio: ratio(s.present.get(field) ?? 0, written) }));
    }
    out.push({
      source: s.source,
      type: s.type,
      received: m('received'),
      stored: m('stored'),
      updated: m('updated'),
      duplicates: m('duplicate'),
      rejected: m('rejected'),
      duplicateRate: ratio(m('duplicate'), m('received')),
      rejectionRate: ratio(m('rejected'), m('received')),
      outOfOrder: m('out_of_order'),
      late: m('late'),
      newestEventAt: mark ? mark.maxOccurredAt.toISOString() : null,
      lastReceivedAt: mark ? mark.lastReceivedAt.toISOString() : null,
      freshnessSeconds: mark ? Math.max(0, Math.round((now - mark.maxOccurredAt.getTime()) / 1000)) : null,
      completeness,
      rejections: [...s.reasons]
        .map(([key, count]) => {
          const cut = key.lastIndexOf(':');
          return { field: key.slice(0, cut), reason: key.slice(cut + 1), count };
        })
        .sort((a, b) => b.count - a.count),
    });
  }
  out.sort((a, b) => (a.source === b.source ? a.type.localeCompare(b.type) : a.source.localeCompare(b.source)));
  const sum = (f: (s: StreamQuality) => number) => out.reduce((a, s) => a + f(s), 0);
  return {
    generatedAt: new Date(now).toISOString(),
    allowedLatenessSeconds: allowedLatenessMs / 1000,
    totals: {
      received: sum((s) => s.received),
      stored: sum((s) => s.stored),
      updated: sum((s) => s.updated),
      duplicates: sum((s) => s.duplicates),
      rejected: sum((s) => s.rejected),
      outOfOrder: sum((s) => s.outOfOrder),
      late: sum((s) => s.late),
    },
    streams: out,
  };
}
