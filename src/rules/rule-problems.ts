/**
 * Words the CEL library's errors for analysts, in 简体中文 and English, with the line and column
 * they point at: compile problems (syntax, unknown names, types) and run-time rule errors.
 * Messages name fields, functions and types from the rule text, never a value from an event.
 */
import { EvaluationError, ParseError, TypeError as CelTypeError } from '@marcbachmann/cel-js';
import { EVENT_TYPES, EventSchemas } from '../ingest/domain/record-schemas.js';
import type { Bilingual } from '../shared/i18n.js';
import type { RuleEnvironment } from './rule-environment.js';
import { IN_LIST_ERRORS } from './rule-functions.js';
import { anchorOffset, lineColumn, type NodeLike } from './rule-positions.js';
import type { RuleProblem } from './rule-types.js';

type CelError = ParseError | EvaluationError | CelTypeError;
type Code = RuleProblem['code'];

const isCelError = (e: unknown): e is CelError => e instanceof ParseError || e instanceof EvaluationError || e instanceof CelTypeError;

const msg = (zh: string, en: string): Bilingual => ({ zh, en });

/** A problem not tied to a place in the text (bad spec, empty or oversized expression). */
export function problemAtStart(code: Code, message: Bilingual): RuleProblem {
  return { message, line: 1, column: 1, code };
}

function place(text: string, error: CelError): { line: number; column: number } {
  const fallback = error.range?.start ?? (error.node as NodeLike | undefined)?.start ?? 0;
  return lineColumn(text, anchorOffset(text, error.node, fallback));
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The candidate closest to `name` when it is close enough to be a typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function didYouMean(suggestion: string | undefined): Bilingual {
  return suggestion === undefined ? msg('', '') : msg(`是否想写 “${suggestion}”?`, ` Did you mean '${suggestion}'?`);
}

function join(parts: Bilingual[]): Bilingual {
  return { zh: parts.map((p) => p.zh).join(''), en: parts.map((p) => p.en).join('') };
}

function enumerate(names: readonly string[], max = 12): Bilingual {
  if (names.length === 0) return msg('(无)', '(none)');
  const shown = names.slice(0, max);
  const more = names.length > max ? names.length - max : 0;
  return msg(shown.join('、') + (more ? ` 等 ${names.length} 个` : ''), shown.join(', ') + (more ? `, … (${names.length} in all)` : ''));
}

const nodeArgs = (node: unknown): unknown[] => (Array.isArray((node as NodeLike | undefined)?.args) ? ((node as NodeLike).args as unknown[]) : []);
const nodeOp = (node: unknown): string | undefined => (node as NodeLike | undefined)?.op;
const typeName = (node: unknown): string | undefined => (node as { checkedType?: { name?: string } } | undefined)?.checkedType?.name;

/** The field name of `x.name` or `x['name']`. */
function accessedKey(node: unknown): string | undefined {
  const [, key] = nodeArgs(node);
  if (nodeOp(node) === '.' || nodeOp(node) === '.?') return typeof key === 'string' ? key : undefined;
  if (nodeOp(key) === 'value' && typeof (key as NodeLike).args === 'string') return (key as NodeLike).args as string;
  return undefined;
}

/** What `x` is in `x.name`: the event, its attributes, features or models. */
function accessedOwner(node: unknown): 'event' | 'attributes' | 'features' | 'models' | undefined {
  const [left] = nodeArgs(node);
  if (nodeOp(left) === 'id') {
    const name = (left as NodeLike).args;
    return name === 'event' || name === 'features' || name === 'models' ? name : undefined;
  }
  if ((nodeOp(left) === '.' || nodeOp(left) === '.?') && nodeArgs(left)[1] === 'attributes') return 'attributes';
  return undefined;
}

function unknownField(error: CelError, env: RuleEnvironment): Bilingual {
  const key = accessedKey(error.node) ?? '?';
  const owner = typeName(nodeArgs(error.node)[0]);
  if (owner === 'Event') {
    const types = env.spec.eventTypes.join(', ');
    const elsewhere = EVENT_TYPES.filter((t) => Object.hasOwn(EventSchemas[t].properties, key));
    return join([
      msg(`事件没有字段 “${key}”(事件类型:${env.spec.eventTypes.join('、')})。`, `The event has no field '${key}' (event types: ${types}).`),
      elsewhere.length > 0 ? msg(`该字段只出现在 ${elsewhere.join('、')} 事件中。`, ` It exists only in ${elsewhere.join(', ')} events.`) : msg('', ''),
      didYouMean(closest(key, env.eventFields.keys())),
    ]);
  }
  if (owner === 'Features') {
    return join([msg(`未知特征 “${key}”;可用特征:`, `Unknown feature '${key}'; known features: `), enumerate(env.spec.features), msg('。', '.'), didYouMean(closest(key, env.spec.features))]);
  }
  if (owner === 'Models') {
    return join([msg(`未知模型 “${key}”;可用模型:`, `Unknown model '${key}'; known models: `), enumerate(env.spec.models), msg('。', '.'), didYouMean(closest(key, env.spec.models))]);
  }
  return msg(`没有字段 “${key}”`, `No field '${key}'`);
}

function unknownName(error: CelError, env: RuleEnvironment): Bilingual {
  const name = String((error.node as NodeLike | undefined)?.args ?? '?');
  const qualified = env.eventFields.has(name)
    ? `event.${name}`
    : env.spec.features.includes(name)
      ? `features.${name}`
      : env.spec.models.includes(name)
        ? `models.${name}`
        : closest(name, ['event', 'features', 'models']);
  return join([
    msg(`未知名称 “${name}”;规则可使用 event、features、models。`, `Unknown name '${name}'; a rule can use event, features and models.`),
    didYouMean(qualified),
  ]);
}

function callName(node: unknown): string {
  const [name] = nodeArgs(node);
  return typeof name === 'string' ? name : '?';
}

/** The first quoted part of a library summary, e.g. `hour(int)` or `int`. */
const quoted = (summary: string): string => /'([^']*)'/.exec(summary)?.[1] ?? '';

function operatorMismatch(error: CelError): Bilingual {
  const node = error.node;
  const op = nodeOp(node) ?? '';
  const args = nodeArgs(node);
  if (op === '!_' || op === '-_') {
    const t = typeName(node && (node as NodeLike).args) ?? '?';
    return msg(`类型不匹配:“${op[0]}” 不能用于 ${t}`, `Type mismatch: '${op[0]}' does not apply to ${t}`);
  }
  const [l, r] = [typeName(args[0]) ?? '?', typeName(args[1]) ?? '?'];
  const mixed = (l === 'int' && r === 'double') || (l === 'double' && r === 'int');
  return join([
    msg(`类型不匹配:“${op}” 不能用于 ${l} 和 ${r}。`, `Type mismatch: '${op}' does not apply to ${l} and ${r}.`),
    mixed
      ? msg('整数与小数比较相等时,请把常量写成小数(如 5.0)或用 double(...) 转换。', ' To compare an int with a double for equality, write the constant as a double (e.g. 5.0) or convert with double(...).')
      : msg('', ''),
  ]);
}

function typeProblem(error: CelError, env: RuleEnvironment): { code: Code; message: Bilingual } {
  const summary = error.summary;
  switch (error.code) {
    case 'no_such_key':
      return { code: 'unknown_field', message: unknownField(error, env) };
    case 'unknown_variable':
      return { code: 'unknown_field', message: unknownName(error, env) };
    case IN_LIST_ERRORS.unknownList: {
      const name = String((error.node as NodeLike | undefined)?.args ?? '?');
      return {
        code: 'unknown_field',
        message: join([msg(`未知名单 “${name}”;已有名单:`, `Unknown list '${name}'; known lists: `), enumerate(env.spec.lists), msg('。', '.'), didYouMean(closest(name, env.spec.lists))]),
      };
    }
    case IN_LIST_ERRORS.notLiteral:
      return {
        code: 'other',
        message: msg("inList() 的第一个参数须为带引号的名单名,如 inList('block_devices', event.deviceId)", "inList() takes the list name as a quoted string first, e.g. inList('block_devices', event.deviceId)"),
      };
    case IN_LIST_ERRORS.valueType:
      return { code: 'type_mismatch', message: msg('inList() 只能查询字符串或数字', 'inList() can only look up a string or a number') };
    case 'no_such_overload':
      return { code: 'type_mismatch', message: operatorMismatch(error) };
    case 'no_matching_overload': {
      const name = callName(error.node);
      if (!env.functionNames().has(name)) {
        return {
          code: 'unknown_function',
          message: join([msg(`未知函数 “${name}”。`, `Unknown function '${name}'.`), didYouMean(closest(name, env.functionNames()))]),
        };
      }
      const sig = quoted(summary);
      return { code: 'type_mismatch', message: msg(`函数 ${name} 不接受这样的参数:${sig}`, `No form of ${name} takes these arguments: ${sig}`) };
    }
    case 'invalid_logical_operand':
      return { code: 'type_mismatch', message: msg(`&& 和 || 两边须为布尔值,这里是 ${quoted(summary)}`, `&& and || need boolean operands; this one is ${quoted(summary)}`) };
    case 'invalid_condition_type':
      return {
        code: 'type_mismatch',
        message: msg(`条件表达式 a ? b : c 的条件须为布尔值,这里是 ${quoted(summary)}`, `The condition of a ? b : c must be a boolean; this one is ${quoted(summary)}`),
      };
    case 'incompatible_ternary_branches':
      return { code: 'type_mismatch', message: msg('条件表达式 a ? b : c 的两个分支类型须相同', 'Both branches of a ? b : c must have the same type') };
    case 'cannot_index_type':
    case 'invalid_index_type':
      return { code: 'type_mismatch', message: msg(`该值不能这样取字段或下标:${quoted(summary)}`, summary) };
    case 'heterogeneous_list_element':
    case 'heterogeneous_map_key':
    case 'heterogeneous_map_value':
      return { code: 'type_mismatch', message: msg('列表或映射中的元素类型须一致', summary) };
    case 'invalid_macro_argument':
      return { code: 'other', message: msg('has() 等宏的参数不正确,例如应写 has(event.deviceId)', `Invalid macro argument, e.g. write has(event.deviceId) (${summary})`) };
    default:
      return { code: 'type_mismatch', message: msg(`类型检查未通过(${error.code})`, summary) };
  }
}

const TOKEN_TEXT: Record<string, string> = {
  EOF: 'end of expression',
  RPAREN: ')',
  LPAREN: '(',
  RBRACKET: ']',
  RBRACE: '}',
  COLON: ':',
  COMMA: ',',
  IDENTIFIER: 'a name',
};
const tokenText = (t: string | undefined) => (t === undefined ? '?' : (TOKEN_TEXT[t] ?? t));
const tokenZh = (t: string | undefined) => (t === 'EOF' ? '结尾' : t === 'IDENTIFIER' ? '名称' : tokenText(t));

function syntaxProblem(error: ParseError, text: string): { code: Code; message: Bilingual } {
  const at = error.range?.start ?? 0;
  const word = /^[A-Za-z_]\w*/.exec(text.slice(at))?.[0];
  if (word === 'and' || word === 'or' || word === 'not' || word === 'AND' || word === 'OR' || word === 'NOT') {
    return { code: 'syntax', message: msg('语法错误:逻辑运算请用 &&、|| 和 !', 'Syntax error: write logical operators as &&, || and !') };
  }
  switch (error.code) {
    case 'unexpected_token': {
      const token = /Unexpected token: (\w+)/.exec(error.summary)?.[1];
      if (token === 'EOF') {
        return { code: 'syntax', message: msg(text.trim() === '' ? '语法错误:表达式为空' : '语法错误:表达式不完整,在结尾处缺少内容', text.trim() === '' ? 'Syntax error: the expression is empty' : 'Syntax error: the expression ends too early') };
      }
      return { code: 'syntax', message: msg(`语法错误:此处不应出现 ${tokenZh(token)}`, `Syntax error: unexpected ${tokenText(token)}`) };
    }
    case 'expected_token': {
      const m = /Expected (\w+), got (\w+)/.exec(error.summary);
      return { code: 'syntax', message: msg(`语法错误:此处应为 “${tokenText(m?.[1])}”,却是${tokenZh(m?.[2])}`, `Syntax error: expected '${tokenText(m?.[1])}' but found ${tokenText(m?.[2])}`) };
    }
    case 'unexpected_character':
      if (text[at] === '=' && text[at + 1] !== '=') {
        return { code: 'syntax', message: msg('语法错误:比较相等请用 ==', "Syntax error: write '==' to compare for equality") };
      }
      if ((text[at] === '&' || text[at] === '|') && text[at + 1] !== text[at]) {
        return { code: 'syntax', message: msg('语法错误:逻辑运算请用 && 和 ||', 'Syntax error: write logical operators as && and ||') };
      }
      return { code: 'syntax', message: msg('语法错误:无法识别的字符', `Syntax error: ${error.summary}`) };
    case 'newline_in_string':
    case 'unterminated_string':
    case 'unterminated_triple_quoted_string':
      return { code: 'syntax', message: msg('语法错误:字符串缺少结束引号', 'Syntax error: a string is missing its closing quote') };
    case 'invalid_number':
    case 'invalid_exponent':
      return { code: 'syntax', message: msg('语法错误:数字格式不正确', 'Syntax error: malformed number') };
    case 'reserved_identifier':
      return { code: 'syntax', message: msg('语法错误:保留字不能用作名称', `Syntax error: ${error.summary}`) };
    case 'limit_exceeded':
      return { code: 'other', message: msg('表达式过于复杂', `The expression is too complex (${error.summary})`) };
    case 'invalid_macro_argument':
      return { code: 'other', message: msg('宏的参数不正确', `Invalid macro argument: ${error.summary}`) };
    default:
      return { code: 'syntax', message: msg('语法错误', `Syntax error: ${error.summary}`) };
  }
}

/** The problem for an error thrown or returned while parsing and checking `text`. */
export function compileProblem(error: unknown, text: string, env: RuleEnvironment): RuleProblem {
  if (!isCelError(error)) return problemAtStart('other', msg('规则无法编译', 'The rule could not be compiled'));
  const { code, message } = error instanceof ParseError ? syntaxProblem(error, text) : typeProblem(error, env);
  return { message, ...place(text, error), code };
}

function runtimeText(error: CelError): Bilingual {
  const node = error.node;
  switch (error.code) {
    case 'no_such_key': {
      const key = accessedKey(node);
      if (key === undefined) return msg('取值的键不存在', 'No such key');
      switch (accessedOwner(node)) {
        case 'event':
          return msg(`事件中没有 “${key}” 的值;可先用 has(event.${key}) 判断`, `The event has no value for '${key}'; guard it with has(event.${key})`);
        case 'attributes':
          return msg(`事件属性中没有 “${key}”;可先用 has(event.attributes.${key}) 判断`, `The event attributes have no '${key}'; guard it with has(event.attributes.${key})`);
        case 'features':
          return msg(`特征 “${key}” 没有值(无历史数据);可先用 has(features.${key}) 判断`, `Feature '${key}' has no value (no history); guard it with has(features.${key})`);
        case 'models':
          return msg(`模型 “${key}” 没有评分`, `Model '${key}' has no score`);
        default:
          return msg(`没有 “${key}” 的值`, `No value for '${key}'`);
      }
    }
    case 'field_type_mismatch': {
      const key = accessedKey(node) ?? '?';
      return msg(`输入数据中 “${key}” 的类型不对`, `The input value of '${key}' has the wrong type (${error.summary})`);
    }
    case 'division_by_zero':
      return msg('除数为零', 'Division by zero');
    case 'modulo_by_zero':
      return msg('取模的除数为零', 'Modulo by zero');
    case 'numeric_overflow':
      return msg('数值溢出', 'Numeric overflow');
    case 'invalid_timestamp':
      return msg('时间无法解析,须为带时区的 ISO 8601 时间', 'The time cannot be read; it must be ISO 8601 with an offset');
    case 'list_lookup_failed':
      return msg('名单查询失败', 'The list look-up failed');
    case 'index_out_of_range':
    case 'index_out_of_bounds':
      return msg('下标越界', 'Index out of range');
    case 'no_such_overload':
    case 'no_matching_overload':
    case 'invalid_logical_operand':
      // Summaries of these codes name types only.
      return msg(`运行时类型不匹配:${error.summary}`, `Type mismatch at run time: ${error.summary}`);
    default:
      return msg(`规则运行出错(${error.code})`, `The rule failed at run time (${error.code})`);
  }
}

/** The rule error for anything thrown while evaluating `text`; never echoes event values. */
export function runtimeError(error: unknown, text: string): Bilingual {
  if (!isCelError(error)) return msg('规则运行出错', 'The rule failed at run time');
  const { line, column } = place(text, error);
  const t = runtimeText(error);
  return { zh: `第 ${line} 行第 ${column} 列:${t.zh}`, en: `Line ${line}, column ${column}: ${t.en}` };
}

/** The rule error when a `dyn` rule yields something other than a boolean. */
export const NOT_BOOLEAN_AT_RUN_TIME: Bilingual = Object.freeze(msg('规则结果不是布尔值', 'The rule did not yield a boolean'));
