/** Signed webhooks (subscriptions and an outbox of deliveries) and the indexes alert listing filters need. */
import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 6,
  name: 'webhooks',
  up: `
-- secret is sealed by the PII vault (it signs every delivery; it is shown once, at creation).
CREATE TABLE webhook_subscriptions (
  id text PRIMARY KEY,
  url text NOT NULL,
  secret text NOT NULL,
  events text[] NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);

-- The outbox: written in the transaction of what it announces, sent after commit, retried with
-- backoff until delivered or dead (the dead-letter list an admin can replay).
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  subscription_id text NOT NULL,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_status integer,
  last_error text,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_dead ON webhook_deliveries (created_at) WHERE status = 'dead';

-- Alert listing, newest first, by each filter a workbench uses: rare values stay fast.
CREATE INDEX alerts_by_source ON alerts (source, created_at DESC, id);
CREATE INDEX alerts_by_point ON alerts (decision_point, created_at DESC, id);
CREATE INDEX alerts_by_severity ON alerts (severity, created_at DESC, id);
CREATE INDEX alerts_by_customer ON alerts (customer_id, created_at DESC, id);
DROP INDEX alerts_customer;
-- Breached cases, newest first (a lead's view), without walking every case.
CREATE INDEX cases_breached ON cases (opened_at DESC, id) WHERE sla_breached_at IS NOT NULL;
-- Reports read cases closed in a range.
CREATE INDEX cases_closed ON cases (closed_at) WHERE closed_at IS NOT NULL;
`,
  down: `DROP INDEX cases_closed; DROP INDEX cases_breached; CREATE INDEX alerts_customer ON alerts (customer_id); DROP INDEX alerts_by_customer; DROP INDEX alerts_by_severity;
DROP INDEX alerts_by_point; DROP INDEX alerts_by_source; DROP TABLE webhook_deliveries; DROP TABLE webhook_subscriptions;`,
};
