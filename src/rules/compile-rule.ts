/**
 * Compiles a rule expression against its context (parse, type-check, require a boolean) and
 * evaluates it per event without throwing: a run-time failure is an `error` result for the rule.
 */
import type { ParseResult } from '@marcbachmann/cel-js';
import { compileClosure } from './closure-compiler.js';
import type { Bilingual } from '../shared/i18n.js';
import type { RecordView } from './record-views.js';
import { type RuleEnvironment, ruleEnvironment } from './rule-environment.js';
import { lineColumn } from './rule-positions.js';
import { compileProblem, NOT_BOOLEAN_AT_RUN_TIME, problemAtStart, runtimeError } from './rule-problems.js';
import type { CompileResult, CompiledRule, RuleContextSpec, RuleInput, RuleOutcome } from './rule-types.js';

/** Longest rule text accepted; real rules are a few hundred characters. */
export const MAX_RULE_LENGTH = 10_000;

// Results are shared and frozen: evaluating allocates nothing of its own on the happy path.
const TRUE: RuleOutcome = Object.freeze({ ok: true, value: true });
const FALSE: RuleOutcome = Object.freeze({ ok: true, value: false });
const NOT_BOOLEAN: RuleOutcome = Object.freeze({ ok: false, error: NOT_BOOLEAN_AT_RUN_TIME });

interface Activation {
  event: RecordView;
  features: RecordView;
  models: RecordView;
}

class CelRule implements CompiledRule {
  readonly expression: string;
  /** The same rule as JavaScript closures, when it is in the compiled subset (closure-compiler.ts). */
  readonly #fast: ((i: RuleInput) => boolean) | null;
  readonly #run: ParseResult;
  readonly #env: RuleEnvironment;
  // Reused for every evaluation; a re-entrant call (a list look-up evaluating this rule) gets its own.
  readonly #activation: Activation;
  #busy = false;

  constructor(expression: string, run: ParseResult, env: RuleEnvironment, closures: boolean) {
    this.expression = expression;
    this.#fast = closures ? compileClosure(run.ast, { eventFields: env.eventFields, features: new Set(env.spec.features), models: new Set(env.spec.models) }) : null;
    this.#run = run;
    this.#env = env;
    this.#activation = this.#newActivation();
  }

  #newActivation(): Activation {
    return { event: new this.#env.EventView(), features: new this.#env.FeaturesView(), models: new this.#env.ModelsView() };
  }

  /** Whether the rule runs as compiled closures (else it is interpreted). */
  get compiled(): boolean {
    return this.#fast !== null;
  }

  evaluate(input: RuleInput): RuleOutcome {
    if (this.#fast !== null) {
      try {
        return this.#fast(input) ? TRUE : FALSE;
      } catch {
        // Anything unusual (a missing value, an overflow, a failing look-up): the interpreter
        // gives the answer, and the error, the rule language defines.
      }
    }
    return this.#interpret(input);
  }

  #interpret(input: RuleInput): RuleOutcome {
    const reentrant = this.#busy;
    const act = reentrant ? this.#newActivation() : this.#activation;
    const slot = this.#env.slot;
    const previousLookup = slot.inList;
    this.#busy = true;
    act.event.record = input.event;
    act.features.record = input.features;
    act.models.record = input.models;
    slot.inList = input.inList;
    // A rule reading a feature with no value fails by throwing; capturing a stack trace for each
    // such failure cost a fifth of a decision's time, and the trace is never used.
    const stackLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      const value: unknown = this.#run(act);
      return value === true ? TRUE : value === false ? FALSE : NOT_BOOLEAN;
    } catch (err) {
      return { ok: false, error: runtimeError(err, this.expression) };
    } finally {
      Error.stackTraceLimit = stackLimit;
      slot.inList = previousLookup;
      // Drop the references so the activation does not keep the last event alive.
      act.event.record = act.features.record = act.models.record = undefined;
      this.#busy = reentrant;
    }
  }
}

const message = (zh: string, en: string): Bilingual => ({ zh, en });

/**
 * Parses and type-checks `expression` for `spec`. Never throws: every refusal is a problem
 * with its position (the checker stops at the first problem, so there is one). The rule then
 * runs as closures when it can (`closures: false` keeps it interpreted: the reference).
 *
 * @example
 * const r = compileRule("event.amount > 500000 && !inList('trusted_devices', event.deviceId)", spec);
 * if (r.ok) r.rule.evaluate({ event, features, models, inList });
 */
export function compileRule(expression: string, spec: RuleContextSpec, options: { closures?: boolean } = {}): CompileResult {
  if (typeof expression !== 'string') return { ok: false, problems: [problemAtStart('other', message('规则表达式须为字符串', 'The rule expression must be a string'))] };
  if (expression.length > MAX_RULE_LENGTH) {
    return { ok: false, problems: [problemAtStart('other', message(`规则表达式过长(上限 ${MAX_RULE_LENGTH} 个字符)`, `The rule expression is too long (at most ${MAX_RULE_LENGTH} characters)`))] };
  }
  const built = ruleEnvironment(spec);
  if (!built.ok) return { ok: false, problems: [problemAtStart('other', built.message)] };
  const env = built.env;

  let run: ParseResult;
  try {
    run = env.env.parse(expression);
  } catch (err) {
    return { ok: false, problems: [compileProblem(err, expression, env)] };
  }
  const checked = run.check();
  if (!checked.valid) return { ok: false, problems: [compileProblem(checked.error, expression, env)] };
  // `dyn` (e.g. an attribute) may hold a boolean: accepted, and checked when evaluated.
  if (checked.type !== 'bool' && checked.type !== 'dyn') {
    const at = lineColumn(expression, run.ast.start);
    return {
      ok: false,
      problems: [
        {
          code: 'not_boolean',
          ...at,
          message: message(`规则的结果须为布尔值(true/false),这里是 ${checked.type}`, `A rule must yield a boolean (true/false); this one yields ${checked.type}`),
        },
      ],
    };
  }
  return { ok: true, rule: new CelRule(expression, run, env, options.closures ?? true) };
}
