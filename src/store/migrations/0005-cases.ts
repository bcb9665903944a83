/** Alerts become work: cases per entity, their timeline, SLA policies per queue and severity. */
import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 5,
  name: 'cases',
  up: `
-- Every source raises alerts into a queue about an entity; the grouper files them into cases.
-- Decision alerts (written on the decision path) leave queue/entity empty: the grouper derives them.
ALTER TABLE alerts ADD COLUMN queue text;
ALTER TABLE alerts ADD COLUMN entity_kind text;
ALTER TABLE alerts ADD COLUMN entity_id text;
ALTER TABLE alerts ADD COLUMN title jsonb;
ALTER TABLE alerts ADD COLUMN case_id text;
-- Raising is idempotent per source: a re-run check with the same key raises nothing twice.
ALTER TABLE alerts ADD COLUMN dedupe_key text;
CREATE UNIQUE INDEX alerts_source_dedupe ON alerts (source, dedupe_key);
CREATE INDEX alerts_ungrouped ON alerts (created_at) WHERE case_id IS NULL;
CREATE INDEX alerts_case ON alerts (case_id);
CREATE INDEX alerts_listing ON alerts (queue, severity, created_at DESC, id);
CREATE INDEX alerts_recent ON alerts (created_at DESC, id);

-- One open case per queue and entity: a customer's burst of alerts is one piece of work.
CREATE TABLE cases (
  id text PRIMARY KEY,
  queue text NOT NULL,
  severity text NOT NULL,
  entity_kind text NOT NULL,
  entity_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('new', 'assigned', 'investigating', 'escalated', 'closed')),
  assignee text,
  disposition text CHECK (disposition IN ('confirmed_fraud', 'false_positive', 'legitimate', 'inconclusive')),
  alert_count integer NOT NULL,
  opened_at timestamptz NOT NULL,
  last_alert_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  sla_breached_at timestamptz,
  closed_at timestamptz,
  version integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX cases_open_entity ON cases (queue, entity_kind, entity_id) WHERE status <> 'closed';
CREATE INDEX cases_listing ON cases (queue, status, opened_at DESC, id);
CREATE INDEX cases_assignee ON cases (assignee, status);
CREATE INDEX cases_entity ON cases (entity_kind, entity_id);
CREATE INDEX cases_due ON cases (due_at) WHERE status <> 'closed' AND sla_breached_at IS NULL;

-- The case timeline: alerts filed, claims, notes, state changes, actions, SLA breaches.
CREATE TABLE case_events (
  case_id text NOT NULL,
  seq integer NOT NULL,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  kind text NOT NULL,
  detail jsonb NOT NULL,
  PRIMARY KEY (case_id, seq)
);

-- How long a case may stay open, per queue and severity (minutes); '*' is any severity.
CREATE TABLE sla_policies (
  queue text NOT NULL,
  severity text NOT NULL,
  minutes integer NOT NULL CHECK (minutes > 0),
  PRIMARY KEY (queue, severity)
);
INSERT INTO sla_policies (queue, severity, minutes) VALUES
  ('fraud', 'critical', 60), ('fraud', 'high', 240), ('fraud', 'medium', 1440), ('fraud', 'low', 4320),
  ('sla', '*', 240), ('*', '*', 1440);
`,
  down: `DROP TABLE sla_policies; DROP TABLE case_events; DROP TABLE cases;
ALTER TABLE alerts DROP COLUMN dedupe_key; ALTER TABLE alerts DROP COLUMN case_id; ALTER TABLE alerts DROP COLUMN title; ALTER TABLE alerts DROP COLUMN entity_id;
ALTER TABLE alerts DROP COLUMN entity_kind; ALTER TABLE alerts DROP COLUMN queue;`,
};
