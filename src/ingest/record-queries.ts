/** Reads stored events and entities back, with every C2 field masked. */
import { maskedView } from '../pii/seal-record.js';
import type { SqlClient } from '../store/sql-client.js';
import type { EntityType } from './domain/record-schemas.js';
import { fromEventRow, type EventRow } from './event-row.js';
import { ENTITY_TABLES } from './ingest-repository.js';

export class RecordQueries {
  constructor(private readonly db: SqlClient) {}

  async event(id: string): Promise<Record<string, unknown> | null> {
    const r = await this.db.query<EventRow & { occurred_at: Date; received_at: Date }>('SELECT * FROM events WHERE id = $1', [id]);
    const row = r.rows[0];
    if (!row) return null;
    return { ...maskedView(fromEventRow(row), row.pii), receivedAt: row.received_at.toISOString() };
  }

  async entity(type: EntityType, id: string): Promise<Record<string, unknown> | null> {
    const r = await this.db.query<{ data: Record<string, unknown>; pii: Record<string, { m: string }>; source: string; updated_at: Date; received_at: Date }>(
      `SELECT data, pii, source, updated_at, received_at FROM ${ENTITY_TABLES[type]} WHERE id = $1`,
      [id],
    );
    const row = r.rows[0];
    if (!row) return null;
    return { ...maskedView(row.data, row.pii), source: row.source, updatedAt: row.updated_at.toISOString(), receivedAt: row.received_at.toISOString() };
  }
}
