/**
 * One model version: its numbers (AUC, KS, Gini, PSI), the charts an approver reads before
 * approving, the scorecard's variables, the HTML report, and what may happen to it next.
 */
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get } from '../api';
import { Loaded, useLoad } from '../components/Async';
import { formatNumber, formatTime } from '../components/format';
import { ModelActions } from '../components/models/ModelActions';
import { ModelCharts } from '../components/models/ModelCharts';
import { psiColour } from '../components/models/model-charts';
import { statusBadge, type ModelVersion } from '../components/models/model-types';
import { UseName } from '../components/models/UseName';
import { VariablesTable } from '../components/models/VariablesTable';
import './admin.css';

function Kpi({ label, value, testId, colour }: { label: string; value: string; testId?: string; colour?: string }) {
  return (
    <div className="kpi" data-testid={testId}>
      <div className="value" style={colour ? { color: colour } : undefined}>
        {value}
      </div>
      <div className="label">{label}</div>
    </div>
  );
}

export default function ModelDetail() {
  const { t } = useTranslation('models');
  const { id = '' } = useParams();
  const state = useLoad(() => get<ModelVersion>(`/v1/models/${encodeURIComponent(id)}`), [id]);
  return (
    <>
      <p>
        <Link to="/models">← {t('back')}</Link>
      </p>
      <Loaded state={state}>
        {(m) => {
          const ev = m.evaluation;
          const ds = m.training.dataset;
          return (
            <>
              <h1>
                {t('versionTitle', { name: m.name, version: m.version })}{' '}
                <span className={`badge ${statusBadge(m.status)}`} data-testid="model-status">
                  {t(`statusName.${m.status}`)}
                </span>{' '}
                {m.status === 'active' ? <span className="badge">{m.champion ? t('champion') : t('challenger')}</span> : null}
              </h1>
              {ev ? (
                <div className="kpis">
                  <Kpi label={t('testAuc')} value={ev.test.auc.toFixed(3)} testId="kpi-auc" />
                  <Kpi label={t('testKs')} value={ev.test.ks.toFixed(3)} testId="kpi-ks" />
                  <Kpi label={t('testGini')} value={ev.test.gini.toFixed(3)} testId="kpi-gini" />
                  {ev.train ? <Kpi label={t('trainAuc')} value={ev.train.auc.toFixed(3)} /> : null}
                  <Kpi label={t('scorePsi')} value={ev.psi.toFixed(4)} colour={psiColour(ev.psi)} />
                </div>
              ) : (
                <p className="notice bad" role="note">
                  {t('noEvaluation')}
                </p>
              )}
              <div className="grid">
                <section className="panel" aria-labelledby="facts-title">
                  <h2 id="facts-title">{t('facts')}</h2>
                  <dl className="facts">
                    <dt>{t('kind')}</dt>
                    <dd>{t(`kindName.${m.kind}`, { defaultValue: m.kind })}</dd>
                    <dt>{t('use')}</dt>
                    <dd>{m.use ? <UseName use={m.use} /> : '—'}</dd>
                    <dt>{t('dataset')}</dt>
                    <dd>
                      {ds?.name ?? '—'}
                      {ev ? ` · ${t('rows', { rows: formatNumber(ev.test.rows + (ev.train?.rows ?? 0)), bads: formatNumber(ev.test.bads + (ev.train?.bads ?? 0)) })}` : ''}
                    </dd>
                    <dt>{t('variablesCount')}</dt>
                    <dd>{m.variables.length}</dd>
                    <dt>{t('author')}</dt>
                    <dd>
                      {m.createdBy} · {formatTime(m.createdAt)}
                    </dd>
                    <dt>{t('approvedBy')}</dt>
                    <dd>{m.approvedBy ? `${m.approvedBy} · ${formatTime(m.approvedAt)}` : '—'}</dd>
                    <dt>{t('activatedBy')}</dt>
                    <dd>{m.activatedBy ? `${m.activatedBy} · ${formatTime(m.activatedAt)}` : '—'}</dd>
                    <dt>{t('retiredBy')}</dt>
                    <dd>{m.retiredBy ? `${m.retiredBy} · ${formatTime(m.retiredAt)}` : '—'}</dd>
                    <dt>{t('sha')}</dt>
                    <dd className="wrap">
                      <code>{m.artifactSha256}</code>
                    </dd>
                  </dl>
                  {ev ? (
                    <p>
                      {/* The report is a self-contained page the server serves under its own strict CSP. */}
                      <a href={`/v1/models/${encodeURIComponent(m.id)}/report`} target="_blank" rel="noopener noreferrer" data-testid="model-report-link">
                        {t('report')}
                      </a>
                    </p>
                  ) : null}
                </section>
                <ModelActions model={m} onChanged={state.reload} />
              </div>
              {ev && ev.detail ? <ModelCharts evaluation={ev} detail={ev.detail} /> : ev ? <p className="notice">{t('noDetail')}</p> : null}
              {ev?.detail?.variables?.length ? <VariablesTable variables={ev.detail.variables} /> : null}
            </>
          );
        }}
      </Loaded>
    </>
  );
}
