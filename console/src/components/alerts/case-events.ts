/** What each kind of case timeline event says, in the console's language. */
import type { TFunction } from 'i18next';
import { formatTime } from '../format';
import type { TimelineEvent } from './types';

export function describeCaseEvent(t: TFunction, e: TimelineEvent): string {
  const d = e.detail;
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (e.kind) {
    case 'alerts':
      return t('alerts:event.alerts', { n: Array.isArray(d.alerts) ? d.alerts.length : 0 });
    case 'assign':
      return t('alerts:event.assign', { assignee: s(d.assignee) }) + (d.roundRobin ? t('alerts:event.roundRobin') : '');
    case 'close':
      return t('alerts:event.close', { disposition: t(`alerts:dispositions.${s(d.disposition)}`, { defaultValue: s(d.disposition) }) });
    case 'action':
      return t('alerts:event.action', { action: t(`alerts:actions.${s(d.action)}`, { defaultValue: s(d.action) }), list: s(d.list), changeId: s(d.changeId) });
    case 'sla_breach':
      return t('alerts:event.sla_breach', { dueAt: formatTime(s(d.dueAt)) });
    default:
      return t(`alerts:event.${e.kind}`, { defaultValue: e.kind });
  }
}

export function describeComplaintEvent(t: TFunction, e: TimelineEvent): string {
  const d = e.detail;
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (e.kind) {
    case 'assign':
      return t('alerts:complaintEvent.assign', { assignee: s(d.assignee) });
    case 'escalation':
      return t('alerts:complaintEvent.escalation', { deadline: t(`alerts:deadline.${s(d.deadline)}`, { defaultValue: s(d.deadline) }) });
    case 'feedback':
      return `${t('alerts:complaintEvent.feedback')}${d.outcome ? ` · ${t(`alerts:outcomes.${s(d.outcome)}`, { defaultValue: s(d.outcome) })}` : ''}`;
    default:
      return t(`alerts:complaintEvent.${e.kind}`, { defaultValue: e.kind });
  }
}
