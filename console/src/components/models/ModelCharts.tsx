/**
 * A version's evaluation as charts: ROC, KS, score distribution of goods and bads, PSI of the
 * score and of every variable (0.1 and 0.25 marked), lift and calibration when recorded.
 */
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../Chart';
import { calibrationOption, importanceOption, ksOption, liftOption, psiScoreOption, psiVariablesOption, rocOption, scoreDistributionOption } from './model-charts';
import type { Evaluation, EvaluationDetail } from './model-types';

function Panel({ title, children, note }: { title: string; children: ReactNode; note?: string }) {
  return (
    <section className="panel" aria-label={title}>
      <h3>{title}</h3>
      {children}
      {note ? <p className="chart-note">{note}</p> : null}
    </section>
  );
}

export function ModelCharts({ evaluation, detail }: { evaluation: Evaluation; detail: EvaluationDetail }) {
  const { t, i18n } = useTranslation('models');
  // Rebuilt when the language changes: legends and axis names are texts.
  const o = useMemo(
    () => ({
      roc: rocOption(detail, evaluation.test.auc, t),
      ks: ksOption(detail, evaluation.test.ks, t),
      dist: scoreDistributionOption(detail, t),
      psiVars: psiVariablesOption(evaluation.psi, evaluation.psiVariables, t),
      psiScore: psiScoreOption(detail, t),
      lift: detail.test.lift.length ? liftOption(detail, t) : null,
      calibration: detail.test.calibration.length ? calibrationOption(detail, t) : null,
      importance: detail.importance?.length ? importanceOption(detail.importance, t) : null,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [evaluation, detail, i18n.language],
  );
  const distTitle = detail.test.scoreDistributionOf === 'score' ? t('scoreDist') : t('scoreDistProbability');
  return (
    <>
      <h2>{t('charts')}</h2>
      <div className="grid">
        <Panel title={t('roc')}>
          <Chart option={o.roc} label={t('roc')} testId="chart-roc" />
        </Panel>
        <Panel title={t('ksCurve')}>
          <Chart option={o.ks} label={t('ksCurve')} testId="chart-ks" />
        </Panel>
        <Panel title={distTitle}>
          <Chart option={o.dist} label={distTitle} testId="chart-score-distribution" />
        </Panel>
        {o.psiScore ? (
          <Panel title={t('psiScore')} note={`PSI ${evaluation.psi.toFixed(4)}`}>
            <Chart option={o.psiScore} label={t('psiScore')} testId="chart-psi-score" />
          </Panel>
        ) : null}
        <Panel title={t('psiTitle')} note={t('psiMarks')}>
          <Chart option={o.psiVars} label={t('psiTitle')} testId="chart-psi" height={Math.max(200, 28 * (evaluation.psiVariables.length + 1) + 48)} />
        </Panel>
        {o.lift ? (
          <Panel title={t('lift')}>
            <Chart option={o.lift} label={t('lift')} testId="chart-lift" />
          </Panel>
        ) : null}
        {o.calibration ? (
          <Panel title={t('calibration')}>
            <Chart option={o.calibration} label={t('calibration')} testId="chart-calibration" />
          </Panel>
        ) : null}
        {o.importance ? (
          <Panel title={t('importance')}>
            <Chart option={o.importance} label={t('importance')} testId="chart-importance" height={Math.max(200, 24 * Math.min(20, detail.importance!.length) + 48)} />
          </Panel>
        ) : null}
      </div>
    </>
  );
}
