/**
 * `POST /api/import/:format` (admins): the same runner as `npm run import`, fed by the request
 * body as a stream (any non-JSON content type; `?name=` labels it). Query: `dryRun`,
 * `skipInvalid`, `includeSmall` (true/false). 200 with the report when the import committed
 * (or the dry run passed), 422 with the report when rows or the file were refused (nothing
 * written), 413 beyond UPLOAD_LIMIT_BYTES.
 */
import type { Request } from 'express';
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { DomainError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import type { AccessService } from '../access/access.service.ts';
import { recordAudit } from '../audit/audit.store.ts';
import { requireRole } from '../auth/auth.middleware.ts';
import { GRAPH_FORMATS, isGraphFormat, runGraphImport } from '../roads/roads.service.ts';
import { SitesImportWriter } from '../sites/sites.import-writer.ts';
import { runImport } from './import.service.ts';
import { FORMAT_NAMES } from './import.types.ts';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const querySchema = z.strictObject({
  dryRun: flag.default(false),
  skipInvalid: flag.default(false),
  includeSmall: flag.default(false),
  name: z.string().max(200).optional(),
});

async function* limited(req: Request, limit: number): AsyncIterable<Buffer> {
  let n = 0;
  for await (const chunk of req) {
    n += (chunk as Buffer).length;
    if (n > limit) throw new DomainError(413, 'payload_too_large', `The upload exceeds ${limit} bytes.`);
    yield chunk as Buffer;
  }
}

export function importRoutes(knex: Knex, access: AccessService, uploadLimit: number): Router {
  const r = Router();
  r.post('/:format', requireRole('admin'), async (req, res) => {
    const format = parseInput(
      z.enum([...FORMAT_NAMES, ...GRAPH_FORMATS]),
      req.params.format,
      'format',
      'format',
    );
    const q = parseInput(querySchema, req.query, 'query');
    if (req.is('application/json')) {
      throw new DomainError(
        415,
        'unsupported_media_type',
        'Send the file as the raw body (e.g. application/octet-stream).',
      );
    }
    if (isGraphFormat(format)) {
      // Road graph or communes: their own runner; the same 200 / 422 contract.
      const report = await runGraphImport(knex, format, limited(req, uploadLimit), {
        name: q.name ?? `upload.${format === 'roads' ? 'osm.pbf' : 'csv'}`,
        dryRun: q.dryRun,
      });
      if (report.ok) {
        await recordAudit(knex, {
          actor: req.actor,
          action: 'import',
          entity: 'import',
          entityId: `${format}:${report.file}`,
          after:
            report.format === 'roads'
              ? { edges: report.edges, ways: report.roadWays }
              : { communes: report.communes },
          requestId: String(req.id),
        });
      }
      res.status(report.ok || (report.dryRun && !report.error) ? 200 : 422).json(report);
      return;
    }
    const report = await runImport(
      {
        knex,
        siteWriter: new SitesImportWriter(),
        afterInfrastructureImport: async (_k, change) => {
          await access.recomputeForInfrastructure(change.ids);
        },
      },
      {
        format,
        file: limited(req, uploadLimit),
        name: q.name ?? `upload.${format}`,
        size: Number(req.get('content-length')) || undefined,
        dryRun: q.dryRun,
        skipInvalid: q.skipInvalid,
        includeSmall: q.includeSmall,
      },
    );
    if (report.ok && report.changedSiteIds.length) await access.recomputeSites(report.changedSiteIds);
    if (report.ok) {
      await recordAudit(knex, {
        actor: req.actor,
        action: 'import',
        entity: 'import',
        entityId: `${format}:${report.file}`,
        after: {
          inserted: report.inserted,
          updated: report.updated,
          unchanged: report.unchanged,
          read: report.read,
        },
        requestId: String(req.id),
      });
    }
    res
      .status(report.ok || (report.dryRun && !report.error && report.invalidCount === 0) ? 200 : 422)
      .json(report);
  });
  return r;
}
