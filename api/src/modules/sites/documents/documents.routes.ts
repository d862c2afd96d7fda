/**
 * `/api/sites/:id/documents` (issue 12): list, upload (the raw file as the body, ≤ the
 * document limit), read the bytes, delete. Mounted on /api/sites before the sites router.
 */
import express, { type RequestHandler, Router } from 'express';
import { DomainError } from '../../../shared/errors.ts';
import { requireRole } from '../../auth/auth.middleware.ts';
import type { SiteDocumentsService } from './documents.service.ts';

/** The body as bytes, refused beyond `limit` with a message naming the limit. */
function rawFile(limit: number): RequestHandler {
  const raw = express.raw({ type: () => true, limit });
  const mb = Math.round((limit / 1024 / 1024) * 10) / 10;
  return (req, res, next) =>
    raw(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large') {
        next(
          new DomainError(
            413,
            'payload_too_large',
            `The file is larger than ${mb} MB, the limit for a site document; nothing was saved.`,
          ),
        );
      } else next(err);
    });
}

/** `inline; filename="…"` with an ASCII fallback and the UTF-8 name (RFC 6266). */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function siteDocumentRoutes(documents: SiteDocumentsService, limit: number): Router {
  const r = Router();
  const writers = requireRole('admin', 'editor');

  r.get('/:id/documents', async (req, res) => {
    res.json({ documents: await documents.list(String(req.params.id), req.actor) });
  });

  r.post('/:id/documents', writers, rawFile(limit), async (req, res) => {
    const doc = await documents.upload(
      {
        siteId: String(req.params.id),
        query: req.query,
        contentType: req.get('content-type'),
        body: req.body,
      },
      req.actor!,
      String(req.id),
    );
    res.status(201).location(`/api/sites/${req.params.id}/documents/${doc.id}`).json(doc);
  });

  r.get('/:id/documents/:docId', async (req, res) => {
    const { document, content } = await documents.file(
      String(req.params.id),
      String(req.params.docId),
      req.actor,
    );
    res.setHeader('Content-Type', document.mime);
    res.setHeader('Content-Disposition', disposition(document.name));
    res.setHeader('Content-Length', String(content.length));
    res.end(content);
  });

  r.delete('/:id/documents/:docId', writers, async (req, res) => {
    await documents.delete(String(req.params.id), String(req.params.docId), req.actor!, String(req.id));
    res.status(204).end();
  });

  return r;
}
