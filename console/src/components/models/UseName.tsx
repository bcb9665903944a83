/** Where a model runs, named in the console's language: a decision point (shared texts) or in-loan monitoring. */
import { useTranslation } from 'react-i18next';

export function useNameOf(): (use: string) => string {
  const { t } = useTranslation('models');
  return (use) => (use === 'in_loan' ? t('useName.in_loan') : t(`common:point.${use}`, { defaultValue: use }));
}

export function UseName({ use }: { use: string }) {
  return <>{useNameOf()(use)}</>;
}
