/** The access policy as a grid: one row per permission, one column per role, a tick where granted. */
import { useTranslation } from 'react-i18next';
import type { RoleGrant } from './admin-types';

export function RoleMatrix({ roles }: { roles: RoleGrant[] }) {
  const { t } = useTranslation('admin');
  const permissions = [...new Set(roles.flatMap((r) => r.permissions))].sort();
  return (
    <section className="panel" aria-labelledby="role-matrix-title">
      <h2 id="role-matrix-title">{t('users.rolePermissions')}</h2>
      <p className="muted">{t('users.rolePermissionsHint')}</p>
      <div className="matrix-wrap" tabIndex={0} role="region" aria-labelledby="role-matrix-title">
        <table className="matrix" data-testid="role-matrix">
          <thead>
            <tr>
              <th scope="col">{t('users.permission')}</th>
              {roles.map((r) => (
                <th scope="col" key={r.role} title={r.role}>
                  {t(`roleName.${r.role}`, { defaultValue: r.role })}
                  {r.requiresTotp ? (
                    <>
                      <br />
                      <span className="badge amber">{t('users.needsTotp')}</span>
                    </>
                  ) : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {permissions.map((p) => (
              <tr key={p}>
                <th scope="row">{p}</th>
                {roles.map((r) => {
                  const yes = r.permissions.includes(p);
                  return (
                    <td key={r.role} className={yes ? 'yes' : 'muted'}>
                      {yes ? <span aria-label={t('common:yes')}>✓</span> : <span aria-label={t('common:no')}>·</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
