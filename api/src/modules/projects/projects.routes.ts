/**
 * HTTP of the projects module. The lead mounts `projectsRoutes` at `/api/projects` and
 * `observatoryRoutes` at `/api` (it serves `/observatory` and `/observatory.csv`, which a
 * mount at `/api/observatory` could not: `.csv` is not a sub-path). Every route needs the
 * admin or staff role: anonymous callers get 401, editors 403.
 */
import { type Response, Router } from 'express';
import { InputError } from '../../shared/errors.ts';
import { ifMatchOf, setETag } from '../../shared/versioning.ts';
import { requireRole } from '../auth/auth.middleware.ts';
import { requestLang } from '../matching/matching.routes.ts';
import type { MatchingService } from '../matching/matching.service.ts';
import type { ProjectsService } from './projects.service.ts';
import type { Download } from './shortlist.export.ts';
import type { ExportFormat, ShortlistExports } from './shortlist.exports.service.ts';
import type { ShortlistService } from './shortlist.service.ts';

function sendDownload(res: Response, d: Download): void {
  res.setHeader('Content-Type', d.contentType);
  res.setHeader('Content-Disposition', d.disposition);
  // Confidential content: no shared cache may keep it.
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(d.body);
}

export interface ProjectsModule {
  projects: ProjectsService;
  shortlists: ShortlistService;
  exports: ShortlistExports;
}

export function projectsRoutes(
  { projects, shortlists, exports }: ProjectsModule,
  matching: MatchingService,
): Router {
  const r = Router();
  r.use(requireRole('admin', 'staff'));
  r.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'private, no-store');
    next();
  });

  r.get('/', async (req, res) => {
    const { projects: list, total } = await projects.list(req.query, req.actor!);
    res.json({ total, projects: list });
  });

  // Projects answer their version as the ETag, shortlists the shortlist's version (issue 12).
  const project = <P extends { version: number }>(res: Response, p: P) => {
    setETag(res, p.version);
    return p;
  };
  const shortlist = <S extends { version?: number }>(res: Response, s: S) => {
    if (s.version !== undefined) setETag(res, s.version);
    return s;
  };

  r.post('/', async (req, res) => {
    const p = await projects.create(req.body, req.actor!, String(req.id));
    res.status(201).location(`/api/projects/${p.id}`);
    res.json(project(res, p));
  });

  r.get('/:id', async (req, res) => {
    res.json(project(res, await projects.get(String(req.params.id), req.actor!)));
  });

  r.patch('/:id', async (req, res) => {
    const ifMatch = ifMatchOf(req);
    res.json(
      project(
        res,
        await projects.update(String(req.params.id), req.body, req.actor!, String(req.id), ifMatch),
      ),
    );
  });

  r.delete('/:id', async (req, res) => {
    await projects.delete(String(req.params.id), req.actor!, String(req.id), ifMatchOf(req));
    res.status(204).end();
  });

  r.post('/:id/restore', async (req, res) => {
    res.json(project(res, await projects.restore(String(req.params.id), req.actor!, String(req.id))));
  });

  r.get('/:id/shortlist', async (req, res) => {
    res.json(shortlist(res, await shortlists.get(String(req.params.id), req.actor!)));
  });

  r.put('/:id/shortlist', async (req, res) => {
    const ifMatch = ifMatchOf(req);
    res.json(
      shortlist(
        res,
        await shortlists.put(String(req.params.id), req.body, req.actor!, String(req.id), ifMatch),
      ),
    );
  });

  // Item by item, without If-Match: two staff members can work on one shortlist at once.
  r.post('/:id/shortlist/items', async (req, res) => {
    const s = await shortlists.addItem(String(req.params.id), req.body, req.actor!, String(req.id));
    res.status(201);
    res.json(shortlist(res, s));
  });

  r.patch('/:id/shortlist/items/:siteId', async (req, res) => {
    const { id, siteId } = req.params;
    res.json(
      shortlist(
        res,
        await shortlists.updateItem(String(id), String(siteId), req.body, req.actor!, String(req.id)),
      ),
    );
  });

  r.delete('/:id/shortlist/items/:siteId', async (req, res) => {
    const { id, siteId } = req.params;
    res.json(
      shortlist(res, await shortlists.removeItem(String(id), String(siteId), req.actor!, String(req.id))),
    );
  });

  // The project's needs under the current and the previous matching engine (modules/matching/legacy).
  r.get('/:id/match-versions', async (req, res) => {
    const project = await projects.get(String(req.params.id), req.actor!);
    if (!project.needs)
      throw new InputError('This project states no needs: there is nothing to match.', [
        { field: 'needs', code: 'no_needs', message: 'not stated' },
      ]);
    res.json(await matching.compareVersions(project.needs, req.actor!, requestLang(req)));
  });

  r.get('/:id/compare', async (req, res) => {
    res.json(await shortlists.compare(String(req.params.id), req.query, req.actor!));
  });

  for (const format of ['csv', 'table.csv', 'geojson', 'pdf'] as const satisfies readonly ExportFormat[]) {
    r.get(`/:id/shortlist.${format}`, async (req, res) => {
      sendDownload(
        res,
        await exports.export(String(req.params.id), format, req.query, req.actor!, String(req.id)),
      );
    });
  }

  return r;
}

export function observatoryRoutes(projects: ProjectsService): Router {
  const r = Router();
  const staff = requireRole('admin', 'staff');

  r.get('/observatory', staff, async (req, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(await projects.observatory(req.actor!));
  });

  r.get('/observatory.csv', staff, async (req, res) => {
    sendDownload(res, await projects.observatoryCsv(req.actor!));
  });

  return r;
}
