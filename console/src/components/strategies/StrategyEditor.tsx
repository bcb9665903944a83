/**
 * The strategy YAML editor: a plain textarea (no editor library: the console's CSP refuses styles
 * injected at run time) with a line-number gutter that marks the lines with compile problems, and
 * the problem list under it. Each problem's position is a button that puts the cursor there.
 */
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../../i18n';
import type { PlacedProblem } from './problem-positions';

const LINE_PX = 20;

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
  problems: PlacedProblem[];
  /** The check is still running for the text as it is now. */
  checking: boolean;
  /** The check itself failed (network, session): not a problem of the strategy. */
  checkError: string | null;
  readOnly?: boolean;
}

export function StrategyEditor({ id, label, value, onChange, problems, checking, checkError, readOnly }: Props) {
  const { t } = useTranslation('strategies');
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lineCount = useMemo(() => value.split('\n').length, [value]);
  const badLines = useMemo(() => new Set(problems.map((p) => p.line).filter((l): l is number => l !== null)), [problems]);

  const goTo = (line: number, column: number) => {
    const el = area.current;
    if (!el) return;
    const lines = value.split('\n');
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
    offset += Math.max(0, column - 1);
    el.focus();
    el.setSelectionRange(offset, offset);
    // Browsers do not reliably scroll a textarea to a caret placed by script: bring the line to
    // a third of the way down (LINE_PX is the line height strategies.css gives both panes).
    el.scrollTop = Math.max(0, (line - 1) * LINE_PX - el.clientHeight / 3);
    if (gutter.current) gutter.current.scrollTop = el.scrollTop;
  };

  const status = checking ? t('editor.checking') : checkError ? null : problems.length === 0 ? t('editor.compiles') : t('editor.problemCount', { count: problems.length });
  return (
    <div className="strategy-editor-wrap">
      <label htmlFor={id} className="strategy-editor-label">
        {label}
      </label>
      <div className={`strategy-editor${problems.length > 0 ? ' has-problems' : ''}`}>
        <div className="strategy-gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, i) => (
            <div key={i} className={badLines.has(i + 1) ? 'gutter-line bad' : 'gutter-line'} data-line={i + 1}>
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          id={id}
          ref={area}
          className="strategy-text"
          value={value}
          readOnly={readOnly}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          wrap="off"
          aria-invalid={problems.length > 0}
          aria-describedby={`${id}-problems`}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      <div id={`${id}-problems`} className="strategy-problems" aria-live="polite" data-testid="compile-problems">
        <p className={checkError || problems.length > 0 ? 'error' : checking ? 'muted' : 'ok'} data-testid="compile-status">
          {checkError ? t('editor.checkFailed', { error: checkError }) : status}
        </p>
        {problems.length > 0 && (
          <ul role="alert">
            {problems.map((p, i) => (
              <li key={i} data-testid="compile-problem">
                {p.line !== null ? (
                  <button type="button" className="link-button" onClick={() => goTo(p.line!, p.column ?? 1)} aria-label={t('editor.goTo', { line: p.line, column: p.column ?? 1 })}>
                    {p.line}:{p.column ?? 1}
                  </button>
                ) : (
                  <span className="muted">—</span>
                )}{' '}
                {p.problem.path && <code>{p.problem.path}</code>} {pick(p.problem.message)}
                {p.problem.path.endsWith('.when') && p.problem.line !== undefined && (
                  <small> {t('editor.inExpression', { line: p.problem.line, column: p.problem.column ?? 1 })}</small>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
