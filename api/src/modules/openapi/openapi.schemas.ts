/**
 * zod schemas of what the API returns, and of the few inputs whose schema no module exports.
 * Request schemas come from their modules (imported, never copied); the response shapes here
 * follow the services' TypeScript types, field for field. Modules that own their contract
 * (auth, matching, roads) keep it in their `<module>.schemas.ts`. Responses are `looseObject`s: the
 * contract lets fields be added, so clients must not reject unknown ones.
 */
import { z } from 'zod';
import { polygonalGeometrySchema } from '../../shared/geo.ts';
import { ACCESS_KINDS } from '../access/access-kinds.ts';
import { MAX_EXPORT_ROWS } from '../export/sites-export.service.ts';
import { FORMAT_NAMES, SIZE_CLASSES } from '../import/import.types.ts';
import { INFRA_KINDS, infrastructureQuerySchema } from '../infrastructure/infrastructure.schemas.ts';
import { needsSchema } from '../matching/needs.schema.ts';
import {
  LOSS_REASONS,
  PROJECT_STATUSES,
  projectCreateSchema,
  projectPatchSchema,
  SECTORS,
  shortlistItemSchema,
  shortlistPutSchema,
} from '../projects/projects.schemas.ts';
import { SITE_FIELDS, type SiteField } from '../sites/site.fields.ts';
import {
  geometryDetailSchema,
  siteCreateSchema,
  siteFilterObject,
  sitePatchSchema,
} from '../sites/sites.schemas.ts';
import { component, described } from './openapi.registry.ts';

// ---------------------------------------------------------------------------------------------
// Request schemas of other modules, named once so every operation refers to the same component.

component(
  'PolygonalGeometry',
  polygonalGeometrySchema,
  'GeoJSON Polygon or MultiPolygon, lon/lat (EPSG:4326).',
);
component('SiteCreate', siteCreateSchema, 'A GeoJSON Feature; unknown properties are refused.');
component('SitePatch', sitePatchSchema, 'The properties and/or geometry to change; null clears a field.');
component('ProjectCreate', projectCreateSchema);
component('ProjectPatch', projectPatchSchema, 'A status change may carry lossReason and statusNote.');
component(
  'ShortlistPut',
  shortlistPutSchema,
  'The whole list, in rank order (it replaces the previous one).',
);
// ---------------------------------------------------------------------------------------------
// Inputs no module exports a schema for (see the OpenAPI notes in the final report).

const flag = z.enum(['true', 'false']);

/** `POST /api/import/:format` query: a copy of the private schema in import.routes.ts. */
export const importQuerySchema = z.strictObject({
  dryRun: flag.default('false'),
  skipInvalid: flag.default('false'),
  includeSmall: flag.default('false'),
  name: z.string().max(200).optional(),
});

/** The filters the sites tiles accept: tiles.filters.ts keeps its key list private. */
export const tileFilterQuerySchema = siteFilterObject.pick({
  label: true,
  status: true,
  region: true,
  department: true,
  minAreaHa: true,
  maxAreaHa: true,
  minPowerMw: true,
  railSiding: true,
  quay: true,
  brownfield: true,
});

/**
 * OGC API Features items query: OGC paging and bbox (ogc.schemas.ts parses them by hand), then
 * each collection's own filters (siteFilterObject for sites, the infrastructure query's kind
 * and minVoltageKv), which the route refuses on the other collection.
 */
export const ogcItemsQuerySchema = siteFilterObject.omit({ bbox: true, limit: true, offset: true }).extend({
  bbox: z.string().optional(),
  'bbox-crs': z.literal('http://www.opengis.net/def/crs/OGC/1.3/CRS84').optional(),
  limit: z.coerce.number().int().min(1).default(10),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  f: z.enum(['json', 'html']).optional(),
  geometry: geometryDetailSchema.optional(),
  kind: infrastructureQuerySchema.shape.kind,
  minVoltageKv: infrastructureQuerySchema.shape.minVoltageKv,
});

/** Site downloads: the list filters, and a window up to a whole download (sites-export.service.ts). */
export const siteExportQuerySchema = siteFilterObject.omit({ limit: true, offset: true }).extend({
  limit: z.coerce.number().int().min(1).max(MAX_EXPORT_ROWS).default(MAX_EXPORT_ROWS),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ogcFormatQuerySchema = z.strictObject({ f: z.enum(['json', 'html']).optional() });

// ---------------------------------------------------------------------------------------------
// Errors

export const errorSchema = component(
  'Error',
  z.looseObject({
    error: z.looseObject({
      code: described(z.string(), 'Stable machine-readable code: invalid_input, unauthenticated, forbidden…'),
      message: described(z.string(), 'What was wrong and what to send instead.'),
      details: z
        .union([
          z.array(z.looseObject({ field: z.string(), message: z.string() })),
          z.record(z.string(), z.unknown()),
        ])
        .optional(),
    }),
  }),
  'Every /api and /tiles error: `{ error: { code, message, details? } }`; details name the wrong fields.',
);

export const ogcExceptionSchema = component(
  'OgcException',
  z.looseObject({ code: z.string(), description: z.string() }),
  'OGC API exception: errors under /ogc are `{ code, description }`.',
);

// ---------------------------------------------------------------------------------------------
// Health, config

export const healthSchema = component(
  'Health',
  z.looseObject({
    status: described(
      z.enum(['ok', 'degraded', 'unavailable']),
      '`degraded` (200): reads work but a write failed for lack of disk space in the last 5 minutes.',
    ),
    database: z.enum(['postgis', 'embedded']),
    postgis: z.string().nullable(),
    capabilities: z.looseObject({ mvt: z.boolean() }).optional(),
    reason: described(
      z.enum(['timeout', 'unreachable', 'disk_full']),
      'Why the database check failed (503), or why it is degraded (200).',
    ).optional(),
    dbMs: described(z.number().int(), 'Time the database check took, in ms.').optional(),
    diskFullAt: described(z.string(), 'When a write last failed for lack of disk space.').optional(),
  }),
);

export const configSchema = component(
  'ClientConfig',
  z.looseObject({ basemapStyleUrl: z.string().nullable(), engine: z.enum(['postgis', 'embedded']) }),
  'What the map UI needs to start.',
);

// ---------------------------------------------------------------------------------------------
// Sites

function propertySchema(fd: SiteField): z.ZodType {
  const notes = [
    fd.access === 'confidential' ? 'Confidential: returned to signed-in callers only.' : '',
    fd.readOnly ? 'Computed by the service.' : '',
  ].filter(Boolean);
  const s = fd.schema.nullable();
  return notes.length ? described(s, notes.join(' '), fd.readOnly ? { readOnly: true } : {}) : s;
}

const siteProperties = (fields: readonly SiteField[], extra: Record<string, z.ZodType> = {}) =>
  z.looseObject({ ...Object.fromEntries(fields.map((fd) => [fd.key, propertySchema(fd)])), ...extra });

export const accessEntrySchema = component(
  'AccessEntry',
  z.looseObject({
    kind: z.enum(ACCESS_KINDS),
    name: z.string().nullable(),
    distanceM: described(z.number().int(), 'Straight-line distance in metres (Lambert-93).'),
    infrastructureId: z.string().nullable(),
    driveMinutes: described(
      z.number().nullable(),
      'Minutes by car to the nearest target by road (`driveTarget`), or the estimate (see `method`).',
    ).optional(),
    truckMinutes: described(
      z.number().nullable(),
      'Minutes by heavy-goods vehicle (90 km/h on motorways, 80 elsewhere); null for substations or where no truck route exists.',
    ).optional(),
    method: described(
      z.enum(['road', 'estimate']).nullable(),
      '`road`: shortest time on the imported OSM road graph; `estimate`: straight line × 1.3 at 60 km/h (car) / 50 km/h (truck), where no graph covers the site (lower confidence).',
    ).optional(),
    driveTarget: z
      .looseObject({ name: z.string().nullable(), infrastructureId: z.string().nullable() })
      .nullable()
      .optional(),
  }),
  'Nearest infrastructure of one kind (substation_63kv = nearest substation of at least 63 kV).',
);

export const labourPoolEntrySchema = component(
  'LabourPoolEntry',
  z.looseObject({
    minutes: z.union([z.literal(20), z.literal(30), z.literal(45)]),
    population: described(
      z.number().int(),
      'INSEE 2021 population of the communes whose centre is in reach.',
    ),
    active: described(z.number().int(), 'Active people aged 15–64 (2021) in those communes.'),
    unemployed: described(z.number().int(), 'Unemployed people aged 15–64 (2021) in those communes.'),
    communes: z.number().int(),
    method: described(
      z.enum(['road', 'estimate']),
      '`road`: the site is on the road graph (communes off the graph counted by estimate); `estimate`: straight line × 1.3 at 60 km/h.',
    ),
  }),
  'The labour pool within a drive time of a site.',
);

const siteFeature = (properties: z.ZodType) =>
  z.looseObject({
    type: z.literal('Feature'),
    id: z.uuid(),
    geometry: polygonalGeometrySchema,
    properties,
  });

export const siteListFeatureSchema = component(
  'SiteListFeature',
  siteFeature(siteProperties(SITE_FIELDS.filter((fd) => fd.list && fd.access === 'public'))),
  'A site in a list: its geometry and the list properties.',
);

export const siteFeatureSchema = component(
  'SiteFeature',
  siteFeature(
    siteProperties(SITE_FIELDS, {
      access: described(z.array(accessEntrySchema), 'Only on GET /api/sites/{id}.').optional(),
      labourPool: described(
        z.array(labourPoolEntrySchema),
        'Only on GET /api/sites/{id}: population within 20, 30 and 45 minutes by car.',
      ).optional(),
    }),
  ),
  'One site with every field its caller may read (null = unknown).',
);

const featureCollection = (feature: z.ZodType) =>
  z.looseObject({
    type: z.literal('FeatureCollection'),
    numberMatched: described(z.number().int(), 'Features matching the filters, all pages together.'),
    numberReturned: z.number().int(),
    features: z.array(feature),
  });

export const siteCollectionSchema = component(
  'SiteFeatureCollection',
  featureCollection(siteListFeatureSchema),
);

// ---------------------------------------------------------------------------------------------
// Infrastructure

const pointSchema = component(
  'Point',
  z.looseObject({ type: z.literal('Point'), coordinates: z.array(z.number()).min(2).max(3) }),
);

export const infrastructureFeatureSchema = component(
  'InfrastructureFeature',
  z.looseObject({
    type: z.literal('Feature'),
    id: z.string(),
    geometry: pointSchema,
    properties: z.looseObject({
      kind: z.enum(INFRA_KINDS),
      name: z.string().nullable(),
      voltageKv: z.number().nullable(),
      sizeClass: z.enum(SIZE_CLASSES).nullable(),
      operator: z.string().nullable(),
      source: z.string(),
      sourceId: z.string(),
      sourceUrl: z.string().nullable(),
      attrs: z.record(z.string(), z.unknown()).nullable(),
    }),
  }),
);

export const infrastructureCollectionSchema = component(
  'InfrastructureFeatureCollection',
  featureCollection(infrastructureFeatureSchema),
);

// ---------------------------------------------------------------------------------------------
// Projects

const bilingual = z.looseObject({ fr: z.string(), en: z.string() });
const share = z.number().min(0).max(1);

const statusChange = z.looseObject({
  from: z.enum(PROJECT_STATUSES).nullable(),
  to: z.enum(PROJECT_STATUSES),
  lossReason: z.string().nullable(),
  note: z.string().nullable(),
  at: z.string(),
  by: z.string().nullable(),
  byName: z.string().nullable(),
});

const projectShape = {
  id: z.uuid(),
  name: z.string(),
  company: z.string().nullable(),
  sector: z.enum(SECTORS),
  originCountry: z.string().nullable(),
  jobs: z.number().int().nullable(),
  investmentEur: z.number().nullable(),
  contact: projectCreateSchema.shape.contact.unwrap(),
  needs: needsSchema.nullable(),
  notes: z.string().nullable(),
  status: z.enum(PROJECT_STATUSES),
  lossReason: z.enum(LOSS_REASONS).nullable(),
  lossNote: z.string().nullable(),
  statusChangedAt: z.string(),
  ownerOrganisation: z.string().nullable(),
  territories: z.array(z.string()),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  shortlistCount: z.number().int(),
};

export const projectSummarySchema = component('ProjectSummary', z.looseObject(projectShape));
export const projectSchema = component(
  'Project',
  z.looseObject({ ...projectShape, statusHistory: z.array(statusChange) }),
  'An investor project (confidential) with its status history.',
);
export const projectListSchema = component(
  'ProjectList',
  z.looseObject({ total: z.number().int(), projects: z.array(projectSummarySchema) }),
);

// The snapshot keeps the match blobs in the shape the shortlist PUT accepts.
const snapshotCriterion = shortlistItemSchema.shape.criteria.unwrap().unwrap().element;
const snapshotFailure = shortlistItemSchema.shape.failed.unwrap().unwrap().element;
const snapshotNote = shortlistItemSchema.shape.confidenceNotes.unwrap().unwrap().element;
const snapshotFlag = shortlistItemSchema.shape.flags.unwrap().unwrap().element;

const snapshotSchema = z.looseObject({
  takenAt: z.string(),
  source: z.enum(['match', 'computed', 'none']),
  algorithmVersion: z.string().nullable(),
  score: share.nullable(),
  scoreKind: described(
    z.enum(['weighted_sum', 'topsis_closeness']).nullable(),
    'How the score was computed; null for snapshots taken before the 2.0 engine.',
  ).optional(),
  confidence: share.nullable(),
  confidenceNotes: described(z.array(snapshotNote), 'The facts that lowered the confidence.').optional(),
  flags: described(
    z.array(snapshotFlag),
    'What the reader must know: under option, power to confirm…',
  ).optional(),
  criteria: z.array(snapshotCriterion),
  failed: z.array(snapshotFailure),
  site: z.record(z.string(), z.unknown()),
  access: described(z.record(z.string(), z.number()), 'Access kind → distance in metres.'),
});

export const shortlistSchema = component(
  'Shortlist',
  z.looseObject({
    projectId: z.uuid(),
    items: z.array(
      z.looseObject({
        rank: z.number().int().min(1),
        siteId: z.uuid(),
        note: z.string().nullable(),
        addedAt: z.string(),
        addedBy: z.string().nullable(),
        score: share.nullable(),
        confidence: share.nullable(),
        siteDeleted: z.boolean(),
        snapshot: snapshotSchema,
        site: z
          .looseObject({
            facts: z.record(z.string(), z.unknown()),
            access: z.array(accessEntrySchema),
            location: z.tuple([z.number(), z.number()]).nullable(),
          })
          .nullable(),
        changedSince: z.array(
          // biome-ignore lint/suspicious/noThenProperty: the API's field name (FieldChange in shortlist.snapshot.ts).
          z.looseObject({ field: z.string(), then: z.unknown(), now: z.unknown() }),
        ),
      }),
    ),
  }),
  'The shortlist: each item with the snapshot taken when it was added and what changed since.',
);

export const compareSchema = component(
  'Comparison',
  z.looseObject({
    projectId: z.uuid(),
    sites: z.array(
      z.looseObject({
        siteId: z.uuid(),
        name: z.string(),
        rank: z.number().int().nullable(),
        inShortlist: z.boolean(),
        siteDeleted: z.boolean(),
      }),
    ),
    rows: z.array(
      z.looseObject({
        key: z.string(),
        group: z.enum(['summary', 'criterion', 'fact', 'access']),
        label: bilingual,
        unit: z.string().nullable(),
        better: z.enum(['higher', 'lower', 'earlier', 'order']).nullable(),
        values: z.array(z.looseObject({ siteId: z.uuid(), value: z.unknown(), best: z.boolean() })),
      }),
    ),
  }),
);

export const observatorySchema = component(
  'Observatory',
  z.looseObject({
    generatedAt: z.string(),
    total: z.number().int(),
    bySector: z.array(
      z.looseObject({
        sector: z.enum(SECTORS),
        count: z.number().int(),
        open: z.number().int(),
        landed: z.number().int(),
        lost: z.number().int(),
      }),
    ),
    byStatus: z.array(z.looseObject({ status: z.enum(PROJECT_STATUSES), count: z.number().int() })),
    byTerritory: z.array(
      z.looseObject({
        territory: z.string().nullable(),
        count: z.number().int(),
        landed: z.number().int(),
        lost: z.number().int(),
      }),
    ),
    outcomes: z.looseObject({ open: z.number().int(), landed: z.number().int(), lost: z.number().int() }),
    lossReasons: z.array(z.looseObject({ reason: z.string(), count: z.number().int() })),
    byMonth: z.array(
      z.looseObject({
        month: z.string(),
        created: z.number().int(),
        landed: z.number().int(),
        lost: z.number().int(),
      }),
    ),
  }),
  'Aggregate counts of the projects the caller may see (no project names).',
);

// ---------------------------------------------------------------------------------------------
// Import

const writeCounts = z.looseObject({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});

export const importReportSchema = component(
  'ImportReport',
  z.looseObject({
    format: z.enum(FORMAT_NAMES),
    target: z.enum(['infrastructure', 'sites', 'mixed']),
    file: z.string(),
    ok: described(z.boolean(), 'The transaction was committed (always false for a dry run).'),
    dryRun: z.boolean(),
    skipInvalid: z.boolean(),
    error: described(z.string().nullable(), 'A problem with the file as a whole.'),
    read: z.number().int(),
    valid: z.number().int(),
    invalid: z.array(z.looseObject({ line: z.number().int(), reason: z.string() })),
    invalidCount: z.number().int(),
    skipped: z.number().int(),
    skippedReasons: z.record(z.string(), z.number().int()),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    byTarget: z.looseObject({ infrastructure: writeCounts, sites: writeCounts }),
    changed: z.looseObject({
      ids: z.array(z.string()),
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
      kinds: z.array(z.string()),
    }),
    changedSiteIds: z.array(z.string()),
    durationMs: z.number(),
  }),
);

// ---------------------------------------------------------------------------------------------
// Tiles

export const tileJsonSchema = component(
  'TileJSON',
  z.looseObject({
    tilejson: z.literal('3.0.0'),
    name: z.string(),
    description: z.string(),
    scheme: z.literal('xyz'),
    tiles: z.array(z.string()),
    minzoom: z.number().int(),
    maxzoom: z.number().int(),
    bounds: z.array(z.number()).length(4),
    center: z.array(z.number()).length(3),
    attribution: z.string(),
    vector_layers: z.array(
      z.looseObject({
        id: z.string(),
        fields: z.record(z.string(), z.string()),
        minzoom: z.number().int(),
        maxzoom: z.number().int(),
      }),
    ),
  }),
  'TileJSON 3.0.0 of one vector-tile layer.',
);

// ---------------------------------------------------------------------------------------------
// OGC API – Features (Part 1: Core)

const ogcLink = component(
  'OgcLink',
  z.looseObject({
    href: z.string(),
    rel: z.string(),
    type: z.string().optional(),
    title: z.string().optional(),
  }),
);
const links = z.array(ogcLink);

export const ogcLandingSchema = component(
  'OgcLandingPage',
  z.looseObject({ title: z.string().optional(), description: z.string().optional(), links }),
);

export const ogcConformanceSchema = component(
  'OgcConformance',
  z.looseObject({ conformsTo: z.array(z.string()), links: links.optional() }),
);

export const ogcCollectionSchema = component(
  'OgcCollection',
  z.looseObject({
    id: z.enum(['sites', 'infrastructure']),
    title: z.string().optional(),
    description: z.string().optional(),
    links,
    extent: z
      .looseObject({
        spatial: z.looseObject({ bbox: z.array(z.array(z.number())), crs: z.string().optional() }).optional(),
        temporal: z.looseObject({ interval: z.array(z.array(z.string().nullable())) }).optional(),
      })
      .optional(),
    itemType: z.literal('feature').optional(),
    crs: z.array(z.string()).optional(),
  }),
);

export const ogcCollectionsSchema = component(
  'OgcCollections',
  z.looseObject({ links, collections: z.array(ogcCollectionSchema) }),
);

const ogcFeature = z.looseObject({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.looseObject({ type: z.string() }).nullable(),
  properties: z.record(z.string(), z.unknown()).nullable(),
  links: links.optional(),
});

export const ogcFeatureSchema = component(
  'OgcFeature',
  ogcFeature,
  'A site (public fields unless signed in) or an infrastructure point.',
);

export const ogcFeatureCollectionSchema = component(
  'OgcFeatureCollection',
  z.looseObject({
    type: z.literal('FeatureCollection'),
    features: z.array(ogcFeatureSchema),
    links,
    numberMatched: z.number().int().optional(),
    numberReturned: z.number().int(),
    timeStamp: z.string().optional(),
  }),
);
