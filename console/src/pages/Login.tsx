/**
 * Sign-in, then whatever the new session still owes: a changed initial password, an enrolled
 * TOTP authenticator (roles that change things need one). Each step is the server's; the page
 * only follows `stage`.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, post } from '../api';
import { useSession } from '../session';
import { LanguageSwitch } from '../components/LanguageSwitch';

export function Login() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post('/v1/auth/login', { username, password, ...(totp ? { totp } : {}) });
      await refresh();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <div className="login-card">
        <div className="login-head">
          <h1>{t('login.title')}</h1>
          <LanguageSwitch />
        </div>
        <form onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
          <label>
            {t('login.username')}
            <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
          </label>
          <label>
            {t('login.password')}
            <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <label>
            {t('login.totp')}
            <input name="totp" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} value={totp} onChange={(e) => setTotp(e.target.value.trim())} />
            <small>{t('login.totpHint')}</small>
          </label>
          {error && (
            <p className="error" role="alert" id="login-error">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {t('login.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}

export function ChangePassword() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== confirm) return setError(t('login.passwordsDiffer'));
    try {
      await post('/v1/auth/password', { currentPassword: current, newPassword: next });
      await refresh();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <main className="login" id="main">
      <div className="login-card">
        <h1>{t('login.changePasswordTitle')}</h1>
        <form onSubmit={submit}>
          <label>
            {t('login.currentPassword')}
            <input name="currentPassword" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
          </label>
          <label>
            {t('login.newPassword')}
            <input name="newPassword" type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} />
          </label>
          <label>
            {t('login.confirmPassword')}
            <input name="confirmPassword" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
          </label>
          {error && <p className="error" role="alert">{error}</p>}
          <button type="submit">{t('login.changePassword')}</button>
        </form>
      </div>
    </main>
  );
}

export function EnrolTotp() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const [setup, setSetup] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const begin = async () => {
    try {
      setSetup(await post<{ secret: string; uri: string }>('/v1/auth/totp/setup'));
    } catch (err) {
      setError(errorText(err));
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await post('/v1/auth/totp/confirm', { code });
      await refresh();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <main className="login" id="main">
      <div className="login-card">
        <h1>{t('login.enrolTitle')}</h1>
        <p>{t('login.enrolHelp')}</p>
        {!setup ? (
          <button type="button" onClick={begin}>
            {t('login.enrolTitle')}
          </button>
        ) : (
          <form onSubmit={submit}>
            <p>
              {t('login.secret')}: <code data-testid="totp-secret">{setup.secret}</code>
            </p>
            <p className="wrap">
              {t('login.uri')}: <code>{setup.uri}</code>
            </p>
            <label>
              {t('login.confirmCode')}
              <input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required value={code} onChange={(e) => setCode(e.target.value.trim())} />
            </label>
            <button type="submit">{t('login.confirm')}</button>
          </form>
        )}
        {error && <p className="error" role="alert">{error}</p>}
      </div>
    </main>
  );
}
