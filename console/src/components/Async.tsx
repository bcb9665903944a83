/**
 * Loads data for a page: the value, a loading line, or the server's error with a retry. `reload`
 * re-runs the load (after an action changed what the page shows).
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api';

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; error: string | null; loading: boolean; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const lastDeps = useRef<unknown[]>(deps);
  useEffect(() => {
    const mine = ++seq.current;
    // New inputs (another point, another filter): the old answer is not shown as if it were theirs.
    // A reload of the same inputs keeps it on screen until the new one arrives.
    if (deps.length !== lastDeps.current.length || deps.some((d, i) => !Object.is(d, lastDeps.current[i]))) setData(null);
    lastDeps.current = deps;
    setLoading(true);
    // Through a promise, so a load that throws at once (a bad date in a form) is shown, not a crash.
    Promise.resolve()
      .then(load)
      .then(
      (v) => {
        if (mine !== seq.current) return;
        setData(v);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setError(errorText(e));
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

export function Loaded<T>({ state, children }: { state: { data: T | null; error: string | null; loading: boolean; reload: () => void }; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (state.error)
    return (
      <div className="error" role="alert">
        {state.error}{' '}
        <button type="button" onClick={state.reload}>
          {t('retry')}
        </button>
      </div>
    );
  if (state.data === null) return <p aria-busy="true">{t('loading')}</p>;
  return <>{children(state.data)}</>;
}
