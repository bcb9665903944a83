/**
 * Entity 360 beside a case: the link graph two hops deep (customer ↔ devices, IPs, cards, accounts,
 * counterparties, and who else shares them), re-centred by clicking a node or from the node list
 * (the keyboard's way in), and the entity's profile as the API gives it — masked. Someone allowed
 * to unmask asks for the clear values explicitly, with a purpose; the server audits the read.
 */
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText, get, post } from '../../api';
import { useSession } from '../../session';
import { Loaded, useLoad } from '../Async';
import { Chart, type ChartOption } from '../Chart';
import { CENTER_KINDS, kindName, RECORD_KINDS } from './labels';
import { radialLayout } from './radial-layout';
import type { Entity360View, GraphNode } from './types';

const COLOURS: Record<string, string> = { customer: '#1f5fbf', device: '#d48806', ip: '#7b3fb5', card: '#c0392b', account: '#2e8b57', counterparty: '#138a8a' };
const KINDS = ['customer', 'device', 'ip', 'card', 'account', 'counterparty'];
const SIZE: Record<number, number> = { 0: 44, 1: 26, 2: 14 };

const centreable = (kind: string) => (CENTER_KINDS as readonly string[]).includes(kind);

/** `version` changes when the case does (its cases list shows the new status). */
export function EntityPanel({ caseId, entity, version }: { caseId: string; entity: { kind: string; id: string }; version: string }) {
  const { t } = useTranslation('alerts');
  const [centre, setCentre] = useState(entity);
  const state = useLoad(() => get<Entity360View>(`/v1/entities/${encodeURIComponent(centre.kind)}/${encodeURIComponent(centre.id)}/360`), [centre.kind, centre.id, version]);
  const atCaseEntity = centre.kind === entity.kind && centre.id === entity.id;

  if (!centreable(entity.kind)) return null;
  return (
    <section className="panel" aria-labelledby="e360-title" data-testid="entity-360">
      <h2 id="e360-title">
        {t('e360')} · {kindName(t, centre.kind)} <code>{centre.id}</code>
      </h2>
      {!atCaseEntity && (
        <button type="button" className="link-button" onClick={() => setCentre(entity)}>
          {t('backToCaseEntity')}
        </button>
      )}
      <Loaded state={state}>{(view) => <EntityView view={view} caseId={caseId} onCentre={setCentre} />}</Loaded>
    </section>
  );
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text made safe for the HTML of an ECharts tooltip. */
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

function EntityView({ view, caseId, onCentre }: { view: Entity360View; caseId: string; onCentre: (e: { kind: string; id: string }) => void }) {
  const { t } = useTranslation('alerts');
  const { nodes, edges } = view.graph;
  const option = useMemo<ChartOption>(() => {
    const placed = radialLayout(nodes, edges);
    return {
      tooltip: {
        formatter: (p: { dataType?: string; data?: { kind?: string; key?: string; relation?: string; value?: number } }) =>
          // ECharts writes tooltips as HTML; ids come from client systems, so every text is escaped.
          escapeHtml(p.dataType === 'edge' ? `${t(`relation.${p.data?.relation}`, { defaultValue: p.data?.relation ?? '' })} × ${p.data?.value ?? 1}` : `${kindName(t, p.data?.kind ?? '')}: ${p.data?.key ?? ''}`),
      },
      legend: [{ data: KINDS.map((k) => kindName(t, k)), bottom: 0 }],
      series: [
        {
          type: 'graph',
          layout: 'none',
          top: 24,
          bottom: 56,
          left: 24,
          right: 24,
          roam: true,
          draggable: true,
          categories: KINDS.map((k) => ({ name: kindName(t, k), itemStyle: { color: COLOURS[k] } })),
          data: nodes.map((n) => ({
            id: n.id,
            ...placed.get(n.id),
            name: n.id,
            kind: n.kind,
            key: n.key,
            category: Math.max(0, KINDS.indexOf(n.kind)),
            symbolSize: SIZE[n.hop],
            label: { show: n.hop < 2, formatter: n.key, fontSize: n.hop === 0 ? 13 : 11 },
            itemStyle: n.hop === 0 ? { borderColor: '#14213d', borderWidth: 3 } : undefined,
          })),
          links: edges.map((e) => ({ source: e.from, target: e.to, value: e.weight, relation: e.relation })),
          label: { position: 'right' },
          lineStyle: { color: 'source', opacity: 0.6, curveness: 0.08 },
          emphasis: { focus: 'adjacency' },
        },
      ],
    };
  }, [nodes, edges, t]);
  const click = useCallback(
    (p: { data?: unknown }) => {
      const n = p.data as Partial<GraphNode> | undefined;
      if (n?.kind && n.key && centreable(n.kind) && !(n.kind === view.entity.kind && n.key === view.entity.id)) onCentre({ kind: n.kind, id: n.key });
    },
    [onCentre, view.entity.kind, view.entity.id],
  );
  const neighbours = nodes.filter((n) => n.hop === 1);

  return (
    <div className="grid">
      <div>
        <h3>{t('graph')}</h3>
        <Chart option={option} height={420} onClick={click} testId="entity-graph" label={t('graphLabel', { kind: kindName(t, view.entity.kind), id: view.entity.id, nodes: nodes.length, edges: edges.length })} />
        <p className="muted">{t('graphHint')}</p>
        <details>
          <summary>
            {t('nodes')} ({neighbours.length})
          </summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('col.entity')}</th>
                <th scope="col">{t('hop')}</th>
                <th scope="col">{t('col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {neighbours.map((n) => (
                <tr key={n.id} data-node={n.id}>
                  <td>
                    {kindName(t, n.kind)} <code>{n.key}</code>
                  </td>
                  <td>{n.hop}</td>
                  <td>
                    {centreable(n.kind) && (
                      <button type="button" className="link-button" onClick={() => onCentre({ kind: n.kind, id: n.key })}>
                        {t('recentre')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </div>
      <div>
        {/* Keyed by entity: clear values shown for one entity never stay on screen for the next. */}
        <Profile key={`${view.entity.kind}:${view.entity.id}`} view={view} caseId={caseId} />
        {view.cases.length > 0 && (
          <>
            <h3>{t('linkedCases')}</h3>
            <ul>
              {view.cases.map((c) => (
                <li key={c.id}>
                  <Link to={`/alerts/${encodeURIComponent(c.id)}`}>
                    <code>{c.id}</code>
                  </Link>{' '}
                  {t(`caseStatus.${c.status}`)}
                  {c.disposition && ` · ${t(`dispositions.${c.disposition}`)}`}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}

/** The masked profile; with pii:unmask, an explicit request for the clear values (audited). */
function Profile({ view, caseId }: { view: Entity360View; caseId: string }) {
  const { t } = useTranslation('alerts');
  const { can } = useSession();
  const [asking, setAsking] = useState(false);
  const [clear, setClear] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { kind, id } = view.entity;
  const profile = view.profile;
  const mayUnmask = can('pii:unmask') && (RECORD_KINDS as readonly string[]).includes(kind) && profile !== null;

  async function unmask(purpose: string) {
    setError(null);
    try {
      const r = await post<{ fields: Record<string, unknown> }>(`/v1/entities/${encodeURIComponent(kind)}/${encodeURIComponent(id)}/unmask`, { purpose });
      setClear(r.fields);
      setAsking(false);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <div data-testid="entity-profile">
      <h3>{t('profile')}</h3>
      {profile ? (
        <dl className="profile">
          {Object.entries(profile)
            .filter(([, v]) => v === null || typeof v !== 'object')
            .map(([k, v]) => (
              <div key={k} className="pair">
                <dt>{k}</dt>
                <dd>{v === null ? '—' : String(v)}</dd>
              </div>
            ))}
        </dl>
      ) : (
        <p className="muted">{t('noProfile')}</p>
      )}
      {mayUnmask && !clear && !asking && (
        <button type="button" className="secondary" onClick={() => setAsking(true)} data-testid="unmask">
          {t('showClear')}
        </button>
      )}
      {asking && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void unmask(String(new FormData(e.currentTarget).get('purpose') ?? ''));
          }}
        >
          <label className="grow">
            {t('unmaskPurpose')}
            <input name="purpose" required minLength={5} maxLength={500} defaultValue={t('unmaskDefaultPurpose', { id: caseId })} />
          </label>
          <button type="submit">{t('showClear')}</button>
        </form>
      )}
      {clear && (
        <>
          <h3>{t('clearShown')}</h3>
          <dl className="profile" data-testid="unmasked">
            {Object.entries(clear).map(([k, v]) => (
              <div key={k} className="pair">
                <dt>{k}</dt>
                <dd>{String(v)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
