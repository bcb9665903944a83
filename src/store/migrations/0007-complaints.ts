/** Customer complaints (投诉): the complaint with its two deadlines, its timeline, and the deadline policy. */
import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 7,
  name: 'complaints',
  up: `
-- What the customer said and what they were told rest sealed by the PII vault (text columns,
-- listed in src/pii/sealed-locations.ts so key rotation re-encrypts them).
-- Due times are stamped at intake, so a policy change never moves a promise already made.
CREATE TABLE complaints (
  id text PRIMARY KEY,
  reference text,
  category text NOT NULL,
  channel text NOT NULL,
  status text NOT NULL CHECK (status IN ('received', 'responded', 'resolved', 'closed')),
  customer_id text,
  event_id text,
  assignee text,
  description text NOT NULL,
  response_text text,
  feedback_text text,
  outcome text CHECK (outcome IN ('upheld', 'partially_upheld', 'not_upheld')),
  received_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  response_due_at timestamptz NOT NULL,
  feedback_due_at timestamptz NOT NULL,
  first_response_at timestamptz,
  feedback_at timestamptz,
  closed_at timestamptz,
  response_breached_at timestamptz,
  feedback_breached_at timestamptz,
  updated_at timestamptz NOT NULL,
  CHECK (feedback_due_at >= response_due_at)
);
-- A source system's number files one complaint: a repeated intake returns the first.
CREATE UNIQUE INDEX complaints_reference ON complaints (reference);
CREATE INDEX complaints_received ON complaints (received_at, id);
CREATE INDEX complaints_listing ON complaints (status, received_at, id);
CREATE INDEX complaints_customer ON complaints (customer_id);
CREATE INDEX complaints_assignee ON complaints (assignee, status);
-- What the deadline monitor scans: promises not yet kept nor yet marked broken.
CREATE INDEX complaints_response_due ON complaints (response_due_at) WHERE first_response_at IS NULL AND response_breached_at IS NULL;
CREATE INDEX complaints_feedback_due ON complaints (feedback_due_at) WHERE feedback_at IS NULL AND feedback_breached_at IS NULL;

-- The complaint timeline: intake, assignment, response, feedback, escalations, closing. Never text.
CREATE TABLE complaint_events (
  complaint_id text NOT NULL,
  seq integer NOT NULL,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  kind text NOT NULL,
  detail jsonb NOT NULL,
  PRIMARY KEY (complaint_id, seq)
);

-- Minutes to the first response and to the feedback, per category; '*' is any category.
CREATE TABLE complaint_deadlines (
  category text PRIMARY KEY,
  respond_minutes integer NOT NULL CHECK (respond_minutes > 0),
  feedback_minutes integer NOT NULL,
  CHECK (feedback_minutes >= respond_minutes)
);
INSERT INTO complaint_deadlines (category, respond_minutes, feedback_minutes) VALUES ('*', 1440, 2880);
`,
  down: `DROP TABLE complaint_deadlines; DROP TABLE complaint_events; DROP TABLE complaints;`,
};
