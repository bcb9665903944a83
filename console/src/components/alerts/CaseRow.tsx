/** One case in the workbench list: its link (the row's keyboard stop), SLA standing and a claim button. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatTime } from '../format';
import { caseSoonMs, kindName, queueName } from './labels';
import { DueCell, slaState } from './sla';
import type { CaseSummary } from './types';

export function CaseRow({ c, canClaim, onClaim }: { c: CaseSummary; canClaim: boolean; onClaim: () => void }) {
  const { t } = useTranslation('alerts');
  const { t: tc } = useTranslation();
  const sla = slaState({ dueAt: c.dueAt, doneAt: c.closedAt, breachedAt: c.slaBreachedAt, soonMs: caseSoonMs(c.openedAt, c.dueAt) });
  const claimable = canClaim && c.status === 'new' && !c.assignee;
  return (
    <tr data-testid="case-row" data-case-id={c.id} data-status={c.status}>
      <td>
        <Link to={`/alerts/${encodeURIComponent(c.id)}`} aria-label={t('openCase', { id: c.id })}>
          <code>{c.id}</code>
        </Link>
      </td>
      <td>{queueName(t, c.queue)}</td>
      <td>
        <span className={`badge ${c.severity}`}>{tc(`severity.${c.severity}`, { defaultValue: c.severity })}</span>
      </td>
      <td>
        {kindName(t, c.entity.kind)} <code>{c.entity.id}</code>
      </td>
      <td>
        <span className={`badge ${c.status === 'closed' ? 'closed' : ''}`}>{t(`caseStatus.${c.status}`)}</span>
        {c.disposition && <small> {t(`dispositions.${c.disposition}`)}</small>}
      </td>
      <td>{c.assignee ?? <span className="muted">{t('unassigned')}</span>}</td>
      <td>{c.alertCount}</td>
      <td>{formatTime(c.openedAt)}</td>
      <td>
        <DueCell dueAt={c.dueAt} state={sla} testId="case-sla" />
      </td>
      <td>
        {claimable && (
          <button type="button" onClick={onClaim} data-testid="claim" aria-label={`${t('claim')} ${c.id}`}>
            {t('claim')}
          </button>
        )}
      </td>
    </tr>
  );
}
