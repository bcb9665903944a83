/**
 * Who is signed in: `/v1/auth/me` on load and after every sign-in step. The session itself lives
 * in the server's httpOnly cookie; the console never sees or stores the token.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, get, post, setUnauthorisedHandler } from './api';

export interface Me {
  id: string;
  username: string;
  roles: string[];
  permissions: string[];
  stage: 'active' | 'password_change' | 'totp_enrolment';
  sessionId: string;
}

interface SessionState {
  me: Me | null;
  loading: boolean;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
  can: (permission: string) => boolean;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const refresh = useCallback(async () => {
    try {
      setMe(await get<Me>('/v1/auth/me'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else throw e;
    } finally {
      setLoading(false);
    }
  }, []);
  const signOut = useCallback(async () => {
    try {
      await post('/v1/auth/logout');
    } finally {
      setMe(null);
    }
  }, []);
  useEffect(() => {
    setUnauthorisedHandler(() => setMe(null));
    void refresh();
  }, [refresh]);
  const can = useCallback((p: string) => me?.permissions.includes(p) ?? false, [me]);
  return <SessionContext.Provider value={{ me, loading, refresh, signOut, can }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
