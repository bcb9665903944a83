/** A scorecard's variables: IV, regression estimate and, on demand, each bin's WOE and points. */
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format';
import type { ScorecardVariable } from './model-types';

export function VariablesTable({ variables }: { variables: ScorecardVariable[] }) {
  const { t } = useTranslation('models');
  const [open, setOpen] = useState<string | null>(null);
  const sorted = [...variables].sort((a, b) => b.iv - a.iv);
  return (
    <section className="panel" aria-labelledby="variables-title">
      <h2 id="variables-title">{t('variables')}</h2>
      <table data-testid="model-variables">
        <thead>
          <tr>
            <th scope="col">{t('variable')}</th>
            <th scope="col" className="num">
              {t('iv')}
            </th>
            <th scope="col" className="num">
              {t('coefficient')}
            </th>
            <th scope="col" className="num">
              {t('pValue')}
            </th>
            <th scope="col">{t('bins')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((v) => {
            const shown = open === v.name;
            return (
              <Fragment key={v.name}>
                <tr>
                  <th scope="row">{v.name}</th>
                  <td className="num">{v.iv.toFixed(4)}</td>
                  <td className="num">{v.coefficient === undefined ? '—' : v.coefficient.toFixed(4)}</td>
                  <td className="num">{v.pValue === undefined ? '—' : v.pValue < 0.0001 ? '<0.0001' : v.pValue.toFixed(4)}</td>
                  <td>
                    <button type="button" className="link-button" aria-expanded={shown} onClick={() => setOpen(shown ? null : v.name)}>
                      {shown ? t('hideBins', { name: v.name }) : t('showBins', { name: v.name })}
                    </button>
                  </td>
                </tr>
                {shown ? (
                  <tr>
                    <td colSpan={5}>
                      <table>
                        <thead>
                          <tr>
                            <th scope="col">{t('bin')}</th>
                            <th scope="col" className="num">
                              {t('binCount')}
                            </th>
                            <th scope="col" className="num">
                              {t('bad')}
                            </th>
                            <th scope="col" className="num">
                              {t('badRate')}
                            </th>
                            <th scope="col" className="num">
                              {t('woe')}
                            </th>
                            <th scope="col" className="num">
                              {t('points')}
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {v.bins.map((b) => (
                            <tr key={b.label}>
                              <td>{b.label}</td>
                              <td className="num">{formatNumber(b.count)}</td>
                              <td className="num">{formatNumber(b.bad)}</td>
                              <td className="num">{(b.badRate * 100).toFixed(1)}%</td>
                              <td className="num">{b.woe.toFixed(3)}</td>
                              <td className="num">{b.points === undefined ? '—' : formatNumber(b.points, 1)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
