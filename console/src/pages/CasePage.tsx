/**
 * One case: what it is about and how it stands against its SLA, its alerts with their reasons,
 * working it (claim → start → escalate/close with a disposition, notes), actions proposed for a
 * second person's approval, its timeline, and the entity 360 graph of whom it is about.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get } from '../api';
import { Loaded, useLoad } from '../components/Async';
import { CaseActions } from '../components/alerts/CaseActions';
import { CaseAlerts } from '../components/alerts/CaseAlerts';
import { describeCaseEvent } from '../components/alerts/case-events';
import { CaseWork } from '../components/alerts/CaseWork';
import { EntityPanel } from '../components/alerts/EntityPanel';
import { caseSoonMs, kindName, queueName } from '../components/alerts/labels';
import { SlaBadge, slaState } from '../components/alerts/sla';
import { Timeline } from '../components/alerts/Timeline';
import type { CaseDetail } from '../components/alerts/types';
import { formatTime } from '../components/format';
import './alerts.css';

export default function CasePage() {
  const { t } = useTranslation('alerts');
  const { id = '' } = useParams();
  const state = useLoad(() => get<CaseDetail>(`/v1/cases/${encodeURIComponent(id)}`), [id]);
  return (
    <section aria-labelledby="case-title">
      <p>
        <Link to="/alerts">← {t('backToList')}</Link>
      </p>
      <h1 id="case-title">{t('caseTitle', { id })}</h1>
      <Loaded state={state}>{(c) => <CaseView c={c} reload={state.reload} />}</Loaded>
    </section>
  );
}

function CaseView({ c, reload }: { c: CaseDetail; reload: () => void }) {
  const { t } = useTranslation('alerts');
  const { t: tc } = useTranslation();
  const sla = slaState({ dueAt: c.dueAt, doneAt: c.closedAt, breachedAt: c.slaBreachedAt, soonMs: caseSoonMs(c.openedAt, c.dueAt) });
  const fact = (label: string, value: ReactNode, testId?: string) => (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
  return (
    <>
      <section className="panel" aria-label={t('header')} data-testid="case-header">
        <dl className="case-facts">
          {fact(t('queues'), queueName(t, c.queue))}
          {fact(t('severity'), <span className={`badge ${c.severity}`}>{tc(`severity.${c.severity}`, { defaultValue: c.severity })}</span>)}
          {fact(
            t('col.entity'),
            <>
              {kindName(t, c.entity.kind)} <code>{c.entity.id}</code>
            </>,
          )}
          {fact(t('status'), <span className={`badge ${c.status === 'closed' ? 'closed' : ''}`}>{t(`caseStatus.${c.status}`)}</span>, 'case-status')}
          {fact(t('assignee'), c.assignee ?? <span className="muted">{t('unassigned')}</span>, 'case-assignee')}
          {fact(t('opened'), formatTime(c.openedAt))}
          {fact(t('lastAlert'), formatTime(c.lastAlertAt))}
          {fact(
            t('due'),
            <>
              {formatTime(c.dueAt)} <SlaBadge state={sla} testId="case-sla" />
            </>,
          )}
          {c.disposition && fact(t('disposition'), t(`dispositions.${c.disposition}`), 'case-disposition')}
        </dl>
      </section>

      <div className="grid">
        <div>
          <CaseWork c={c} onChange={reload} />
          <CaseActions caseId={c.id} entity={c.entity} onProposed={reload} />
        </div>
        <section className="panel" aria-labelledby="timeline-title">
          <h2 id="timeline-title">{t('timeline')}</h2>
          <Timeline events={c.timeline} describe={(e) => describeCaseEvent(t, e)} testId="case-timeline" />
        </section>
      </div>

      <CaseAlerts alerts={c.alerts} />
      <EntityPanel key={`${c.entity.kind}:${c.entity.id}`} caseId={c.id} entity={c.entity} version={c.updatedAt} />
    </>
  );
}
