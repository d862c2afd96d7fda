import { Router } from 'express';
import type { Config } from '../../config.ts';
import { AuthenticationError } from '../../shared/errors.ts';
import { servedOverHttps } from '../../shared/security-headers.ts';
import { type AuthService, publicUser, SESSION_COOKIE } from './auth.service.ts';

export function authRoutes(auth: AuthService, config: Pick<Config, 'COOKIE_SECURE' | 'PUBLIC_URL'>): Router {
  const r = Router();

  r.post('/login', async (req, res) => {
    const s = await auth.login(req.body, req.ip ?? 'unknown');
    res.cookie(SESSION_COOKIE, s.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: servedOverHttps(config),
      path: '/',
      expires: s.expiresAt,
    });
    res.json({ user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() });
  });

  r.post('/logout', async (req, res) => {
    await auth.logout(req.sessionToken);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  r.get('/me', (req, res) => {
    if (!req.actor) throw new AuthenticationError('Not logged in.');
    res.json({ user: publicUser(req.actor), csrfToken: req.actor.csrfToken ?? null, via: req.actor.via });
  });

  return r;
}
