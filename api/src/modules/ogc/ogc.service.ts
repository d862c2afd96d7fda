/**
 * The OGC API – Features documents (landing page, conformance, collections, items, item),
 * with absolute links built from the request's base URL. The HTML views render these same
 * documents, so both formats always say the same thing.
 */
import { NotFoundError } from '../../shared/errors.ts';
import type { Actor } from '../auth/auth.types.ts';
import type { OgcCollection } from './ogc.collections.ts';
import {
  type CollectionDoc,
  type CollectionsDoc,
  type Conformance,
  CRS84,
  type Format,
  type ItemDoc,
  type ItemsDoc,
  type ItemsQuery,
  type LandingPage,
  type Link,
} from './ogc.schemas.ts';

export const MEDIA = {
  json: 'application/json',
  geojson: 'application/geo+json',
  html: 'text/html',
  openapi: 'application/vnd.oai.openapi+json;version=3.1',
} as const;

export const CONFORMANCE_CLASSES = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
];

/** Who asks, in which format, and the absolute URL of /ogc on the host they called. */
export interface OgcRequest {
  base: string;
  format: Format;
  actor?: Actor;
}

/** `href` with `params` and an explicit `f`, so every link states the format it returns. */
function withFormat(href: string, params: URLSearchParams, f: Format): string {
  const p = new URLSearchParams(params);
  p.set('f', f);
  return `${href}?${p.toString()}`;
}

/** The self link in the response's format and its alternate in the other one. */
function selfLinks(
  href: string,
  params: URLSearchParams,
  format: Format,
  jsonType: string,
  title: string,
): Link[] {
  const json = { href: withFormat(href, params, 'json'), type: jsonType, title: `${title} (JSON)` };
  const html = { href: withFormat(href, params, 'html'), type: MEDIA.html, title: `${title} (HTML)` };
  return format === 'json'
    ? [
        { rel: 'self', ...json },
        { rel: 'alternate', ...html },
      ]
    : [
        { rel: 'self', ...html },
        { rel: 'alternate', ...json },
      ];
}

const NONE = new URLSearchParams();
const typeOf = (format: Format, jsonType: string) => (format === 'json' ? jsonType : MEDIA.html);

export class OgcService {
  private readonly byId: Map<string, OgcCollection>;

  constructor(private readonly collections: readonly OgcCollection[]) {
    this.byId = new Map(collections.map((c) => [c.id, c]));
  }

  /** The collection, or a 404 naming the ones that exist. */
  collection(id: string): OgcCollection {
    const c = this.byId.get(id);
    if (!c) {
      throw new NotFoundError(
        `No collection '${id}'; the collections are ${[...this.byId.keys()].join(', ')}.`,
      );
    }
    return c;
  }

  landing({ base, format }: OgcRequest): LandingPage {
    const root = new URL(base);
    return {
      title: 'landmatch — OGC API – Features',
      description:
        'Industrial sites for new and relocating factories in France, and the infrastructure around ' +
        'them, as OGC API – Features (Part 1 Core, GeoJSON, HTML). Anonymous callers see published ' +
        'sites and public fields; send a session cookie or an API token (Authorization: Bearer) for more.',
      links: [
        ...selfLinks(base, NONE, format, MEDIA.json, 'This document'),
        {
          href: `${root.origin}/api/openapi.json`,
          rel: 'service-desc',
          type: MEDIA.openapi,
          title: 'The API definition (OpenAPI 3.0)',
        },
        { href: `${root.origin}/api/docs`, rel: 'service-doc', type: MEDIA.html, title: 'API documentation' },
        {
          href: withFormat(`${base}/conformance`, NONE, format),
          rel: 'conformance',
          type: typeOf(format, MEDIA.json),
          title: 'Conformance classes implemented by this server',
        },
        {
          href: withFormat(`${base}/collections`, NONE, format),
          rel: 'data',
          type: typeOf(format, MEDIA.json),
          title: 'The feature collections',
        },
      ],
    };
  }

  conformance({ base, format }: OgcRequest): Conformance {
    return {
      conformsTo: CONFORMANCE_CLASSES,
      links: selfLinks(`${base}/conformance`, NONE, format, MEDIA.json, 'Conformance'),
    };
  }

  async collectionsDoc(req: OgcRequest): Promise<CollectionsDoc> {
    return {
      links: selfLinks(`${req.base}/collections`, NONE, req.format, MEDIA.json, 'Collections'),
      collections: await Promise.all(this.collections.map((c) => this.describe(c, req))),
    };
  }

  async collectionDoc(req: OgcRequest, id: string): Promise<CollectionDoc> {
    return this.describe(this.collection(id), req);
  }

  async items(
    req: OgcRequest,
    collection: OgcCollection,
    query: ItemsQuery,
    params: URLSearchParams,
  ): Promise<ItemsDoc> {
    const { features, numberMatched } = await collection.list(query, req.actor);
    const href = `${req.base}/collections/${collection.id}/items`;
    const type = typeOf(req.format, MEDIA.geojson);
    // Next and prev keep every parameter of the request and move only the window.
    const page = (offset: number, rel: 'next' | 'prev', title: string): Link => {
      const p = new URLSearchParams(params);
      p.set('limit', String(query.limit));
      p.set('offset', String(offset));
      return { href: withFormat(href, p, req.format), rel, type, title };
    };
    const links = [
      ...selfLinks(href, params, req.format, MEDIA.geojson, `${collection.title}: items`),
      this.collectionLink(req, collection),
    ];
    if (query.offset + features.length < numberMatched) {
      links.push(page(query.offset + query.limit, 'next', 'Next page'));
    }
    if (query.offset > 0) {
      links.push(page(Math.max(0, query.offset - query.limit), 'prev', 'Previous page'));
    }
    return {
      type: 'FeatureCollection',
      numberMatched,
      numberReturned: features.length,
      timeStamp: new Date().toISOString(),
      links,
      features,
    };
  }

  async item(req: OgcRequest, collection: OgcCollection, featureId: string): Promise<ItemDoc> {
    const feature = await collection.get(featureId, req.actor);
    const href = `${req.base}/collections/${collection.id}/items/${encodeURIComponent(feature.id)}`;
    return {
      ...feature,
      links: [
        ...selfLinks(href, NONE, req.format, MEDIA.geojson, 'This feature'),
        this.collectionLink(req, collection),
      ],
    };
  }

  private collectionLink(req: OgcRequest, c: OgcCollection): Link {
    return {
      href: withFormat(`${req.base}/collections/${c.id}`, NONE, req.format),
      rel: 'collection',
      type: typeOf(req.format, MEDIA.json),
      title: c.title,
    };
  }

  private async describe(c: OgcCollection, req: OgcRequest): Promise<CollectionDoc> {
    const bbox = await c.extent(req.actor);
    const href = `${req.base}/collections/${c.id}`;
    return {
      id: c.id,
      title: c.title,
      description: c.description,
      extent: {
        // An empty collection has no extent to state rather than a made-up one.
        ...(bbox ? { spatial: { bbox: [bbox], crs: CRS84 } } : {}),
        // No time dimension is served: an interval open at both ends.
        temporal: { interval: [[null, null]] },
      },
      itemType: 'feature',
      crs: [CRS84],
      links: [
        ...selfLinks(href, NONE, req.format, MEDIA.json, c.title),
        {
          href: withFormat(`${href}/items`, NONE, 'json'),
          rel: 'items',
          type: MEDIA.geojson,
          title: 'Items (GeoJSON)',
        },
        {
          href: withFormat(`${href}/items`, NONE, 'html'),
          rel: 'items',
          type: MEDIA.html,
          title: 'Items (HTML)',
        },
      ],
    };
  }
}
