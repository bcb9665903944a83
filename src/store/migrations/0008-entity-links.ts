/** Look-ups by the keys that link customers (device, IP, counterparty, account): the entity 360 graph. */
import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 8,
  name: 'entity-links',
  up: `
-- Who else used this device / IP / counterparty / account: the second hop of an entity's graph.
-- Partial: events without the key cost these indexes nothing.
CREATE INDEX events_device ON events (device_id, customer_id) WHERE device_id IS NOT NULL;
CREATE INDEX events_ip ON events (ip, customer_id) WHERE ip IS NOT NULL;
CREATE INDEX events_counterparty ON events (counterparty_id, customer_id) WHERE counterparty_id IS NOT NULL;
CREATE INDEX events_account ON events (account_id, customer_id) WHERE account_id IS NOT NULL;
`,
  down: `DROP INDEX events_account; DROP INDEX events_counterparty; DROP INDEX events_ip; DROP INDEX events_device;`,
};
