/** Staff sessions: cookie set by the server, CSRF token kept by the client for writes. */
import type { LoginResponse, Me } from '@api/modules/auth/auth.schemas.ts';
import { queryOptions } from '@tanstack/react-query';
import { ApiError, apiFetch, setCsrfToken } from './client.ts';

/** A signed-in session: what GET /api/auth/me or POST /api/auth/login returned. */
export type Session = Me | LoginResponse;

/** The current session, or null when anonymous (the API answers 401). */
export async function getSession(): Promise<Session | null> {
  try {
    const s = await apiFetch<Me>('/api/auth/me');
    setCsrfToken(s.csrfToken);
    return s;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

/** Who is logged in: `useQuery(sessionQuery)`; login and logout write this entry directly. */
export const sessionQuery = queryOptions({
  queryKey: ['session'] as const,
  queryFn: getSession,
  staleTime: Number.POSITIVE_INFINITY,
  // An unreachable server shows up in the views' own errors; the menu stays "log in".
  retry: false,
});

export async function login(email: string, password: string): Promise<Session> {
  const s = await apiFetch<LoginResponse>('/api/auth/login', { method: 'POST', json: { email, password } });
  setCsrfToken(s.csrfToken);
  return s;
}

export async function logout(): Promise<void> {
  try {
    await apiFetch<void>('/api/auth/logout', { method: 'POST' });
  } finally {
    setCsrfToken(null);
  }
}
