/** The tamper-evident audit log: one hash-chained row per privileged action. */
import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 3,
  name: 'audit',
  up: `
-- seq is the chain position (1, 2, 3 … without gaps); hash covers this row and prev_hash, so an
-- edited, deleted or reordered row breaks the chain at that position. detail holds the canonical
-- JSON (sorted keys) exactly as hashed, as text so no type conversion can change it.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_type text NOT NULL,
  actor_id text NOT NULL,
  action text NOT NULL,
  target_kind text,
  target_id text,
  ip text,
  user_agent text,
  purpose text,
  detail text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_target ON audit_log (target_kind, target_id, seq);
`,
  down: `DROP TABLE audit_log;`,
};
