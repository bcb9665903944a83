/**
 * The two promises made to a complaining customer: a first response by `received + respond`
 * (24 hours by default) and the feedback by `received + feedback` (48 hours). Pure: due times,
 * whether a deadline was kept, and how loudly a missed one is escalated.
 */
import type { Severity } from '../../cases/domain/case-lifecycle.js';
import type { ComplaintChannel } from './complaint-catalogue.js';

export interface DeadlinePolicy {
  respondMinutes: number;
  feedbackMinutes: number;
}

export const DEFAULT_DEADLINES: DeadlinePolicy = { respondMinutes: 24 * 60, feedbackMinutes: 48 * 60 };

export const DEADLINES = ['response', 'feedback'] as const;
export type Deadline = (typeof DEADLINES)[number];

/** Due times are stamped at intake: a later policy change never moves a promise already made. */
export function dueTimes(receivedAt: number, p: DeadlinePolicy): { responseDueAt: number; feedbackDueAt: number } {
  return { responseDueAt: receivedAt + p.respondMinutes * 60_000, feedbackDueAt: receivedAt + p.feedbackMinutes * 60_000 };
}

/** on_time: done by the due time; breached: done late, or not done and past due; pending: neither yet. */
export type Standing = 'on_time' | 'breached' | 'pending';

export function standing(doneAt: number | null, dueAt: number, now: number): Standing {
  if (doneAt !== null) return doneAt <= dueAt ? 'on_time' : 'breached';
  return now > dueAt ? 'breached' : 'pending';
}

/** A missed feedback is worse than a missed first response; a regulator's complaint one step worse still. */
export function breachSeverity(deadline: Deadline, channel: ComplaintChannel): Severity {
  const base: Severity = deadline === 'response' ? 'medium' : 'high';
  if (channel !== 'regulator') return base;
  return base === 'medium' ? 'high' : 'critical';
}
