/**
 * Reading credit configuration out of YAML: every problem is collected with its path (never the
 * first one only), parsers return a result instead of throwing, and `CreditConfigError` carries the
 * problems when a caller prefers to throw.
 */
import { parse as parseYaml } from 'yaml';
import type { Bilingual } from '../../shared/i18n.js';
import { isKnownCurrency, MAX_AMOUNT_MINOR } from '../../shared/money.js';

/** One problem in a configuration document, e.g. `{ path: 'products.cash_loan.tiers[2].aprBps', … }`. */
export interface ConfigProblem {
  /** Dotted path with `[i]` for list items; `` for the document itself. */
  path: string;
  message: Bilingual;
}

/** What every credit configuration parser returns: the validated value, or every problem found. */
export type ConfigResult<T> = { ok: true; value: T } | { ok: false; problems: ConfigProblem[] };

/**
 * A credit configuration that failed validation, carrying every problem by path. Thrown only by
 * `orThrow`; the API layer maps it like a validation error (code `CREDIT_CONFIG_INVALID`).
 *
 * @example
 * const policy = orThrow(parseCreditPolicy(text)); // throws CreditConfigError listing each problem
 */
export class CreditConfigError extends Error {
  override name = 'CreditConfigError';
  readonly code = 'CREDIT_CONFIG_INVALID' as const;
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options: { cause?: unknown } = {}) {
    super(`Invalid credit configuration: ${problems.map((p) => `${p.path || '(document)'}: ${p.message.en}`).join('; ')}`, options);
    this.problems = problems;
  }
}

/** The value of a successful parse; throws `CreditConfigError` with every problem otherwise. */
export function orThrow<T>(result: ConfigResult<T>): T {
  if (!result.ok) throw new CreditConfigError(result.problems);
  return result.value;
}

export type Raw = Record<string, unknown>;

export const isObj = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

export const msg = (zh: string, en: string): Bilingual => ({ zh, en });

/** `at('a', 'b')` → `a.b`, `at('a', 2)` → `a[2]`, `at('', 'b')` → `b`. */
export function at(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

/** Identifiers of products, scorecards and factors: `cash_loan`, `debt_ratio`. */
export const ID_RE = /^[a-z][a-z0-9_]{0,63}$/;
/** Names of input fields: `monthlyIncome`, `fraudAlerts90d`. */
export const INPUT_RE = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;
/** Reason codes: `CONFIRMED_FRAUD`. */
export const CODE_RE = /^[A-Z][A-Z0-9_]{1,63}$/;

/**
 * The problems found so far and the checks that add to them. Each check returns the value when it
 * is valid and `undefined` (after recording a problem) when it is not, so one pass finds them all.
 */
export class Problems {
  readonly items: ConfigProblem[] = [];

  add(path: string, zh: string, en: string): void {
    this.items.push({ path, message: msg(zh, en) });
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  /** A mapping; keys outside `allowed` are refused so a misspelt key never passes silently. */
  object(v: unknown, path: string, allowed?: readonly string[]): Raw | undefined {
    if (!isObj(v)) {
      this.add(path, '须为映射(键值对象)', 'must be a mapping');
      return undefined;
    }
    if (allowed) {
      for (const k of Object.keys(v)) {
        if (!allowed.includes(k)) this.add(at(path, k), `未知字段;可用:${allowed.join(', ')}`, `unknown key; allowed: ${allowed.join(', ')}`);
      }
    }
    return v;
  }

  list(v: unknown, path: string, minItems = 0): unknown[] | undefined {
    if (!Array.isArray(v)) {
      this.add(path, '须为列表', 'must be a list');
      return undefined;
    }
    if (v.length < minItems) {
      this.add(path, `至少需要 ${minItems} 项`, `needs at least ${minItems} item(s)`);
      return undefined;
    }
    return v;
  }

  number(v: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      this.add(path, `须为 ${min}–${max} 之间的数`, `must be a number from ${min} to ${max}`);
      return undefined;
    }
    return v;
  }

  /** Any finite number: band edges, score bounds, thresholds on raw inputs. */
  finite(v: unknown, path: string): number | undefined {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.add(path, '须为数值', 'must be a number');
      return undefined;
    }
    return v;
  }

  int(v: unknown, path: string, min: number, max: number): number | undefined {
    if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) {
      this.add(path, `须为 ${min}–${max} 之间的整数`, `must be an integer from ${min} to ${max}`);
      return undefined;
    }
    return v as number;
  }

  /** An amount in minor units (integer, 0 to MAX_AMOUNT_MINOR). */
  amount(v: unknown, path: string): number | undefined {
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > MAX_AMOUNT_MINOR) {
      this.add(path, '金额须为以最小货币单位计的非负整数(如 100 元 = 10000 分)', 'an amount must be a non-negative integer in minor units (e.g. CNY 100 = 10000)');
      return undefined;
    }
    return v as number;
  }

  currency(v: unknown, path: string): string | undefined {
    if (typeof v !== 'string' || !isKnownCurrency(v)) {
      this.add(path, '须为受支持的 ISO 4217 币种代码(如 CNY)', 'must be a supported ISO 4217 currency code (e.g. CNY)');
      return undefined;
    }
    return v;
  }

  string(v: unknown, path: string, re: RegExp, hintZh: string, hintEn: string): string | undefined {
    if (typeof v !== 'string' || !re.test(v)) {
      this.add(path, hintZh, hintEn);
      return undefined;
    }
    return v;
  }

  boolean(v: unknown, path: string): boolean | undefined {
    if (typeof v !== 'boolean') {
      this.add(path, '须为 true 或 false', 'must be true or false');
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T | undefined {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      this.add(path, `须为以下之一:${values.join(', ')}`, `must be one of: ${values.join(', ')}`);
      return undefined;
    }
    return v as T;
  }

  bilingual(v: unknown, path: string): Bilingual | undefined {
    if (isObj(v) && typeof v.zh === 'string' && v.zh.trim() !== '' && typeof v.en === 'string' && v.en.trim() !== '') return { zh: v.zh, en: v.en };
    this.add(path, '需要中英文文本 {zh, en}', 'needs a text in both languages {zh, en}');
    return undefined;
  }

  /** The result: the value when no problem was recorded, else every problem. */
  result<T>(build: () => T): ConfigResult<T> {
    return this.empty ? { ok: true, value: build() } : { ok: false, problems: this.items };
  }
}

/** Parses YAML text; a syntax error becomes one problem at the document with its line and column. */
export function readYaml(text: string): { ok: true; doc: unknown } | { ok: false; problems: ConfigProblem[] } {
  try {
    return { ok: true, doc: parseYaml(text) };
  } catch (err) {
    const pos = (err as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    const where = pos ? ` (${pos.line}:${pos.col})` : '';
    return {
      ok: false,
      problems: [{ path: '', message: msg(`YAML 语法错误${where}`, `YAML syntax error${where}: ${(err as Error).message.split('\n')[0]}`) }],
    };
  }
}
