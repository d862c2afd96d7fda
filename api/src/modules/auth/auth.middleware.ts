/**
 * Who is calling: a session cookie (browser) or `Authorization: Bearer lmt_…` (scripts).
 * Session-authenticated state-changing requests must echo the session's CSRF token in
 * `X-CSRF-Token`; bearer tokens are not sent by browsers on their own, so they need none.
 */
import { parse as parseCookies } from 'cookie';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AuthenticationError, NotAllowedError } from '../../shared/errors.ts';
import { type AuthService, SESSION_COOKIE } from './auth.service.ts';
import type { Actor, Role } from './auth.types.ts';

declare global {
  namespace Express {
    interface Request {
      actor?: Actor;
      sessionToken?: string;
    }
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session token of a `Cookie` header (RFC 6265 parsing by `cookie`), or undefined. */
export function sessionCookie(header: string | undefined): string | undefined {
  return header ? parseCookies(header)[SESSION_COOKIE] || undefined : undefined;
}

export function authenticate(auth: AuthService): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = m ? await auth.actorFromToken(m[1]) : undefined;
      if (!actor) throw new AuthenticationError('The API token is invalid or revoked.');
      req.actor = actor;
      return next();
    }
    const token = sessionCookie(req.headers.cookie);
    if (token) {
      req.sessionToken = token;
      req.actor = await auth.actorFromSession(token);
    }
    next();
  };
}

export const csrfProtect: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method) || req.actor?.via !== 'session') return next();
  if (req.get('x-csrf-token') !== req.actor.csrfToken) {
    throw new NotAllowedError('Missing or wrong X-CSRF-Token header (get it from GET /api/auth/me).');
  }
  next();
};

/** 401 for anonymous callers, 403 for roles not in the list. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.actor) throw new AuthenticationError();
    if (!roles.includes(req.actor.role))
      throw new NotAllowedError(`This needs one of the roles: ${roles.join(', ')}.`);
    next();
  };
}
