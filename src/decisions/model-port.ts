/**
 * What the decision path needs of the model registry: the model names rules may read (a live list
 * that grows as models are registered), and the scores of the active models bound to a decision
 * point for one event. Scores are points (higher = safer) and are readable in rules as
 * `models.<name>`.
 */
import type { DecisionPoint } from './domain/decision-points.js';

export interface ModelPort {
  readonly names: readonly string[];
  scoresFor(point: DecisionPoint, event: Readonly<Record<string, unknown>>, features: Readonly<Record<string, number | null>>): Record<string, number>;
}

/** No models: every decision point reads none. */
export const NO_MODELS: ModelPort = { names: [], scoresFor: () => ({}) };
