/**
 * Headers that depend on how the service is deployed and on who asks:
 * - HSTS and CSP `upgrade-insecure-requests` only when it is served over HTTPS (PUBLIC_URL is
 *   https, or COOKIE_SECURE): over plain HTTP on a LAN name the upgrade rewrote every script to
 *   https and left a blank page;
 * - `Cache-Control: private, no-store` on every /api and /ogc response to a caller with
 *   credentials, and `Vary: Cookie, Authorization` on all of them, so no shared cache serves one
 *   person's answer to another;
 * - CORS `GET` (Access-Control-Allow-Origin: *) for the public, anonymous read endpoints (/tiles,
 *   /ogc, the sites list and sheets, which anonymous callers see published only), never with
 *   credentials: no Allow-Credentials, and no CORS headers at all on a request carrying some.
 */
import type { RequestHandler } from 'express';
import type { HelmetOptions } from 'helmet';
import type { Config } from '../config.ts';

type HttpsConfig = Pick<Config, 'PUBLIC_URL' | 'COOKIE_SECURE'>;

/** True when users reach the service over HTTPS (HSTS, upgrade-insecure-requests, Secure cookie). */
export const servedOverHttps = (config: HttpsConfig): boolean =>
  config.COOKIE_SECURE || (config.PUBLIC_URL?.startsWith('https:') ?? false);

export function helmetOptions(config: HttpsConfig): HelmetOptions {
  const https = servedOverHttps(config);
  return {
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:', 'https:'],
        'connect-src': ["'self'", 'https:'],
        'worker-src': ["'self'", 'blob:'],
        'style-src': ["'self'", "'unsafe-inline'"],
        'script-src': ["'self'"],
        // helmet adds it by default; null removes it (over HTTP it breaks every asset).
        'upgrade-insecure-requests': https ? [] : null,
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
}

/** Express's `trust proxy` value from TRUST_PROXY: none by default. */
export function trustProxySetting(value: string): boolean | number | string {
  const v = value.trim();
  if (v === '' || v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

/** The caller sent credentials (a session cookie or an Authorization header). */
export const hasCredentials = (headers: { cookie?: string; authorization?: string }): boolean =>
  Boolean(headers.authorization) || /(?:^|;\s*)lm_session=/.test(headers.cookie ?? '');

/** /api and /ogc: answers depend on who asks. */
export const privateByCaller: RequestHandler = (req, res, next) => {
  res.vary('Cookie');
  res.vary('Authorization');
  if (hasCredentials(req.headers)) res.setHeader('Cache-Control', 'private, no-store');
  next();
};

const CORS_EXPOSED = 'ETag, Link, Content-Disposition, X-Number-Matched, Retry-After, X-Request-Id';

/** Anonymous cross-origin reads of public data (third-party web maps, OGC clients). */
export const publicReadCors: RequestHandler = (req, res, next) => {
  if (hasCredentials(req.headers)) return next();
  if (req.method === 'GET' || req.method === 'HEAD') {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSED);
    return next();
  }
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    const asked = String(req.headers['access-control-request-method']).toUpperCase();
    if (asked !== 'GET' && asked !== 'HEAD') return next();
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD');
    res.setHeader('Access-Control-Allow-Headers', 'Accept, Accept-Language, If-None-Match');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
    return;
  }
  next();
};
