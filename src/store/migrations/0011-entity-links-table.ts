/**
 * Who used which device, IP, counterparty or account: one row per link, written once, instead of
 * four indexes on `events` that every event paid for (a fifth of PostgreSQL's work per ingested
 * event). The entity 360 graph reads the links, then counts the events behind them by customer.
 */
import type { Migration } from './migration.js';

const KINDS = ['device', 'ip', 'counterparty', 'account'];

export const migration: Migration = {
  id: 11,
  name: 'entity-links-table',
  up: `
CREATE TABLE entity_links (
  kind text NOT NULL CHECK (kind IN (${KINDS.map((k) => `'${k}'`).join(', ')})),
  key text NOT NULL,
  customer_id text NOT NULL,
  -- Event time of the earliest event of the write that recorded the link.
  linked_at timestamptz NOT NULL,
  PRIMARY KEY (kind, key, customer_id)
);
-- The links of events stored before are derived when the platform opens (ensureEntityLinks):
-- a migration only adds structure, never derives rows.
DROP INDEX events_device;
DROP INDEX events_ip;
DROP INDEX events_counterparty;
DROP INDEX events_account;
`,
  down: `
CREATE INDEX events_device ON events (device_id, customer_id) WHERE device_id IS NOT NULL;
CREATE INDEX events_ip ON events (ip, customer_id) WHERE ip IS NOT NULL;
CREATE INDEX events_counterparty ON events (counterparty_id, customer_id) WHERE counterparty_id IS NOT NULL;
CREATE INDEX events_account ON events (account_id, customer_id) WHERE account_id IS NOT NULL;
DROP TABLE entity_links;
`,
};
