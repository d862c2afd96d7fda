import { type RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { AuthenticationError } from '../../shared/errors.ts';
import { servedOverHttps } from '../../shared/security-headers.ts';
import type { LoginResponse, Me } from './auth.schemas.ts';
import { type AuthService, publicUser, SESSION_COOKIE } from './auth.service.ts';

/** Longest a known-refused login is held before its 429 (the flood's clients wait, not the server). */
const TARPIT_MS = 1000;
/** Refusals held at once; beyond, they are answered at once and their connection closed. */
const TARPIT_MAX = 2000;

/**
 * Mounted before logging and body parsing: a login the service already knows it will refuse
 * (the IP's budget spent, every hashing slot busy) costs one header parse and a 429, so a flood
 * cannot queue the event loop in front of everyone else. The 429 is held for up to a second
 * (a timer, no work): a client that floods without pause then sends one request per second per
 * connection instead of thousands, and the others keep the event loop. Refusals are logged as
 * a count per minute rather than one line each.
 */
export function refuseLoginFlood(auth: AuthService, logger: Logger): RequestHandler {
  let refused = 0;
  let held = 0;
  const report = setInterval(() => {
    if (refused === 0) return;
    logger.warn({ refused }, 'logins refused in the last minute (budget spent or hashing slots full)');
    refused = 0;
  }, 60_000);
  report.unref();
  return (req, res, next) => {
    const wait = auth.loginRefusal(req.ip ?? 'unknown');
    if (wait === 0) return next();
    refused += 1;
    const answer = () => {
      if (res.headersSent || res.destroyed) return;
      res.setHeader('Retry-After', String(wait));
      res.status(429).json({
        error: {
          code: 'too_many_requests',
          message: `Too many logins from your address; try again in ${wait} s.`,
        },
      });
    };
    if (held >= TARPIT_MAX) {
      res.setHeader('Connection', 'close');
      return answer();
    }
    held += 1;
    setTimeout(
      () => {
        held -= 1;
        answer();
      },
      Math.min(TARPIT_MS, wait * 1000),
    );
  };
}

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
    const body: LoginResponse = {
      user: s.user,
      csrfToken: s.csrfToken,
      expiresAt: s.expiresAt.toISOString(),
    };
    res.json(body);
  });

  r.post('/logout', async (req, res) => {
    await auth.logout(req.sessionToken);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  r.get('/me', (req, res) => {
    if (!req.actor) throw new AuthenticationError('Not logged in.');
    const body: Me = {
      user: publicUser(req.actor),
      csrfToken: req.actor.csrfToken ?? null,
      via: req.actor.via,
    };
    res.json(body);
  });

  return r;
}
