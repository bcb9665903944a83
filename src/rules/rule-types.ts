/**
 * The public shapes of the rule language: what a rule may refer to, what compiling returns and
 * what evaluating takes and gives. The decision engine depends on these and nothing else here.
 */
import type { Bilingual } from '../shared/i18n.js';

/** What a rule may refer to: the decision point's event types and the names that exist for it. */
export interface RuleContextSpec {
  /** Event types of the decision point, e.g. `['payment', 'transfer']`; a field is known if any has it. */
  eventTypes: string[];
  /** Feature names, read as `features.<name>` (double). */
  features: string[];
  /** List names, checked with `inList('<name>', value)`. */
  lists: string[];
  /** Model names, read as `models.<name>` (double score 0–1). */
  models: string[];
}

/** One reason a rule was refused, placed at a 1-based line and column of the expression. */
export interface RuleProblem {
  message: { zh: string; en: string };
  line: number;
  column: number;
  code: 'syntax' | 'unknown_field' | 'type_mismatch' | 'not_boolean' | 'unknown_function' | 'other';
}

export type CompileResult = { ok: true; rule: CompiledRule } | { ok: false; problems: RuleProblem[] };

/** What one evaluation sees; the same object may be passed to every rule of a strategy. */
export interface RuleInput {
  event: Record<string, unknown>;
  /** `null` (no history) reads as absent: `has(features.x)` is false, reading it is a rule error. */
  features: Record<string, number | null>;
  models: Record<string, number>;
  /** Host list look-up; must answer synchronously with a boolean. */
  inList: (list: string, value: unknown) => boolean;
}

export type RuleOutcome = { ok: true; value: boolean } | { ok: false; error: Bilingual };

/** A type-checked rule. `evaluate` never throws: a run-time failure is `{ ok: false, error }`. */
export interface CompiledRule {
  readonly expression: string;
  /** True when the rule runs as JavaScript closures, false when it is interpreted. */
  readonly compiled: boolean;
  evaluate(input: RuleInput): { ok: true; value: boolean } | { ok: false; error: { zh: string; en: string } };
}
