/** Decisions with their full trace, the alerts they open, versioned strategies and lists. */
import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 2,
  name: 'decisions',
  up: `
-- One row per decided event id: a repeat returns this row and never counts in a feature twice.
CREATE TABLE decisions (
  event_id text PRIMARY KEY,
  decision_point text NOT NULL,
  event_type text NOT NULL,
  customer_id text,
  outcome text NOT NULL CHECK (outcome IN ('allow', 'review', 'block')),
  score integer NOT NULL CHECK (score BETWEEN 0 AND 1000),
  strategy_version integer,
  reasons jsonb NOT NULL,
  -- input (masked), feature values used, each rule's result, list hits, timings
  trace jsonb NOT NULL,
  degraded text,
  occurred_at timestamptz NOT NULL,
  decided_at timestamptz NOT NULL
);
CREATE INDEX decisions_time ON decisions USING brin (decided_at);
CREATE INDEX decisions_customer ON decisions (customer_id, occurred_at);

-- Every review or block opens an alert; case handling works them.
CREATE TABLE alerts (
  id text PRIMARY KEY,
  source text NOT NULL,
  event_id text,
  customer_id text,
  decision_point text,
  outcome text,
  score integer,
  severity text NOT NULL,
  reasons jsonb NOT NULL,
  status text NOT NULL DEFAULT 'new',
  created_at timestamptz NOT NULL
);
CREATE INDEX alerts_status_time ON alerts (status, created_at);
CREATE INDEX alerts_customer ON alerts (customer_id);
CREATE UNIQUE INDEX alerts_source_event ON alerts (source, event_id);

-- Strategy versions: the body as written (YAML); the published one per decision point is live.
CREATE TABLE strategy_versions (
  decision_point text NOT NULL,
  version integer NOT NULL,
  body text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  published_by text,
  published_at timestamptz,
  PRIMARY KEY (decision_point, version)
);

-- List entries (block / allow / watch) on any key; value_hash for keys that are personal data.
CREATE TABLE list_entries (
  list text NOT NULL,
  key_field text NOT NULL,
  value text NOT NULL,
  reason text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  PRIMARY KEY (list, key_field, value)
);
`,
  down: `DROP TABLE list_entries; DROP TABLE strategy_versions; DROP TABLE alerts; DROP TABLE decisions;`,
};
