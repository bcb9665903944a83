/** A strategy's rules as a table: id, action, score, reason code, description, CEL expression. */
import { useTranslation } from 'react-i18next';
import { pick } from '../../i18n';
import type { StrategyRule } from './types';

export function RuleTable({ rules }: { rules: StrategyRule[] }) {
  const { t } = useTranslation('strategies');
  return (
    <table className="rule-table" data-testid="rule-table">
      <caption className="muted">{t('rules.caption', { count: rules.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('rules.id')}</th>
          <th scope="col">{t('rules.action')}</th>
          <th scope="col">{t('rules.score')}</th>
          <th scope="col">{t('rules.reason')}</th>
          <th scope="col">{t('rules.description')}</th>
          <th scope="col">{t('rules.when')}</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((r) => (
          <tr key={r.id}>
            <td>
              <code>{r.id}</code>
            </td>
            <td>
              <span className={`badge ${r.action === 'score' ? '' : r.action}`}>{t(`actions.${r.action}`)}</span>
            </td>
            <td>{r.score}</td>
            <td>
              <code>{r.reason}</code>
            </td>
            <td>{pick(r.description)}</td>
            <td className="rule-when">
              <code>{r.when}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
