/**
 * Every route of the app, as documented operations. Keep in step with the routers: the route
 * test (tests/http/openapi.test.ts) fails when a route is missing here or an operation here has
 * no route.
 */
import { z } from 'zod';
import { authOperations } from '../auth/auth.openapi.ts';
import { healthOperations } from '../health/health.openapi.ts';
import { importOperations, importTags } from '../import/import.openapi.ts';
import { infrastructureOperations, infrastructureTags } from '../infrastructure/infrastructure.openapi.ts';
import { leadsOperations, leadsTags } from '../leads/leads.openapi.ts';
import { matchingOperations } from '../matching/matching.openapi.ts';
import { ogcOperations } from '../ogc/ogc.openapi.ts';
import { projectsOperations } from '../projects/projects.openapi.ts';
import { roadsOperations } from '../roads/roads.openapi.ts';
import { siteDocumentOperations } from '../sites/documents/documents.openapi.ts';
import { siteSheetOperations } from '../sites/sheet/site-sheet.openapi.ts';
import { siteDownloadOperations, sitesOperations } from '../sites/sites.openapi.ts';
import { territoriesOperations, territoriesTags } from '../territories/territories.openapi.ts';
import { tilesOperations } from '../tiles/tiles.openapi.ts';
import { json } from './openapi.common.ts';
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
  ...territoriesTags,
  ...leadsTags,
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

export const OPERATIONS: readonly OperationSpec[] = [
  ...healthOperations,
  ...openapiOperations,
  ...authOperations,
  ...sitesOperations,
  ...siteDownloadOperations,
  ...siteDocumentOperations,
  ...siteSheetOperations,
  ...matchingOperations,
  ...projectsOperations,
  ...importOperations,
  ...infrastructureOperations,
  ...territoriesOperations,
  ...roadsOperations,
  ...leadsOperations,
  ...tilesOperations,
  ...ogcOperations,
];
