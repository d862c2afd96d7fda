/** Staff sessions: cookie set by the server, CSRF token kept by the client for writes. */
import { ApiError, apiFetch, setCsrfToken } from './client.ts';
import type { Session } from './types.ts';

/** The current session, or null when anonymous (the API answers 401). */
export async function getSession(): Promise<Session | null> {
  try {
    const s = await apiFetch<Session>('/api/auth/me');
    setCsrfToken(s.csrfToken);
    return s;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export async function login(email: string, password: string): Promise<Session> {
  const s = await apiFetch<Session>('/api/auth/login', { method: 'POST', json: { email, password } });
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
