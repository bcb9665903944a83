/**
 * Acting on what a case found — block or unblock a customer, device, IP, card or counterparty,
 * freeze or unfreeze an account — is a proposal: it becomes a change request a second person
 * approves (maker-checker), and nothing happens until then. The change's id and status are shown
 * here and land on the case timeline.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, post } from '../../api';
import { useSession } from '../../session';
import type { ChangeRequest } from './types';

const ACTIONS = ['block', 'unblock', 'freeze_account', 'unfreeze_account'] as const;
const KEY_FIELDS = ['customerId', 'deviceId', 'ip', 'cardId', 'counterpartyId'] as const;
// The case's entity, as the key it would be blocked under.
const KEY_OF_KIND: Record<string, (typeof KEY_FIELDS)[number]> = { customer: 'customerId', device: 'deviceId', ip: 'ip', card: 'cardId', counterparty: 'counterpartyId' };

export function CaseActions({ caseId, entity, onProposed }: { caseId: string; entity: { kind: string; id: string }; onProposed: () => void }) {
  const { t } = useTranslation('alerts');
  const { can } = useSession();
  const [action, setAction] = useState<(typeof ACTIONS)[number]>('block');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  if (!can('cases:work') || !can('lists:write')) return null;
  const freezing = action === 'freeze_account' || action === 'unfreeze_account';

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body = { action, ...(freezing ? {} : { keyField: String(f.get('keyField')) }), value: String(f.get('value') ?? '').trim(), reason: String(f.get('reason') ?? '') };
    setBusy(true);
    setResult(null);
    try {
      const r = await post<{ change: ChangeRequest }>(`/v1/cases/${encodeURIComponent(caseId)}/actions`, body);
      setResult({ ok: true, text: t('proposed', { id: r.change.id, status: t(`changeStatus.${r.change.status}`, { defaultValue: r.change.status }) }) });
      onProposed();
    } catch (err) {
      setResult({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel case-work" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('caseActions')}</h2>
      <form onSubmit={(e) => void submit(e)} data-testid="action-form">
        <div className="row">
          <label>
            {t('actionKind')}
            <select name="action" value={action} onChange={(e) => setAction(e.target.value as (typeof ACTIONS)[number])}>
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {t(`actions.${a}`)}
                </option>
              ))}
            </select>
          </label>
          {!freezing && (
            <label>
              {t('keyField')}
              <select name="keyField" defaultValue={KEY_OF_KIND[entity.kind] ?? 'customerId'}>
                {KEY_FIELDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`keyFields.${k}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="grow">
            {t('value')}
            <input name="value" required maxLength={256} defaultValue={KEY_OF_KIND[entity.kind] ? entity.id : ''} key={freezing ? 'account' : 'key'} autoComplete="off" />
          </label>
        </div>
        <label>
          {t('reason')}
          <input name="reason" required minLength={3} maxLength={1000} autoComplete="off" />
        </label>
        <div className="toolbar">
          <button type="submit" disabled={busy}>
            {t('propose')}
          </button>
        </div>
      </form>
      {result && (
        <p className={result.ok ? 'ok' : 'error'} role={result.ok ? 'status' : 'alert'} data-testid="action-result">
          {result.text}
        </p>
      )}
    </section>
  );
}
