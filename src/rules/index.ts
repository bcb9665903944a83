/**
 * The rule language (CEL): compile a rule when it is saved, evaluate it per event. See README.md
 * for what a rule can use and how types, missing values and errors behave.
 */
export { compileRule, MAX_RULE_LENGTH } from './compile-rule.js';
export type { CompileResult, CompiledRule, RuleContextSpec, RuleInput, RuleProblem } from './rule-types.js';
