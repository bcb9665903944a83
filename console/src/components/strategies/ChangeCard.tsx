/**
 * One proposed change in the approvals queue: what it is, who proposed it when and why, and what
 * the signed-in user may do with it. The buttons follow the server's rules (approve/reject need
 * the checker's right and are never offered on one's own change; withdraw only one's own), and
 * whatever the server still refuses is shown as its error.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, post } from '../../api';
import { formatTime } from '../format';
import { useSession } from '../../session';
import { StrategyChangeDiff } from './StrategyChangeDiff';
import type { ChangeRequest } from './types';

export function ChangeCard({ change, onDecided }: { change: ChangeRequest; onDecided: (message: string) => void }) {
  const { t } = useTranslation('strategies');
  const { me, can } = useSession();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mine = me?.username === change.proposedBy;
  const pending = change.status === 'pending';
  const noteId = `note-${change.id}`;

  const act = async (verb: 'approve' | 'reject' | 'withdraw') => {
    setBusy(true);
    setError(null);
    try {
      await post(`/v1/changes/${change.id}/${verb}`, verb === 'withdraw' ? {} : verb === 'approve' && note.trim() === '' ? {} : { note: note.trim() });
      onDecided(t(`approvals.done.${verb}`, { id: change.id }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="change-item" data-change-id={change.id} data-testid="change" aria-labelledby={`${change.id}-title`}>
      <header>
        <h2 id={`${change.id}-title`}>{t(`kinds.${change.kind}`, { defaultValue: change.kind })}</h2>
        <code>{change.id}</code>
        <span className={`badge ${change.status === 'pending' ? 'amber' : change.status === 'approved' ? 'green' : change.status === 'rejected' ? 'red' : ''}`}>{t(`status.${change.status}`)}</span>
        {mine && <span className="badge">{t('approvals.yours')}</span>}
      </header>
      <dl className="change-summary">
        <dt>{t('approvals.target')}</dt>
        <dd>
          <code>{change.target.id}</code>
        </dd>
        {Object.entries(change.summary).map(([k, v]) => (
          <div key={k}>
            <dt>{t(`summary.${k}`, { defaultValue: k })}</dt>
            <dd>{v === null || v === undefined ? '—' : k === 'expiresAt' ? formatTime(String(v)) : String(v)}</dd>
          </div>
        ))}
      </dl>
      <p>
        {t('approvals.proposed', { by: change.proposedBy, at: formatTime(change.proposedAt) })}
        {change.reason && (
          <>
            {' · '}
            {t('approvals.reason')}: <q>{change.reason}</q>
          </>
        )}
      </p>
      {change.decidedBy && (
        <p className="muted">
          {t('approvals.decided', { by: change.decidedBy, at: formatTime(change.decidedAt) })}
          {change.decisionNote && (
            <>
              {' · '}
              <q>{change.decisionNote}</q>
            </>
          )}
        </p>
      )}
      {change.kind === 'strategy.publish' && pending && <StrategyChangeDiff change={change} />}
      {pending && (
        <div className="change-actions">
          {can('changes:decide') && !mine && (
            <>
              <label htmlFor={noteId}>
                {t('approvals.note')}
                <textarea id={noteId} name="decision-note" rows={1} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
              </label>
              <button type="button" disabled={busy} onClick={() => void act('approve')}>
                {t('approvals.approve')}
              </button>
              <button type="button" className="danger" disabled={busy || note.trim() === ''} title={note.trim() === '' ? t('approvals.noteNeeded') : undefined} onClick={() => void act('reject')}>
                {t('approvals.reject')}
              </button>
            </>
          )}
          {mine && (
            <>
              <small className="muted">{t('approvals.ownChange')}</small>
              <button type="button" className="secondary" disabled={busy} onClick={() => void act('withdraw')}>
                {t('approvals.withdraw')}
              </button>
            </>
          )}
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}
