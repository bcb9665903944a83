/**
 * A secret the server hands out once (an initial password, an API key): shown here until closed,
 * never kept anywhere else in the console. Announced to screen readers as it appears.
 */
import { useTranslation } from 'react-i18next';

export function OneTimeSecret({ intro, secret, onClose, testId }: { intro: string; secret: string; onClose: () => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <div className="panel secret-once" role="status" data-testid={testId}>
      <p>{intro}</p>
      <p>
        <code data-testid={`${testId}-value`}>{secret}</code>
      </p>
      <button type="button" className="secondary" onClick={onClose}>
        {t('close')}
      </button>
    </div>
  );
}
