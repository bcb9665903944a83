/**
 * Where an active model scores: at a decision point (its score readable by that point's rules, and
 * the champion of `loan_application` drives credit decisions) or on the in-loan schedule
 * (behaviour scoring of active loans, 贷中).
 */
import { DECISION_POINT_NAMES } from '../../decisions/domain/decision-points.js';

export const MODEL_USES = [...DECISION_POINT_NAMES, 'in_loan'] as const;

export type ModelUse = (typeof MODEL_USES)[number];

export function isModelUse(value: unknown): value is ModelUse {
  return typeof value === 'string' && (MODEL_USES as readonly string[]).includes(value);
}
