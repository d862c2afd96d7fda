/** Staff sessions: cookie set by the server, CSRF token kept by the client for writes. */
import type { LoginResponse, Me } from '@api/modules/auth/auth.schemas.ts';
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
