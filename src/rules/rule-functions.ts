/**
 * The functions the rule language adds to standard CEL: `inList(list, value)` (a host look-up,
 * list names checked when the rule is saved) and `hour(timestamp)` (local hour, China Standard
 * Time). Each returns a plain value or throws a CEL EvaluationError that becomes a rule error.
 */
import { type Environment, EvaluationError } from '@marcbachmann/cel-js';
import type { RuleInput } from './rule-types.js';

const CST_OFFSET_MIN = 8 * 60;
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9] as const;

function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/**
 * Hour of day 0–23 in China Standard Time (+08:00) of an ISO 8601 timestamp with offset
 * (`YYYY-MM-DD[T ]HH:MM[:SS[.fff]](Z|±HH[[:]MM])`, the ingest grammar); null if unreadable.
 * Reads only the clock time and the offset (no Date): the hour needs no calendar.
 */
export function localHour(text: string): number | null {
  const n = text.length;
  if (n < 17 || n > 40) return null;
  for (const i of DATE_DIGITS) if (!isDigitAt(text, i)) return null;
  if (text[4] !== '-' || text[7] !== '-' || (text[10] !== 'T' && text[10] !== ' ') || text[13] !== ':') return null;
  const hh = twoDigits(text, 11);
  const mm = twoDigits(text, 14);
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return null;
  let i = 16;
  if (text[i] === ':') {
    const ss = twoDigits(text, i + 1);
    if (ss < 0 || ss > 59) return null;
    i += 3;
    if (text[i] === '.') {
      const from = ++i;
      while (i < n && isDigitAt(text, i)) i++;
      if (i === from || i - from > 9) return null;
    }
  }
  let offset: number;
  const sign = text[i];
  if (sign === 'Z' || sign === 'z') {
    if (i + 1 !== n) return null;
    offset = 0;
  } else if (sign === '+' || sign === '-') {
    const oh = twoDigits(text, i + 1);
    if (oh < 0 || oh > 14) return null;
    let j = i + 3;
    let om = 0;
    if (j < n) {
      if (text[j] === ':') j++;
      om = twoDigits(text, j);
      if (om < 0 || om > 59) return null;
      j += 2;
    }
    if (j !== n) return null;
    offset = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return null;
  }
  const minuteOfDay = (((hh * 60 + mm - offset + CST_OFFSET_MIN) % 1440) + 1440) % 1440;
  return Math.floor(minuteOfDay / 60);
}

// One-entry memo: a strategy's rules read the same event's timestamp many times in a row.
let lastText: string | undefined;
let lastHour = 0n;

function hour(text: string): bigint {
  if (text === lastText) return lastHour;
  const h = localHour(text);
  if (h === null) throw new EvaluationError({ code: 'invalid_timestamp', message: 'hour() needs an ISO 8601 timestamp with offset' });
  lastText = text;
  lastHour = BigInt(h);
  return lastHour;
}

/** Where a compiled rule puts the host's list look-up for the duration of one evaluation. */
export interface ListLookupSlot {
  inList: RuleInput['inList'] | undefined;
}

// The slice of the library's (untyped) macro interface this module uses.
interface MacroNode {
  op: string;
  args: unknown;
}
interface MacroType {
  kind: string;
  name: string;
}
interface MacroChecker {
  check(node: MacroNode, ctx: unknown): MacroType;
  createError(code: string, message: string, node: MacroNode): Error;
  getType(name: string): MacroType;
}
interface MacroEvaluator {
  run(node: MacroNode, ctx: unknown): unknown;
}
interface InListMacro {
  ast: MacroNode;
  args: MacroNode[];
  async: false;
  list: string;
  typeCheck(checker: MacroChecker, macro: InListMacro, ctx: unknown): MacroType;
  evaluate(evaluator: MacroEvaluator, macro: InListMacro, ctx: unknown): boolean;
}

const LIST_VALUE_TYPES = new Set(['string', 'int', 'double']);

/** Error codes the checker raises for `inList`; the problem presenter words them. */
export const IN_LIST_ERRORS = {
  notLiteral: 'list_name_not_literal',
  unknownList: 'unknown_list',
  valueType: 'list_value_type',
} as const;

/** Adds `inList` and `hour` to an environment; `lists` are the list names rules may name. */
export function registerRuleFunctions(env: Environment, lists: ReadonlySet<string>, slot: ListLookupSlot): void {
  function typeCheck(checker: MacroChecker, macro: InListMacro, ctx: unknown): MacroType {
    const [nameNode, valueNode] = macro.args as [MacroNode, MacroNode];
    if (nameNode.op !== 'value' || typeof nameNode.args !== 'string') {
      throw checker.createError(IN_LIST_ERRORS.notLiteral, 'inList() needs the list name as a quoted string', nameNode);
    }
    if (!lists.has(nameNode.args)) throw checker.createError(IN_LIST_ERRORS.unknownList, `Unknown list: ${nameNode.args}`, nameNode);
    const valueType = checker.check(valueNode, ctx);
    if (valueType.kind !== 'dyn' && !LIST_VALUE_TYPES.has(valueType.name)) {
      throw checker.createError(IN_LIST_ERRORS.valueType, `inList() cannot look up a value of type '${valueType.name}'`, valueNode);
    }
    macro.list = nameNode.args;
    return checker.getType('bool');
  }

  function evaluate(evaluator: MacroEvaluator, macro: InListMacro, ctx: unknown): boolean {
    let value = evaluator.run(macro.args[1]!, ctx);
    // Ints were numbers in the record: hand the host the same kind of value it stores.
    if (typeof value === 'bigint') value = Number(value);
    let hit: unknown;
    try {
      hit = (slot.inList as RuleInput['inList'])(macro.list, value);
    } catch (cause) {
      throw new EvaluationError({ code: 'list_lookup_failed', message: 'The list look-up failed', node: macro.ast as never, cause });
    }
    if (typeof hit !== 'boolean') {
      throw new EvaluationError({ code: 'list_lookup_failed', message: 'The list look-up did not answer a boolean', node: macro.ast as never });
    }
    return hit;
  }

  env.registerFunction(
    'inList(ast, ast): bool',
    ({ ast, args }: { ast: MacroNode; args: MacroNode[] }): InListMacro => ({ ast, args, async: false, list: '', typeCheck, evaluate }),
    { async: false, description: "inList('list_name', value): true when value is on the named list" },
  );
  env.registerFunction('hour(string): int', hour, {
    async: false,
    description: 'hour(event.occurredAt): hour of day 0–23 in China Standard Time (+08:00)',
  });
}
