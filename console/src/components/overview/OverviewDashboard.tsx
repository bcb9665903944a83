/**
 * The overview's charts, KPIs and freshness table, drawn from figures already fetched. A module of
 * its own so the page can ask the server while the charting code is still being loaded.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, type ChartOption } from '../Chart';
import { formatNumber, formatTime } from '../format';
import { pick } from '../../i18n';
import { COLOURS, OUTCOMES, type Outcome, type Overview } from './overview-types';

function periodLabel(p: string, grain: 'hour' | 'day', lng: string): string {
  if (grain === 'day') return p.slice(5);
  const d = new Date(p);
  return d.toLocaleString(lng === 'en' ? 'en-GB' : 'zh-CN', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}

export default function OverviewDashboard({ o, lng }: { o: Overview; lng: string }) {
  const { t } = useTranslation('overview');
  const labels = useMemo(() => o.periods.map((p) => periodLabel(p, o.range.grain, lng)), [o, lng]);
  const rate = (n: number) => (o.decisions.total > 0 ? `${formatNumber((100 * n) / o.decisions.total, 2)}%` : '—');
  const outcomeName = (x: Outcome) => t(`common:outcome.${x}`);
  const axis = { type: 'category', data: labels, axisLabel: { hideOverlap: true } };

  const decisions: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: OUTCOMES.map(outcomeName) },
      grid: { left: 56, right: 16, top: 36, bottom: 48 },
      xAxis: axis,
      yAxis: { type: 'value' },
      dataZoom: [{ type: 'inside' }],
      series: OUTCOMES.map((x) => ({ name: outcomeName(x), type: 'line', stack: 'total', areaStyle: { opacity: 0.35 }, showSymbol: false, color: COLOURS[x], data: o.decisions.series[x] })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [o, labels, lng],
  );
  const byPoint: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: OUTCOMES.map(outcomeName) },
      grid: { left: 100, right: 16, top: 36, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: o.decisions.byPoint.map((p) => t(`common:point.${p.point}`, { defaultValue: p.point })) },
      series: OUTCOMES.map((x) => ({ name: outcomeName(x), type: 'bar', stack: 'total', color: COLOURS[x], data: o.decisions.byPoint.map((p) => p[x]) })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [o, lng],
  );
  const reasons: ChartOption = useMemo(() => {
    const top = [...o.topReasons].reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 200, right: 48, top: 8, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: top.map((r) => `${pick(r.description) || r.code}`), axisLabel: { width: 190, overflow: 'truncate' } },
      series: [{ name: t('chart.count'), type: 'bar', color: '#1f5fbf', data: top.map((r) => r.count), label: { show: true, position: 'right' } }],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [o, lng]);
  const alerts: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [t('chart.opened'), t('chart.closed')] },
      grid: { left: 56, right: 16, top: 36, bottom: 48 },
      xAxis: axis,
      yAxis: { type: 'value' },
      series: [
        { name: t('chart.opened'), type: 'bar', color: '#d48806', data: o.alerts.opened },
        { name: t('chart.closed'), type: 'line', color: '#2e8b57', data: o.alerts.closed },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [o, labels, lng],
  );
  const sla: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 56, right: 16, top: 16, bottom: 48 },
      xAxis: axis,
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: t('chart.breached'), type: 'bar', color: '#c0392b', data: o.sla.breached }],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [o, labels, lng],
  );

  const kpis: Array<[string, string]> = [
    ['decisions', formatNumber(o.decisions.total)],
    ['blockRate', rate(o.decisions.byOutcome.block)],
    ['reviewRate', rate(o.decisions.byOutcome.review)],
    ['alertsOpened', formatNumber(o.alerts.openedTotal)],
    ['alertsClosed', formatNumber(o.alerts.closedTotal)],
    ['openCases', formatNumber(o.alerts.openCases)],
    ['slaBreached', formatNumber(o.sla.openBreached)],
    ['complaintsBreached', formatNumber(o.sla.complaintsBreached)],
  ];

  return (
    <>
      <p className="muted" aria-live="polite">
        {t('lastUpdated', { time: formatTime(new Date().toISOString()), ms: o.computedMs })}
      </p>
      <div className="kpis" role="list">
        {kpis.map(([k, v]) => (
          <div className="kpi" role="listitem" key={k} data-testid={`kpi-${k}`}>
            <div className="value">{v}</div>
            <div className="label">{t(`kpi.${k}`)}</div>
          </div>
        ))}
      </div>
      {o.decisions.total === 0 && <p className="muted">{t('noData')}</p>}
      <div className="grid">
        <div className="panel">
          <h2>{t('chart.decisions')}</h2>
          <Chart option={decisions} label={t('chart.decisions')} testId="chart-decisions" />
        </div>
        <div className="panel">
          <h2>{t('chart.byPoint')}</h2>
          <Chart option={byPoint} label={t('chart.byPoint')} testId="chart-by-point" />
        </div>
        <div className="panel">
          <h2>{t('chart.topReasons')}</h2>
          <Chart option={reasons} height={320} label={t('chart.topReasons')} testId="chart-top-reasons" />
        </div>
        <div className="panel">
          <h2>{t('chart.alerts')}</h2>
          <Chart option={alerts} label={t('chart.alerts')} testId="chart-alerts" />
        </div>
        <div className="panel">
          <h2>{t('chart.sla')}</h2>
          <Chart option={sla} label={t('chart.sla')} testId="chart-sla" />
        </div>
        <Freshness o={o} />
      </div>
    </>
  );
}

function Freshness({ o }: { o: Overview }) {
  const { t } = useTranslation('overview');
  const age = (s: number | null) => {
    if (s === null) return '—';
    if (s < 60) return t('ago.s', { n: s });
    if (s < 3600) return t('ago.m', { n: Math.floor(s / 60) });
    if (s < 86_400) return t('ago.h', { n: Math.floor(s / 3600) });
    return t('ago.d', { n: Math.floor(s / 86_400) });
  };
  return (
    <div className="panel">
      <h2>{t('freshness.title')}</h2>
      <p className="muted">{t('freshness.thresholds', { amber: o.freshness.thresholds.amberSeconds / 60, red: o.freshness.thresholds.redSeconds / 3600 })}</p>
      {o.freshness.streams.length === 0 ? (
        <p>{t('freshness.empty')}</p>
      ) : (
        <table data-testid="freshness">
          <thead>
            <tr>
              <th scope="col">{t('freshness.source')}</th>
              <th scope="col">{t('freshness.type')}</th>
              <th scope="col">{t('freshness.newest')}</th>
              <th scope="col">{t('freshness.age')}</th>
              <th scope="col">{t('freshness.status')}</th>
            </tr>
          </thead>
          <tbody>
            {o.freshness.streams.map((s) => (
              <tr key={`${s.source}/${s.recordType}`}>
                <td>{s.source}</td>
                <td>{s.recordType}</td>
                <td>{formatTime(s.newestEventAt)}</td>
                <td>{age(s.ageSeconds)}</td>
                <td>
                  <span className={`badge ${s.status}`}>{t(`freshness.${s.status}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
