/**
 * The overview dashboard: decisions over time by outcome and decision point, top reasons, alerts
 * opened and closed, SLA breaches and data freshness for a chosen range. Every figure is computed
 * by the server from its rollups (GET /v1/dashboard/overview); the page only draws them.
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../api';
import { Loaded, useLoad } from '../components/Async';
import type { Overview } from '../components/overview/overview-types';

// The charting code is asked for just after the figures, so the browser reads it while the server
// counts, and both are in hand before anything is drawn (no suspended render to wait on).
type DashboardModule = typeof import('../components/overview/OverviewDashboard');
let dashboardCode: Promise<DashboardModule> | null = null;
const loadDashboardCode = () => (dashboardCode ??= import('../components/overview/OverviewDashboard'));

const POINTS = ['registration', 'login', 'payment', 'withdrawal', 'loan_application', 'repayment'] as const;
const PRESETS = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 } as const;
type Preset = keyof typeof PRESETS | 'custom';

/** The figures' request, then the charting code; the page renders when both are in. */
async function withDashboardCode(request: Promise<Overview>): Promise<{ o: Overview; Dashboard: DashboardModule['default'] }> {
  const code = loadDashboardCode();
  return { o: await request, Dashboard: (await code).default };
}

/** `<input type="datetime-local">` value of an instant, in the browser's zone. */
function localInput(t: number): string {
  const d = new Date(t - new Date(t).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

function rangeOf(preset: Preset, custom: { from: string; to: string }): { from: string; to?: string } {
  if (preset !== 'custom') return { from: new Date(Date.now() - PRESETS[preset] * 3_600_000).toISOString() };
  return { from: new Date(custom.from).toISOString(), to: new Date(custom.to).toISOString() };
}

export default function OverviewPage() {
  const { t, i18n } = useTranslation('overview');
  // The range lives in the address (#/overview?range=7d&point=payment), so a view can be shared.
  const [params, setParams] = useSearchParams();
  // A week by default: enough to see a trend, and a quiet night does not leave the page empty.
  const preset: Preset = (['24h', '7d', '30d', 'custom'] as const).find((p) => p === params.get('range')) ?? '7d';
  const grain = (['hour', 'day'] as const).find((g) => g === params.get('grain')) ?? 'auto';
  const point = params.get('point') ?? '';
  const set = (key: string, value: string) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  const setPreset = (p: Preset) => set('range', p === '7d' ? '' : p);
  const setGrain = (g: string) => set('grain', g === 'auto' ? '' : g);
  const setPoint = (p: string) => set('point', p);
  const [custom, setCustom] = useState(() => ({ from: localInput(Date.now() - 7 * 86_400_000), to: localInput(Date.now()) }));
  const state = useLoad(
    () => withDashboardCode(get<Overview>('/v1/dashboard/overview', { ...rangeOf(preset, custom), grain: grain === 'auto' ? undefined : grain, decisionPoint: point || undefined, tz: Intl.DateTimeFormat().resolvedOptions().timeZone })),
    [preset, custom.from, custom.to, grain, point],
  );

  return (
    <section data-testid="overview">
      <h1>{t('title')}</h1>
      <form className="toolbar panel" onSubmit={(e) => e.preventDefault()} aria-label={t('range')}>
        <fieldset className="row" style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend className="muted">{t('range')}</legend>
          {(['24h', '7d', '30d', 'custom'] as const).map((p) => (
            <label className="inline" key={p}>
              <input type="radio" name="preset" value={p} checked={preset === p} onChange={() => setPreset(p)} />
              {t(`preset.${p}`)}
            </label>
          ))}
        </fieldset>
        {preset === 'custom' && (
          <>
            <label className="inline">
              {t('from')}
              <input type="datetime-local" value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} />
            </label>
            <label className="inline">
              {t('to')}
              <input type="datetime-local" value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} />
            </label>
          </>
        )}
        <label className="inline">
          {t('grain')}
          <select value={grain} onChange={(e) => setGrain(e.target.value)}>
            {(['auto', 'hour', 'day'] as const).map((g) => (
              <option key={g} value={g}>
                {t(`grains.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          {t('decisionPoint')}
          <select value={point} onChange={(e) => setPoint(e.target.value)}>
            <option value="">{t('common:all')}</option>
            {POINTS.map((p) => (
              <option key={p} value={p}>
                {t(`common:point.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" onClick={state.reload}>
          {t('refresh')}
        </button>
      </form>
      <Loaded state={state}>{({ o, Dashboard }) => <Dashboard o={o} lng={i18n.language} />}</Loaded>
    </section>
  );
}
