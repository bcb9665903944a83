/**
 * API keys of machine clients: the list (never a secret), a new key with its scopes (the key shown
 * once, here only), and revocation, effective at once.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get, post } from '../api';
import { Loaded, useLoad } from '../components/Async';
import { formatTime } from '../components/format';
import { CheckList } from '../components/admin/CheckList';
import { ConfirmButton } from '../components/admin/ConfirmButton';
import { OneTimeSecret } from '../components/admin/OneTimeSecret';
import { localToIso, type ApiKey } from '../components/admin/admin-types';
import { useSession } from '../session';
import './admin.css';

interface Scope {
  scope: string;
  permissions: string[];
}

function keyStatus(k: ApiKey): 'revoked' | 'expired' | 'active' {
  if (k.revokedAt) return 'revoked';
  if (k.expiresAt && Date.parse(k.expiresAt) <= Date.now()) return 'expired';
  return 'active';
}

function CreateKey({ scopes, onCreated }: { scopes: Scope[]; onCreated: (k: ApiKey & { key: string }) => void }) {
  const { t } = useTranslation('admin');
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [expires, setExpires] = useState('');
  const [rate, setRate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const scopeLabel = (s: string) => `${t(`keys.scopeName.${s}`, { defaultValue: s })} (${scopes.find((x) => x.scope === s)?.permissions.join(', ') ?? s})`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (chosen.length === 0) return setError(t('keys.pickScope'));
    setBusy(true);
    setError(null);
    try {
      const expiresAt = localToIso(expires);
      const created = await post<ApiKey & { key: string }>('/v1/api-keys', { name: name.trim(), scopes: chosen, ...(expiresAt ? { expiresAt } : {}), ...(rate ? { ratePerSecond: Number(rate) } : {}) });
      onCreated(created);
      setName('');
      setChosen([]);
      setExpires('');
      setRate('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="create-key-title">
      <h2 id="create-key-title">{t('keys.create')}</h2>
      <div className="row">
        <label>
          {t('keys.name')}
          <input name="key-name" required maxLength={64} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('keys.expiresOptional')}
          <input name="key-expires" type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </label>
        <label>
          {t('keys.rateOptional')}
          <input name="key-rate" type="number" min={1} max={1_000_000} step={1} value={rate} onChange={(e) => setRate(e.target.value)} />
        </label>
      </div>
      <CheckList legend={t('keys.scopesLegend')} name="key-scopes" options={scopes.map((s) => s.scope)} label={scopeLabel} value={chosen} onChange={setChosen} />
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        {t('keys.createSubmit')}
      </button>
    </form>
  );
}

export default function ApiKeys() {
  const { t } = useTranslation('admin');
  const { can } = useSession();
  const manage = can('apikeys:manage');
  const keys = useLoad(() => get<{ keys: ApiKey[] }>('/v1/api-keys').then((r) => r.keys), []);
  const scopes = useLoad(() => get<{ scopes: Scope[] }>('/v1/api-keys/scopes').then((r) => r.scopes), []);
  const [created, setCreated] = useState<(ApiKey & { key: string }) | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const revoke = async (k: ApiKey) => {
    try {
      await post(`/v1/api-keys/${encodeURIComponent(k.id)}/revoke`);
      setNotice({ ok: true, text: t('keys.revokedDone', { name: k.name }) });
      // A revoked key's secret is worth nothing: stop showing it.
      setCreated((c) => (c?.id === k.id ? null : c));
      keys.reload();
    } catch (e) {
      setNotice({ ok: false, text: errorText(e) });
    }
  };
  return (
    <>
      <h1>{t('keys.title')}</h1>
      {created ? <OneTimeSecret intro={t('keys.oneTimeKey', { name: created.name })} secret={created.key} testId="one-time-key" onClose={() => setCreated(null)} /> : null}
      {notice ? (
        <p className={`notice ${notice.ok ? 'ok' : 'bad'}`} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </p>
      ) : null}
      {manage ? (
        <Loaded state={scopes}>
          {(list) => (
            <CreateKey
              scopes={list}
              onCreated={(k) => {
                setNotice(null);
                setCreated(k);
                keys.reload();
              }}
            />
          )}
        </Loaded>
      ) : null}
      <section className="panel" aria-labelledby="key-list-title">
        <h2 id="key-list-title">{t('keys.list')}</h2>
        <Loaded state={keys}>
          {(list) =>
            list.length === 0 ? (
              <p className="muted">{t('keys.none')}</p>
            ) : (
              <table data-testid="key-list">
                <thead>
                  <tr>
                    <th scope="col">{t('keys.name')}</th>
                    <th scope="col">{t('keys.id')}</th>
                    <th scope="col">{t('keys.scopes')}</th>
                    <th scope="col" className="num">
                      {t('keys.rate')}
                    </th>
                    <th scope="col">{t('keys.createdBy')}</th>
                    <th scope="col">{t('keys.createdAt')}</th>
                    <th scope="col">{t('keys.expiresAt')}</th>
                    <th scope="col">{t('keys.lastUsed')}</th>
                    <th scope="col">{t('keys.status')}</th>
                    {manage ? <th scope="col">{t('users.actions')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {list.map((k) => {
                    const status = keyStatus(k);
                    return (
                      <tr key={k.id} data-testid={`key-${k.name}`}>
                        <th scope="row">{k.name}</th>
                        <td>
                          <code>{k.id}</code>
                        </td>
                        <td>
                          {k.scopes.map((s) => (
                            <span key={s} className="badge" title={s}>
                              {t(`keys.scopeName.${s}`, { defaultValue: s })}
                            </span>
                          ))}
                        </td>
                        <td className="num">{k.ratePerSecond}</td>
                        <td>{k.createdBy}</td>
                        <td>{formatTime(k.createdAt)}</td>
                        <td>{formatTime(k.expiresAt)}</td>
                        <td>{formatTime(k.lastUsedAt)}</td>
                        <td>
                          <span className={`badge ${status === 'active' ? 'green' : status === 'revoked' ? 'red' : 'amber'}`}>{t(`keys.${status}`)}</span>
                        </td>
                        {manage ? <td>{status === 'revoked' ? null : <ConfirmButton label={t('keys.revoke')} confirmLabel={t('keys.confirmRevoke', { name: k.name })} danger onConfirm={() => void revoke(k)} />}</td> : null}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )
          }
        </Loaded>
      </section>
    </>
  );
}
