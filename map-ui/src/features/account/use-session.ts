/** The staff session: who is logged in, and a version number that changes on login/logout (data refetch). */
import { useCallback, useEffect, useState } from 'react';
import * as auth from '../../api/auth.ts';
import type { Session } from '../../api/types.ts';

export interface SessionState {
  session: Session | null;
  /** Bumped on every login/logout so views refetch what the new user may see. */
  version: number;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

export function useSession(): SessionState {
  const [session, setSession] = useState<Session | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    auth
      .getSession()
      .then((s) => {
        if (s) {
          setSession(s);
          setVersion((v) => v + 1);
        }
      })
      .catch(() => {
        // An unreachable server shows up in the views' own errors; the menu stays "log in".
      });
  }, []);

  const login = useCallback(async (email: string, password: string) => {
    const s = await auth.login(email, password);
    setSession(s);
    setVersion((v) => v + 1);
  }, []);

  const logout = useCallback(async () => {
    try {
      await auth.logout();
    } finally {
      setSession(null);
      setVersion((v) => v + 1);
    }
  }, []);

  return { session, version, login, logout };
}
