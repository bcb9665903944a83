/**
 * How an event rests in the `events` table: envelope and join keys as columns, the remaining C1
 * fields in `data`, sealed C2 fields in `pii`. Keeping column fields out of `data` halves the
 * JSONB written per event, which is most of the insert cost.
 */
import type { SealedValue } from '../pii/pii-vault.js';
import { BinaryCopyWriter } from '../store/pg-binary-copy.js';

export interface EventRow {
  id: string;
  type: string;
  occurred_at: string;
  received_at: string;
  customer_id: string | null;
  account_id: string | null;
  device_id: string | null;
  ip: string | null;
  counterparty_id: string | null;
  amount: number | null;
  currency: string | null;
  source: string;
  data: Record<string, unknown>;
  pii: Record<string, SealedValue>;
}

/** Record field → column, for the fields that rest as columns. */
const COLUMN_OF = {
  id: 'id',
  type: 'type',
  occurredAt: 'occurred_at',
  customerId: 'customer_id',
  accountId: 'account_id',
  deviceId: 'device_id',
  ip: 'ip',
  counterpartyId: 'counterparty_id',
  amount: 'amount',
  currency: 'currency',
} as const;

type ColumnField = keyof typeof COLUMN_OF;
const COLUMN_FIELDS = Object.keys(COLUMN_OF) as ColumnField[];

/** Builds the row of a validated event whose C2 fields are already sealed (`c1` holds the rest). */
export function toEventRow(c1: Record<string, unknown>, pii: Record<string, SealedValue>, source: string, receivedAt: string): EventRow {
  const data: Record<string, unknown> = {};
  for (const k in c1) if (!(k in COLUMN_OF) && k !== 'source') data[k] = c1[k];
  const col = (f: ColumnField) => (c1[f] as string | number | undefined) ?? null;
  return {
    id: c1.id as string,
    type: c1.type as string,
    occurred_at: c1.occurredAt as string,
    received_at: receivedAt,
    customer_id: col('customerId') as string | null,
    account_id: col('accountId') as string | null,
    device_id: col('deviceId') as string | null,
    ip: col('ip') as string | null,
    counterparty_id: col('counterpartyId') as string | null,
    amount: col('amount') as number | null,
    currency: col('currency') as string | null,
    source,
    data,
    pii,
  };
}

/** The C1 view of a stored event (C2 fields stay sealed in `pii`). */
export function fromEventRow(row: Omit<EventRow, 'occurred_at' | 'received_at'> & { occurred_at: Date | string }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of COLUMN_FIELDS) {
    const v = row[COLUMN_OF[f]];
    if (v !== null && v !== undefined) out[f] = f === 'occurredAt' ? new Date(v as string).toISOString() : f === 'currency' ? String(v).trim() : v;
  }
  out.source = row.source;
  return { ...out, ...row.data };
}

/** The `events` columns with their types, in the order `encodeEventRows` writes them. */
const EVENT_COLUMN_TYPES = [
  ['id', 'text'],
  ['type', 'text'],
  ['occurred_at', 'timestamptz'],
  ['received_at', 'timestamptz'],
  ['customer_id', 'text'],
  ['account_id', 'text'],
  ['device_id', 'text'],
  ['ip', 'text'],
  ['counterparty_id', 'text'],
  ['amount', 'bigint'],
  ['currency', 'text'],
  ['source', 'text'],
  ['data', 'jsonb'],
  ['pii', 'jsonb'],
] as const;
/** Column list, for INSERT and COPY. */
export const EVENT_COPY_COLUMNS = EVENT_COLUMN_TYPES.map(([c]) => c).join(', ');
/** Column definitions, for json_to_recordset. */
export const EVENT_RECORD_COLUMNS = EVENT_COLUMN_TYPES.map(([c, t]) => `${c} ${t}`).join(', ');

/** Event rows as a binary COPY payload for EVENT_COPY_COLUMNS (PostgreSQL's bulk path). */
export function encodeEventRows(rows: readonly EventRow[]): Buffer {
  // ~400 bytes a row is typical; the writer grows when a batch carries more.
  const w = new BinaryCopyWriter(rows.length * 512 + 64);
  for (const r of rows) {
    w.row(EVENT_COLUMN_TYPES.length)
      .text(r.id)
      .text(r.type)
      .timestampIso(r.occurred_at)
      .timestampIso(r.received_at)
      .text(r.customer_id)
      .text(r.account_id)
      .text(r.device_id)
      .text(r.ip)
      .text(r.counterparty_id)
      .int64(r.amount)
      .text(r.currency)
      .text(r.source)
      .jsonb(JSON.stringify(r.data))
      .jsonb(JSON.stringify(r.pii));
  }
  return w.finish();
}
