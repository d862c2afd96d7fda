/**
 * `GET /api/openapi.json` (the OpenAPI 3.1 document) and `GET /api/docs` (the same as HTML).
 * Both are built on first request and kept for the life of the process: the document depends
 * only on the code. Strong ETags from the bytes let clients and proxies revalidate for free.
 */
import crypto from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi.document.ts';
import { renderDocsHtml } from './openapi.html.ts';
import { OPERATIONS, TAGS } from './openapi.operations.ts';

interface Rendered {
  body: string;
  etag: string;
}

let documentCache: OpenApiDocument | undefined;
let jsonCache: Rendered | undefined;
let htmlCache: Rendered | undefined;

/** The document of this app, built once per process. */
export function openapiDocument(): OpenApiDocument {
  documentCache ??= buildOpenApiDocument(OPERATIONS, TAGS);
  return documentCache;
}

const rendered = (body: string): Rendered => ({
  body,
  etag: `"${crypto.createHash('sha1').update(body).digest('base64url')}"`,
});

/**
 * Compares If-None-Match by hand, like the tiles: Express's `req.fresh` ignores it whenever the
 * request also says `Cache-Control: no-cache`, which fetch() adds to every conditional request.
 */
function send(req: Request, res: Response, r: Rendered, type: string): void {
  res.setHeader('Cache-Control', 'public, max-age=300');
  res.setHeader('ETag', r.etag);
  if (req.get('if-none-match') === r.etag) {
    res.status(304).end();
    return;
  }
  res.type(type).send(r.body);
}

export function openapiRoutes(): Router {
  const r = Router();
  r.get('/openapi.json', (req, res) => {
    jsonCache ??= rendered(JSON.stringify(openapiDocument()));
    send(req, res, jsonCache, 'application/json');
  });
  r.get('/docs', (req, res) => {
    htmlCache ??= rendered(renderDocsHtml(openapiDocument()));
    send(req, res, htmlCache, 'text/html');
  });
  return r;
}
