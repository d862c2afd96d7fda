/**
 * OGC API – Features (Part 1 Core, GeoJSON, HTML) at /ogc. HTTP only: format negotiation,
 * parameter checks and sending; the documents come from OgcService. Errors are thrown as
 * domain errors, which the app's error handler writes as OGC exceptions `{ code, description }`.
 */
import { type Request, type Response, Router } from 'express';
import type { Database } from '../../db/database.ts';
import { DomainError, NotFoundError } from '../../shared/errors.ts';
import { readerFor } from '../../shared/read-routing.ts';
import type { InfrastructureService } from '../infrastructure/infrastructure.service.ts';
import type { SitesService } from '../sites/sites.service.ts';
import { ogcCollections } from './ogc.collections.ts';
import {
  collectionHtml,
  collectionsHtml,
  conformanceHtml,
  itemHtml,
  itemsHtml,
  landingHtml,
} from './ogc.html.ts';
import { assertKnownParams, negotiateFormat, parseItemsQuery } from './ogc.schemas.ts';
import { MEDIA, type OgcRequest, OgcService } from './ogc.service.ts';

/**
 * Scheme and host the caller used. `req.host` is the Host header (with its port), or
 * X-Forwarded-Host when a trusted proxy (`trust proxy`: loopback) sent it, like `req.protocol`.
 */
const origin = (req: Request) => `${req.protocol}://${req.host ?? 'localhost'}`;

/** The absolute URL of /ogc as the caller reached it. */
function ogcRequest(req: Request): OgcRequest {
  return {
    base: `${origin(req)}${req.baseUrl}`,
    format: negotiateFormat(req),
    actor: req.actor,
  };
}

function send(res: Response, o: OgcRequest, jsonType: string, doc: unknown, html: () => string): void {
  // The same URL answers JSON or HTML depending on Accept.
  res.vary('Accept');
  // What a logged-in caller sees (unpublished sites, confidential fields) must stay out of shared caches.
  if (o.actor) res.setHeader('Cache-Control', 'private, no-store');
  if (o.format === 'html') res.type(MEDIA.html).send(html());
  else res.type(jsonType).json(doc);
}

/** Query parameters exactly as sent (repeated keys and all), to carry into next/prev links. */
const paramsOf = (req: Request) => new URL(req.originalUrl, 'http://x').searchParams;

interface OgcReaders {
  sites: SitesService;
  infrastructure: InfrastructureService;
}

/**
 * `replica`: the services over the read pool (db.read), for anonymous callers
 * (shared/read-routing.ts); signed-in callers read the primary.
 */
export function ogcRoutes(deps: OgcReaders & { db: Database; replica?: OgcReaders }): Router {
  const primary = new OgcService(ogcCollections(deps.db.knex, deps.sites, deps.infrastructure));
  const replica = deps.replica
    ? new OgcService(ogcCollections(deps.db.read, deps.replica.sites, deps.replica.infrastructure))
    : primary;
  const r = Router();

  r.get('/', (req, res) => {
    const ogc = readerFor(req, primary, replica);
    assertKnownParams(req.query, ['f']);
    const o = ogcRequest(req);
    const doc = ogc.landing(o);
    send(res, o, MEDIA.json, doc, () => landingHtml(o.base, doc));
  });

  // Clients that look for the API definition next to the landing page (GDAL's fallback).
  r.get('/api', (req, res) => {
    res.redirect(302, `${origin(req)}/api/openapi.json`);
  });

  r.get('/conformance', (req, res) => {
    const ogc = readerFor(req, primary, replica);
    assertKnownParams(req.query, ['f']);
    const o = ogcRequest(req);
    const doc = ogc.conformance(o);
    send(res, o, MEDIA.json, doc, () => conformanceHtml(o.base, doc));
  });

  r.get('/collections', async (req, res) => {
    const ogc = readerFor(req, primary, replica);
    assertKnownParams(req.query, ['f']);
    const o = ogcRequest(req);
    const doc = await ogc.collectionsDoc(o);
    send(res, o, MEDIA.json, doc, () => collectionsHtml(o.base, doc));
  });

  r.get('/collections/:collectionId', async (req, res) => {
    const ogc = readerFor(req, primary, replica);
    assertKnownParams(req.query, ['f']);
    const o = ogcRequest(req);
    const doc = await ogc.collectionDoc(o, req.params.collectionId);
    send(res, o, MEDIA.json, doc, () => collectionHtml(o.base, doc));
  });

  r.get('/collections/:collectionId/items', async (req, res) => {
    const ogc = readerFor(req, primary, replica);
    const collection = ogc.collection(req.params.collectionId);
    const query = parseItemsQuery(req.query, collection.filterKeys);
    const o = ogcRequest(req);
    const doc = await ogc.items(o, collection, query, paramsOf(req));
    send(res, o, MEDIA.geojson, doc, () => itemsHtml(o.base, collection, doc, query.offset));
  });

  r.get('/collections/:collectionId/items/:featureId', async (req, res) => {
    const ogc = readerFor(req, primary, replica);
    const collection = ogc.collection(req.params.collectionId);
    assertKnownParams(req.query, ['f']);
    const o = ogcRequest(req);
    const doc = await ogc.item(o, collection, req.params.featureId);
    send(res, o, MEDIA.geojson, doc, () => itemHtml(o.base, collection, doc));
  });

  // Inside the router, so unknown /ogc paths get an OGC exception rather than the UI or /api's shape.
  r.use((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      throw new DomainError(405, 'method_not_allowed', `${req.method} is not supported here; use GET.`);
    }
    throw new NotFoundError(
      `No OGC API resource at ${req.baseUrl}${req.path}; start from ${req.baseUrl} (landing page).`,
    );
  });

  return r;
}
