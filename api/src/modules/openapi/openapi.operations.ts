/**
 * Every route of the app, as documented operations. Keep in step with the routers: the route
 * test (tests/http/openapi.test.ts) fails when a route is missing here or an operation here has
 * no route.
 */
import { z } from 'zod';
import { loginSchema } from '../auth/auth.schemas.ts';
import { healthOperations } from '../health/health.openapi.ts';
import { importOperations, importTags } from '../import/import.openapi.ts';
import { infrastructureOperations, infrastructureTags } from '../infrastructure/infrastructure.openapi.ts';
import { matchRequestSchema } from '../matching/needs.schema.ts';
import { ogcOperations } from '../ogc/ogc.openapi.ts';
import { projectsOperations } from '../projects/projects.openapi.ts';
import { isochroneQuerySchema } from '../roads/isochrone.routes.ts';
import { siteDownloadOperations, sitesOperations } from '../sites/sites.openapi.ts';
import { tilesOperations } from '../tiles/tiles.openapi.ts';
import { json, writeBody } from './openapi.common.ts';
import {
  criteriaResponseSchema,
  isochroneSchema,
  knockoutsResponseSchema,
  loginResponseSchema,
  matchQuerySchema,
  matchResponseSchema,
  meSchema,
  templatesResponseSchema,
} from './openapi.schemas.ts';
import type { OperationSpec, TagSpec } from './openapi.types.ts';

export const TAGS: readonly TagSpec[] = [
  { name: 'health', description: 'Liveness and the database engine.' },
  { name: 'app', description: 'Start-up settings of the map UI.' },
  { name: 'openapi', description: 'This document and its HTML rendering.' },
  { name: 'auth', description: 'Sessions (cookie + CSRF token) for browsers; scripts use API tokens.' },
  { name: 'sites', description: 'The site inventory: public browsing, audited writes.' },
  { name: 'export', description: 'Downloads of a filtered site list.' },
  { name: 'matching', description: 'Ranking sites against a project’s needs.' },
  { name: 'projects', description: 'Investor projects, shortlists, comparison and exports (staff only).' },
  ...importTags,
  ...infrastructureTags,
  { name: 'tiles', description: 'Vector tiles and TileJSON of the public layers.' },
  { name: 'ogc', description: 'OGC API – Features (Part 1: Core) over sites and infrastructure.' },
];

// ---------------------------------------------------------------------------------------------
// /api

/** This module's own operations: the document and its HTML page (openapi.routes.ts). */
const openapiOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'openapi',
    summary: 'This OpenAPI 3.1 document',
    description: 'Generated from the zod schemas that validate the requests. ETag + If-None-Match → 304.',
    auth: 'none',
    responses: {
      200: json(z.looseObject({ openapi: z.string() }), 'The document.', ['ETag', 'Cache-Control']),
      304: { description: 'Not modified (If-None-Match matched the ETag).' },
    },
    errors: [401],
  },
  {
    method: 'get',
    path: '/api/docs',
    operationId: 'getApiDocs',
    tag: 'openapi',
    summary: 'This document as a readable HTML page',
    auth: 'none',
    responses: {
      200: {
        description: 'A self-contained page (no scripts).',
        content: { 'text/html': 'text' },
        headers: ['ETag', 'Cache-Control'],
      },
      304: { description: 'Not modified.' },
    },
    errors: [401],
  },
];

const auth: OperationSpec[] = [
  {
    method: 'post',
    path: '/api/auth/login',
    operationId: 'login',
    tag: 'auth',
    summary: 'Open a session',
    description:
      'Sets the httpOnly `lm_session` cookie and returns the CSRF token to send as `X-CSRF-Token` on writes. ' +
      'Failed attempts are limited per email and IP (429 with Retry-After).',
    auth: 'none',
    body: writeBody(loginSchema),
    responses: { 200: json(loginResponseSchema, 'Signed in.', ['Set-Cookie']) },
    errors: [400, 401, 413, 429, 503],
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    operationId: 'logout',
    tag: 'auth',
    summary: 'Close the session',
    description: 'Deletes the session and clears the cookie; without a session it does nothing.',
    auth: 'optional',
    responses: { 204: { description: 'Signed out.', headers: ['Set-Cookie'] } },
    errors: [401, 403, 503],
  },
  {
    method: 'get',
    path: '/api/auth/me',
    operationId: 'getMe',
    tag: 'auth',
    summary: 'Who is calling',
    description: 'Also returns the session’s CSRF token (null for API tokens).',
    auth: 'required',
    responses: { 200: json(meSchema, 'The caller.') },
    errors: [401, 503],
  },
];

const matching: OperationSpec[] = [
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

// The roads module's operation (moves to roads/roads.openapi.ts with the roads contract).
const isochrone: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/isochrone',
    operationId: 'getIsochrone',
    tag: 'infrastructure',
    summary: 'The area reachable by road within some minutes',
    description:
      'Shortest times on the imported OSM road graph (pgRouting on the server, graphology on the embedded engine); ' +
      'the polygon is the concave hull of the road vertices reached, buffered 300 m. A point more than 1,500 m from ' +
      'the graph is a 400, unless fallback=estimate (a circle, labelled method "estimate"). Anonymous callers are ' +
      'rate-limited per IP.',
    auth: 'optional',
    query: {
      schema: isochroneQuerySchema,
      docs: {
        lon: 'Longitude of the origin (EPSG:4326).',
        lat: 'Latitude of the origin (EPSG:4326).',
        minutes: 'Drive time, 5 to 90 minutes.',
        profile: '`car` (default) or `truck` (90 km/h on motorways, 80 elsewhere, no hgv=no roads).',
        fallback: '`estimate`: off the graph, return the straight-line estimate circle instead of a 400.',
      } satisfies Record<keyof typeof isochroneQuerySchema.shape, string>,
    },
    responses: {
      200: json(isochroneSchema, 'A GeoJSON Feature (Polygon or MultiPolygon).', ['Cache-Control']),
    },
    errors: [400, 401, 429, 503],
  },
];

export const OPERATIONS: readonly OperationSpec[] = [
  ...healthOperations,
  ...openapiOperations,
  ...auth,
  ...sitesOperations,
  ...siteDownloadOperations,
  ...matching,
  ...projectsOperations,
  ...importOperations,
  ...infrastructureOperations,
  ...isochrone,
  ...tilesOperations,
  ...ogcOperations,
];
