/**
 * The strategy studio: a decision point's live strategy and its rules, a YAML editor checked by
 * the server as the analyst types, a dry run of the draft on a sample or recorded event, a diff
 * between any two versions (or the draft), and proposing the draft as a new version for approval.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { get } from '../api';
import { Loaded, useLoad } from '../components/Async';
import { formatTime } from '../components/format';
import { pick } from '../i18n';
import { useSession } from '../session';
import { RuleTable } from '../components/strategies/RuleTable';
import { StrategyEditor } from '../components/strategies/StrategyEditor';
import { SubmitForApproval } from '../components/strategies/SubmitForApproval';
import { TryPanel } from '../components/strategies/TryPanel';
import { VersionDiff } from '../components/strategies/VersionDiff';
import { useCompileCheck } from '../components/strategies/use-compile-check';
import { DECISION_POINTS, type DecisionPoint, type LiveStrategy, type StrategyVersion } from '../components/strategies/types';
import './strategies.css';

interface PointState {
  live: LiveStrategy;
  versions: StrategyVersion[];
  liveBody: string;
}

async function loadPoint(point: DecisionPoint): Promise<PointState> {
  const r = await get<{ live: LiveStrategy; versions: StrategyVersion[] }>(`/v1/strategies/${point}`);
  const body = await get<{ version: { body: string } }>(`/v1/strategies/${point}/versions/${r.live.version}`);
  return { ...r, liveBody: body.version.body };
}

export default function Strategies() {
  const { t } = useTranslation('strategies');
  const [params, setParams] = useSearchParams();
  const asked = params.get('point');
  const point: DecisionPoint = (DECISION_POINTS as readonly string[]).includes(asked ?? '') ? (asked as DecisionPoint) : 'payment';
  const state = useLoad(() => loadPoint(point), [point]);

  return (
    <div className="studio">
      <h1>{t('studio.title')}</h1>
      <div className="toolbar">
        <label className="inline">
          {t('studio.point')}
          <select name="decision-point" value={point} onChange={(e) => setParams({ point: e.target.value })}>
            {DECISION_POINTS.map((p) => (
              <option key={p} value={p}>
                {t(`common:point.${p}`)} ({p})
              </option>
            ))}
          </select>
        </label>
      </div>
      <Loaded state={state}>{(s) => <PointStudio key={`${point}@${s.live.version}`} point={point} state={s} onPublished={state.reload} />}</Loaded>
    </div>
  );
}

function PointStudio({ point, state, onPublished }: { point: DecisionPoint; state: PointState; onPublished: () => void }) {
  const { t } = useTranslation('strategies');
  const { can } = useSession();
  const writer = can('strategies:write');
  const { live, versions, liveBody } = state;
  const [draft, setDraft] = useState(liveBody);
  // The live body as loaded: a new load (another version published) starts the draft over.
  useEffect(() => setDraft(liveBody), [liveBody]);
  const check = useCompileCheck(draft, writer);
  const liveVersion = versions.find((v) => v.version === live.version);
  const changed = draft !== liveBody;
  const clean = !check.checking && check.error === null && check.problems.length === 0;

  return (
    <>
      <section className="panel" aria-labelledby="live-title">
        <h2 id="live-title">{t('live.title', { point: t(`common:point.${point}`) })}</h2>
        <p data-testid="live-version">
          <span className="badge green">{t('live.version', { version: live.version })}</span>{' '}
          {liveVersion && t('live.publishedBy', { by: liveVersion.publishedBy ?? liveVersion.createdBy, at: formatTime(liveVersion.publishedAt ?? liveVersion.createdAt) })}
          {liveVersion && liveVersion.createdBy !== (liveVersion.publishedBy ?? liveVersion.createdBy) && <> · {t('live.proposedBy', { by: liveVersion.createdBy })}</>}
        </p>
        <p>{pick(live.description)}</p>
        <p className="muted">{t('live.thresholds', { review: live.thresholds.review, block: live.thresholds.block, onError: t(`common:outcome.${live.onError}`), timeoutMs: live.timeoutMs })}</p>
        <RuleTable rules={live.rules} />
      </section>

      {writer && (
        <section className="panel" aria-labelledby="editor-title">
          <h2 id="editor-title">{t('editor.title')}</h2>
          <p className="muted">{t('editor.help')}</p>
          <StrategyEditor id="strategy-yaml" label={t('editor.label', { point })} value={draft} onChange={setDraft} problems={check.problems} checking={check.checking} checkError={check.error} />
          <div className="toolbar">
            <button type="button" className="secondary" disabled={!changed} onClick={() => setDraft(liveBody)}>
              {t('editor.revert')}
            </button>
            {changed ? <small>{t('editor.changed')}</small> : <small className="muted">{t('editor.unchanged')}</small>}
          </div>
          <SubmitForApproval point={point} draft={draft} ready={changed && clean} onSubmitted={() => undefined} />
        </section>
      )}

      {writer && <TryPanel point={point} draft={draft} disabled={!clean} />}

      <VersionDiff point={point} versions={versions} liveVersion={live.version} draft={writer && changed ? draft : null} onRefresh={onPublished} />
    </>
  );
}
