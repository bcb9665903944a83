/**
 * The console: sign-in and its owed steps first, then the shell with the role's navigation and the
 * page of the current address (hash routes: the server serves one document for every page).
 */
import { useTranslation } from 'react-i18next';
import { HashRouter, Navigate, NavLink, Route, Routes } from 'react-router';
import { LanguageSwitch } from './components/LanguageSwitch';
import { ChangePassword, EnrolTotp, Login } from './pages/Login';
import { ROUTES } from './routes';
import { useSession } from './session';

function Shell() {
  const { t } = useTranslation();
  const { me, can, signOut } = useSession();
  const allowed = ROUTES.filter((r) => can(r.permission));
  const home = allowed.find((r) => r.nav)?.path ?? '/overview';
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">{t('productFull')}</span>
        <span className="spacer" />
        <span data-testid="signed-in-as">{t('signedInAs', { name: me?.username })}</span>
        <LanguageSwitch />
        <button type="button" className="link-button" onClick={() => void signOut()}>
          {t('signOut')}
        </button>
      </header>
      <nav className="sidenav" aria-label={t('mainNav')}>
        <ul>
          {allowed
            .filter((r) => r.nav)
            .map((r) => (
              <li key={r.path}>
                <NavLink to={r.path}>{t(`nav.${r.nav}`)}</NavLink>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Routes>
          {ROUTES.map((r) => (
            <Route key={r.path} path={r.path} element={can(r.permission) ? <r.component /> : <p role="alert">{t('notAllowed')}</p>} />
          ))}
          <Route path="/" element={<Navigate to={home} replace />} />
          <Route path="*" element={<p role="alert">{t('notFound')}</p>} />
        </Routes>
      </main>
    </div>
  );
}

export function App() {
  const { t } = useTranslation();
  const { me, loading } = useSession();
  if (loading) return <p aria-busy="true">{t('loading')}</p>;
  if (!me) return <Login />;
  if (me.stage === 'password_change') return <ChangePassword />;
  if (me.stage === 'totp_enrolment') return <EnrolTotp />;
  return (
    <HashRouter>
      <Shell />
    </HashRouter>
  );
}
