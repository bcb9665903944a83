/**
 * Block, allow and watch lists: the entries of each (personal values masked by the server), and
 * proposals to add or remove an entry. Neither changes the list at once: both wait for a second
 * person's approval in the approvals queue.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { errorText, get, post } from '../api';
import { Loaded, useLoad } from '../components/Async';
import { formatTime } from '../components/format';
import { useSession } from '../session';
import type { ChangeRequest, ListEntry } from '../components/strategies/types';
import './strategies.css';

/** A value the server masked or hashed cannot be sent back as it is shown. */
const isMasked = (value: string) => value.includes('*') || value === '(hashed)';

export default function Lists() {
  const { t } = useTranslation('strategies');
  const names = useLoad(() => get<{ lists: string[] }>('/v1/lists'), []);
  const [params, setParams] = useSearchParams();
  return (
    <div className="lists">
      <h1>{t('lists.title')}</h1>
      <p className="muted">{t('lists.help')}</p>
      <Loaded state={names}>
        {({ lists }) => {
          const current = lists.includes(params.get('list') ?? '') ? params.get('list')! : lists[0]!;
          return (
            <div className="list-layout">
              <nav aria-label={t('lists.names')}>
                <ul className="list-names">
                  {lists.map((name) => (
                    <li key={name}>
                      <button type="button" className="secondary" aria-current={name === current} onClick={() => setParams({ list: name })}>
                        {name}
                      </button>
                    </li>
                  ))}
                </ul>
              </nav>
              <ListDetail key={current} list={current} />
            </div>
          );
        }}
      </Loaded>
    </div>
  );
}

function ListDetail({ list }: { list: string }) {
  const { t } = useTranslation('strategies');
  const { can } = useSession();
  const entries = useLoad(() => get<{ entries: ListEntry[] }>(`/v1/lists/${list}/entries`), [list]);
  const [removing, setRemoving] = useState<{ keyField: string; value: string } | null>(null);
  return (
    <div>
      <section className="panel" aria-labelledby="entries-title">
        <h2 id="entries-title">{t('lists.entriesOf', { list })}</h2>
        <Loaded state={entries}>
          {({ entries: rows }) =>
            rows.length === 0 ? (
              <p className="muted">{t('lists.empty')}</p>
            ) : (
              <table data-testid="list-entries">
                <thead>
                  <tr>
                    <th scope="col">{t('lists.keyField')}</th>
                    <th scope="col">{t('lists.value')}</th>
                    <th scope="col">{t('lists.reason')}</th>
                    <th scope="col">{t('lists.expires')}</th>
                    <th scope="col">{t('lists.addedBy')}</th>
                    {can('lists:write') && <th scope="col">{t('lists.actions')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((e, i) => (
                    <tr key={i}>
                      <td>
                        <code>{e.keyField}</code>
                      </td>
                      <td className="wrap">
                        <code>{e.value}</code>
                      </td>
                      <td>{e.reason ?? '—'}</td>
                      <td>{e.expiresAt ? formatTime(e.expiresAt) : t('lists.never')}</td>
                      <td>
                        {e.createdBy} · {formatTime(e.createdAt)}
                        {e.approvedBy && <small> ({t('lists.approvedBy', { by: e.approvedBy })})</small>}
                      </td>
                      {can('lists:write') && (
                        <td>
                          <button type="button" className="link-button" onClick={() => setRemoving({ keyField: e.keyField, value: isMasked(e.value) ? '' : e.value })}>
                            {t('lists.proposeRemove')}
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Loaded>
      </section>
      {can('lists:write') && (
        <div className="grid">
          <EntryProposal key={`add-${list}`} list={list} mode="add" />
          <EntryProposal key={`remove-${list}-${removing?.keyField}-${removing?.value}`} list={list} mode="remove" initial={removing} />
        </div>
      )}
    </div>
  );
}

/** Proposing one entry's addition or removal: key field, value, reason (and an expiry when adding). */
function EntryProposal({ list, mode, initial }: { list: string; mode: 'add' | 'remove'; initial?: { keyField: string; value: string } | null }) {
  const { t } = useTranslation('strategies');
  const [keyField, setKeyField] = useState(initial?.keyField ?? '');
  const [value, setValue] = useState(initial?.value ?? '');
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<ChangeRequest | null>(null);
  const prefix = `${mode}-entry`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const body: Record<string, string> = { keyField: keyField.trim(), value, ...(reason.trim() ? { reason: reason.trim() } : {}) };
      // A local date and time from the picker, sent as the instant it means.
      if (mode === 'add' && expires) body.expiresAt = new Date(expires).toISOString();
      const { change } = await post<{ change: ChangeRequest }>(`/v1/lists/${list}/entries${mode === 'remove' ? '/remove' : ''}`, body);
      setDone(change);
      setValue('');
      setReason('');
      setExpires('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby={`${prefix}-title`}>
      <h2 id={`${prefix}-title`}>{t(mode === 'add' ? 'lists.addTitle' : 'lists.removeTitle', { list })}</h2>
      <form onSubmit={submit}>
        <label>
          {t('lists.keyField')}
          <input name={`${prefix}-key`} required maxLength={64} placeholder="deviceId" value={keyField} onChange={(e) => setKeyField(e.target.value)} />
        </label>
        <label>
          {t('lists.value')}
          <input name={`${prefix}-value`} required maxLength={256} autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />
          {mode === 'remove' && <small>{t('lists.clearValueHint')}</small>}
        </label>
        <label>
          {t('lists.reason')}
          <input name={`${prefix}-reason`} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        {mode === 'add' && (
          <label>
            {t('lists.expiresAt')}
            <input name={`${prefix}-expires`} type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </label>
        )}
        <button type="submit" className={mode === 'remove' ? 'danger' : undefined} disabled={busy}>
          {t(mode === 'add' ? 'lists.proposeAdd' : 'lists.proposeRemove')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="ok" role="status" data-testid={`${prefix}-done`}>
          {t('submit.done', { id: done.id })} <Link to="/approvals">{t('submit.toApprovals')}</Link>
        </p>
      )}
    </section>
  );
}
