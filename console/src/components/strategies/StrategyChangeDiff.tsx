/** A proposed strategy version against the version live now: what approving it would change. */
import { useTranslation } from 'react-i18next';
import { get } from '../../api';
import { Loaded, useLoad } from '../Async';
import { LineDiff } from './LineDiff';
import type { ChangeRequest, LiveStrategy } from './types';

async function load(change: ChangeRequest) {
  const { change: full } = await get<{ change: ChangeRequest & { payload: { decisionPoint: string; body: string } } }>(`/v1/changes/${change.id}`);
  const point = full.payload.decisionPoint;
  const { live } = await get<{ live: LiveStrategy }>(`/v1/strategies/${point}`);
  const { version } = await get<{ version: { body: string } }>(`/v1/strategies/${point}/versions/${live.version}`);
  return { proposed: full.payload.body, live: version.body, liveVersion: live.version, basedOn: change.summary.basedOnVersion as number | undefined };
}

export function StrategyChangeDiff({ change }: { change: ChangeRequest }) {
  const { t } = useTranslation('strategies');
  const state = useLoad(() => load(change), [change.id]);
  return (
    <Loaded state={state}>
      {(d) => (
        <>
          {d.basedOn !== undefined && d.basedOn !== d.liveVersion && (
            <p className="error" role="note">
              {t('approvals.stale', { basedOn: d.basedOn, live: d.liveVersion })}
            </p>
          )}
          <LineDiff before={d.live} after={d.proposed} label={t('approvals.diffCaption', { version: d.liveVersion })} />
        </>
      )}
    </Loaded>
  );
}
