/**
 * A strategy: the rules of one decision point with their actions, score contributions, reason
 * codes and bilingual descriptions, the score thresholds, the lists it checks and what to do when
 * the engine cannot decide in time. Written by analysts as YAML; parsed and every rule compiled
 * and type-checked before it can be saved, with every problem named by its path and position.
 */
import { parse as parseYaml } from 'yaml';
import type { Bilingual } from '../../shared/i18n.js';
import { type CompiledRule, compileRule } from '../../rules/index.js';
import { DECISION_POINTS, type DecisionPoint, isDecisionPoint } from './decision-points.js';

export type Outcome = 'allow' | 'review' | 'block';
export type RuleAction = Outcome | 'score';
export type ListKind = 'block' | 'allow' | 'watch';

export const OUTCOME_SEVERITY: Record<Outcome, number> = { allow: 0, review: 1, block: 2 };

export interface StrategyRule {
  id: string;
  when: string;
  action: RuleAction;
  score: number;
  reason: string;
  description: Bilingual;
}

export interface ListCheck {
  list: string;
  kind: ListKind;
  /** Event fields whose values are looked up in the list. */
  keys: string[];
}

export interface Strategy {
  decisionPoint: DecisionPoint;
  description: Bilingual;
  thresholds: { review: number; block: number };
  /** Outcome when the engine times out or faults: allow = fail-open, block = fail-closed. */
  onError: Outcome;
  timeoutMs: number;
  lists: ListCheck[];
  rules: StrategyRule[];
}

export interface CompiledStrategy extends Strategy {
  version: number | null;
  eventTypes: readonly string[];
  compiled: CompiledRule[];
  /** The features its rules read: what a decision's trace keeps (the others did not matter). */
  featuresUsed: readonly string[];
}

/** Feature names a rule text mentions (`features.x`, `features.?x`, `features['x']`): a safe superset. */
export function featuresMentioned(texts: readonly string[], known: readonly string[]): string[] {
  const seen = new Set<string>();
  const re = /features\s*(?:\.\s*\??\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([^'"]+)['"]\s*\])/g;
  for (const t of texts) for (const m of t.matchAll(re)) seen.add((m[1] ?? m[2])!);
  return known.filter((k) => seen.has(k));
}

export interface StrategyProblem {
  path: string;
  message: Bilingual;
  line?: number;
  column?: number;
}

/** What a strategy may refer to: the features and lists that exist, and model scores. */
export interface StrategyContext {
  /** Feature names available per event type. */
  featuresFor(eventTypes: readonly string[]): string[];
  lists: readonly string[];
  models: readonly string[];
}

const ID_RE = /^[A-Z][A-Z0-9_]{1,63}$/;
const ACTIONS: readonly RuleAction[] = ['allow', 'review', 'block', 'score'];
const OUTCOMES: readonly Outcome[] = ['allow', 'review', 'block'];
const LIST_KINDS: readonly ListKind[] = ['block', 'allow', 'watch'];
const KEY_RE = /^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z0-9_]+)?$/;

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

function bilingual(v: unknown): Bilingual | null {
  return isObj(v) && typeof v.zh === 'string' && v.zh.trim() !== '' && typeof v.en === 'string' && v.en.trim() !== '' ? { zh: v.zh, en: v.en } : null;
}

const msg = (zh: string, en: string): Bilingual => ({ zh, en });

/** Parses and compiles a strategy; returns every problem, never throws. */
export function parseStrategy(text: string, ctx: StrategyContext, version: number | null = null): { ok: true; strategy: CompiledStrategy } | { ok: false; problems: StrategyProblem[] } {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    const pos = (err as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    return { ok: false, problems: [{ path: '', message: msg('YAML 语法错误', `YAML syntax error: ${(err as Error).message.split('\n')[0]}`), ...(pos ? { line: pos.line, column: pos.col } : {}) }] };
  }
  return checkStrategy(doc, ctx, version);
}

export function checkStrategy(doc: unknown, ctx: StrategyContext, version: number | null = null): { ok: true; strategy: CompiledStrategy } | { ok: false; problems: StrategyProblem[] } {
  const problems: StrategyProblem[] = [];
  const bad = (path: string, zh: string, en: string) => problems.push({ path, message: msg(zh, en) });
  if (!isObj(doc)) return { ok: false, problems: [{ path: '', message: msg('策略必须是一个对象', 'A strategy must be a mapping') }] };

  const point = doc.decisionPoint;
  if (!isDecisionPoint(point)) bad('decisionPoint', `必须是以下之一:${Object.keys(DECISION_POINTS).join(', ')}`, `must be one of: ${Object.keys(DECISION_POINTS).join(', ')}`);
  const description = bilingual(doc.description);
  if (!description) bad('description', '需要中英文描述 {zh, en}', 'needs a description in both languages {zh, en}');

  const th = isObj(doc.thresholds) ? doc.thresholds : {};
  const review = th.review;
  const block = th.block;
  const okScore = (v: unknown) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 1000;
  if (!okScore(review)) bad('thresholds.review', '须为 1–1000 的整数', 'must be an integer from 1 to 1000');
  if (!okScore(block)) bad('thresholds.block', '须为 1–1000 的整数', 'must be an integer from 1 to 1000');
  if (okScore(review) && okScore(block) && (review as number) >= (block as number)) bad('thresholds', '复核阈值须低于拒绝阈值', 'the review threshold must be below the block threshold');

  const onError = doc.onError ?? 'review';
  if (!OUTCOMES.includes(onError as Outcome)) bad('onError', '须为 allow、review 或 block', 'must be allow, review or block');
  const timeoutMs = doc.timeoutMs ?? 50;
  if (!Number.isInteger(timeoutMs) || (timeoutMs as number) < 1 || (timeoutMs as number) > 10_000) bad('timeoutMs', '须为 1–10000 的整数(毫秒)', 'must be an integer from 1 to 10000 (ms)');

  const lists: ListCheck[] = [];
  const rawLists = doc.lists ?? [];
  if (!Array.isArray(rawLists)) bad('lists', '须为列表', 'must be a list');
  else
    rawLists.forEach((l, i) => {
      const p = `lists[${i}]`;
      if (!isObj(l)) return bad(p, '须为对象', 'must be a mapping');
      if (typeof l.list !== 'string' || !ctx.lists.includes(l.list)) bad(`${p}.list`, `未知名单;已有:${ctx.lists.join(', ')}`, `unknown list; known: ${ctx.lists.join(', ')}`);
      if (!LIST_KINDS.includes(l.kind as ListKind)) bad(`${p}.kind`, '须为 block、allow 或 watch', 'must be block, allow or watch');
      if (!Array.isArray(l.keys) || l.keys.length === 0 || !l.keys.every((k) => typeof k === 'string' && KEY_RE.test(k))) bad(`${p}.keys`, '须为事件字段名列表', 'must be a list of event field names');
      lists.push({ list: String(l.list), kind: l.kind as ListKind, keys: Array.isArray(l.keys) ? l.keys.map(String) : [] });
    });

  const eventTypes = isDecisionPoint(point) ? DECISION_POINTS[point] : [];
  const spec = { eventTypes: [...eventTypes], features: ctx.featuresFor(eventTypes), lists: [...ctx.lists], models: [...ctx.models] };
  const rules: StrategyRule[] = [];
  const compiled: CompiledRule[] = [];
  const ids = new Set<string>();
  if (!Array.isArray(doc.rules) || doc.rules.length === 0) bad('rules', '至少需要一条规则', 'needs at least one rule');
  else
    doc.rules.forEach((r, i) => {
      const p = `rules[${i}]`;
      if (!isObj(r)) return bad(p, '须为对象', 'must be a mapping');
      if (typeof r.id !== 'string' || !ID_RE.test(r.id)) bad(`${p}.id`, '须为大写字母、数字和下划线(如 PAY_VELOCITY)', 'must be upper-case letters, digits and underscores (e.g. PAY_VELOCITY)');
      else if (ids.has(r.id)) bad(`${p}.id`, `规则编号 ${r.id} 重复`, `duplicate rule id ${r.id}`);
      else ids.add(r.id);
      if (!ACTIONS.includes(r.action as RuleAction)) bad(`${p}.action`, '须为 allow、review、block 或 score', 'must be allow, review, block or score');
      const score = r.score ?? 0;
      if (!Number.isInteger(score) || (score as number) < -1000 || (score as number) > 1000) bad(`${p}.score`, '须为 -1000–1000 的整数', 'must be an integer from -1000 to 1000');
      if (typeof r.reason !== 'string' || !ID_RE.test(r.reason)) bad(`${p}.reason`, '原因码须为大写字母、数字和下划线', 'the reason code must be upper-case letters, digits and underscores');
      const d = bilingual(r.description);
      if (!d) bad(`${p}.description`, '需要中英文描述 {zh, en}', 'needs a description in both languages {zh, en}');
      if (typeof r.when !== 'string' || r.when.trim() === '') {
        bad(`${p}.when`, '需要规则表达式', 'needs a rule expression');
      } else if (eventTypes.length > 0) {
        const c = compileRule(r.when, spec);
        if (c.ok) compiled.push(c.rule);
        else for (const pr of c.problems) problems.push({ path: `${p}.when`, message: pr.message, line: pr.line, column: pr.column });
      }
      rules.push({ id: String(r.id), when: String(r.when), action: r.action as RuleAction, score: Number(score), reason: String(r.reason), description: d ?? msg('', '') });
    });

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    strategy: {
      decisionPoint: point as DecisionPoint,
      description: description!,
      thresholds: { review: review as number, block: block as number },
      onError: onError as Outcome,
      timeoutMs: timeoutMs as number,
      lists,
      rules,
      version,
      eventTypes,
      compiled,
      featuresUsed: featuresMentioned(rules.map((r) => r.when), spec.features),
    },
  };
}
