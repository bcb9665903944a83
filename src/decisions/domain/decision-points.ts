/**
 * The key nodes of the service flow where the platform decides (seed 004: registration, login,
 * fund transfer, loan approval, repayment), each with the event types it takes.
 */
export const DECISION_POINTS = {
  registration: ['registration'],
  login: ['login'],
  payment: ['payment', 'transfer'],
  withdrawal: ['withdrawal'],
  loan_application: ['loan_application'],
  repayment: ['repayment'],
} as const satisfies Record<string, readonly string[]>;

export type DecisionPoint = keyof typeof DECISION_POINTS;

export const DECISION_POINT_NAMES = Object.keys(DECISION_POINTS) as DecisionPoint[];

export function isDecisionPoint(value: unknown): value is DecisionPoint {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DECISION_POINTS, value);
}

/** The decision point that decides events of `type`, or null when none does. */
export function decisionPointOf(type: string): DecisionPoint | null {
  for (const p of DECISION_POINT_NAMES) if ((DECISION_POINTS[p] as readonly string[]).includes(type)) return p;
  return null;
}
