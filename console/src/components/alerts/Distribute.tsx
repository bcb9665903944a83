/** A lead shares a queue's new, unclaimed cases among named investigators in turn (round-robin). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, post } from '../../api';
import { queueName } from './labels';

export function Distribute({ queues, current, onDone }: { queues: string[]; current?: string; onDone: () => void }) {
  const { t } = useTranslation('alerts');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const queue = String(form.get('queue') ?? '');
    const investigators = String(form.get('investigators') ?? '')
      .split(/[,,\s]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    setBusy(true);
    setMessage(null);
    try {
      const r = await post<{ assigned: unknown[] }>(`/v1/queues/${encodeURIComponent(queue)}/distribute`, { investigators });
      setMessage({ ok: true, text: t('distribute.done', { n: r.assigned.length }) });
      onDone();
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="panel distribute">
      <summary>{t('distribute.title')}</summary>
      <form className="row" onSubmit={(e) => void submit(e)}>
        <label>
          {t('distribute.queue')}
          <select name="queue" defaultValue={current ?? queues[0]}>
            {queues.map((q) => (
              <option key={q} value={q}>
                {queueName(t, q)}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          {t('distribute.investigators')}
          <input name="investigators" required autoComplete="off" />
        </label>
        <button type="submit" disabled={busy}>
          {t('distribute.submit')}
        </button>
      </form>
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </details>
  );
}
