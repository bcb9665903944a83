/**
 * Every page of the console with the permission it needs: navigation shows only what the signed-in
 * roles may open, and a page opened without the right says so instead of failing call by call.
 * Pages load on first visit, so signing in does not wait for the charting library.
 */
import { useEffect, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';

export interface PageRoute {
  path: string;
  /** Key under `nav.` in the common texts; pages without one are reached from other pages. */
  nav?: string;
  permission: string;
  group: 'work' | 'strategy' | 'models' | 'admin';
  component: ComponentType;
}

/**
 * A page whose code loads on first visit. Not React.lazy: React 19 holds back revealing suspended
 * content for 300 ms after a fallback, which would add that to every first visit of a page.
 */
function page(load: () => Promise<{ default: ComponentType }>): ComponentType {
  let loaded: ComponentType | null = null;
  return function Page() {
    const { t } = useTranslation();
    const [Component, setComponent] = useState<ComponentType | null>(() => loaded);
    useEffect(() => {
      if (Component) return;
      let live = true;
      void load().then((m) => {
        loaded = m.default;
        if (live) setComponent(() => m.default);
      });
      return () => {
        live = false;
      };
    }, [Component]);
    return Component ? <Component /> : <p aria-busy="true">{t('loading')}</p>;
  };
}

export const ROUTES: PageRoute[] = [
  { path: '/overview', nav: 'overview', permission: 'overview:read', group: 'work', component: page(() => import('./pages/Overview')) },
  { path: '/alerts', nav: 'alerts', permission: 'cases:read', group: 'work', component: page(() => import('./pages/Alerts')) },
  { path: '/alerts/:id', permission: 'cases:read', group: 'work', component: page(() => import('./pages/CasePage')) },
  { path: '/complaints', nav: 'complaints', permission: 'complaints:read', group: 'work', component: page(() => import('./pages/Complaints')) },
  { path: '/strategies', nav: 'strategies', permission: 'strategies:read', group: 'strategy', component: page(() => import('./pages/Strategies')) },
  { path: '/approvals', nav: 'approvals', permission: 'changes:read', group: 'strategy', component: page(() => import('./pages/Approvals')) },
  { path: '/lists', nav: 'lists', permission: 'lists:read', group: 'strategy', component: page(() => import('./pages/Lists')) },
  { path: '/models', nav: 'models', permission: 'models:read', group: 'models', component: page(() => import('./pages/Models')) },
  { path: '/models/:id', permission: 'models:read', group: 'models', component: page(() => import('./pages/ModelDetail')) },
  { path: '/users', nav: 'users', permission: 'users:read', group: 'admin', component: page(() => import('./pages/Users')) },
  { path: '/api-keys', nav: 'apiKeys', permission: 'apikeys:read', group: 'admin', component: page(() => import('./pages/ApiKeys')) },
  { path: '/audit', nav: 'audit', permission: 'audit:read', group: 'admin', component: page(() => import('./pages/Audit')) },
  { path: '/quality', nav: 'quality', permission: 'quality:read', group: 'admin', component: page(() => import('./pages/DataQuality')) },
];
