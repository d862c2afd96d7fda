import { type Request, Router } from 'express';
import { TooManyRequestsError } from '../../shared/errors.ts';
import { RateLimiter } from '../../shared/rate-limit.ts';
import type { Lang } from './format.ts';
import type { MatchingService } from './matching.service.ts';

/** Reasons come back in the caller's language: `?lang=` first, then Accept-Language; French by default. */
export function requestLang(req: Request): Lang {
  const q = req.query.lang;
  if (q === 'en' || q === 'fr') return q;
  return req.acceptsLanguages('fr', 'en') === 'en' ? 'en' : 'fr';
}

export function matchingRoutes(matching: MatchingService, anonymousPerMinute = 60): Router {
  const r = Router();
  const limiter = new RateLimiter(anonymousPerMinute, 60_000);

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
      const key = req.ip ?? 'unknown';
      const wait = limiter.blockedFor(key);
      if (wait > 0) throw new TooManyRequestsError(`Too many match requests; try again in ${wait} s.`, wait);
      limiter.hit(key);
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json(await matching.match(req.body, req.actor, requestLang(req)));
  });

  return r;
}
