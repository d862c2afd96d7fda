/**
 * The import review (`/api/imports`, admins and territory editors): `POST /:format/preview`
 * (the raw file as body, like `POST /api/import/:format`; `?name=` labels it) → 201 the
 * preview; `POST /previews/:id/commit` `{ resolutions? }` → 200 the import report;
 * `DELETE /previews/:id` → 204. The service says 400 (unresolved conflicts, unreadable file),
 * 403 (another user's preview), 404 (unknown or expired), 409 (already committed).
 */
import { Router } from 'express';
import { z } from 'zod';
import { DomainError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import { requireRole } from '../auth/auth.middleware.ts';
import { uuidSchema } from '../sites/sites.schemas.ts';
import { commitBodySchema, previewQuerySchema, REVIEW_FORMATS } from './import.review.schemas.ts';
import { limited } from './import.routes.ts';
import type { ImportService } from './import.service.ts';

export function importReviewRoutes(imports: ImportService, uploadLimit: number): Router {
  const r = Router();
  const staff = requireRole('admin', 'editor');
  r.post('/:format/preview', staff, async (req, res) => {
    const format = parseInput(
      z.enum(REVIEW_FORMATS, { error: `expected one of ${REVIEW_FORMATS.join(', ')} (site formats)` }),
      req.params.format,
      'format',
      'format',
    );
    const q = parseInput(previewQuerySchema, req.query, 'query');
    if (req.is('application/json')) {
      throw new DomainError(
        415,
        'unsupported_media_type',
        'Send the file as the raw body (e.g. application/octet-stream).',
      );
    }
    const preview = await imports.preview(
      {
        format,
        file: limited(req, uploadLimit),
        name: q.name ?? `upload.${format === 'sites-geojson' ? 'geojson' : 'csv'}`,
        size: Number(req.get('content-length')) || undefined,
      },
      req.actor!,
    );
    res.status(201).json(preview);
  });
  r.post('/previews/:id/commit', staff, async (req, res) => {
    const id = parseInput(uuidSchema, req.params.id, 'preview id', 'id');
    const body = parseInput(commitBodySchema, req.body ?? {}, 'commit');
    res.json(await imports.commit(id, body, { actor: req.actor!, requestId: String(req.id) }));
  });
  r.delete('/previews/:id', staff, async (req, res) => {
    const id = parseInput(uuidSchema, req.params.id, 'preview id', 'id');
    await imports.cancel(id, req.actor!);
    res.status(204).end();
  });
  return r;
}
