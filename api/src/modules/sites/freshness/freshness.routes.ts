/** `GET /api/sites/to-refresh` (issue 12), mounted on /api/sites before `/:id`. */
import { Router } from 'express';
import { requireRole } from '../../auth/auth.middleware.ts';
import type { FreshnessService } from './freshness.service.ts';

export function freshnessRoutes(freshness: FreshnessService): Router {
  const r = Router();
  r.get('/to-refresh', requireRole('admin', 'editor'), async (req, res) => {
    res.json(await freshness.toRefresh(req.query, req.actor!));
  });
  return r;
}
