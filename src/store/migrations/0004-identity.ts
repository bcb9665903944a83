/** People, their sessions, machine keys, and changes waiting for a second person (maker-checker). */
import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 4,
  name: 'identity',
  up: `
-- username_key is the lower-cased name: names are unique whatever their case. totp_secret is
-- sealed by the PII vault; totp_last_step refuses a code's replay.
CREATE TABLE users (
  id text PRIMARY KEY,
  username text NOT NULL,
  username_key text NOT NULL UNIQUE,
  display_name text,
  roles text[] NOT NULL,
  password_hash text NOT NULL,
  must_change_password boolean NOT NULL,
  password_changed_at timestamptz NOT NULL,
  totp_secret text,
  totp_enabled boolean NOT NULL DEFAULT false,
  totp_last_step bigint,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  last_login_at timestamptz,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);

-- The token is never stored, only its SHA-256; id is the public handle for listing and revoking.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  id text NOT NULL UNIQUE,
  user_id text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE ended_at IS NULL;

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  secret_hash text NOT NULL,
  name text NOT NULL,
  scopes text[] NOT NULL,
  rate_per_second integer NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  revoked_at timestamptz,
  revoked_by text,
  last_used_at timestamptz
);

-- A proposed change and its fate: applied only when a second person with the right approves.
CREATE TABLE change_requests (
  id text PRIMARY KEY,
  kind text NOT NULL,
  target_kind text NOT NULL,
  target_id text NOT NULL,
  summary jsonb NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL,
  reason text,
  proposed_by text NOT NULL,
  proposed_at timestamptz NOT NULL,
  decided_by text,
  decided_at timestamptz,
  decision_note text,
  result jsonb
);
CREATE INDEX change_requests_status ON change_requests (status, proposed_at);

-- How a list entry is shown: the value itself, or masked when it is personal data kept hashed.
ALTER TABLE list_entries ADD COLUMN shown text;
ALTER TABLE list_entries ADD COLUMN approved_by text;
`,
  down: `ALTER TABLE list_entries DROP COLUMN approved_by; ALTER TABLE list_entries DROP COLUMN shown; DROP TABLE change_requests; DROP TABLE api_keys; DROP TABLE sessions; DROP TABLE users;`,
};
