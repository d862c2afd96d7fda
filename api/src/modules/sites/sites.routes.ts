import { Router } from 'express';
import { readerFor } from '../../shared/read-routing.ts';
import { ifMatchOf, setETag } from '../../shared/versioning.ts';
import { requireRole } from '../auth/auth.middleware.ts';
import type { SiteDetail } from './sites.schemas.ts';
import type { SitesService } from './sites.service.ts';

/** The site's version as its ETag (issue 12). */
const tagged = (res: import('express').Response, site: SiteDetail) => {
  if (typeof site.properties.version === 'number') setETag(res, site.properties.version);
  return site;
};

/** `replica`: the same service over the read pool, for anonymous reads (shared/read-routing.ts). */
export function sitesRoutes(sites: SitesService, replica: SitesService = sites): Router {
  const r = Router();
  const writers = requireRole('admin', 'editor');
  const signedIn = requireRole('admin', 'editor', 'staff');

  r.get('/', async (req, res) => {
    const reader = readerFor(req, sites, replica);
    const { features, numberMatched, numberMatchedCapped, bbox } = await reader.list(req.query, req.actor);
    res.json({
      type: 'FeatureCollection',
      numberMatched,
      ...(numberMatchedCapped ? { numberMatchedCapped } : {}),
      numberReturned: features.length,
      ...(bbox ? { bbox } : {}),
      features,
    });
  });

  // Before '/:id', which would take "deleted" for an id.
  r.get('/deleted', signedIn, async (req, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(await sites.listDeleted(req.actor!));
  });

  r.get('/:id', async (req, res) => {
    res.json(tagged(res, await readerFor(req, sites, replica).get(String(req.params.id), req.actor)));
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
