/**
 * The model registry (versions with status, artifact, evaluation and report; one champion per use)
 * and the credit records it feeds: application decisions, in-loan behaviour scores, customer risk
 * levels and tolerance, suitability checks.
 */
import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 9,
  name: 'models-credit',
  up: `
-- A model version never changes once recorded: a new training is a new version. draft → approved
-- (a model approver, not its author, read the report) → active (through maker-checker) → retired.
CREATE TABLE model_versions (
  id text PRIMARY KEY,
  name text NOT NULL,
  version integer NOT NULL,
  kind text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'approved', 'active', 'retired')),
  -- Where it scores when active: a decision point or the in-loan schedule; champion there or not.
  model_use text,
  champion boolean NOT NULL DEFAULT false,
  variables jsonb NOT NULL,
  artifact jsonb NOT NULL,
  artifact_sha256 text NOT NULL,
  training jsonb NOT NULL,
  evaluation jsonb,
  report_html text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  approved_by text,
  approved_at timestamptz,
  activated_by text,
  activated_at timestamptz,
  retired_by text,
  retired_at timestamptz,
  UNIQUE (name, version),
  CHECK (NOT champion OR status = 'active')
);
-- Rules read a model by name: one active version per name, one champion per use.
CREATE UNIQUE INDEX model_versions_active_name ON model_versions (name) WHERE status = 'active';
CREATE UNIQUE INDEX model_versions_champion ON model_versions (model_use) WHERE champion;
CREATE INDEX model_versions_listing ON model_versions (created_at DESC, id);

-- One credit decision per loan_application event id: a repeat returns it.
CREATE TABLE credit_applications (
  event_id text PRIMARY KEY,
  application_id text NOT NULL,
  customer_id text,
  product_id text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('approve', 'decline', 'refer')),
  tier text,
  score double precision,
  probability double precision,
  requested_minor bigint NOT NULL,
  limit_minor bigint,
  approved_minor bigint,
  currency text NOT NULL,
  apr_bps integer,
  term_months integer,
  fraud_outcome text NOT NULL,
  model_id text,
  reasons jsonb NOT NULL,
  trace jsonb NOT NULL,
  decided_at timestamptz NOT NULL
);
CREATE INDEX credit_applications_customer ON credit_applications (customer_id, decided_at);
CREATE INDEX credit_applications_time ON credit_applications (decided_at, event_id);

-- The in-loan book is read from the loan events themselves: disbursements and repayments by loan id.
CREATE INDEX events_loan_id ON events ((data ->> 'loanId')) WHERE type IN ('loan_disbursement', 'repayment');

-- In-loan behaviour scores, one per loan per day the schedule ran; the warning level it raised.
CREATE TABLE loan_risk_scores (
  loan_id text NOT NULL,
  scored_on date NOT NULL,
  customer_id text,
  -- Null without an in_loan champion model: the warning then rests on the repayment record alone.
  model_id text,
  score double precision,
  probability double precision,
  max_days_past_due integer NOT NULL,
  warning text NOT NULL CHECK (warning IN ('none', 'watch', 'alert')),
  variables jsonb NOT NULL,
  reasons jsonb NOT NULL,
  scored_at timestamptz NOT NULL,
  PRIMARY KEY (loan_id, scored_on)
);
CREATE INDEX loan_risk_scores_warning ON loan_risk_scores (scored_on, warning);

-- The customer's risk level (客户风险分类) and risk tolerance (适当性评估), latest per customer.
CREATE TABLE customer_risk_profiles (
  customer_id text PRIMARY KEY,
  risk_level text,
  risk_points double precision,
  risk_factors jsonb,
  risk_assessed_at timestamptz,
  tolerance text,
  tolerance_assessed_at timestamptz,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Every suitability check, allowed or refused, with its reason.
CREATE TABLE suitability_checks (
  id text PRIMARY KEY,
  customer_id text NOT NULL,
  product_id text NOT NULL,
  product_risk text NOT NULL,
  customer_tolerance text,
  allowed boolean NOT NULL,
  code text NOT NULL,
  reason jsonb NOT NULL,
  checked_by text NOT NULL,
  checked_at timestamptz NOT NULL
);
CREATE INDEX suitability_checks_customer ON suitability_checks (customer_id, checked_at);
CREATE INDEX suitability_checks_refused ON suitability_checks (checked_at) WHERE NOT allowed;
`,
  down: `
DROP TABLE suitability_checks;
DROP TABLE customer_risk_profiles;
DROP TABLE loan_risk_scores;
DROP INDEX events_loan_id;
DROP TABLE credit_applications;
DROP TABLE model_versions;
`,
};
