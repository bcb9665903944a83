/**
 * Data quality per source and event type: volumes, duplicates, validation failures, out-of-order
 * and late events, and how fresh the newest event is (green/amber/red); for the stream chosen,
 * completeness of every field as bars and the validation failures by field and reason.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api';
import { Loaded, useLoad } from '../components/Async';
import { Chart, type ChartOption } from '../components/Chart';
import { formatNumber, formatTime } from '../components/format';
import './admin.css';

interface FieldCompleteness {
  field: string;
  required: boolean;
  present: number;
  ratio: number;
}
interface StreamQuality {
  source: string;
  type: string;
  received: number;
  stored: number;
  updated: number;
  duplicates: number;
  rejected: number;
  duplicateRate: number;
  rejectionRate: number;
  outOfOrder: number;
  late: number;
  newestEventAt: string | null;
  lastReceivedAt: string | null;
  freshnessSeconds: number | null;
  completeness: FieldCompleteness[];
  rejections: Array<{ field: string; reason: string; count: number }>;
}
interface QualityReport {
  generatedAt: string;
  allowedLatenessSeconds: number;
  totals: { received: number; stored: number; updated: number; duplicates: number; rejected: number; outOfOrder: number; late: number };
  streams: StreamQuality[];
}

const key = (s: StreamQuality) => `${s.source}/${s.type}`;
const pct = (r: number) => `${(r * 100).toFixed(r > 0 && r < 0.001 ? 2 : 1)}%`;

/** Freshness bands: a live stream has an event within minutes; an hour without one wants a look. */
function freshness(seconds: number | null): 'green' | 'amber' | 'red' | null {
  if (seconds === null) return null;
  return seconds <= 300 ? 'green' : seconds <= 3600 ? 'amber' : 'red';
}

function useDuration(): (seconds: number) => string {
  const { t } = useTranslation('admin');
  return (s) => (s < 120 ? t('units.s', { n: s }) : s < 7200 ? t('units.m', { n: Math.round(s / 60) }) : s < 172_800 ? t('units.h', { n: Math.round(s / 3600) }) : t('units.d', { n: Math.round(s / 86_400) }));
}

function completenessOption(s: StreamQuality, t: (k: string) => string): ChartOption {
  const rows = [...s.completeness].sort((a, b) => a.ratio - b.ratio);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? pct(v) : String(v)) },
    grid: { left: 170, right: 32, top: 16, bottom: 32 },
    xAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    yAxis: { type: 'category', data: rows.map((r) => (r.required ? `${r.field} *` : r.field)), axisLabel: { width: 160, overflow: 'truncate' } },
    series: [
      {
        name: t('quality.ratio'),
        type: 'bar',
        // A required field below complete is a defect; an optional one is just sparse.
        data: rows.map((r) => ({ value: r.ratio, itemStyle: { color: r.required ? (r.ratio < 1 ? '#c0392b' : '#2e8b57') : r.ratio < 0.5 ? '#d48806' : '#1f5fbf' } })),
      },
    ],
  };
}

function problemsOption(streams: StreamQuality[], t: (k: string) => string): ChartOption {
  const names = streams.map(key);
  const series = (['duplicates', 'rejected', 'outOfOrder', 'late'] as const).map((m, i) => ({ name: t(`quality.${m}`), type: 'bar', stack: 'p', data: streams.map((s) => s[m]), itemStyle: { color: ['#9aa3b2', '#c0392b', '#d48806', '#1f5fbf'][i] } }));
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 72 },
    xAxis: { type: 'category', data: names, axisLabel: { rotate: 30 } },
    yAxis: { type: 'value' },
    series,
  };
}

function StreamDetail({ s }: { s: StreamQuality }) {
  const { t, i18n } = useTranslation('admin');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const option = useMemo(() => completenessOption(s, t), [s, i18n.language]);
  return (
    <div className="grid">
      <section className="panel" aria-labelledby="completeness-title">
        <h2 id="completeness-title">
          {t('quality.completeness')} · {key(s)}
        </h2>
        {s.completeness.length > 0 ? <Chart option={option} label={`${t('quality.completeness')} ${key(s)}`} testId="chart-completeness" height={Math.max(200, 22 * s.completeness.length + 48)} /> : <p className="muted">—</p>}
        <details>
          <summary>{t('quality.completeness')}</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('quality.field')}</th>
                <th scope="col">{t('quality.required')}</th>
                <th scope="col" className="num">
                  {t('quality.present')}
                </th>
                <th scope="col" className="num">
                  {t('quality.ratio')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.completeness.map((f) => (
                <tr key={f.field}>
                  <th scope="row">{f.field}</th>
                  <td>{f.required ? t('quality.required') : t('quality.optional')}</td>
                  <td className="num">{formatNumber(f.present)}</td>
                  <td className="num">{pct(f.ratio)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </section>
      <section className="panel" aria-labelledby="rejections-title">
        <h2 id="rejections-title">{t('quality.rejections')}</h2>
        {s.rejections.length === 0 ? (
          <p className="muted">{t('quality.noRejections')}</p>
        ) : (
          <table data-testid="rejections">
            <thead>
              <tr>
                <th scope="col">{t('quality.field')}</th>
                <th scope="col">{t('quality.reason')}</th>
                <th scope="col" className="num">
                  {t('quality.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.rejections.map((r) => (
                <tr key={`${r.field}:${r.reason}`}>
                  <td>
                    <code>{r.field}</code>
                  </td>
                  <td>{r.reason}</td>
                  <td className="num">{formatNumber(r.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function Report({ r }: { r: QualityReport }) {
  const { t, i18n } = useTranslation('admin');
  const duration = useDuration();
  const [chosen, setChosen] = useState<string>(() => key([...r.streams].sort((a, b) => b.received - a.received)[0] ?? r.streams[0]!));
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const problems = useMemo(() => problemsOption(r.streams, t), [r, i18n.language]);
  const shown = r.streams.find((s) => key(s) === chosen) ?? r.streams[0]!;
  const kpis: Array<[string, number]> = [
    [t('quality.received'), r.totals.received],
    [t('quality.stored'), r.totals.stored],
    [t('quality.updated'), r.totals.updated],
    [t('quality.duplicates'), r.totals.duplicates],
    [t('quality.rejected'), r.totals.rejected],
    [t('quality.outOfOrder'), r.totals.outOfOrder],
    [t('quality.late'), r.totals.late],
  ];
  return (
    <>
      <p className="muted">{t('quality.generated', { at: formatTime(r.generatedAt), s: r.allowedLatenessSeconds })}</p>
      <div className="kpis">
        {kpis.map(([label, n]) => (
          <div className="kpi" key={label}>
            <div className="value">{formatNumber(n)}</div>
            <div className="label">{label}</div>
          </div>
        ))}
      </div>
      <section className="panel" aria-labelledby="streams-title">
        <h2 id="streams-title">{t('quality.streams')}</h2>
        <p className="muted">{t('quality.freshnessHint')}</p>
        <table data-testid="quality-streams">
          <thead>
            <tr>
              <th scope="col">{t('quality.source')}</th>
              <th scope="col">{t('quality.type')}</th>
              <th scope="col" className="num">
                {t('quality.received')}
              </th>
              <th scope="col" className="num">
                {t('quality.duplicateRate')}
              </th>
              <th scope="col" className="num">
                {t('quality.rejectionRate')}
              </th>
              <th scope="col" className="num">
                {t('quality.outOfOrder')}
              </th>
              <th scope="col" className="num">
                {t('quality.late')}
              </th>
              <th scope="col">{t('quality.newest')}</th>
              <th scope="col">{t('quality.freshness')}</th>
              <th scope="col">{t('quality.show')}</th>
            </tr>
          </thead>
          <tbody>
            {r.streams.map((s) => {
              const band = freshness(s.freshnessSeconds);
              const k = key(s);
              return (
                <tr key={k} aria-current={k === key(shown) ? 'true' : undefined} className={k === key(shown) ? 'current' : undefined}>
                  <th scope="row">{s.source}</th>
                  <td>{s.type}</td>
                  <td className="num">{formatNumber(s.received)}</td>
                  <td className="num">{pct(s.duplicateRate)}</td>
                  <td className="num">{pct(s.rejectionRate)}</td>
                  <td className="num">{formatNumber(s.outOfOrder)}</td>
                  <td className="num">{formatNumber(s.late)}</td>
                  <td>{formatTime(s.newestEventAt)}</td>
                  <td>
                    {band ? (
                      <span className={`badge ${band}`} data-testid="freshness">
                        {t(band === 'green' ? 'quality.fresh' : band === 'amber' ? 'quality.stale' : 'quality.veryStale')} · {t('quality.ago', { v: duration(s.freshnessSeconds!) })}
                      </span>
                    ) : (
                      <span className="badge">{t('quality.noEvents')}</span>
                    )}
                  </td>
                  <td>
                    <button type="button" className="link-button" aria-pressed={k === key(shown)} aria-label={`${t('quality.show')} ${k}`} onClick={() => setChosen(k)}>
                      {t('quality.show')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="problems-title">
        <h2 id="problems-title">{t('quality.volumes')}</h2>
        <Chart option={problems} label={t('quality.volumes')} testId="chart-quality-problems" height={260} />
      </section>
      <label className="inline">
        {t('quality.stream')}
        <select name="stream" value={key(shown)} onChange={(e) => setChosen(e.target.value)}>
          {r.streams.map((s) => (
            <option key={key(s)} value={key(s)}>
              {key(s)}
            </option>
          ))}
        </select>
      </label>
      <p aria-live="polite" className="muted">
        {t('quality.selected', { source: shown.source, type: shown.type })}
      </p>
      <StreamDetail s={shown} />
    </>
  );
}

export default function DataQuality() {
  const { t } = useTranslation('admin');
  const state = useLoad(() => get<QualityReport>('/v1/data-quality'), []);
  return (
    <>
      <h1>{t('quality.title')}</h1>
      <Loaded state={state}>{(r) => (r.streams.length === 0 ? <p className="muted">{t('quality.none')}</p> : <Report r={r} />)}</Loaded>
    </>
  );
}
