/**
 * What may happen to a version next: a model approver (never its author) approves a draft; a
 * modeller requests activation or retirement, which becomes a change request a second person
 * decides on the Approvals page. The requests for this version are listed with their status.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText, get, post } from '../../api';
import { useSession } from '../../session';
import { Loaded, useLoad } from '../Async';
import { formatTime } from '../format';
import { MODEL_USES, type ChangeRequest, type ModelVersion } from './model-types';
import { useNameOf } from './UseName';

const KINDS = ['model.activate', 'model.retire'];
const kindKey = (kind: string) => kind.replace('.', '_');

export function ModelActions({ model, onChanged }: { model: ModelVersion; onChanged: () => void }) {
  const { t } = useTranslation('models');
  const { me, can } = useSession();
  const useName = useNameOf();
  const [note, setNote] = useState('');
  const [use, setUse] = useState<string>(model.use ?? 'loan_application');
  const [champion, setChampion] = useState(true);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string; change?: ChangeRequest } | null>(null);
  const changes = useLoad(
    async () => (can('changes:read') ? (await Promise.all(KINDS.map((kind) => get<{ changes: ChangeRequest[] }>('/v1/changes', { kind })))).flatMap((r) => r.changes).filter((c) => c.target.id === model.id) : []),
    [model.id, model.status, message],
  );

  const run = async (action: () => Promise<{ ok: string; change?: ChangeRequest }>) => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await action();
      setMessage({ ok: true, text: r.ok, ...(r.change ? { change: r.change } : {}) });
      onChanged();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  const proposed = (change: ChangeRequest) => ({ ok: t('changeProposed', { id: change.id, status: t(`changeStatusName.${change.status}`) }), change });

  const approve = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await post(`/v1/models/${model.id}/approve`, note.trim() ? { note: note.trim() } : {});
      return { ok: t('approved') };
    });
  };
  const activate = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => proposed((await post<{ change: ChangeRequest }>(`/v1/models/${model.id}/activate`, { use, champion, ...(reason.trim() ? { reason: reason.trim() } : {}) })).change));
  };
  const retire = () =>
    void run(async () => {
      const r = await post<{ change?: ChangeRequest }>(`/v1/models/${model.id}/retire`, reason.trim() ? { reason: reason.trim() } : {});
      return r.change ? proposed(r.change) : { ok: t('retired') };
    });

  const author = me?.username === model.createdBy || `cli:${me?.username}` === model.createdBy;
  const mayApprove = can('models:approve') && model.status === 'draft' && model.evaluation !== null;
  const mayActivate = can('models:write') && (model.status === 'approved' || model.status === 'active');
  const mayRetire = can('models:write') && model.status !== 'retired';

  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('actions')}</h2>
      {message ? (
        <div className={`notice ${message.ok ? 'ok' : 'bad'}`} role={message.ok ? 'status' : 'alert'} data-testid="model-action-result">
          {message.text}
          {message.change ? (
            <>
              {' '}
              <a href="#/approvals">{t('openApprovals')}</a>
            </>
          ) : null}
        </div>
      ) : null}
      {model.status === 'retired' ? <p>{t('retired')}</p> : null}
      {mayApprove ? (
        <form onSubmit={approve} aria-label={t('approve')}>
          <p className="muted">{t('approveHint')}</p>
          {author ? (
            <p role="note">{t('ownVersion')}</p>
          ) : (
            <div className="row">
              <label>
                {t('approveNote')}
                <input name="approve-note" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
              </label>
              <button type="submit" disabled={busy}>
                {t('approve')}
              </button>
            </div>
          )}
        </form>
      ) : null}
      {mayActivate || mayRetire ? (
        <form onSubmit={activate} aria-label={t('requestActivation')}>
          <div className="row">
            {mayActivate ? (
              <>
                <label>
                  {t('use')}
                  <select name="use" value={use} onChange={(e) => setUse(e.target.value)}>
                    {MODEL_USES.map((u) => (
                      <option key={u} value={u}>
                        {useName(u)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="inline">
                  <input type="checkbox" name="champion" checked={champion} onChange={(e) => setChampion(e.target.checked)} />
                  {t('asChampion')}
                </label>
              </>
            ) : null}
            <label>
              {t('reason')}
              <input name="reason" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
            </label>
            {mayActivate ? (
              <button type="submit" disabled={busy}>
                {t('requestActivation')}
              </button>
            ) : null}
            {mayRetire ? (
              <button type="button" className="danger" disabled={busy} onClick={retire}>
                {t('requestRetirement')}
              </button>
            ) : null}
          </div>
          <p className="muted">
            {mayActivate ? t('requestActivationHint') : null} {mayRetire ? t('retireHint') : null}
          </p>
        </form>
      ) : null}
      {can('changes:read') ? (
        <>
          <h3>{t('changes')}</h3>
          <Loaded state={changes}>
            {(list) =>
              list.length === 0 ? (
                <p className="muted">{t('noChanges')}</p>
              ) : (
                <table data-testid="model-changes">
                  <thead>
                    <tr>
                      <th scope="col">{t('changeId')}</th>
                      <th scope="col">{t('changeKind')}</th>
                      <th scope="col">{t('changeStatus')}</th>
                      <th scope="col">{t('proposedBy')}</th>
                      <th scope="col">{t('when')}</th>
                      <th scope="col">{t('decidedBy')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((c) => (
                      <tr key={c.id}>
                        <td>
                          <Link to="/approvals">{c.id}</Link>
                        </td>
                        <td>{t(`changeKindName.${kindKey(c.kind)}`, { defaultValue: c.kind })}</td>
                        <td>
                          <span className={`badge ${c.status === 'approved' ? 'green' : c.status === 'pending' ? 'amber' : c.status === 'rejected' ? 'red' : ''}`}>{t(`changeStatusName.${c.status}`)}</span>
                        </td>
                        <td>{c.proposedBy}</td>
                        <td>{formatTime(c.proposedAt)}</td>
                        <td>{c.decidedBy ? `${c.decidedBy} · ${formatTime(c.decidedAt)}` : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </Loaded>
        </>
      ) : null}
    </section>
  );
}
