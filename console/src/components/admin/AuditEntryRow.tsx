/** One audit entry as a table row; expanded, its before and after side by side and the rest of its detail. */
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../format';
import type { AuditEntry } from './admin-types';

const json = (v: unknown) => JSON.stringify(v, null, 2);

export function AuditEntryRow({ e, open, onToggle }: { e: AuditEntry; open: boolean; onToggle: () => void }) {
  const { t } = useTranslation('admin');
  const detail = e.detail && typeof e.detail === 'object' ? (e.detail as Record<string, unknown>) : {};
  const { before, after, ...rest } = detail;
  const hasChange = 'before' in detail || 'after' in detail;
  return (
    <Fragment>
      <tr data-testid={`audit-${e.seq}`}>
        <td className="num">{e.seq}</td>
        <td>{formatTime(e.at)}</td>
        <td>
          <span className="muted">{e.actorType}:</span>
          {e.actorId}
        </td>
        <td>{e.ip ?? '—'}</td>
        <td>
          <code>{e.action}</code>
        </td>
        <td>{e.targetKind ? `${e.targetKind}:${e.targetId ?? ''}` : '—'}</td>
        <td>
          <button type="button" className="link-button" aria-expanded={open} onClick={onToggle}>
            {open ? t('audit.hide', { seq: e.seq }) : t('audit.show', { seq: e.seq })}
          </button>
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={7}>
            <div className="detail-grid">
              {hasChange ? (
                <>
                  <div>
                    <h3>{t('audit.before')}</h3>
                    <pre className="diff-del">{json(before ?? null)}</pre>
                  </div>
                  <div>
                    <h3>{t('audit.after')}</h3>
                    <pre className="diff-add">{json(after ?? null)}</pre>
                  </div>
                </>
              ) : null}
              {Object.keys(rest).length > 0 ? (
                <div>
                  <h3>{t('audit.other')}</h3>
                  <pre>{json(rest)}</pre>
                </div>
              ) : null}
              <div>
                <dl className="facts">
                  <dt>{t('audit.purpose')}</dt>
                  <dd>{e.purpose ?? '—'}</dd>
                  <dt>{t('audit.userAgent')}</dt>
                  <dd className="wrap">{e.userAgent ?? '—'}</dd>
                  <dt>{t('audit.hash')}</dt>
                  <dd className="wrap">
                    <code>{e.hash}</code>
                  </dd>
                </dl>
              </div>
            </div>
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}
