/**
 * Turns a type-checked rule's syntax tree into plain JavaScript closures — the fast path of rule
 * evaluation. The interpreter stays the reference: the compiler covers the common subset (fields
 * of `event`, `features`, `models`; `has`, `.?x.orValue(d)`; comparisons; `&&`, `||`, `!`, `?:`;
 * arithmetic; `double`, `hour`, `inList`, `startsWith`/`endsWith`/`contains`) and returns null for
 * anything else, so that rule is interpreted. At run time every unusual case — a missing or
 * mistyped value, an int result outside the safe range, a division by zero, a failing list
 * look-up — abandons the fast path and the interpreter evaluates the rule, so results and error
 * messages are the interpreter's by construction. Pure.
 */
import type { CelFieldType } from './event-fields.js';
import { localHour } from './rule-functions.js';
import type { RuleInput } from './rule-types.js';

/** Thrown inside a closure: "let the interpreter decide". Never escapes `compileClosure`'s result. */
export const FALLBACK: unique symbol = Symbol('fallback');

type Kind = 'int' | 'double' | 'string' | 'bool';
type Fn = (i: RuleInput) => unknown;
interface Compiled {
  kind: Kind;
  fn: Fn;
}

interface Node {
  op: string;
  args: unknown;
}

export interface ClosureContext {
  eventFields: ReadonlyMap<string, { type: CelFieldType }>;
  features: ReadonlySet<string>;
  models: ReadonlySet<string>;
}

const fallback = (): never => {
  throw FALLBACK;
};

const isNode = (x: unknown): x is Node => typeof x === 'object' && x !== null && typeof (x as Node).op === 'string';

/** A predicate over the rule input, or null when the rule uses something only the interpreter does. */
export function compileClosure(ast: unknown, ctx: ClosureContext): ((i: RuleInput) => boolean) | null {
  const c = compile(ast, ctx);
  if (!c || c.kind !== 'bool') return null;
  const fn = c.fn;
  return (i) => fn(i) as boolean;
}

/** Kind and reader of `root.name`: how a present value must look, or null when not compiled. */
function fieldOf(root: string, name: string, ctx: ClosureContext): { kind: Kind; read: (i: RuleInput) => unknown } | null {
  if (root === 'event') {
    const f = ctx.eventFields.get(name);
    if (!f) return null;
    const kind: Kind | null = f.type === 'int' ? 'int' : f.type === 'double' ? 'double' : f.type === 'string' ? 'string' : f.type === 'bool' ? 'bool' : null;
    return kind ? { kind, read: (i) => i.event[name] } : null;
  }
  if (root === 'features' && ctx.features.has(name)) return { kind: 'double', read: (i) => i.features[name] };
  if (root === 'models' && ctx.models.has(name)) return { kind: 'double', read: (i) => i.models[name] };
  return null;
}

/** Whether a present value is what the rule's type says (else the interpreter reports it). */
function checkerOf(kind: Kind): (v: unknown) => boolean {
  switch (kind) {
    case 'int':
      return (v) => typeof v === 'number' && Number.isSafeInteger(v);
    case 'double':
      return (v) => typeof v === 'number';
    case 'string':
      return (v) => typeof v === 'string';
    case 'bool':
      return (v) => typeof v === 'boolean';
  }
}

/** `root.name` when the node is a field of a root variable. */
function rootField(node: unknown): { root: string; name: string } | null {
  if (!isNode(node) || (node.op !== '.' && node.op !== '.?')) return null;
  const [target, name] = node.args as [unknown, unknown];
  if (!isNode(target) || target.op !== 'id' || typeof target.args !== 'string' || typeof name !== 'string') return null;
  return { root: target.args, name };
}

function compile(node: unknown, ctx: ClosureContext): Compiled | null {
  if (!isNode(node)) return null;
  const args = node.args as unknown[];
  switch (node.op) {
    case 'value':
      return literal(node.args);
    case '.': {
      const rf = rootField(node);
      const field = rf && fieldOf(rf.root, rf.name, ctx);
      if (!field) return null;
      const { read } = field;
      const ok = checkerOf(field.kind);
      return { kind: field.kind, fn: (i) => { const v = read(i); return ok(v) ? v : fallback(); } };
    }
    case 'rcall':
      return methodCall(args, ctx);
    case 'call':
      return functionCall(args, ctx);
    case '!_': {
      const a = compile(node.args, ctx);
      if (!a || a.kind !== 'bool') return null;
      const f = a.fn;
      return { kind: 'bool', fn: (i) => !f(i) };
    }
    case '-_': {
      const a = compile(node.args, ctx);
      if (!a || (a.kind !== 'int' && a.kind !== 'double')) return null;
      const f = a.fn;
      // CEL ints have no -0 (JavaScript's -(0) is -0, and 1.0 / double(-0) is -Infinity): `+ 0` folds it.
      return { kind: a.kind, fn: a.kind === 'int' ? (i) => -(f(i) as number) + 0 : (i) => -(f(i) as number) };
    }
    case '&&':
    case '||': {
      const a = compile(args[0], ctx);
      const b = compile(args[1], ctx);
      if (!a || !b || a.kind !== 'bool' || b.kind !== 'bool') return null;
      const fa = a.fn;
      const fb = b.fn;
      // Short-circuits as CEL does; where CEL would absorb an error of the left side (error && false),
      // the left side's FALLBACK hands the whole rule to the interpreter, which does.
      return { kind: 'bool', fn: node.op === '&&' ? (i) => (fa(i) as boolean) && (fb(i) as boolean) : (i) => (fa(i) as boolean) || (fb(i) as boolean) };
    }
    case '?:': {
      const [c, t, e] = args.map((x) => compile(x, ctx));
      if (!c || !t || !e || c.kind !== 'bool' || t.kind !== e.kind) return null;
      const fc = c.fn;
      const ft = t.fn;
      const fe = e.fn;
      return { kind: t.kind, fn: (i) => (fc(i) ? ft(i) : fe(i)) };
    }
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return comparison(node.op, args, ctx);
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return arithmetic(node.op, args, ctx);
    default:
      return null;
  }
}

function literal(v: unknown): Compiled | null {
  if (typeof v === 'boolean') return { kind: 'bool', fn: () => v };
  if (typeof v === 'string') return { kind: 'string', fn: () => v };
  if (typeof v === 'number') return { kind: 'double', fn: () => v };
  if (typeof v === 'bigint') {
    const n = Number(v);
    return Number.isSafeInteger(n) ? { kind: 'int', fn: () => n } : null;
  }
  return null;
}

function comparison(op: string, args: unknown[], ctx: ClosureContext): Compiled | null {
  const a = compile(args[0], ctx);
  const b = compile(args[1], ctx);
  // Same kinds only: mixed int/double and string ordering follow rules the interpreter owns.
  if (!a || !b || a.kind !== b.kind) return null;
  if ((a.kind === 'string' || a.kind === 'bool') && op !== '==' && op !== '!=') return null;
  const fa = a.fn;
  const fb = b.fn;
  switch (op) {
    case '==':
      return { kind: 'bool', fn: (i) => fa(i) === fb(i) };
    case '!=':
      return { kind: 'bool', fn: (i) => fa(i) !== fb(i) };
    case '<':
      return { kind: 'bool', fn: (i) => (fa(i) as number) < (fb(i) as number) };
    case '<=':
      return { kind: 'bool', fn: (i) => (fa(i) as number) <= (fb(i) as number) };
    case '>':
      return { kind: 'bool', fn: (i) => (fa(i) as number) > (fb(i) as number) };
    default:
      return { kind: 'bool', fn: (i) => (fa(i) as number) >= (fb(i) as number) };
  }
}

function arithmetic(op: string, args: unknown[], ctx: ClosureContext): Compiled | null {
  const a = compile(args[0], ctx);
  const b = compile(args[1], ctx);
  if (!a || !b || a.kind !== b.kind) return null;
  const fa = a.fn;
  const fb = b.fn;
  if (a.kind === 'string') return op === '+' ? { kind: 'string', fn: (i) => (fa(i) as string) + (fb(i) as string) } : null;
  if (a.kind === 'double') {
    switch (op) {
      case '+':
        return { kind: 'double', fn: (i) => (fa(i) as number) + (fb(i) as number) };
      case '-':
        return { kind: 'double', fn: (i) => (fa(i) as number) - (fb(i) as number) };
      case '*':
        return { kind: 'double', fn: (i) => (fa(i) as number) * (fb(i) as number) };
      case '/':
        return { kind: 'double', fn: (i) => (fa(i) as number) / (fb(i) as number) };
      default:
        return null;
    }
  }
  if (a.kind !== 'int') return null;
  // int64 in CEL: an exact result in the safe range is the same number; anything else (overflow,
  // a quotient too large to trust a float division, division by zero) goes to the interpreter.
  // `+ 0` folds JavaScript's -0 (0 * -5, Math.trunc(-0.05), -4 % 2) into the 0 a CEL int is.
  const safe = (r: number) => (Number.isSafeInteger(r) ? r + 0 : fallback());
  switch (op) {
    case '+':
      return { kind: 'int', fn: (i) => safe((fa(i) as number) + (fb(i) as number)) };
    case '-':
      return { kind: 'int', fn: (i) => safe((fa(i) as number) - (fb(i) as number)) };
    case '*':
      return { kind: 'int', fn: (i) => safe((fa(i) as number) * (fb(i) as number)) };
    case '/':
      return {
        kind: 'int',
        fn: (i) => {
          const x = fa(i) as number;
          const y = fb(i) as number;
          if (y === 0 || Math.abs(x) > 2 ** 31 || Math.abs(y) > 2 ** 31) return fallback();
          return Math.trunc(x / y) + 0;
        },
      };
    default:
      return {
        kind: 'int',
        fn: (i) => {
          const y = fb(i) as number;
          return y === 0 ? fallback() : ((fa(i) as number) % y) + 0;
        },
      };
  }
}

function functionCall(args: unknown[], ctx: ClosureContext): Compiled | null {
  const [name, params] = args as [string, unknown[]];
  if (!Array.isArray(params)) return null;
  if (name === 'has' && params.length === 1) {
    const rf = rootField(params[0]);
    if (!rf || (params[0] as Node).op !== '.') return null;
    const field = fieldOf(rf.root, rf.name, ctx);
    if (!field) return null;
    const { read } = field;
    const ok = checkerOf(field.kind);
    // A present value of the wrong type is an error in `has()` too (the interpreter words it).
    return { kind: 'bool', fn: (i) => { const v = read(i); return v === null || v === undefined ? false : ok(v) ? true : fallback(); } };
  }
  if (name === 'double' && params.length === 1) {
    const a = compile(params[0], ctx);
    if (!a || (a.kind !== 'int' && a.kind !== 'double')) return null;
    return { kind: 'double', fn: a.fn };
  }
  if (name === 'hour' && params.length === 1) {
    const a = compile(params[0], ctx);
    if (!a || a.kind !== 'string') return null;
    const f = a.fn;
    return { kind: 'int', fn: (i) => localHour(f(i) as string) ?? fallback() };
  }
  if (name === 'inList' && params.length === 2) {
    const list = params[0];
    if (!isNode(list) || list.op !== 'value' || typeof list.args !== 'string') return null;
    const listName = list.args;
    const v = compile(params[1], ctx);
    if (!v || v.kind === 'bool') return null;
    const f = v.fn;
    return {
      kind: 'bool',
      fn: (i) => {
        let hit: unknown;
        try {
          hit = i.inList(listName, f(i));
        } catch (err) {
          if (err === FALLBACK) throw err;
          return fallback();
        }
        return typeof hit === 'boolean' ? hit : fallback();
      },
    };
  }
  return null;
}

function methodCall(args: unknown[], ctx: ClosureContext): Compiled | null {
  const [name, target, params] = args as [string, unknown, unknown[]];
  if (!Array.isArray(params)) return null;
  if (name === 'orValue' && params.length === 1) {
    const rf = rootField(target);
    if (!rf || (target as Node).op !== '.?') return null;
    const field = fieldOf(rf.root, rf.name, ctx);
    const d = compile(params[0], ctx);
    if (!field || !d || d.kind !== field.kind) return null;
    const { read } = field;
    const ok = checkerOf(field.kind);
    const fd = d.fn;
    return {
      kind: field.kind,
      fn: (i) => {
        const v = read(i);
        if (v === null || v === undefined) return fd(i);
        return ok(v) ? v : fallback();
      },
    };
  }
  if ((name === 'startsWith' || name === 'endsWith' || name === 'contains') && params.length === 1) {
    const t = compile(target, ctx);
    const p = compile(params[0], ctx);
    if (!t || !p || t.kind !== 'string' || p.kind !== 'string') return null;
    const ft = t.fn;
    const fp = p.fn;
    if (name === 'startsWith') return { kind: 'bool', fn: (i) => (ft(i) as string).startsWith(fp(i) as string) };
    if (name === 'endsWith') return { kind: 'bool', fn: (i) => (ft(i) as string).endsWith(fp(i) as string) };
    return { kind: 'bool', fn: (i) => (ft(i) as string).includes(fp(i) as string) };
  }
  return null;
}
