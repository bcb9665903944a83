/** Complaint statistics of the last 30 days: totals, median answer times, and deadlines kept per category. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api';
import { pick } from '../../i18n';
import { Loaded, useLoad } from '../Async';
import { Chart, type ChartOption } from '../Chart';
import { formatNumber } from '../format';
import type { ComplaintStats } from './types';

export function ComplaintStatsPanel({ version }: { version: number }) {
  const { t } = useTranslation('alerts');
  const state = useLoad(() => get<ComplaintStats>('/v1/complaints/stats'), [version]);
  return (
    <section className="panel" aria-labelledby="complaint-stats-title" data-testid="complaint-stats">
      <h2 id="complaint-stats-title">{t('stats')}</h2>
      <Loaded state={state}>{(s) => <StatsView s={s} />}</Loaded>
    </section>
  );
}

function StatsView({ s }: { s: ComplaintStats }) {
  const { t, i18n } = useTranslation('alerts');
  const option = useMemo<ChartOption>(() => {
    const cats = s.byCategory.filter((c) => c.total > 0);
    // Two stacks per category, one per promise: kept, missed, still running.
    const series = (['response', 'feedback'] as const).flatMap((d) =>
      (['onTime', 'breached', 'pending'] as const).map((k) => ({
        type: 'bar',
        name: `${t(`deadline.${d}`)} · ${t(k)}`,
        stack: d,
        itemStyle: { color: { onTime: '#2e8b57', breached: '#c0392b', pending: '#d48806' }[k], opacity: d === 'response' ? 1 : 0.6 },
        data: cats.map((c) => c[d][k]),
      })),
    );
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 40, right: 16, top: 16, bottom: 64 },
      xAxis: { type: 'category', data: cats.map((c) => pick(c.label)), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series,
    };
    // i18n.language: bilingual labels are picked at build time of the option.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [s, t, i18n.language]);
  return (
    <>
      <div className="kpis">
        <Kpi label={t('total')} value={formatNumber(s.total)} />
        <Kpi label={t('escalated')} value={formatNumber(s.escalated)} />
        <Kpi label={t('responseMedian')} value={formatNumber(s.response.medianMinutes)} />
        <Kpi label={t('feedbackMedian')} value={formatNumber(s.feedback.medianMinutes)} />
      </div>
      <Chart option={option} height={260} label={t('statsChart')} testId="complaint-stats-chart" />
    </>
  );
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <div className="kpi">
      <div className="value">{value}</div>
      <div className="label">{label}</div>
    </div>
  );
}
