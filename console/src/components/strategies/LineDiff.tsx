/**
 * A line diff of two texts (jsdiff): added lines green with `+`, removed red with `-`. Long runs
 * of unchanged lines fold to a few lines of context around each change, so a one-line change in a
 * long strategy is seen at once; "show all" unfolds them.
 */
import { diffLines } from 'diff';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const CONTEXT = 3;

export function LineDiff({ before, after, label }: { before: string; after: string; label: string }) {
  const { t } = useTranslation('strategies');
  const [whole, setWhole] = useState(false);
  const parts = useMemo(() => diffLines(before, after), [before, after]);
  const changed = parts.some((p) => p.added || p.removed);
  const added = parts.filter((p) => p.added).reduce((n, p) => n + p.count, 0);
  const removed = parts.filter((p) => p.removed).reduce((n, p) => n + p.count, 0);

  const rows: ReactNode[] = [];
  parts.forEach((part, i) => {
    const cls = part.added ? 'diff-add' : part.removed ? 'diff-del' : 'diff-same';
    const mark = part.added ? '+' : part.removed ? '-' : ' ';
    const lines = part.value.replace(/\n$/, '').split('\n');
    const line = (text: string, j: number) => (
      <span key={`${i}.${j}`} className={`diff-line ${cls}`}>
        {mark} {text}
        {'\n'}
      </span>
    );
    const foldable = changed && !whole && cls === 'diff-same';
    const keepHead = i === 0 ? 0 : CONTEXT;
    const keepTail = i === parts.length - 1 ? 0 : CONTEXT;
    if (!foldable || lines.length <= keepHead + keepTail + 1) {
      lines.forEach((l, j) => rows.push(line(l, j)));
      return;
    }
    lines.slice(0, keepHead).forEach((l, j) => rows.push(line(l, j)));
    rows.push(
      <span key={`${i}.fold`} className="diff-line diff-fold">
        {t('diff.folded', { count: lines.length - keepHead - keepTail })}
        {'\n'}
      </span>,
    );
    lines.slice(lines.length - keepTail).forEach((l, j) => rows.push(line(l, lines.length - keepTail + j)));
  });

  return (
    <figure className="line-diff">
      <figcaption>{label}</figcaption>
      {!changed && <p className="muted">{t('diff.same')}</p>}
      <pre data-testid="line-diff">{rows}</pre>
      {changed && (
        <div className="toolbar">
          <small className="muted">{t('diff.counts', { added, removed })}</small>
          <button type="button" className="link-button" aria-pressed={whole} onClick={() => setWhole((w) => !w)}>
            {whole ? t('diff.foldUnchanged') : t('diff.showAll')}
          </button>
        </div>
      )}
    </figure>
  );
}
