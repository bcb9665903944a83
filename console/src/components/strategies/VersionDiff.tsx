/** Two versions of a decision point (or a version and the draft in the editor), diffed line by line. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get } from '../../api';
import { formatTime } from '../format';
import { LineDiff } from './LineDiff';
import type { DecisionPoint, StrategyVersion } from './types';

const DRAFT = 'draft';

export function VersionDiff({ point, versions, liveVersion, draft, onRefresh }: { point: DecisionPoint; versions: StrategyVersion[]; liveVersion: number | null; draft: string | null; onRefresh: () => void }) {
  const { t } = useTranslation('strategies');
  const previous = versions.find((v) => liveVersion !== null && v.version < liveVersion)?.version;
  const [from, setFrom] = useState(String(draft !== null ? liveVersion : (previous ?? liveVersion)));
  const [to, setTo] = useState(draft !== null ? DRAFT : String(liveVersion));
  const [bodies, setBodies] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  // The draft appears or goes away as the analyst edits: keep the choice valid.
  useEffect(() => {
    if (draft !== null && to !== DRAFT && from === String(liveVersion)) setTo(DRAFT);
    if (draft === null && to === DRAFT) setTo(String(liveVersion));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft !== null]);

  useEffect(() => {
    const wanted = [from, to].filter((v) => v !== DRAFT && !(v in bodies));
    if (wanted.length === 0) return;
    let stale = false;
    Promise.all(wanted.map((v) => get<{ version: { body: string } }>(`/v1/strategies/${point}/versions/${v}`).then((r) => [v, r.version.body] as const))).then(
      (got) => {
        if (!stale) setBodies((b) => ({ ...b, ...Object.fromEntries(got) }));
      },
      (e: unknown) => {
        if (!stale) setError(errorText(e));
      },
    );
    return () => {
      stale = true;
    };
  }, [from, to, point, bodies]);

  const text = (v: string) => (v === DRAFT ? draft : bodies[v]);
  const before = text(from);
  const after = text(to);
  const name = (v: string) => (v === DRAFT ? t('diff.draft') : t('live.version', { version: v }));
  const options = (
    <>
      {draft !== null && <option value={DRAFT}>{t('diff.draft')}</option>}
      {versions.map((v) => (
        <option key={v.version} value={String(v.version)}>
          {t('live.version', { version: v.version })} · {t(`versionStatus.${v.status}`, { defaultValue: v.status })} · {formatTime(v.publishedAt ?? v.createdAt)}
        </option>
      ))}
    </>
  );
  return (
    <section className="panel" aria-labelledby="diff-title">
      <h2 id="diff-title">{t('diff.title')}</h2>
      <div className="row">
        <label>
          {t('diff.from')}
          <select name="diff-from" value={from} onChange={(e) => setFrom(e.target.value)}>
            {options}
          </select>
        </label>
        <label>
          {t('diff.to')}
          <select name="diff-to" value={to} onChange={(e) => setTo(e.target.value)}>
            {options}
          </select>
        </label>
        <button type="button" className="secondary" onClick={onRefresh}>
          {t('diff.refresh')}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {before !== undefined && before !== null && after !== undefined && after !== null ? (
        <LineDiff before={before} after={after} label={t('diff.caption', { from: name(from), to: name(to) })} />
      ) : (
        !error && <p aria-busy="true">{t('common:loading')}</p>
      )}
    </section>
  );
}
