/** Reads the data-quality counters and stream watermarks that ingestion maintains. */
import type { SqlClient } from '../store/sql-client.js';
import type { CounterRow, StreamRow } from './domain/quality-report.js';

export interface QualityFilter {
  source?: string;
  type?: string;
}

export class QualityRepository {
  constructor(private readonly db: SqlClient) {}

  async counters(f: QualityFilter): Promise<CounterRow[]> {
    const r = await this.db.query<{ source: string; record_type: string; metric: string; key: string; n: number }>(
      `SELECT source, record_type, metric, key, n FROM dq_counters
       WHERE ($1::text IS NULL OR source = $1) AND ($2::text IS NULL OR record_type = $2)`,
      [f.source ?? null, f.type ?? null],
    );
    return r.rows.map((x) => ({ source: x.source, recordType: x.record_type, metric: x.metric, key: x.key, n: Number(x.n) }));
  }

  async streams(f: QualityFilter): Promise<StreamRow[]> {
    const r = await this.db.query<{ source: string; record_type: string; max_occurred_at: Date; last_received_at: Date }>(
      `SELECT source, record_type, max_occurred_at, last_received_at FROM dq_streams
       WHERE ($1::text IS NULL OR source = $1) AND ($2::text IS NULL OR record_type = $2)`,
      [f.source ?? null, f.type ?? null],
    );
    return r.rows.map((x) => ({ source: x.source, recordType: x.record_type, maxOccurredAt: x.max_occurred_at, lastReceivedAt: x.last_received_at }));
  }
}
