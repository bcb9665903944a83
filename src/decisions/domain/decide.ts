/**
 * Turns a strategy, an event, its feature values and list look-ups into a verdict: each rule's
 * result, the score (sum of fired rules' contributions, 0–1000), the outcome (the most severe of
 * the fired rules' actions and the score thresholds, then the list effects in their declared
 * precedence) and every reason. Pure: no I/O, no clock.
 */
import type { Bilingual } from '../../shared/i18n.js';
import { type CompiledStrategy, type ListKind, type Outcome, OUTCOME_SEVERITY, type RuleAction } from './strategy.js';

export interface DecisionInput {
  event: Record<string, unknown>;
  features: Record<string, number | null>;
  models: Record<string, number>;
  inList: (list: string, value: unknown) => boolean;
}

export interface RuleResult {
  id: string;
  result: 'hit' | 'miss' | 'error';
  error?: Bilingual;
}

export interface ListHit {
  list: string;
  kind: ListKind;
  key: string;
}

export interface Reason {
  code: string;
  source: 'rule' | 'list' | 'engine';
  description: Bilingual;
  ruleId?: string;
  action?: RuleAction;
  score?: number;
  list?: string;
  key?: string;
}

export interface Verdict {
  outcome: Outcome;
  score: number;
  reasons: Reason[];
  rules: RuleResult[];
  listHits: ListHit[];
}

/** Which list kind wins when an event's keys are on several lists (declared once, in the pack). */
export const DEFAULT_LIST_PRECEDENCE: readonly ListKind[] = ['block', 'allow', 'watch'];

const LIST_TEXT: Record<ListKind, Bilingual> = {
  block: { zh: '命中黑名单', en: 'On a block list' },
  allow: { zh: '命中白名单', en: 'On an allow list' },
  watch: { zh: '命中关注名单', en: 'On a watch list' },
};

function valueAt(event: Record<string, unknown>, path: string): unknown {
  const dot = path.indexOf('.');
  if (dot < 0) return event[path];
  const head = event[path.slice(0, dot)];
  return head !== null && typeof head === 'object' ? (head as Record<string, unknown>)[path.slice(dot + 1)] : undefined;
}

function severer(a: Outcome, b: Outcome): Outcome {
  return OUTCOME_SEVERITY[a] >= OUTCOME_SEVERITY[b] ? a : b;
}

export function decide(strategy: CompiledStrategy, input: DecisionInput, precedence: readonly ListKind[] = DEFAULT_LIST_PRECEDENCE): Verdict {
  const rules: RuleResult[] = new Array(strategy.rules.length);
  const reasons: Reason[] = [];
  let score = 0;
  let ruleOutcome: Outcome = 'allow';
  for (let i = 0; i < strategy.rules.length; i++) {
    const rule = strategy.rules[i]!;
    const r = strategy.compiled[i]!.evaluate(input);
    if (!r.ok) {
      rules[i] = { id: rule.id, result: 'error', error: r.error };
      continue;
    }
    if (!r.value) {
      rules[i] = { id: rule.id, result: 'miss' };
      continue;
    }
    rules[i] = { id: rule.id, result: 'hit' };
    score += rule.score;
    if (rule.action !== 'score') ruleOutcome = severer(ruleOutcome, rule.action);
    reasons.push({ code: rule.reason, source: 'rule', ruleId: rule.id, action: rule.action, score: rule.score, description: rule.description });
  }
  score = Math.max(0, Math.min(1000, score));
  let outcome = ruleOutcome;
  if (score >= strategy.thresholds.block) outcome = 'block';
  else if (score >= strategy.thresholds.review) outcome = severer(outcome, 'review');

  const listHits: ListHit[] = [];
  for (const check of strategy.lists) {
    for (const key of check.keys) {
      const v = valueAt(input.event, key);
      if (v !== undefined && v !== null && v !== '' && input.inList(check.list, v)) listHits.push({ list: check.list, kind: check.kind, key });
    }
  }
  if (listHits.length > 0) {
    const winner = precedence.find((k) => listHits.some((h) => h.kind === k));
    for (const h of listHits) reasons.push({ code: `LIST_${h.kind.toUpperCase()}`, source: 'list', list: h.list, key: h.key, description: LIST_TEXT[h.kind] });
    if (winner === 'block') outcome = 'block';
    else if (winner === 'allow') outcome = 'allow';
    else if (winner === 'watch') outcome = severer(outcome, 'review');
  }
  return { outcome, score, reasons, rules, listHits };
}
