/**
 * The staff session: who is logged in (`GET /api/auth/me`, cached as the `['session']` query),
 * and login/logout. A new session may see other sites and projects, so both refetch every
 * query that is not public (keys under `['public', …]` and the session itself stay).
 */
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import * as auth from '../../api/auth.ts';
import type { Session } from '../../api/types.ts';

export interface SessionState {
  session: Session | null;
  /** When the session last changed (0 before the first answer); the match screen re-runs on it. */
  changedAt: number;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

/** What a login or logout does to the cache: the new session in, every user-dependent read redone. */
export function sessionChanged(client: QueryClient, session: Session | null): Promise<void> {
  client.setQueryData(auth.sessionQuery.queryKey, session);
  return client.invalidateQueries({
    predicate: (q) => q.queryKey[0] !== 'session' && q.queryKey[0] !== 'public',
  });
}

export function useSession(): SessionState {
  const client = useQueryClient();
  const query = useQuery(auth.sessionQuery);
  const loginMutation = useMutation({
    mutationFn: (v: { email: string; password: string }) => auth.login(v.email, v.password),
    onSuccess: (s) => {
      // The refetches run in the background: the form closes as soon as the login is in.
      void sessionChanged(client, s);
    },
  });
  const logoutMutation = useMutation({
    mutationFn: auth.logout,
    // Logged out even when the server could not be told: the token is forgotten anyway.
    onSettled: () => {
      void sessionChanged(client, null);
    },
  });
  const { mutateAsync: loginAsync } = loginMutation;
  const { mutateAsync: logoutAsync } = logoutMutation;

  const login = useCallback(
    async (email: string, password: string) => {
      await loginAsync({ email, password });
    },
    [loginAsync],
  );
  const logout = useCallback(async () => {
    await logoutAsync();
  }, [logoutAsync]);

  return { session: query.data ?? null, changedAt: query.dataUpdatedAt, login, logout };
}
