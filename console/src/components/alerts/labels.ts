/**
 * Names for the workbench's ids: queues, entity kinds, statuses. A queue or kind the console does
 * not know yet (a new alert source) shows its id rather than nothing.
 */
import type { TFunction } from 'i18next';

export const CASE_STATUSES = ['new', 'assigned', 'investigating', 'escalated', 'closed'] as const;
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const DISPOSITIONS = ['confirmed_fraud', 'false_positive', 'legitimate', 'inconclusive'] as const;
/** Kinds the entity 360 view can centre on (the server's CENTER_KINDS). */
export const CENTER_KINDS = ['customer', 'account', 'card', 'device', 'ip', 'counterparty'] as const;
/** Kinds with a stored, personal-data-bearing record (unmask applies to these). */
export const RECORD_KINDS = ['customer', 'account', 'card', 'device'] as const;

export const queueName = (t: TFunction, q: string): string => t(`alerts:queue.${q}`, { defaultValue: q });
export const kindName = (t: TFunction, k: string): string => t(`alerts:entityKind.${k}`, { defaultValue: k });

/** A case is "at risk" in the last quarter of its SLA window: at least the last 15 minutes, at most the last 2 hours. */
export function caseSoonMs(openedAt: string, dueAt: string): number {
  const window = Date.parse(dueAt) - Date.parse(openedAt);
  return Math.min(Math.max(window * 0.25, 15 * 60_000), 2 * 3_600_000);
}

/** Complaints promise 24 h and 48 h: the last 4 hours of either are at risk. */
export const COMPLAINT_SOON_MS = 4 * 3_600_000;
