/**
 * `GET /api/isochrone?lon=&lat=&minutes=&profile=car|truck[&fallback=estimate]`: the area
 * reachable by road from a point (public, rate-limited per IP for anonymous callers). 400 for
 * minutes outside 5–90 or a point off the imported road graph, unless `fallback=estimate`,
 * which returns the straight-line estimate circle labelled `method: "estimate"`.
 */
import { Router } from 'express';
import type { Knex } from 'knex';
import { InputError, TooManyRequestsError } from '../../shared/errors.ts';
import { type RateLimit, RateLimiter } from '../../shared/rate-limit.ts';
import { parseInput } from '../../shared/validation.ts';
import { isochrone, OutsideGraphError } from './isochrone.ts';
import { isochroneQuerySchema } from './roads.schemas.ts';

export function isochroneRoutes(knex: Knex, limiter: RateLimit = new RateLimiter(60, 60_000)): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    if (!req.actor) {
      const wait = await limiter.take(req.ip ?? 'unknown');
      if (wait > 0)
        throw new TooManyRequestsError(`Too many isochrone requests; try again in ${wait} s.`, wait);
    }
    const q = parseInput(isochroneQuerySchema, req.query, 'query');
    try {
      const feature = await isochrone(knex, q.lon, q.lat, q.minutes, q.profile, { fallback: q.fallback });
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.json(feature);
    } catch (err) {
      if (err instanceof OutsideGraphError)
        throw new InputError(err.message, [
          { field: 'lon,lat', code: 'outside_road_network', message: 'outside the road network' },
        ]);
      throw err;
    }
  });
  return r;
}
