/**
 * "Try it": the draft in the editor decides a sample event (JSON, editable) or a recorded event
 * (by id) on the server as a dry run — nothing is recorded — and the result is shown rule by rule.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, post } from '../../api';
import { pick } from '../../i18n';
import { sampleEvent } from './sample-events';
import type { DecisionPoint, TrialResult } from './types';

export function TryPanel({ point, draft, disabled }: { point: DecisionPoint; draft: string; disabled: boolean }) {
  const { t } = useTranslation('strategies');
  const [mode, setMode] = useState<'sample' | 'recorded'>('sample');
  const [sample, setSample] = useState(() => JSON.stringify(sampleEvent(point), null, 2));
  const [eventId, setEventId] = useState('');
  const [result, setResult] = useState<TrialResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // A new decision point needs a sample of its own event type.
  useEffect(() => {
    setSample(JSON.stringify(sampleEvent(point), null, 2));
    setResult(null);
    setError(null);
  }, [point]);

  const run = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setResult(null);
    let source: Record<string, unknown>;
    if (mode === 'sample') {
      try {
        source = { event: JSON.parse(sample) as Record<string, unknown> };
      } catch {
        setError(t('try.badJson'));
        return;
      }
    } else source = { eventId: eventId.trim() };
    setBusy(true);
    try {
      setResult((await post<{ result: TrialResult }>('/v1/strategies/try', { body: draft, ...source })).result);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="try-title">
      <h2 id="try-title">{t('try.title')}</h2>
      <p className="muted">{t('try.help')}</p>
      <form onSubmit={run}>
        <fieldset className="try-source">
          <legend>{t('try.source')}</legend>
          <label className="inline">
            <input type="radio" name="try-source" value="sample" checked={mode === 'sample'} onChange={() => setMode('sample')} />
            {t('try.sample')}
          </label>
          <label className="inline">
            <input type="radio" name="try-source" value="recorded" checked={mode === 'recorded'} onChange={() => setMode('recorded')} />
            {t('try.recorded')}
          </label>
        </fieldset>
        {mode === 'sample' ? (
          <label>
            {t('try.sampleLabel')}
            <textarea name="try-event" className="try-event" rows={12} spellCheck={false} value={sample} onChange={(e) => setSample(e.target.value)} />
          </label>
        ) : (
          <label>
            {t('try.eventId')}
            <input name="try-event-id" required value={eventId} onChange={(e) => setEventId(e.target.value)} />
          </label>
        )}
        <div className="toolbar">
          <button type="submit" disabled={busy || disabled}>
            {t('try.run')}
          </button>
          {mode === 'sample' && (
            <button type="button" className="secondary" onClick={() => setSample(JSON.stringify(sampleEvent(point), null, 2))}>
              {t('try.newSample')}
            </button>
          )}
          {disabled && <small>{t('try.fixFirst')}</small>}
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && <TrialView result={result} />}
    </section>
  );
}

function TrialView({ result }: { result: TrialResult }) {
  const { t } = useTranslation('strategies');
  const features = Object.entries(result.features);
  return (
    <div className="trial-result" data-testid="trial-result" aria-live="polite">
      <p>
        {t('try.outcome')}{' '}
        <span className={`badge ${result.outcome}`} data-testid="trial-outcome">
          {t(`common:outcome.${result.outcome}`)}
        </span>{' '}
        {t('try.score', { score: result.score, review: result.thresholds.review, block: result.thresholds.block })} · <code>{result.eventId}</code>
      </p>
      <table>
        <caption className="muted">{t('try.rulesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('rules.id')}</th>
            <th scope="col">{t('try.result')}</th>
            <th scope="col">{t('rules.action')}</th>
            <th scope="col">{t('rules.score')}</th>
            <th scope="col">{t('rules.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {result.rules.map((r) => (
            <tr key={r.id} data-rule={r.id} data-result={r.result}>
              <td>
                <code>{r.id}</code>
              </td>
              <td>
                <span className={`badge ${r.result === 'hit' ? 'red' : r.result === 'error' ? 'amber' : ''}`}>{t(`try.results.${r.result}`)}</span>
                {r.error && <small className="error"> {pick(r.error)}</small>}
              </td>
              <td>{t(`actions.${r.action}`)}</td>
              <td>{r.score}</td>
              <td>
                <code>{r.reason}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.reasons.length > 0 && (
        <>
          <h3>{t('try.reasons')}</h3>
          <ul>
            {result.reasons.map((r, i) => (
              <li key={i}>
                <code>{r.code}</code> {pick(r.description)}
                {r.list && <small> ({r.list})</small>}
              </li>
            ))}
          </ul>
        </>
      )}
      {features.length > 0 && (
        <details>
          <summary>{t('try.features', { count: features.length })}</summary>
          <ul>
            {features.map(([k, v]) => (
              <li key={k}>
                <code>{k}</code> = {v === null ? '—' : v}
              </li>
            ))}
          </ul>
        </details>
      )}
      {result.sealedFields.length > 0 && <p className="muted">{t('try.sealed', { fields: result.sealedFields.join(', ') })}</p>}
    </div>
  );
}
