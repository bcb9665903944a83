/**
 * A case's or a complaint's timeline, oldest first: when, who, what happened, and any note written
 * with it. `describe` turns one event into a line in the console's language.
 */
import { useTranslation } from 'react-i18next';
import { formatTime } from '../format';
import type { TimelineEvent } from './types';

export function Timeline({ events, describe, testId }: { events: TimelineEvent[]; describe: (e: TimelineEvent) => string; testId?: string }) {
  const { t } = useTranslation('alerts');
  if (events.length === 0) return <p className="muted">{t('noEvents')}</p>;
  return (
    <ol className="timeline" data-testid={testId}>
      {events.map((e) => {
        const note = typeof e.detail.text === 'string' ? e.detail.text : typeof e.detail.note === 'string' ? e.detail.note : null;
        return (
          <li key={e.seq} data-kind={e.kind}>
            <div className="when">
              <time dateTime={e.at}>{formatTime(e.at)}</time> · {e.actor}
            </div>
            <div>{describe(e)}</div>
            {note && <p className="note-text">{note}</p>}
          </li>
        );
      })}
    </ol>
  );
}
