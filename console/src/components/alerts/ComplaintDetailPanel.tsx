/** One complaint beside the list: its facts, its deadlines, its texts masked, and its timeline. */
import { useTranslation } from 'react-i18next';
import { get } from '../../api';
import { pick } from '../../i18n';
import { Loaded, useLoad } from '../Async';
import { formatTime } from '../format';
import { describeComplaintEvent } from './case-events';
import { COMPLAINT_SOON_MS } from './labels';
import { DueCell, slaState } from './sla';
import { Timeline } from './Timeline';
import type { ComplaintDetail } from './types';

export function ComplaintDetailPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation('alerts');
  const state = useLoad(() => get<ComplaintDetail>(`/v1/complaints/${encodeURIComponent(id)}`), [id]);
  return (
    <section className="panel complaint-detail" aria-labelledby="complaint-detail-title" data-testid="complaint-detail">
      <div className="toolbar">
        <h2 id="complaint-detail-title">{t('detail')}</h2>
        <span className="spacer" />
        <button type="button" className="secondary" onClick={onClose}>
          {t('closeDetail')}
        </button>
      </div>
      <Loaded state={state}>
        {(c) => (
          <>
            <dl className="case-facts">
              <div>
                <dt>{t('reference')}</dt>
                <dd>
                  <code>{c.reference ?? c.id}</code>
                </dd>
              </div>
              <div>
                <dt>{t('category')}</dt>
                <dd>{pick(c.categoryLabel) || c.category}</dd>
              </div>
              <div>
                <dt>{t('channel')}</dt>
                <dd>{pick(c.channelLabel) || c.channel}</dd>
              </div>
              <div>
                <dt>{t('status')}</dt>
                <dd>{t(`complaintStatus.${c.status}`, { defaultValue: c.status })}</dd>
              </div>
              <div>
                <dt>{t('customer')}</dt>
                <dd>{c.customerId ? <code>{c.customerId}</code> : '—'}</dd>
              </div>
              <div>
                <dt>{t('assignee')}</dt>
                <dd>{c.assignee ?? t('unassigned')}</dd>
              </div>
              <div>
                <dt>{t('received')}</dt>
                <dd>{formatTime(c.receivedAt)}</dd>
              </div>
              <div>
                <dt>{t('respondBy')}</dt>
                <dd>
                  <DueCell dueAt={c.response.dueAt} state={slaState({ dueAt: c.response.dueAt, doneAt: c.response.at, breachedAt: c.response.breachedAt, soonMs: COMPLAINT_SOON_MS })} />
                </dd>
              </div>
              <div>
                <dt>{t('feedbackBy')}</dt>
                <dd>
                  <DueCell dueAt={c.feedback.dueAt} state={slaState({ dueAt: c.feedback.dueAt, doneAt: c.feedback.at, breachedAt: c.feedback.breachedAt, soonMs: COMPLAINT_SOON_MS })} />
                </dd>
              </div>
              {c.outcomeLabel && (
                <div>
                  <dt>{t('outcomeLabel')}</dt>
                  <dd>{pick(c.outcomeLabel)}</dd>
                </div>
              )}
            </dl>
            {c.text.description && (
              <>
                <h3>{t('text')}</h3>
                <p className="muted">{c.text.description}</p>
              </>
            )}
            <h3>{t('timeline')}</h3>
            <Timeline events={c.timeline} describe={(e) => describeComplaintEvent(t, e)} testId="complaint-timeline" />
          </>
        )}
      </Loaded>
    </section>
  );
}
