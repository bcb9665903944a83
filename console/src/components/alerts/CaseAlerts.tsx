/** A case's alerts, oldest first, each with its reasons in the console's language. */
import { useTranslation } from 'react-i18next';
import { pick } from '../../i18n';
import { formatTime } from '../format';
import type { Alert, Reason } from './types';

const reasonText = (r: Reason) => pick(r.description ?? r.message ?? null);

export function CaseAlerts({ alerts }: { alerts: Alert[] }) {
  const { t } = useTranslation('alerts');
  const { t: tc } = useTranslation();
  return (
    <section className="panel" aria-labelledby="case-alerts-title">
      <h2 id="case-alerts-title">{t('caseAlerts', { n: alerts.length })}</h2>
      <table data-testid="case-alerts">
        <thead>
          <tr>
            <th scope="col">{t('at')}</th>
            <th scope="col">{t('alertTitle')}</th>
            <th scope="col">{t('severity')}</th>
            <th scope="col">{t('outcome')}</th>
            <th scope="col">{t('score')}</th>
            <th scope="col">{t('reasons')}</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id}>
              <td>{formatTime(a.createdAt)}</td>
              <td>
                {a.title ? pick(a.title) : a.decisionPoint ? tc(`point.${a.decisionPoint}`, { defaultValue: a.decisionPoint }) : a.source}
                {a.eventId && (
                  <div>
                    <small>
                      <code>{a.eventId}</code>
                    </small>
                  </div>
                )}
              </td>
              <td>
                <span className={`badge ${a.severity}`}>{tc(`severity.${a.severity}`, { defaultValue: a.severity })}</span>
              </td>
              <td>{a.outcome ? <span className={`badge ${a.outcome}`}>{tc(`outcome.${a.outcome}`, { defaultValue: a.outcome })}</span> : '—'}</td>
              <td>{a.score ?? '—'}</td>
              <td>
                <ul className="reasons">
                  {(a.reasons ?? [])
                    .filter((r) => r.code || reasonText(r))
                    .map((r, i) => (
                      <li key={i}>
                        {r.code && <code>{r.code}</code>}
                        {reasonText(r)}
                        {typeof r.score === 'number' && <small> (+{r.score})</small>}
                      </li>
                    ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
