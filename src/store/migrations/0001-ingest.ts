/** Events, the KYC entities, data-quality counters and labels: the store of the ingestion path. */
import type { Migration } from './migration.js';

const entityTable = (name: string, extra = '') => `
CREATE TABLE ${name} (
  id text PRIMARY KEY,
  customer_id text,
  source text NOT NULL,
  updated_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  pii jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Keyed hash of the normalised content: an identical repeat is a duplicate, not an update.
  content_hash text NOT NULL${extra}
);
CREATE INDEX ${name}_customer ON ${name} (customer_id);`;

export const migration: Migration = {
  id: 1,
  name: 'ingest',
  up: `
-- One row per accepted event. C1 fields rest in data; C2 fields only sealed in pii
-- ({field: {c: ciphertext, h: keyed hash, m: masked}}). Amounts are integer minor units.
CREATE TABLE events (
  id text PRIMARY KEY,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  customer_id text,
  account_id text,
  device_id text,
  ip text,
  counterparty_id text,
  amount bigint CHECK (amount IS NULL OR amount > 0),
  currency char(3),
  source text NOT NULL,
  data jsonb NOT NULL,
  pii jsonb NOT NULL DEFAULT '{}'::jsonb,
  CHECK ((amount IS NULL) = (currency IS NULL))
);
CREATE INDEX events_customer_time ON events (customer_id, occurred_at);
-- Events arrive roughly in time order: a BRIN index serves time ranges at almost no write cost.
CREATE INDEX events_time ON events USING brin (occurred_at);
${entityTable('customers', `,
  national_id_hash text GENERATED ALWAYS AS (pii -> 'nationalId' ->> 'h') STORED,
  phone_hash text GENERATED ALWAYS AS (pii -> 'phone' ->> 'h') STORED`)}
CREATE INDEX customers_national_id_hash ON customers (national_id_hash);
CREATE INDEX customers_phone_hash ON customers (phone_hash);
${entityTable('accounts')}
${entityTable('cards', `,
  card_number_hash text GENERATED ALWAYS AS (pii -> 'cardNumber' ->> 'h') STORED`)}
CREATE INDEX cards_number_hash ON cards (card_number_hash);
${entityTable('devices')}

-- Data-quality counters per source and record type, added to in the same transaction as the
-- records they count. metric: received, stored, updated, duplicate, rejected, rejected_reason
-- (key = field:reason), field_present (key = field), late, out_of_order.
CREATE TABLE dq_counters (
  source text NOT NULL,
  record_type text NOT NULL,
  metric text NOT NULL,
  key text NOT NULL DEFAULT '',
  n bigint NOT NULL,
  PRIMARY KEY (source, record_type, metric, key)
);
-- The newest event time seen per stream: events older than it arrived out of order.
CREATE TABLE dq_streams (
  source text NOT NULL,
  record_type text NOT NULL,
  max_occurred_at timestamptz NOT NULL,
  last_received_at timestamptz NOT NULL,
  PRIMARY KEY (source, record_type)
);

-- Ground truth about events: fraud confirmed or not, loans defaulted, custody issues.
CREATE TABLE labels (
  kind text NOT NULL,
  subject_id text NOT NULL,
  event_id text,
  customer_id text,
  value text NOT NULL,
  pattern text,
  source text NOT NULL,
  labelled_at timestamptz NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (kind, subject_id)
);
CREATE INDEX labels_event ON labels (event_id);

-- Facts about this installation, e.g. when the demo data set was loaded.
CREATE TABLE platform_state (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
  down: `
DROP TABLE platform_state; DROP TABLE labels; DROP TABLE dq_streams; DROP TABLE dq_counters;
DROP TABLE devices; DROP TABLE cards; DROP TABLE accounts; DROP TABLE customers; DROP TABLE events;
`,
};
