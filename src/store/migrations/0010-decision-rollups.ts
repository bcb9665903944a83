/**
 * Hourly counts of decisions by decision point and outcome, and of reasons by code: the overview
 * dashboard reads these small tables instead of scanning every decision. They are kept in the
 * transaction that records the decisions, so they never disagree with the decisions table.
 */
import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 10,
  name: 'decision-rollups',
  up: `
CREATE TABLE decision_rollups (
  -- The UTC hour the decisions were made in.
  bucket timestamptz NOT NULL,
  decision_point text NOT NULL,
  outcome text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (bucket, decision_point, outcome)
);
CREATE TABLE reason_rollups (
  bucket timestamptz NOT NULL,
  decision_point text NOT NULL,
  code text NOT NULL,
  n bigint NOT NULL,
  -- The newest bilingual description seen for the code (a rule's text can change with a version).
  description jsonb,
  PRIMARY KEY (bucket, decision_point, code)
);
-- Alerts from other sources than decisions (SLA, complaints, credit, custody…): few, counted directly;
-- a decision's alert is one per review or block decision, counted from decision_rollups.
CREATE INDEX alerts_other_sources ON alerts (created_at) WHERE source <> 'decision';
-- Decisions recorded before this migration (or restored from an older backup) are counted when
-- the platform opens (ensureDecisionRollups): a migration only adds structure, never derives rows.
`,
  down: `DROP INDEX alerts_other_sources; DROP TABLE reason_rollups; DROP TABLE decision_rollups;`,
};
