/**
 * An action that takes effect at once and cannot be undone from here (revoke a key, reset a
 * password): the first press asks, the second does it. No browser dialog, so it stays keyboard-
 * and screen-reader-friendly.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function ConfirmButton({ label, confirmLabel, onConfirm, disabled, danger }: { label: string; confirmLabel: string; onConfirm: () => void; disabled?: boolean; danger?: boolean }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className={danger ? 'danger' : 'secondary'} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span className="actions" role="group" aria-label={confirmLabel}>
      <button
        type="button"
        className="danger"
        disabled={disabled}
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        {t('cancel')}
      </button>
    </span>
  );
}
