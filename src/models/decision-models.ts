/**
 * The decision path's view of the registry (the ModelPort): each active model bound to a decision
 * point scores the event; its input row is built as in training (`decisionRow`), so a model scores
 * an application the same in a rule as in the credit decision.
 */
import type { DecisionPoint } from '../decisions/domain/decision-points.js';
import type { ModelPort } from '../decisions/model-port.js';
import { decisionRow } from '../credit/domain/application-variables.js';
import type { ModelRegistry } from './model-registry.js';

const NONE: Record<string, number> = Object.freeze({}) as Record<string, number>;

export function decisionModels(registry: ModelRegistry): ModelPort {
  return {
    names: registry.ruleNames,
    scoresFor(point: DecisionPoint, event, features) {
      const live = registry.liveFor(point);
      if (live.length === 0) return NONE;
      const row = decisionRow(point, event, features);
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
