/**
 * The feature collections served at /ogc, each a thin adapter over the module that owns the
 * data: sites go through SitesService (its filters, its visibility rules, its indexed list
 * query and count), infrastructure through the same list query as `GET /api/infrastructure`.
 */
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { Actor } from '../auth/auth.types.ts';
import { infrastructureQuerySchema } from '../infrastructure/infrastructure.schemas.ts';
import type { InfrastructureService } from '../infrastructure/infrastructure.service.ts';
import { siteFilterObject } from '../sites/sites.schemas.ts';
import { type SitesService, visibilityFor } from '../sites/sites.service.ts';
import type { ItemsQuery, OgcCollectionId, OgcFeature } from './ogc.schemas.ts';
import { type Bbox, extentOf } from './ogc.store.pg.ts';

export interface OgcPage {
  features: OgcFeature[];
  numberMatched: number;
}

export interface OgcCollection {
  id: OgcCollectionId;
  title: string;
  description: string;
  /** Query parameters of the items endpoint besides f, limit, offset, bbox and bbox-crs. */
  filterKeys: readonly string[];
  /** Properties shown as columns of the HTML table of items. */
  htmlColumns: readonly string[];
  list(query: ItemsQuery, actor?: Actor): Promise<OgcPage>;
  get(featureId: string, actor?: Actor): Promise<OgcFeature>;
  extent(actor?: Actor): Promise<Bbox | null>;
}

const OGC_OWN_KEYS = new Set(['bbox', 'limit', 'offset']);
const filterKeysOf = (schema: z.ZodObject) => Object.keys(schema.shape).filter((k) => !OGC_OWN_KEYS.has(k));

/**
 * An extent scans its whole table (≈100 ms for 200,000 points on PostGIS), so each audience's
 * extent is computed at most once per `ttlMs`; a write shows in the extent within that delay.
 */
function cachedExtent(compute: (publishedOnly: boolean) => Promise<Bbox | null>, ttlMs = 60_000) {
  const memo = new Map<boolean, { at: number; value: Promise<Bbox | null> }>();
  return (publishedOnly: boolean): Promise<Bbox | null> => {
    const hit = memo.get(publishedOnly);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = compute(publishedOnly);
    memo.set(publishedOnly, { at: Date.now(), value });
    value.catch(() => memo.delete(publishedOnly));
    return value;
  };
}

/** The collection's own query: its filters plus bbox and paging, in the names /api uses. */
function listQuery(q: ItemsQuery): Record<string, unknown> {
  return {
    ...q.filters,
    ...(q.bbox === undefined ? {} : { bbox: q.bbox }),
    limit: q.limit,
    offset: q.offset,
  };
}

function sitesCollection(knex: Knex, sites: SitesService): OgcCollection {
  const extent = cachedExtent((publishedOnly) => extentOf(knex, 'sites', publishedOnly));
  return {
    id: 'sites',
    title: 'Industrial sites',
    description:
      'Plots and business parks offered to industrial projects in France (SITE-ECO fields plus power, ' +
      'readiness and provenance). Anonymous callers see published sites and public fields only.',
    // `geometry=full`: whole outlines instead of the simplified ones lists send by default.
    filterKeys: [...filterKeysOf(siteFilterObject), 'geometry'],
    htmlColumns: ['name', 'communeName', 'department', 'availableAreaHa', 'status'],
    // OGC clients page with numberMatched: always the exact count.
    list: (q, actor) => sites.list({ ...listQuery(q), exactCount: 'true' }, actor),
    get: (id, actor) => sites.get(id, actor),
    extent: (actor) => extent(!visibilityFor(actor).unpublished),
  };
}

function infrastructureCollection(knex: Knex, infrastructure: InfrastructureService): OgcCollection {
  const extent = cachedExtent(() => extentOf(knex, 'infrastructure'));
  return {
    id: 'infrastructure',
    title: 'Infrastructure',
    description:
      'Motorway access points, rail freight terminals and stations, ports, airports and high-voltage ' +
      'substations near the sites (public data).',
    filterKeys: filterKeysOf(infrastructureQuerySchema),
    htmlColumns: ['kind', 'name', 'voltageKv', 'operator'],
    list: (q) => infrastructure.page(listQuery(q)),
    get: (rawId) => infrastructure.get(rawId),
    extent: () => extent(false),
  };
}

export function ogcCollections(
  knex: Knex,
  sites: SitesService,
  infrastructure: InfrastructureService,
): OgcCollection[] {
  return [sitesCollection(knex, sites), infrastructureCollection(knex, infrastructure)];
}
