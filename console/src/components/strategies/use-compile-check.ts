/**
 * Live compile check: the draft goes to /v1/strategies/check a moment after the analyst stops
 * typing; an answer for an older text is dropped so the list always matches what is on screen.
 */
import { useEffect, useRef, useState } from 'react';
import { errorText, post } from '../../api';
import { type PlacedProblem, placeProblems } from './problem-positions';
import type { StrategyProblem } from './types';

const DEBOUNCE_MS = 350;

export function useCompileCheck(text: string, enabled: boolean): { problems: PlacedProblem[]; checking: boolean; error: string | null } {
  const [problems, setProblems] = useState<PlacedProblem[]>([]);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  useEffect(() => {
    if (!enabled || text.trim() === '') {
      setProblems([]);
      setChecking(false);
      return;
    }
    const mine = ++seq.current;
    setChecking(true);
    const timer = setTimeout(() => {
      post<{ ok: boolean; problems: StrategyProblem[] }>('/v1/strategies/check', { body: text }).then(
        (r) => {
          if (mine !== seq.current) return;
          setProblems(placeProblems(text, r.problems));
          setError(null);
          setChecking(false);
        },
        (e: unknown) => {
          if (mine !== seq.current) return;
          setError(errorText(e));
          setChecking(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, enabled]);
  return { problems, checking, error };
}
