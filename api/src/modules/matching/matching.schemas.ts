/**
 * The matching contract: what `POST /api/match`, `GET /api/match/{criteria,knockouts,templates}`
 * and `GET /api/projects/:id/match-versions` return, and the `?lang=` query. The request body is
 * needs.schema.ts (`matchRequestSchema`, shared with the UI). Responses are `looseObject`s: the
 * contract lets fields be added, so clients must not reject unknown ones. The service is typed
 * from these schemas and the UI imports the types (`import type … from '@api/…'`).
 */
import { z } from 'zod';
import { polygonalGeometrySchema } from '../../shared/geo.ts';
import { component, described } from '../openapi/openapi.registry.ts';
import { CRITERION_KEYS } from './criteria/index.ts';
import { matchRequestSchema } from './match-request.schema.ts';
import { MATCH_METHODS, needsSchema } from './needs.schema.ts';

component('Needs', needsSchema, 'A project’s needs (the matching form).', { inputShaped: true });
component('MatchRequest', matchRequestSchema, 'Needs plus optional weights, method and AHP judgements.');

/** A ready-made set of needs (geodata/templates/project-templates.json, read by project-templates.ts). */
const bilingualInput = z.strictObject({ fr: z.string().min(1), en: z.string().min(1) });

export const projectTemplateSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{2,60}$/, 'template ids are kebab-case'),
  sector: z.enum(['food', 'health', 'machines', 'electronics', 'it', 'process']),
  name: bilingualInput,
  description: bilingualInput,
  needs: needsSchema,
});
component('ProjectTemplate', projectTemplateSchema, 'Ready-made needs for one sector.', {
  inputShaped: true,
});

/** `?lang=` of `POST /api/match` (matching.routes.ts reads it by hand). */
export const matchQuerySchema = z.strictObject({ lang: z.enum(['fr', 'en']).optional() });

const bilingual = z.looseObject({ fr: z.string(), en: z.string() });
const share = z.number().min(0).max(1);
const factValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const knockoutKind = z.enum(['legal', 'need']);
const scoreKind = z.enum(['weighted_sum', 'topsis_closeness']);

const criterionBreakdownSchema = z.looseObject({
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

const confidenceNoteSchema = z.looseObject({
  criterion: z.enum(CRITERION_KEYS),
  loss: z.number(),
  ...bilingualNote,
});
const resultFlagSchema = z.looseObject({ code: z.string(), ...bilingualNote });

/** The outline of one plot of a result, as the map draws it (lists' simplification). */
const outlineSchema = z.looseObject({ siteId: z.uuid(), geometry: polygonalGeometrySchema });

const matchResultSchema = z.looseObject({
  ...siteRef,
  rank: z.number().int().min(1),
  score: share,
  scoreKind,
  confidence: described(
    share,
    'Weighted share of criteria whose data is known, discounted by provenance and age.',
  ),
  confidenceNotes: z.array(confidenceNoteSchema),
  flags: z.array(resultFlagSchema),
  criteria: z.array(criterionBreakdownSchema),
  outlines: described(
    z.array(outlineSchema),
    'The outline of each plot (one for a site), simplified as in lists, so a map needs no request per result. Absent under algorithmVersion 1.0.0.',
  ).optional(),
});

const nearMissFailureSchema = z.looseObject({
  key: z.string(),
  kind: knockoutKind,
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
});

const nearMissSchema = z.looseObject({
  ...siteRef,
  failures: z.number().int(),
  gapSum: described(z.number(), 'Sum of the normalised gaps of the failures: how far from passing.'),
  failed: z.array(nearMissFailureSchema),
});

const knockoutInForceSchema = z.looseObject({
  key: z.string(),
  kind: knockoutKind,
  label: bilingual,
  rule: bilingual,
});

export const matchResponseSchema = component(
  'MatchResponse',
  z.looseObject({
    algorithmVersion: z.string(),
    method: z.enum(MATCH_METHODS),
    scoreKind,
    scoreLabel: bilingual,
    weights: z.record(z.string(), z.number()),
    ignoredWeights: z.array(z.string()),
    knockouts: z.array(knockoutInForceSchema),
    results: z.array(matchResultSchema),
    nearMisses: z.array(nearMissSchema),
    counts: countsSchema,
  }),
);

const knockoutRuleSchema = z.looseObject({
  key: z.string(),
  kind: knockoutKind,
  need: z.string().nullable(),
  label: bilingual,
  rule: bilingual,
  source: z.looseObject({ title: z.string(), url: z.string() }).nullable(),
});

export const knockoutsResponseSchema = component(
  'KnockoutList',
  z.looseObject({ knockouts: z.array(knockoutRuleSchema) }),
);

const versionSide = z
  .looseObject({ rank: z.number().int(), score: z.number(), confidence: z.number() })
  .nullable();
const versionChangeSchema = z.looseObject({
  siteId: z.string(),
  name: z.string(),
  before: versionSide,
  after: versionSide,
  change: z.enum(['new', 'dropped', 'up', 'down', 'same']),
  reasons_fr: z.array(z.string()),
  reasons_en: z.array(z.string()),
});
export const matchVersionsSchema = component(
  'MatchVersions',
  z.looseObject({
    current: z.looseObject({ algorithmVersion: z.string(), counts: z.looseObject({}) }),
    previous: z.looseObject({ algorithmVersion: z.string(), counts: z.looseObject({}) }),
    changes: z.array(versionChangeSchema),
  }),
);

const criterionInfoSchema = z.looseObject({
  key: z.enum(CRITERION_KEYS),
  label: bilingual,
  unit: z.string().nullable(),
  defaultWeight: z.number(),
  direction: z.enum(['benefit', 'cost']),
  raw: z.string(),
  alwaysOn: z.boolean(),
  activatedBy: z.string(),
  reportAlways: z.boolean(),
});
export const criteriaResponseSchema = component(
  'CriteriaList',
  z.looseObject({ criteria: z.array(criterionInfoSchema) }),
);

export const templatesResponseSchema = component(
  'ProjectTemplateList',
  z.looseObject({ templates: z.array(projectTemplateSchema) }),
);

export type Bilingual = z.output<typeof bilingual>;
export type ScoreKind = z.output<typeof scoreKind>;
export type FactValue = z.output<typeof factValue>;
export type MatchResponse = z.output<typeof matchResponseSchema>;
export type MatchResult = z.output<typeof matchResultSchema>;
export type MatchOutline = z.output<typeof outlineSchema>;
export type CriterionBreakdown = z.output<typeof criterionBreakdownSchema>;
export type ConfidenceNote = z.output<typeof confidenceNoteSchema>;
export type ResultFlag = z.output<typeof resultFlagSchema>;
export type NearMiss = z.output<typeof nearMissSchema>;
export type NearMissFailure = z.output<typeof nearMissFailureSchema>;
export type MatchCounts = z.output<typeof countsSchema>;
export type KnockoutInForce = z.output<typeof knockoutInForceSchema>;
export type KnockoutRule = z.output<typeof knockoutRuleSchema>;
export type KnockoutsResponse = z.output<typeof knockoutsResponseSchema>;
export type VersionChange = z.output<typeof versionChangeSchema>;
export type MatchVersions = z.output<typeof matchVersionsSchema>;
export type CriterionInfo = z.output<typeof criterionInfoSchema>;
export type CriteriaResponse = z.output<typeof criteriaResponseSchema>;
export type ProjectTemplate = z.output<typeof projectTemplateSchema>;
export type TemplatesResponse = z.output<typeof templatesResponseSchema>;
