/**
 * The alert workbench: the queues with their open work, filters, the case list page by page (the
 * API's keyset cursor), claiming a case from the list, and a lead sharing a queue round-robin.
 * Filters live in the address, so coming back from a case shows the same list.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorText, get, post } from '../api';
import { CaseRow } from '../components/alerts/CaseRow';
import { Distribute } from '../components/alerts/Distribute';
import { CASE_STATUSES, queueName, SEVERITIES } from '../components/alerts/labels';
import type { CaseSummary, QueueSummary } from '../components/alerts/types';
import { useSession } from '../session';
import './alerts.css';

const PAGE = 25;
const FILTERS = ['queue', 'status', 'severity', 'assignee', 'mine', 'breached', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/** `datetime-local` gives a wall-clock time in the browser's zone; the API wants an instant. */
const toInstant = (local: string | undefined) => (local ? new Date(local).toISOString() : undefined);

export default function Alerts() {
  const { t } = useTranslation('alerts');
  const { t: tc } = useTranslation();
  const { me, can } = useSession();
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined]).filter(([, v]) => v));
  // The filters as a query string: what the list on screen was loaded for (also on the table, for tests).
  const key = new URLSearchParams(FILTERS.flatMap((f) => (filters[f] ? [[f, filters[f]!]] : []))).toString();

  const [queues, setQueues] = useState<QueueSummary[] | null>(null);
  // The list with the filters it answers: a list of other filters is never shown or appended to.
  const [list, setList] = useState<{ key: string; cases: CaseSummary[]; next: string | null } | null>(null);
  const cases = list?.key === key ? list.cases : null;
  const next = list?.key === key ? list.next : null;
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Bumped after an action that changes the list without changing the filters (sharing a queue).
  const [tick, setTick] = useState(0);

  const query = useCallback(
    (cursor?: string) => ({
      queue: filters.queue,
      status: filters.status,
      severity: filters.severity,
      assignee: filters.mine ? me?.username : filters.assignee,
      breached: filters.breached ? 'true' : undefined,
      from: toInstant(filters.from),
      to: toInstant(filters.to),
      limit: PAGE,
      cursor,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, me?.username],
  );

  const loadQueues = useCallback(() => {
    get<{ queues: QueueSummary[] }>('/v1/queues').then((r) => setQueues(r.queues), (e: unknown) => setError(errorText(e)));
  }, []);

  useEffect(() => {
    let live = true;
    setError(null);
    get<{ cases: CaseSummary[]; next: string | null }>('/v1/cases', query()).then(
      (r) => {
        if (live) setList({ key, cases: r.cases, next: r.next });
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, tick]);
  useEffect(loadQueues, [loadQueues]);

  async function more() {
    if (!next) return;
    setBusy(true);
    try {
      const r = await get<{ cases: CaseSummary[]; next: string | null }>('/v1/cases', query(next));
      setList((l) => (l && l.key === key ? { key, cases: [...l.cases, ...r.cases], next: r.next } : l));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function claim(c: CaseSummary) {
    setMessage(null);
    setError(null);
    try {
      const r = await post<{ status: CaseSummary['status']; assignee: string | null }>(`/v1/cases/${encodeURIComponent(c.id)}/claim`);
      setList((l) => l && { ...l, cases: l.cases.map((x) => (x.id === c.id ? { ...x, status: r.status, assignee: r.assignee } : x)) });
      setMessage(t('claimed', { id: c.id }));
      loadQueues();
    } catch (e) {
      setError(errorText(e));
    }
  }

  function apply(next: Filters) {
    const p = new URLSearchParams();
    for (const f of FILTERS) if (next[f]) p.set(f, next[f]!);
    setParams(p);
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const read = (name: string) => (form.get(name) as string | null)?.trim() || undefined;
    apply({ queue: filters.queue, status: read('status'), severity: read('severity'), assignee: read('assignee'), mine: form.get('mine') ? '1' : undefined, breached: form.get('breached') ? '1' : undefined, from: read('from'), to: read('to') });
  }

  return (
    <section aria-labelledby="alerts-title">
      <h1 id="alerts-title">{t('title')}</h1>

      <div className="queue-tabs" role="tablist" aria-label={t('queues')} data-testid="queue-tabs">
        <button type="button" role="tab" aria-selected={!filters.queue} className={filters.queue ? 'secondary' : ''} onClick={() => apply({ ...filters, queue: undefined })}>
          {t('allQueues')}
        </button>
        {queues?.map((q) => (
          <button key={q.queue} type="button" role="tab" data-queue={q.queue} aria-selected={filters.queue === q.queue} className={filters.queue === q.queue ? '' : 'secondary'} onClick={() => apply({ ...filters, queue: q.queue })}>
            {t('queueTab', { queue: queueName(t, q.queue), open: q.open, unassigned: q.unassigned })}
            {q.breached > 0 && <span className="badge breached tab-badge">{q.breached}</span>}
          </button>
        ))}
      </div>

      <form className="panel row" aria-label={t('filters')} onSubmit={submit} key={key} data-testid="case-filters">
        <label>
          {t('status')}
          <select name="status" defaultValue={filters.status ?? ''}>
            <option value="">{tc('all')}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`caseStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('severity')}
          <select name="severity" defaultValue={filters.severity ?? ''}>
            <option value="">{tc('all')}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {tc(`severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('assignee')}
          <input name="assignee" defaultValue={filters.assignee ?? ''} autoComplete="off" />
        </label>
        <label className="inline">
          <input type="checkbox" name="mine" defaultChecked={!!filters.mine} />
          {t('mine')}
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
        <button type="button" className="secondary" onClick={() => apply({ queue: filters.queue })}>
          {tc('reset')}
        </button>
      </form>

      {can('cases:assign') && queues && <Distribute queues={queues.map((q) => q.queue)} current={filters.queue} onDone={() => {
            setTick((n) => n + 1);
            loadQueues();
          }} />}

      {message && (
        <p className="ok" role="status">
          {message}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}

      <div className="panel">
        <h2>{t('caseList')}</h2>
        {cases === null ? (
          !error && <p aria-busy="true">{tc('loading')}</p>
        ) : cases.length === 0 ? (
          <p className="muted">{t('noCases')}</p>
        ) : (
          <table data-testid="case-list" data-filters={key}>
            <thead>
              <tr>
                <th scope="col">{t('col.case')}</th>
                <th scope="col">{t('queues')}</th>
                <th scope="col">{t('severity')}</th>
                <th scope="col">{t('col.entity')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('assignee')}</th>
                <th scope="col">{t('col.alerts')}</th>
                <th scope="col">{t('col.opened')}</th>
                <th scope="col">{t('col.due')}</th>
                <th scope="col">{t('col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <CaseRow key={c.id} c={c} canClaim={can('cases:work')} onClaim={() => void claim(c)} />
              ))}
            </tbody>
          </table>
        )}
        {next && (
          <div className="toolbar load-more">
            <button type="button" className="secondary" disabled={busy} onClick={() => void more()} data-testid="load-more">
              {t('loadMore')}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
