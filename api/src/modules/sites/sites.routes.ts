import { Router } from 'express';
import { ifMatchOf, setETag } from '../../shared/versioning.ts';
import { requireRole } from '../auth/auth.middleware.ts';
import type { SiteDetail } from './sites.schemas.ts';
import type { SitesService } from './sites.service.ts';

/** The site's version as its ETag (issue 12). */
const tagged = (res: import('express').Response, site: SiteDetail) => {
  if (typeof site.properties.version === 'number') setETag(res, site.properties.version);
  return site;
};

export function sitesRoutes(sites: SitesService): Router {
  const r = Router();
  const writers = requireRole('admin', 'editor');
  const signedIn = requireRole('admin', 'editor', 'staff');

  r.get('/', async (req, res) => {
    const { features, numberMatched } = await sites.list(req.query, req.actor);
    res.json({ type: 'FeatureCollection', numberMatched, numberReturned: features.length, features });
  });

  // Before '/:id', which would take "deleted" for an id.
  r.get('/deleted', signedIn, async (req, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(await sites.listDeleted(req.actor!));
  });

  r.get('/:id', async (req, res) => {
    res.json(tagged(res, await sites.get(String(req.params.id), req.actor)));
  });

  r.get('/:id/history', signedIn, async (req, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(await sites.history(String(req.params.id), req.actor!));
  });

  r.post('/', writers, async (req, res) => {
    const site = await sites.create(req.body, req.actor!, String(req.id));
    res.status(201).location(`/api/sites/${site.id}`);
    res.json(tagged(res, site));
  });

  r.patch('/:id', writers, async (req, res) => {
    const ifMatch = ifMatchOf(req);
    res.json(
      tagged(res, await sites.update(String(req.params.id), req.body, req.actor!, String(req.id), ifMatch)),
    );
  });

  r.delete('/:id', writers, async (req, res) => {
    await sites.delete(String(req.params.id), req.actor!, String(req.id), ifMatchOf(req));
    res.status(204).end();
  });

  r.post('/:id/restore', writers, async (req, res) => {
    res.json(tagged(res, await sites.restore(String(req.params.id), req.actor!, String(req.id))));
  });

  return r;
}
