/**
 * Complaints (投诉): the list with filters and where each stands against its two promises (first
 * response within 24 h, feedback within 48 h: due times with breached / at-risk badges), the
 * statistics of the last 30 days, and a detail panel with the complaint's timeline.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorText, get } from '../api';
import { ComplaintDetailPanel } from '../components/alerts/ComplaintDetailPanel';
import { ComplaintStatsPanel } from '../components/alerts/ComplaintStatsPanel';
import { COMPLAINT_SOON_MS } from '../components/alerts/labels';
import { DueCell, slaState } from '../components/alerts/sla';
import type { Complaint } from '../components/alerts/types';
import { formatTime } from '../components/format';
import { pick } from '../i18n';
import './alerts.css';

const PAGE = 25;
const FILTERS = ['status', 'category', 'channel', 'assignee', 'breached', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
const STATUSES = ['received', 'responded', 'resolved', 'closed'];
const CATEGORIES = ['account_security', 'fraud', 'transaction_dispute', 'fees', 'collection', 'privacy', 'product', 'service', 'other'];
const CHANNELS = ['phone', 'app', 'web', 'email', 'letter', 'in_person', 'regulator', 'other'];

const toInstant = (local: string | undefined) => (local ? new Date(local).toISOString() : undefined);

export default function Complaints() {
  const { t } = useTranslation('alerts');
  const { t: tc } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined]).filter(([, v]) => v));
  const key = FILTERS.map((f) => filters[f] ?? '').join('|');
  const selected = params.get('id');

  const [list, setList] = useState<Complaint[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const query = (cursor?: string) => ({
    status: filters.status,
    category: filters.category,
    channel: filters.channel,
    assignee: filters.assignee,
    breached: filters.breached ? 'true' : undefined,
    from: toInstant(filters.from),
    to: toInstant(filters.to),
    limit: PAGE,
    cursor,
  });

  useEffect(() => {
    let live = true;
    setList(null);
    setError(null);
    get<{ complaints: Complaint[]; next: string | null }>('/v1/complaints', query()).then(
      (r) => {
        if (!live) return;
        setList(r.complaints);
        setNext(r.next);
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  async function more() {
    if (!next) return;
    setBusy(true);
    try {
      const r = await get<{ complaints: Complaint[]; next: string | null }>('/v1/complaints', query(next));
      setList((l) => [...(l ?? []), ...r.complaints]);
      setNext(r.next);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  function go(f: Filters, id: string | null) {
    const p = new URLSearchParams();
    for (const k of FILTERS) if (f[k]) p.set(k, f[k]!);
    if (id) p.set('id', id);
    setParams(p);
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const read = (name: string) => (form.get(name) as string | null)?.trim() || undefined;
    go({ status: read('status'), category: read('category'), channel: read('channel'), assignee: read('assignee'), breached: form.get('breached') ? '1' : undefined, from: read('from'), to: read('to') }, selected);
  }

  const select = (name: 'status' | 'category' | 'channel', ids: string[], text: (id: string) => string, label: string) => (
    <label>
      {label}
      <select name={name} defaultValue={filters[name] ?? ''}>
        <option value="">{tc('all')}</option>
        {ids.map((id) => (
          <option key={id} value={id}>
            {text(id)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section aria-labelledby="complaints-title">
      <h1 id="complaints-title">{t('complaints')}</h1>
      <ComplaintStatsPanel version={0} />

      <form className="panel row" aria-label={t('filters')} onSubmit={submit} key={key} data-testid="complaint-filters">
        {select('status', STATUSES, (s) => t(`complaintStatus.${s}`), t('status'))}
        {select('category', CATEGORIES, (c) => t(`categories.${c}`), t('category'))}
        {select('channel', CHANNELS, (c) => t(`channels.${c}`), t('channel'))}
        <label>
          {t('assignee')}
          <input name="assignee" defaultValue={filters.assignee ?? ''} autoComplete="off" />
        </label>
        <label className="inline">
          <input type="checkbox" name="breached" defaultChecked={!!filters.breached} />
          {t('breachedOnly')}
        </label>
        <label>
          {t('from')}
          <input type="datetime-local" name="from" defaultValue={filters.from ?? ''} />
        </label>
        <label>
          {t('to')}
          <input type="datetime-local" name="to" defaultValue={filters.to ?? ''} />
        </label>
        <button type="submit">{t('apply')}</button>
        <button type="button" className="secondary" onClick={() => go({}, null)}>
          {tc('reset')}
        </button>
      </form>

      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}

      <div className={`complaint-layout${selected ? ' with-detail' : ''}`}>
        <div className="panel">
          <h2>{t('complaintList')}</h2>
          {list === null ? (
            !error && <p aria-busy="true">{tc('loading')}</p>
          ) : list.length === 0 ? (
            <p className="muted">{t('noComplaints')}</p>
          ) : (
            <table data-testid="complaint-list">
              <thead>
                <tr>
                  <th scope="col">{t('reference')}</th>
                  <th scope="col">{t('category')}</th>
                  <th scope="col">{t('channel')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('received')}</th>
                  <th scope="col">{t('respondBy')}</th>
                  <th scope="col">{t('feedbackBy')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={c.id} className={`clickable${selected === c.id ? ' selected' : ''}`} data-testid="complaint-row" data-complaint-id={c.id} onClick={() => go(filters, c.id)}>
                    <td>
                      <button type="button" className="link-button" aria-label={t('openComplaint', { id: c.reference ?? c.id })} aria-pressed={selected === c.id} onClick={(e) => {
                          e.stopPropagation();
                          go(filters, c.id);
                        }}>
                        <code>{c.reference ?? c.id.slice(0, 8)}</code>
                      </button>
                      {c.escalated && <span className="badge breached">{t('escalated')}</span>}
                    </td>
                    <td>{pick(c.categoryLabel) || c.category}</td>
                    <td>{pick(c.channelLabel) || c.channel}</td>
                    <td>{t(`complaintStatus.${c.status}`, { defaultValue: c.status })}</td>
                    <td>{formatTime(c.receivedAt)}</td>
                    <td>
                      <DueCell dueAt={c.response.dueAt} state={slaState({ dueAt: c.response.dueAt, doneAt: c.response.at, breachedAt: c.response.breachedAt, soonMs: COMPLAINT_SOON_MS })} testId="response-sla" />
                    </td>
                    <td>
                      <DueCell dueAt={c.feedback.dueAt} state={slaState({ dueAt: c.feedback.dueAt, doneAt: c.feedback.at, breachedAt: c.feedback.breachedAt, soonMs: COMPLAINT_SOON_MS })} testId="feedback-sla" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {next && (
            <div className="toolbar load-more">
              <button type="button" className="secondary" disabled={busy} onClick={() => void more()}>
                {t('loadMore')}
              </button>
            </div>
          )}
        </div>
        {selected && <ComplaintDetailPanel id={selected} onClose={() => go(filters, null)} />}
      </div>
    </section>
  );
}
