import { type Request, Router } from 'express';
import { TooManyRequestsError } from '../../shared/errors.ts';
import { type RateLimit, RateLimiter } from '../../shared/rate-limit.ts';
import type { Lang } from './format.ts';
import type { MatchingService } from './matching.service.ts';

/** Reasons come back in the caller's language: `?lang=` first, then Accept-Language; French by default. */
export function requestLang(req: Request): Lang {
  const q = req.query.lang;
  if (q === 'en' || q === 'fr') return q;
  return req.acceptsLanguages('fr', 'en') === 'en' ? 'en' : 'fr';
}

/**
 * `limiter` counts anonymous match requests per client IP (shared by every instance on the
 * server engine); `replica` runs anonymous matches' candidate SQL on the read pool
 * (READ_DATABASE_URL), signed-in callers' on the primary (they may have just saved a site).
 */
export function matchingRoutes(
  matching: MatchingService,
  limiter: RateLimit = new RateLimiter(60, 60_000),
  replica: MatchingService = matching,
): Router {
  const r = Router();

  r.get('/criteria', (_req, res) => {
    res.json(matching.criteria());
  });

  r.get('/knockouts', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(matching.knockouts());
  });

  r.get('/templates', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(matching.templates());
  });

  r.post('/', async (req, res) => {
    if (!req.actor) {
      const wait = await limiter.take(req.ip ?? 'unknown');
      if (wait > 0) throw new TooManyRequestsError(`Too many match requests; try again in ${wait} s.`, wait);
    }
    res.setHeader('Cache-Control', 'no-store');
    const reader = req.actor ? matching : replica;
    res.json(await reader.match(req.body, req.actor, requestLang(req)));
  });

  return r;
}
