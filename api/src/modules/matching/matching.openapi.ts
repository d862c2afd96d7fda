/** The documented operations of /api/match (routes in matching.routes.ts). */
import { json, writeBody } from '../openapi/openapi.common.ts';
import type { OperationSpec } from '../openapi/openapi.types.ts';
import { matchRequestSchema } from './match-request.schema.ts';
import {
  criteriaResponseSchema,
  knockoutsResponseSchema,
  matchQuerySchema,
  matchResponseSchema,
  templatesResponseSchema,
} from './matching.schemas.ts';

export const matchingOperations: OperationSpec[] = [
  {
    method: 'post',
    path: '/api/match',
    operationId: 'matchSites',
    tag: 'matching',
    summary: 'Rank sites against a project’s needs',
    description:
      'Legal bans (PPRI/PPRT red zones, PLU A/N or non-industrial zones, Natura 2000 for authorisation or Seveso ' +
      'projects) always knock sites out; the needs add knock-outs (near-misses say what failed and by how much). ' +
      'Every passing site is scored per criterion and ranked exactly (weighted sum or TOPSIS); the confidence says how ' +
      'far the data can be trusted. Reasons come in both languages. `algorithmVersion` runs the previous engine for ' +
      'comparison. Anonymous callers match published sites only and are rate-limited per IP; nothing sent is stored or logged.',
    auth: 'optional',
    query: {
      schema: matchQuerySchema,
      docs: { lang: 'Language of the reasons: `fr` (default) or `en`; else Accept-Language decides.' },
    },
    body: writeBody(matchRequestSchema),
    responses: { 200: json(matchResponseSchema, 'Ranked results and near-misses.', ['Cache-Control']) },
    errors: [400, 401, 403, 413, 429, 503],
  },
  {
    method: 'get',
    path: '/api/match/criteria',
    operationId: 'listCriteria',
    tag: 'matching',
    summary: 'The scoring criteria and their default weights',
    auth: 'none',
    responses: { 200: json(criteriaResponseSchema, 'The criteria registry.') },
    errors: [401],
  },
  {
    method: 'get',
    path: '/api/match/knockouts',
    operationId: 'listKnockouts',
    tag: 'matching',
    summary: 'The knock-out rules: legal bans and needs, with their source',
    auth: 'none',
    responses: { 200: json(knockoutsResponseSchema, 'The knock-out registry.', ['Cache-Control']) },
    errors: [401],
  },
  {
    method: 'get',
    path: '/api/match/templates',
    operationId: 'listProjectTemplates',
    tag: 'matching',
    summary: 'Ready-made needs by sector',
    auth: 'none',
    responses: { 200: json(templatesResponseSchema, 'The project templates.', ['Cache-Control']) },
    errors: [401],
  },
];
