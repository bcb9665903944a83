/**
 * A decision's trace as stored and as shown. Stored compactly — the feature values the strategy's
 * rules read, the ids of the rules that hit or failed, list hits, timings — because every byte is
 * written once per decision on the hot path; shown whole — the masked input event and every rule's
 * result in strategy order — since misses are all the rules of that strategy version not stored as
 * hits or errors. Pure.
 */
import type { Bilingual } from '../../shared/i18n.js';
import type { ListHit, RuleResult, Verdict } from './decide.js';

export interface StoredTrace {
  features: Record<string, number | null>;
  hits: string[];
  errors: Array<{ id: string; error: Bilingual }>;
  listHits: ListHit[];
  timings: Record<string, number>;
  /** Scores of the active models the rules could read (absent when none scored). */
  models?: Record<string, number>;
}

export interface ShownTrace {
  input: Record<string, unknown> | null;
  features: Record<string, number | null>;
  rules: RuleResult[];
  listHits: ListHit[];
  timings: Record<string, number>;
  models?: Record<string, number>;
}

export function storedTrace(verdict: Verdict | null, features: Record<string, number | null>, used: readonly string[], timings: Record<string, number>, models?: Record<string, number>): StoredTrace {
  const kept: Record<string, number | null> = {};
  for (const name of used) if (name in features) kept[name] = features[name] ?? null;
  const hits: string[] = [];
  const errors: StoredTrace['errors'] = [];
  for (const r of verdict?.rules ?? []) {
    if (r.result === 'hit') hits.push(r.id);
    else if (r.result === 'error') errors.push({ id: r.id, error: r.error! });
  }
  const trace: StoredTrace = { features: kept, hits, errors, listHits: verdict?.listHits ?? [], timings };
  if (models && Object.keys(models).length > 0) trace.models = models;
  return trace;
}

/**
 * The trace people read. `ruleIds` is the strategy version's rules in order (null when that
 * version is unknown: then only hits and errors are listed); a degraded decision ran no rule.
 */
export function shownTrace(stored: StoredTrace, ruleIds: readonly string[] | null, degraded: boolean, input: Record<string, unknown> | null): ShownTrace {
  const errors = new Map(stored.errors.map((e) => [e.id, e.error]));
  const hits = new Set(stored.hits);
  const result = (id: string): RuleResult => {
    const error = errors.get(id);
    if (error) return { id, result: 'error', error };
    return { id, result: hits.has(id) ? 'hit' : 'miss' };
  };
  const rules = degraded ? [] : ruleIds ? ruleIds.map(result) : [...stored.hits, ...errors.keys()].map(result);
  return { input, features: stored.features, rules, listHits: stored.listHits, timings: stored.timings, ...(stored.models ? { models: stored.models } : {}) };
}
