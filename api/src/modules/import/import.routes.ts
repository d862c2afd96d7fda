/**
 * `POST /api/import/:format` (admins): the same import as `npm run import` (`ImportService`),
 * fed by the request body as a stream (any non-JSON content type; `?name=` labels it). Query:
 * `dryRun`, `skipInvalid`, `includeSmall` (true/false). 200 with the report when the import
 * committed (or the dry run passed), 422 with the report when rows or the file were refused
 * (nothing written), 413 beyond UPLOAD_LIMIT_BYTES.
 */
import type { Request } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import { DomainError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import { requireRole } from '../auth/auth.middleware.ts';
import { isGraphFormat } from '../roads/roads.service.ts';
import { importQuerySchema } from './import.schemas.ts';
import { IMPORT_FORMATS, type ImportService } from './import.service.ts';

export async function* limited(req: Request, limit: number): AsyncIterable<Buffer> {
  let n = 0;
  for await (const chunk of req) {
    n += (chunk as Buffer).length;
    if (n > limit) throw new DomainError(413, 'payload_too_large', `The upload exceeds ${limit} bytes.`);
    yield chunk as Buffer;
  }
}

export function importRoutes(imports: ImportService, uploadLimit: number): Router {
  const r = Router();
  r.post('/:format', requireRole('admin'), async (req, res) => {
    const format = parseInput(z.enum(IMPORT_FORMATS), req.params.format, 'format', 'format');
    const q = parseInput(importQuerySchema, req.query, 'query');
    if (req.is('application/json')) {
      throw new DomainError(
        415,
        'unsupported_media_type',
        'Send the file as the raw body (e.g. application/octet-stream).',
      );
    }
    const caller = { actor: req.actor, requestId: String(req.id) };
    if (isGraphFormat(format)) {
      // Road graph or communes: their own report; the same 200 / 422 contract.
      const report = await imports.runGraph(
        {
          format,
          file: limited(req, uploadLimit),
          name: q.name ?? `upload.${format === 'roads' ? 'osm.pbf' : 'csv'}`,
          dryRun: q.dryRun,
        },
        caller,
      );
      res.status(report.ok || (report.dryRun && !report.error) ? 200 : 422).json(report);
      return;
    }
    const report = await imports.run(
      {
        format,
        file: limited(req, uploadLimit),
        name: q.name ?? `upload.${format}`,
        size: Number(req.get('content-length')) || undefined,
        dryRun: q.dryRun,
        skipInvalid: q.skipInvalid,
        includeSmall: q.includeSmall,
      },
      caller,
    );
    res
      .status(report.ok || (report.dryRun && !report.error && report.invalidCount === 0) ? 200 : 422)
      .json(report);
  });
  return r;
}
