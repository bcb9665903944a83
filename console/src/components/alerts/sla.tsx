/**
 * How a deadline stands, as one badge: breached (past due, or done late), at risk (open and due
 * soon), met (done in time) or not due yet. Cases and complaints share it so the two lists speak
 * the same way; "soon" is the caller's, since a 1-hour fraud SLA and a 48-hour promise differ.
 */
import { useTranslation } from 'react-i18next';
import { formatTime } from '../format';

export type SlaState = 'breached' | 'atRisk' | 'met' | 'pending';

export function slaState(o: { dueAt: string; doneAt: string | null; breachedAt: string | null; soonMs: number; now?: number }): SlaState {
  const due = Date.parse(o.dueAt);
  if (o.breachedAt) return 'breached';
  if (o.doneAt) return Date.parse(o.doneAt) <= due ? 'met' : 'breached';
  const now = o.now ?? Date.now();
  if (now > due) return 'breached';
  return due - now <= o.soonMs ? 'atRisk' : 'pending';
}

// Badge colours from the shared stylesheet: red for breached, amber for at risk, green for met.
const CLASS: Record<SlaState, string> = { breached: 'breached', atRisk: 'amber', met: 'green', pending: '' };

export function SlaBadge({ state, testId }: { state: SlaState; testId?: string }) {
  const { t } = useTranslation('alerts');
  return (
    <span className={`badge ${CLASS[state]}`} data-testid={testId} data-sla={state}>
      {t(`sla.${state}`)}
    </span>
  );
}

/** A due time with its badge underneath. */
export function DueCell({ dueAt, state, testId }: { dueAt: string; state: SlaState; testId?: string }) {
  return (
    <span className="due-cell">
      <span>{formatTime(dueAt)}</span> <SlaBadge state={state} testId={testId} />
    </span>
  );
}
