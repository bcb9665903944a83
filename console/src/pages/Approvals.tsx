/**
 * The maker-checker queue: proposed changes with their summary, author and time; a strategy
 * change shows its diff against the live version. A checker approves or rejects (with a note);
 * the author sees no approve button on their own change (the server refuses it anyway) and may
 * withdraw it while it is pending.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { get } from '../api';
import { Loaded, useLoad } from '../components/Async';
import { ChangeCard } from '../components/strategies/ChangeCard';
import type { ChangeRequest, ChangeStatus } from '../components/strategies/types';
import './strategies.css';

const STATUSES: ChangeStatus[] = ['pending', 'approved', 'rejected', 'withdrawn'];
const KINDS = ['strategy.publish', 'list.entry.add', 'list.entry.remove'];

export default function Approvals() {
  const { t } = useTranslation('strategies');
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'pending';
  const kind = params.get('kind') ?? '';
  const state = useLoad(() => get<{ changes: ChangeRequest[] }>('/v1/changes', { status: status === 'all' ? undefined : status, kind }), [status, kind]);
  const [flash, setFlash] = useState<string | null>(null);
  const setFilter = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };

  return (
    <div className="approvals">
      <h1>{t('approvals.title')}</h1>
      <p className="muted">{t('approvals.help')}</p>
      <div className="toolbar">
        <label className="inline">
          {t('approvals.status')}
          <select name="status" value={status} onChange={(e) => setFilter('status', e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
            <option value="all">{t('common:all')}</option>
          </select>
        </label>
        <label className="inline">
          {t('approvals.kind')}
          <select name="kind" value={kind} onChange={(e) => setFilter('kind', e.target.value)}>
            <option value="">{t('common:all')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" onClick={state.reload}>
          {t('approvals.refresh')}
        </button>
      </div>
      {flash && (
        <p className="ok" role="status" data-testid="approvals-flash">
          {flash}
        </p>
      )}
      <Loaded state={state}>
        {({ changes }) =>
          changes.length === 0 ? (
            <p className="muted">{t('approvals.none')}</p>
          ) : (
            <ul className="change-list" aria-label={t('approvals.listLabel')}>
              {changes.map((c) => (
                <li key={c.id}>
                  <ChangeCard
                    change={c}
                    onDecided={(msg) => {
                      setFlash(msg);
                      state.reload();
                    }}
                  />
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </div>
  );
}
