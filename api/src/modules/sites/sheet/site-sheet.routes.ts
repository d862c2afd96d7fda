/** `GET /api/sites/:id/sheet.pdf?lang=fr|en`: the public one-page sheet. Mounted on /api/sites before the sites router. */
import { Router } from 'express';
import type { SiteSheetService } from './site-sheet.service.ts';

export function siteSheetRoutes(sheets: SiteSheetService): Router {
  const r = Router();
  r.get('/:id/sheet.pdf', async (req, res) => {
    const d = await sheets.sheet(String(req.params.id), req.query);
    res.setHeader('Content-Type', d.contentType);
    res.setHeader('Content-Disposition', d.disposition);
    // Public data, but drawn from the live site: short shared caching only.
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.send(d.body);
  });
  return r;
}
