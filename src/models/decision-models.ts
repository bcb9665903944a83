/**
 * The decision path's view of the registry (the ModelPort): each active model bound to a decision
 * point scores the event, its variables read by name from the event's fields and the features.
 */
import type { DecisionPoint } from '../decisions/domain/decision-points.js';
import type { ModelPort } from '../decisions/model-port.js';
import type { ModelRegistry } from './model-registry.js';

const NONE: Record<string, number> = Object.freeze({}) as Record<string, number>;

export function decisionModels(registry: ModelRegistry): ModelPort {
  return {
    names: registry.ruleNames,
    scoresFor(point: DecisionPoint, event, features) {
      const live = registry.liveFor(point);
      if (live.length === 0) return NONE;
      const row = { ...(event as Record<string, number | string | null>), ...features };
      const out: Record<string, number> = {};
      for (const { version, model } of live) {
        const s = model.score(row, 0);
        out[version.name] = s.score;
        out[`${version.name}_probability`] = s.probability;
      }
      return out;
    },
  };
}
