/**
 * zod schemas of what the API returns, and of the few inputs whose schema no module exports.
 * Request schemas come from their modules (imported, never copied); the response shapes here
 * follow the services' TypeScript types, field for field. Responses are `looseObject`s: the
 * contract lets fields be added, so clients must not reject unknown ones.
 */
import { z } from 'zod';
import { polygonalGeometrySchema } from '../../shared/geo.ts';
import { loginSchema } from '../auth/auth.schemas.ts';
import { ROLES } from '../auth/auth.types.ts';
import { MAX_EXPORT_ROWS } from '../export/sites-export.service.ts';
import { infrastructureQuerySchema } from '../infrastructure/infrastructure.schemas.ts';
import { CRITERION_KEYS } from '../matching/criteria/index.ts';
import { MATCH_METHODS, matchRequestSchema, needsSchema } from '../matching/needs.schema.ts';
import { projectTemplateSchema } from '../matching/project-templates.ts';
import { projectCreateSchema, projectPatchSchema, shortlistPutSchema } from '../projects/projects.schemas.ts';
import { SITE_FIELDS, type SiteField } from '../sites/site.fields.ts';
import {
  accessEntrySchema,
  geometryDetailSchema,
  siteCreateSchema,
  siteFilterObject,
  sitePatchSchema,
} from '../sites/sites.schemas.ts';
import { component, described, featureCollection } from './openapi.registry.ts';

// ---------------------------------------------------------------------------------------------
// Request schemas of other modules, named once so every operation refers to the same component.

component(
  'PolygonalGeometry',
  polygonalGeometrySchema,
  'GeoJSON Polygon or MultiPolygon, lon/lat (EPSG:4326).',
);
component('Needs', needsSchema, 'A project’s needs (the matching form).', { inputShaped: true });
component('MatchRequest', matchRequestSchema, 'Needs plus optional weights, method and AHP judgements.');
component('Login', loginSchema);
component('SiteCreate', siteCreateSchema, 'A GeoJSON Feature; unknown properties are refused.');
component('SitePatch', sitePatchSchema, 'The properties and/or geometry to change; null clears a field.');
component('ProjectCreate', projectCreateSchema);
component('ProjectPatch', projectPatchSchema, 'A status change may carry lossReason and statusNote.');
component(
  'ShortlistPut',
  shortlistPutSchema,
  'The whole list, in rank order (it replaces the previous one).',
);
component('ProjectTemplate', projectTemplateSchema, 'Ready-made needs for one sector.', {
  inputShaped: true,
});

// ---------------------------------------------------------------------------------------------
// Inputs no module exports a schema for (see the OpenAPI notes in the final report).

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

/** `?lang=` of `POST /api/match` (matching.routes.ts reads it by hand). */
export const matchQuerySchema = z.strictObject({ lang: z.enum(['fr', 'en']).optional() });

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
// Health, config, auth

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

const userSchema = component(
  'User',
  z.looseObject({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(ROLES),
    organisation: z.string().nullable(),
    territories: described(z.array(z.string()), 'EPCI/EPT SIRENs the user works for.'),
  }),
);

export const loginResponseSchema = component(
  'Session',
  z.looseObject({
    user: userSchema,
    csrfToken: described(z.string(), 'Send it as X-CSRF-Token on every write of this session.'),
    expiresAt: z.iso.datetime(),
  }),
);

export const meSchema = component(
  'Me',
  z.looseObject({
    user: userSchema,
    csrfToken: z.string().nullable(),
    via: z.enum(['session', 'token']),
  }),
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

export const isochroneSchema = component(
  'Isochrone',
  z.looseObject({
    type: z.literal('Feature'),
    geometry: z.looseObject({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) }),
    properties: z.looseObject({
      minutes: z.number().int(),
      profile: z.enum(['car', 'truck']),
      method: z.enum(['road', 'estimate']),
      shape: described(z.string(), 'How the polygon was drawn, in words.'),
      vertices: described(z.number().int(), 'Road vertices reached (0 for an estimate).'),
      router: z.enum(['pgrouting', 'graphology']).nullable(),
      origin: z.tuple([z.number(), z.number()]),
    }),
  }),
  'The area reachable from a point within a drive time.',
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

export const siteCollectionSchema = component(
  'SiteFeatureCollection',
  featureCollection(siteListFeatureSchema),
);

// ---------------------------------------------------------------------------------------------
// Matching

const bilingual = z.looseObject({ fr: z.string(), en: z.string() });
const share = z.number().min(0).max(1);
const factValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

const criterionBreakdown = z.looseObject({
  key: z.enum(CRITERION_KEYS),
  label: z.string(),
  label_fr: z.string(),
  label_en: z.string(),
  weight: described(share, 'Normalised weight (0 when reported but not weighted).'),
  score: share,
  contribution: described(z.number().nullable(), 'weight × score; null under TOPSIS.'),
  value: z.unknown(),
  unit: z.string().nullable(),
  known: z.boolean(),
  knowledge: described(
    share,
    'How far the data behind the criterion can be trusted: 0 unknown … 1 sourced and recent.',
  ),
  reason: described(z.string(), 'In the language asked for (?lang= or Accept-Language).'),
  reason_fr: z.string(),
  reason_en: z.string(),
});

const bilingualNote = {
  text: described(z.string(), 'In the language asked for.'),
  text_fr: z.string(),
  text_en: z.string(),
};

const siteRef = {
  siteId: described(z.string(), 'Site id, or a synthetic id for an assembly of plots.'),
  siteIds: described(z.array(z.uuid()), 'The plots of an assembly.').optional(),
  name: z.string(),
};

const countsSchema = z.looseObject({
  considered: described(
    z.number().int(),
    'Sites in scope (geography, status, something available) the caller may see.',
  ),
  legallyExcluded: described(
    z.number().int(),
    'In scope but in a zone where the law forbids the project (never offered).',
  ),
  candidates: described(z.number().int(), 'Passing every knock-out: all of them are ranked, exactly.'),
  nearMisses: described(z.number().int(), 'Failing 1 or 2 need knock-outs.'),
  assemblies: z.number().int(),
  ranked: z.number().int(),
});

export const matchResponseSchema = component(
  'MatchResponse',
  z.looseObject({
    algorithmVersion: z.string(),
    method: z.enum(MATCH_METHODS),
    scoreKind: z.enum(['weighted_sum', 'topsis_closeness']),
    scoreLabel: bilingual,
    weights: z.record(z.string(), z.number()),
    ignoredWeights: z.array(z.string()),
    knockouts: z.array(
      z.looseObject({ key: z.string(), kind: z.enum(['legal', 'need']), label: bilingual, rule: bilingual }),
    ),
    results: z.array(
      z.looseObject({
        ...siteRef,
        rank: z.number().int().min(1),
        score: share,
        scoreKind: z.enum(['weighted_sum', 'topsis_closeness']),
        confidence: described(
          share,
          'Weighted share of criteria whose data is known, discounted by provenance and age.',
        ),
        confidenceNotes: z.array(
          z.looseObject({ criterion: z.enum(CRITERION_KEYS), loss: z.number(), ...bilingualNote }),
        ),
        flags: z.array(z.looseObject({ code: z.string(), ...bilingualNote })),
        criteria: z.array(criterionBreakdown),
      }),
    ),
    nearMisses: z.array(
      z.looseObject({
        ...siteRef,
        failures: z.number().int(),
        gapSum: described(z.number(), 'Sum of the normalised gaps of the failures: how far from passing.'),
        failed: z.array(
          z.looseObject({
            key: z.string(),
            kind: z.enum(['legal', 'need']),
            required: factValue,
            actual: factValue,
            unit: z.string().nullable(),
            gap: z.number().nullable(),
            normalisedGap: z.number(),
            unknown: described(z.boolean(), 'The site’s data is missing: to confirm, not a proven failure.'),
            reason: z.string(),
            reason_fr: z.string(),
            reason_en: z.string(),
            rule_fr: z.string(),
            rule_en: z.string(),
          }),
        ),
      }),
    ),
    counts: countsSchema,
  }),
);

export const knockoutsResponseSchema = component(
  'KnockoutList',
  z.looseObject({
    knockouts: z.array(
      z.looseObject({
        key: z.string(),
        kind: z.enum(['legal', 'need']),
        need: z.string().nullable(),
        label: bilingual,
        rule: bilingual,
        source: z.looseObject({ title: z.string(), url: z.string() }).nullable(),
      }),
    ),
  }),
);

const versionSide = z
  .looseObject({ rank: z.number().int(), score: z.number(), confidence: z.number() })
  .nullable();
export const matchVersionsSchema = component(
  'MatchVersions',
  z.looseObject({
    current: z.looseObject({ algorithmVersion: z.string(), counts: z.looseObject({}) }),
    previous: z.looseObject({ algorithmVersion: z.string(), counts: z.looseObject({}) }),
    changes: z.array(
      z.looseObject({
        siteId: z.string(),
        name: z.string(),
        before: versionSide,
        after: versionSide,
        change: z.enum(['new', 'dropped', 'up', 'down', 'same']),
        reasons_fr: z.array(z.string()),
        reasons_en: z.array(z.string()),
      }),
    ),
  }),
);

export const criteriaResponseSchema = component(
  'CriteriaList',
  z.looseObject({
    criteria: z.array(
      z.looseObject({
        key: z.enum(CRITERION_KEYS),
        label: bilingual,
        unit: z.string().nullable(),
        defaultWeight: z.number(),
        direction: z.enum(['benefit', 'cost']),
        raw: z.string(),
        alwaysOn: z.boolean(),
        activatedBy: z.string(),
        reportAlways: z.boolean(),
      }),
    ),
  }),
);

export const templatesResponseSchema = component(
  'ProjectTemplateList',
  z.looseObject({ templates: z.array(projectTemplateSchema) }),
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
