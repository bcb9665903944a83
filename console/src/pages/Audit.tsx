/**
 * The audit log for auditors: filter by actor, action, target and time; page forward by the last
 * seq seen (keyset, oldest first, as the API serves it) and back through the pages already seen;
 * open an entry for its before and after; verify the whole hash chain.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get, type Query } from '../api';
import { pick } from '../i18n';
import { Loaded, useLoad } from '../components/Async';
import { AuditEntryRow } from '../components/admin/AuditEntryRow';
import { localToIso, type AuditEntry } from '../components/admin/admin-types';
import './admin.css';

interface Filters {
  actor: string;
  action: string;
  targetKind: string;
  targetId: string;
  from: string;
  to: string;
  limit: string;
}
const EMPTY: Filters = { actor: '', action: '', targetKind: '', targetId: '', from: '', to: '', limit: '50' };

type Verify = { ok: true; entries: number; head: { seq: number; hash: string } } | { ok: false; entries: number; broken: { seq: number; reason: string; message: unknown } };

function VerifyChain() {
  const { t } = useTranslation('admin');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const verify = async () => {
    setBusy(true);
    setResult(null);
    try {
      const r = await get<Verify>('/v1/audit/verify');
      setResult(r.ok ? { ok: true, text: t('audit.intact', { entries: r.entries, seq: r.head.seq }) } : { ok: false, text: t('audit.broken', { seq: r.broken.seq, reason: r.broken.reason, message: pick(r.broken.message) }) });
    } catch (e) {
      setResult({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="toolbar">
      <button type="button" onClick={() => void verify()} disabled={busy} data-testid="verify-chain">
        {busy ? t('audit.verifying') : t('audit.verify')}
      </button>
      {result ? (
        <span className={`badge ${result.ok ? 'green' : 'red'}`} role={result.ok ? 'status' : 'alert'} data-testid="verify-result">
          {result.text}
        </span>
      ) : null}
    </div>
  );
}

export default function Audit() {
  const { t } = useTranslation('admin');
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  // Keyset pages: the `after` of each page seen so far; the last one is the page shown.
  const [pages, setPages] = useState<number[]>([0]);
  const [open, setOpen] = useState<number | null>(null);
  const after = pages[pages.length - 1]!;
  const limit = Number(filters.limit);
  const state = useLoad(() => {
    const q: Query = { actor: filters.actor.trim(), action: filters.action.trim(), targetKind: filters.targetKind.trim(), targetId: filters.targetId.trim(), from: localToIso(filters.from), to: localToIso(filters.to), after: after || undefined, limit: limit + 1 };
    return get<{ entries: AuditEntry[] }>('/v1/audit', q).then((r) => r.entries);
  }, [filters, after]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
    setPages([0]);
    setOpen(null);
  };
  const field = (name: keyof Filters, label: string, type = 'text', placeholder?: string) => (
    <label>
      {label}
      <input name={`audit-${name}`} type={type} value={draft[name]} placeholder={placeholder} maxLength={128} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} />
    </label>
  );
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <VerifyChain />
      <form className="panel" role="search" aria-label={t('audit.filters')} onSubmit={apply}>
        <div className="row">
          {field('actor', t('audit.actor'))}
          {field('action', t('audit.action'), 'text', t('audit.actionHint'))}
          {field('targetKind', t('audit.targetKind'))}
          {field('targetId', t('audit.targetId'))}
          {field('from', t('audit.from'), 'datetime-local')}
          {field('to', t('audit.to'), 'datetime-local')}
          <label>
            {t('audit.pageSize')}
            <select name="audit-limit" value={draft.limit} onChange={(e) => setDraft({ ...draft, limit: e.target.value })}>
              {['20', '50', '100', '200'].map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <span className="actions">
            <button type="submit">{t('common:search')}</button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setDraft(EMPTY);
                setFilters(EMPTY);
                setPages([0]);
              }}
            >
              {t('common:reset')}
            </button>
          </span>
        </div>
      </form>
      <section className="panel" aria-labelledby="audit-list-title">
        <h2 id="audit-list-title">
          {t('audit.page', { n: pages.length })} <small>{t('audit.oldestFirst')}</small>
        </h2>
        <Loaded state={state}>
          {(fetched) => {
            const entries = fetched.slice(0, limit);
            const more = fetched.length > limit;
            return (
              <>
                {entries.length === 0 ? (
                  <p className="muted">{t('audit.none')}</p>
                ) : (
                  <table data-testid="audit-list">
                    <thead>
                      <tr>
                        <th scope="col" className="num">
                          {t('audit.seq')}
                        </th>
                        <th scope="col">{t('audit.at')}</th>
                        <th scope="col">{t('audit.actor')}</th>
                        <th scope="col">{t('audit.ip')}</th>
                        <th scope="col">{t('audit.action')}</th>
                        <th scope="col">{t('audit.target')}</th>
                        <th scope="col">{t('audit.detail')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {entries.map((e) => (
                        <AuditEntryRow key={e.seq} e={e} open={open === e.seq} onToggle={() => setOpen(open === e.seq ? null : e.seq)} />
                      ))}
                    </tbody>
                  </table>
                )}
                <nav className="toolbar" aria-label={t('audit.title')}>
                  <button type="button" className="secondary" disabled={pages.length === 1} onClick={() => setPages([0])}>
                    {t('audit.first')}
                  </button>
                  <button type="button" className="secondary" disabled={pages.length === 1} onClick={() => setPages(pages.slice(0, -1))}>
                    {t('common:previous')}
                  </button>
                  <button type="button" className="secondary" disabled={!more} onClick={() => setPages([...pages, entries[entries.length - 1]!.seq])}>
                    {t('common:next')}
                  </button>
                </nav>
              </>
            );
          }}
        </Loaded>
      </section>
    </>
  );
}
