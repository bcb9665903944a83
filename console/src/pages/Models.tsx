/**
 * The model registry: every version with its status, where it runs (champion or challenger) and
 * its test-sample AUC/KS, filtered by status (server) and by a part of the name (here, as typed).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../api';
import { Loaded, useLoad } from '../components/Async';
import { formatTime } from '../components/format';
import { MODEL_STATUSES, statusBadge, type ModelStatus, type ModelVersion } from '../components/models/model-types';
import { UseName } from '../components/models/UseName';
import './admin.css';

export default function Models() {
  const { t } = useTranslation('models');
  const [status, setStatus] = useState<ModelStatus | ''>('');
  const [name, setName] = useState('');
  const state = useLoad(() => get<{ items: ModelVersion[] }>('/v1/models', { status, limit: 500 }).then((r) => r.items), [status]);
  const needle = name.trim().toLowerCase();
  return (
    <>
      <h1>{t('title')}</h1>
      <form className="toolbar" role="search" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
        <label className="inline">
          {t('status')}
          <select name="status" value={status} onChange={(e) => setStatus(e.target.value as ModelStatus | '')}>
            <option value="">{t('common:all')}</option>
            {MODEL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statusName.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          {t('name')}
          <input name="name" type="search" value={name} placeholder={t('nameHint')} onChange={(e) => setName(e.target.value)} />
        </label>
      </form>
      <Loaded state={state}>
        {(items) => {
          const shown = needle ? items.filter((m) => m.name.includes(needle)) : items;
          return (
            <div className="panel">
              <p className="muted" aria-live="polite">
                {t('count', { n: shown.length })}
              </p>
              {shown.length === 0 ? (
                <p>{t('empty')}</p>
              ) : (
                <table data-testid="model-list">
                  <thead>
                    <tr>
                      <th scope="col">{t('name')}</th>
                      <th scope="col">{t('version')}</th>
                      <th scope="col">{t('kind')}</th>
                      <th scope="col">{t('use')}</th>
                      <th scope="col">{t('status')}</th>
                      <th scope="col">{t('role')}</th>
                      <th scope="col" className="num">
                        {t('auc')}
                      </th>
                      <th scope="col" className="num">
                        {t('ks')}
                      </th>
                      <th scope="col">{t('author')}</th>
                      <th scope="col">{t('created')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((m) => (
                      <tr key={m.id}>
                        <td>
                          <Link to={`/models/${m.id}`}>{m.name}</Link>
                        </td>
                        <td>v{m.version}</td>
                        <td>{t(`kindName.${m.kind}`, { defaultValue: m.kind })}</td>
                        <td>{m.use ? <UseName use={m.use} /> : '—'}</td>
                        <td>
                          <span className={`badge ${statusBadge(m.status)}`}>{t(`statusName.${m.status}`)}</span>
                        </td>
                        <td>{m.status === 'active' ? (m.champion ? t('champion') : t('challenger')) : '—'}</td>
                        <td className="num">{m.evaluation ? m.evaluation.test.auc.toFixed(3) : '—'}</td>
                        <td className="num">{m.evaluation ? m.evaluation.test.ks.toFixed(3) : '—'}</td>
                        <td>{m.createdBy}</td>
                        <td>{formatTime(m.createdAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          );
        }}
      </Loaded>
    </>
  );
}
