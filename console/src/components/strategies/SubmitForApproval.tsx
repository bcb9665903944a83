/**
 * Proposing the draft as the next version: it waits in the approvals queue until a strategy
 * approver (never the author) approves it, then goes live at once.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText, post } from '../../api';
import type { ChangeRequest, DecisionPoint } from './types';

export function SubmitForApproval({ point, draft, ready, onSubmitted }: { point: DecisionPoint; draft: string; ready: boolean; onSubmitted: (change: ChangeRequest) => void }) {
  const { t } = useTranslation('strategies');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState<ChangeRequest | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { change } = await post<{ change: ChangeRequest }>(`/v1/strategies/${point}/versions`, { body: draft, reason: reason.trim() });
      setSubmitted(change);
      setReason('');
      onSubmitted(change);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="submit-approval" onSubmit={submit}>
      <label>
        {t('submit.reason')}
        <textarea name="change-reason" rows={2} required maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="toolbar">
        <button type="submit" disabled={busy || !ready || reason.trim() === ''}>
          {t('submit.button')}
        </button>
        {!ready && <small className="muted">{t('submit.notReady')}</small>}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {submitted && (
        <p className="ok" role="status" data-testid="submitted-change">
          {t('submit.done', { id: submitted.id })} <span className="badge amber">{t('status.pending')}</span> <Link to="/approvals">{t('submit.toApprovals')}</Link>
        </p>
      )}
    </form>
  );
}
