import { Router } from 'express';
import { readerFor } from '../../shared/read-routing.ts';
import { requireRole } from '../auth/auth.middleware.ts';
import type { SitesService } from './sites.service.ts';

/** `replica`: the same service over the read pool, for anonymous reads (shared/read-routing.ts). */
export function sitesRoutes(sites: SitesService, replica: SitesService = sites): Router {
  const r = Router();
  const writers = requireRole('admin', 'editor');

  r.get('/', async (req, res) => {
    const reader = readerFor(req, sites, replica);
    const { features, numberMatched } = await reader.list(req.query, req.actor);
    res.json({ type: 'FeatureCollection', numberMatched, numberReturned: features.length, features });
  });

  r.get('/:id', async (req, res) => {
    res.json(await readerFor(req, sites, replica).get(String(req.params.id), req.actor));
  });

  r.post('/', writers, async (req, res) => {
    const site = await sites.create(req.body, req.actor!, String(req.id));
    res.status(201).location(`/api/sites/${site.id}`).json(site);
  });

  r.patch('/:id', writers, async (req, res) => {
    res.json(await sites.update(String(req.params.id), req.body, req.actor!, String(req.id)));
  });

  r.delete('/:id', writers, async (req, res) => {
    await sites.delete(String(req.params.id), req.actor!, String(req.id));
    res.status(204).end();
  });

  return r;
}
