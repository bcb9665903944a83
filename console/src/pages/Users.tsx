/**
 * Users and roles, for admins: who has which roles, who is disabled, locked or without a second
 * factor; create a user (the generated initial password shown once), change roles, disable or
 * enable, reset a password or the TOTP enrolment; and the role → permission table.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get, patch, post } from '../api';
import { Loaded, useLoad } from '../components/Async';
import { formatTime } from '../components/format';
import { CheckList } from '../components/admin/CheckList';
import { ConfirmButton } from '../components/admin/ConfirmButton';
import { OneTimeSecret } from '../components/admin/OneTimeSecret';
import { RoleMatrix } from '../components/admin/RoleMatrix';
import { ROLES, type RoleGrant, type User } from '../components/admin/admin-types';
import { useSession } from '../session';
import './admin.css';

type Outcome = { ok: boolean; text: string; secret?: { intro: string; value: string } };

function UserStatus({ u }: { u: User }) {
  const { t } = useTranslation('admin');
  const locked = u.lockedUntil !== null && Date.parse(u.lockedUntil) > Date.now();
  return (
    <>
      {u.disabled ? <span className="badge red">{t('users.disabled')}</span> : locked ? <span className="badge red">{t('users.locked')}</span> : <span className="badge green">{t('users.active')}</span>}
      {u.mustChangePassword ? <span className="badge amber">{t('users.mustChange')}</span> : null}
    </>
  );
}

function CreateUser({ onCreated }: { onCreated: (o: Outcome) => void }) {
  const { t } = useTranslation('admin');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (roles.length === 0) return setError(t('users.pickRole'));
    setBusy(true);
    setError(null);
    try {
      const r = await post<{ user: User; password?: string }>('/v1/users', { username: username.trim(), roles, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) });
      onCreated({ ok: true, text: t('users.created', { name: r.user.username }), ...(r.password ? { secret: { intro: t('users.oneTimePassword'), value: r.password } } : {}) });
      setUsername('');
      setDisplayName('');
      setRoles([]);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="create-user-title">
      <h2 id="create-user-title">{t('users.create')}</h2>
      <div className="row">
        <label>
          {t('users.username')}
          <input name="new-username" required maxLength={64} autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          {t('users.displayName')}
          <input name="new-display-name" maxLength={128} autoComplete="off" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
      </div>
      <CheckList legend={t('users.rolesLegend')} name="new-roles" options={ROLES} label={(r) => t(`roleName.${r}`)} value={roles} onChange={setRoles} />
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        {t('users.createSubmit')}
      </button>
    </form>
  );
}

function UserRow({ u, manage, onDone }: { u: User; manage: boolean; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation('admin');
  const [editing, setEditing] = useState(false);
  const [roles, setRoles] = useState<string[]>(u.roles);
  const [busy, setBusy] = useState(false);
  const act = async (call: () => Promise<Outcome>) => {
    setBusy(true);
    try {
      onDone(await call());
      setEditing(false);
    } catch (e) {
      onDone({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  const id = encodeURIComponent(u.id);
  return (
    <tr data-testid={`user-${u.username}`}>
      <th scope="row">{u.username}</th>
      <td>{u.displayName ?? '—'}</td>
      <td>
        {editing ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void act(async () => {
                await patch(`/v1/users/${id}`, { roles });
                return { ok: true, text: t('users.saved') };
              });
            }}
          >
            <CheckList legend={t('users.editRolesOf', { name: u.username })} name={`roles-${u.username}`} options={ROLES} label={(r) => t(`roleName.${r}`)} value={roles} onChange={setRoles} />
            <span className="actions">
              <button type="submit" disabled={busy || roles.length === 0}>
                {t('common:save')}
              </button>
              <button type="button" className="secondary" onClick={() => setEditing(false)}>
                {t('common:cancel')}
              </button>
            </span>
          </form>
        ) : (
          u.roles.map((r) => (
            <span key={r} className="badge" title={r}>
              {t(`roleName.${r}`, { defaultValue: r })}
            </span>
          ))
        )}
      </td>
      <td>
        <UserStatus u={u} />
      </td>
      <td>{u.totpEnabled ? <span className="badge green">{t('users.enrolled')}</span> : <span className="badge">{t('users.notEnrolled')}</span>}</td>
      <td>{formatTime(u.lastLoginAt)}</td>
      {manage ? (
        <td>
          <span className="actions">
            {!editing ? (
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setRoles(u.roles);
                  setEditing(true);
                }}
              >
                {t('users.editRoles')}
              </button>
            ) : null}
            <ConfirmButton
              label={u.disabled ? t('users.enable') : t('users.disable')}
              confirmLabel={t('users.confirm', { action: u.disabled ? t('users.enable') : t('users.disable') })}
              danger={!u.disabled}
              disabled={busy}
              onConfirm={() =>
                void act(async () => {
                  await patch(`/v1/users/${id}`, { disabled: !u.disabled });
                  return { ok: true, text: t('users.saved') };
                })
              }
            />
            <ConfirmButton
              label={t('users.resetPassword')}
              confirmLabel={t('users.confirm', { action: t('users.resetPassword') })}
              disabled={busy}
              onConfirm={() =>
                void act(async () => {
                  const r = await post<{ user: User; password?: string }>(`/v1/users/${id}/password-reset`, {});
                  return { ok: true, text: t('users.saved'), ...(r.password ? { secret: { intro: t('users.newPassword', { name: u.username }), value: r.password } } : {}) };
                })
              }
            />
            <ConfirmButton
              label={t('users.resetTotp')}
              confirmLabel={t('users.confirm', { action: t('users.resetTotp') })}
              disabled={busy || !u.totpEnabled}
              onConfirm={() =>
                void act(async () => {
                  await post(`/v1/users/${id}/totp-reset`);
                  return { ok: true, text: t('users.totpReset', { name: u.username }) };
                })
              }
            />
          </span>
        </td>
      ) : null}
    </tr>
  );
}

export default function Users() {
  const { t } = useTranslation('admin');
  const { can } = useSession();
  const manage = can('users:manage');
  const users = useLoad(() => get<{ users: User[] }>('/v1/users').then((r) => r.users), []);
  const roles = useLoad(() => get<{ roles: RoleGrant[] }>('/v1/roles').then((r) => r.roles), []);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const done = (o: Outcome) => {
    setOutcome(o);
    if (o.ok) users.reload();
  };
  return (
    <>
      <h1>{t('users.title')}</h1>
      {outcome?.secret ? (
        <OneTimeSecret intro={`${outcome.text} ${outcome.secret.intro}`} secret={outcome.secret.value} testId="one-time-password" onClose={() => setOutcome(null)} />
      ) : outcome ? (
        <p className={`notice ${outcome.ok ? 'ok' : 'bad'}`} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
        </p>
      ) : null}
      {manage ? <CreateUser onCreated={done} /> : null}
      <section className="panel" aria-labelledby="user-list-title">
        <h2 id="user-list-title">{t('users.list')}</h2>
        <Loaded state={users}>
          {(list) => (
            <table data-testid="user-list">
              <thead>
                <tr>
                  <th scope="col">{t('users.username')}</th>
                  <th scope="col">{t('users.displayName')}</th>
                  <th scope="col">{t('users.roles')}</th>
                  <th scope="col">{t('users.status')}</th>
                  <th scope="col">{t('users.totp')}</th>
                  <th scope="col">{t('users.lastLogin')}</th>
                  {manage ? <th scope="col">{t('users.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {list.map((u) => (
                  <UserRow key={`${u.id}:${u.roles.join(',')}:${u.disabled}`} u={u} manage={manage} onDone={done} />
                ))}
              </tbody>
            </table>
          )}
        </Loaded>
      </section>
      <Loaded state={roles}>{(list) => <RoleMatrix roles={list} />}</Loaded>
    </>
  );
}
