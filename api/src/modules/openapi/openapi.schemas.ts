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
import { CRITERION_KEYS } from '../matching/criteria/index.ts';
import { MATCH_METHODS, matchRequestSchema, needsSchema } from '../matching/needs.schema.ts';
import { projectTemplateSchema } from '../matching/project-templates.ts';
import { projectCreateSchema, projectPatchSchema, shortlistPutSchema } from '../projects/projects.schemas.ts';
import { component, described } from './openapi.registry.ts';

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

/** `?lang=` of `POST /api/match` (matching.routes.ts reads it by hand). */
export const matchQuerySchema = z.strictObject({ lang: z.enum(['fr', 'en']).optional() });

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
// Auth

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
// Roads

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
