/**
 * Every public and staff endpoint as one row: method, path template, who calls it, the query
 * keys it knows (with values that pass, so the fuzzer gets past one key to the next), the valid
 * bodies the fuzzer mutates. A new endpoint is one more row. Rows marked `pending` belong to
 * routers still being built: they are skipped while the route answers 404 "No route", and
 * fuzzed as soon as it exists.
 */
import { rect, siteBody } from '../../fixtures/sites.ts';
import type { QuerySpec, UploadSample } from './arbitraries.ts';
import type { Fixtures } from './fuzz-app.ts';
import type { ErrorFormat } from './harness.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Auth = 'anonymous' | 'admin' | 'editor' | 'staff' | 'token';

export interface Endpoint {
  method: Method;
  /** `:name` tokens are filled from `params` (plausible values) or hostile ones. */
  path: string;
  auth: Auth;
  query?: QuerySpec;
  /** Valid JSON bodies; the fuzzer sends mutations of them. */
  bodies?: (fx: Fixtures) => unknown[];
  /** The body holds a GeoJSON geometry: also send Features with hostile geometries. */
  geometry?: boolean;
  params?: Record<string, (fx: Fixtures) => readonly string[]>;
  /** Error body format: `ogc` also accepts `{ code, description }`. */
  format?: ErrorFormat;
  /** Router not landed yet: skipped while the route answers 404 "No route". */
  pending?: boolean;
  /** Raw-body uploads (the importers): sample files the fuzzer mutates cell by cell. */
  uploads?: readonly UploadSample[];
  /** Another acceptable refusal than the JSON error body (the importers' 422 report). */
  altError?: (status: number, body: unknown) => boolean;
  /** Cases per property (before the FUZZ_RUNS multiplier); default 25. */
  runs?: number;
}

const SITE_FILTERS: QuerySpec = {
  keys: [
    'bbox',
    'q',
    'minAreaHa',
    'maxAreaHa',
    'minPowerMw',
    'label',
    'region',
    'department',
    'status',
    'railSiding',
    'quay',
    'brownfield',
    'territory',
    'ids',
    'published',
    'limit',
    'offset',
  ],
  plausible: {
    bbox: ['1.7,48.9,1.8,49.1', '-5.5,41.2,10,51.2'],
    q: ['limay', 'Parcelle'],
    minAreaHa: ['0', '1'],
    maxAreaHa: ['100'],
    minPowerMw: ['5'],
    label: ['cle_en_main_france_2030', 'star_est,territoire_industrie'],
    region: ['11', '11,44'],
    department: ['78', '2A,974'],
    status: ['available', 'available,taken'],
    railSiding: ['true', 'false'],
    quay: ['false'],
    brownfield: ['true'],
    territory: ['200059889'],
    ids: ['00000000-0000-4000-8000-000000000000'],
    published: ['true', 'false'],
    limit: ['1', '10000'],
    offset: ['0', '10000000'],
  },
};

const TILE_FILTERS: QuerySpec = {
  keys: SITE_FILTERS.keys.filter(
    (k) => !['bbox', 'q', 'territory', 'ids', 'published', 'limit', 'offset'].includes(k),
  ),
  plausible: SITE_FILTERS.plausible,
};

const OGC_ITEMS: QuerySpec = {
  keys: [
    'bbox',
    'bbox-crs',
    'crs',
    'limit',
    'offset',
    'f',
    'datetime',
    'properties',
    'sortby',
    'filter',
    'q',
  ],
  plausible: {
    bbox: ['1.7,48.9,1.8,49.1'],
    limit: ['10'],
    offset: ['0'],
    f: ['json', 'html'],
    crs: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'],
  },
};

const siteId = (fx: Fixtures) => [fx.siteId, fx.hiddenSiteId, fx.missingId];
const projectId = (fx: Fixtures) => [fx.projectId, fx.missingId];
/** z/x/y in one token, so plausible values are coherent tiles; the edge ones are refused. */
const tile = () => [
  '0/0/0',
  '5/16/11',
  '12/2069/1404',
  '14/8256/5613',
  '22/4194303/4194303',
  '22/4194304/0',
  '23/0/0',
  '0/1/0',
  '-1/0/0',
  '0/0/0.5',
  '00000000/0/0',
  '1e1/0/0',
  '0x1/0/0',
];
const layer = () => ['sites', 'infrastructure'];

const MATCH_BODIES = [
  { needs: { surfaceHa: { min: 1 } } },
  {
    needs: {
      surfaceHa: { min: 0.5, max: 20 },
      powerMw: 5,
      rampUpMonths: 24,
      gas: { required: true, capacityMwhPerDay: 10 },
      waterM3PerDay: 10,
      railSiding: 'preferred',
      maxDistanceKm: { motorway: 20, airport: 200 },
      icpeRegime: 'E',
      sevesoTier: 'lower',
      availableBy: '2030-01-01',
      maxPriceEurM2: 80,
      regions: ['11'],
      excludeDepartments: ['75'],
      territories: ['200059889'],
      excludeRisks: ['ppri_red'],
      allowAssembly: true,
      hard: ['surfaceHa', 'powerMw'],
    },
    weights: { surface: 2, power: 3 },
    method: 'topsis',
    limit: 50,
  },
  {
    needs: { surfaceHa: { min: 1 }, powerMw: 10 },
    ahp: {
      criteria: ['surface', 'power'],
      matrix: [
        [1, 3],
        [1 / 3, 1],
      ],
    },
  },
];

const PROJECT_BODY = {
  name: 'Projet Volta',
  company: 'Volta GmbH',
  sector: 'battery_cells',
  originCountry: 'DE',
  jobs: 1200,
  investmentEur: 2e9,
  contact: { name: 'Anna Schmidt', email: 'anna@volta.example', phone: '+49 30 1234', role: 'CFO' },
  needs: MATCH_BODIES[1].needs,
  notes: 'RFI reçue le 3 mars.',
  territories: ['200059889'],
};

const shortlistBody = (fx: Fixtures) => ({
  items: [
    {
      siteId: fx.siteId,
      note: 'visite prévue',
      score: 0.8,
      confidence: 0.6,
      criteria: [
        {
          key: 'surface',
          label: { fr: 'Surface', en: 'Surface' },
          weight: 0.3,
          score: 0.9,
          value: 12,
          unit: 'ha',
          known: true,
          reason: 'ok',
        },
      ],
      failed: [
        { key: 'powerMw', required: 10, actual: 5, unit: 'MW', gap: 5, unknown: false, reason: 'short' },
      ],
      algorithmVersion: 'landmatch-match/1.0.0',
      refreshSnapshot: true,
    },
    { siteId: fx.hiddenSiteId },
  ],
});

const feature = (properties: Record<string, unknown>, geometry: unknown) => ({
  type: 'Feature',
  properties,
  geometry,
});

/** Hand-written one-row files of each importer we can write by hand (no copy of ../shared/data). */
const UPLOADS: readonly UploadSample[] = [
  {
    kind: 'json',
    content: {
      type: 'FeatureCollection',
      features: [
        feature(
          {
            source: 'fuzz',
            sourceId: 'u1',
            name: 'Parcelle importée',
            communeInsee: '78335',
            published: true,
            availableFrom: '2027-01-01',
          },
          rect(1.78, 48.99),
        ),
      ],
    },
  },
  {
    kind: 'json',
    content: {
      type: 'FeatureCollection',
      features: [
        feature(
          { code_poste: 'FUZZ1', nom_poste: 'POSTE FUZZ', etat: 'EN EXPLOITATION', tension: '225kV' },
          { type: 'Point', coordinates: [1.75, 48.98] },
        ),
      ],
    },
  },
  {
    kind: 'csv',
    delimiter: ',',
    content: [
      ['name', 'communeInsee', 'source', 'sourceId', 'availableFrom', 'wkt'],
      [
        'Parcelle CSV',
        '78335',
        'fuzz',
        'c1',
        '2027-01-01',
        'POLYGON((1.79 48.99,1.7914 48.99,1.7914 48.9909,1.79 48.9909,1.79 48.99))',
      ],
    ],
  },
  {
    kind: 'csv',
    delimiter: ',',
    content: [
      ['ident', 'type', 'name', 'latitude_deg', 'longitude_deg', 'iata_code'],
      ['LFZZ', 'medium_airport', 'Aéroport fuzz', '48.9', '1.7', 'ZZZ'],
    ],
  },
  {
    kind: 'csv',
    delimiter: ';',
    content: [
      ['code_uic', 'libelle', 'fret', 'voyageurs', 'code_ligne', 'rg_troncon', 'pk', 'x_wgs84', 'y_wgs84'],
      ['87999999', 'Gare fuzz', 'O', 'N', '334000', '1', '054+163', '1.747', '48.984'],
    ],
  },
];

const EXPORT_QUERY: QuerySpec = {
  keys: ['lang', 'filename'],
  plausible: { lang: ['fr', 'en'], filename: ['named', 'id'] },
};

export const ENDPOINTS: readonly Endpoint[] = [
  // Public reads
  { method: 'GET', path: '/api/health', auth: 'anonymous' },
  { method: 'GET', path: '/api/config', auth: 'anonymous' },
  { method: 'GET', path: '/api/sites', auth: 'anonymous', query: SITE_FILTERS, runs: 40 },
  { method: 'GET', path: '/api/sites', auth: 'admin', query: SITE_FILTERS },
  { method: 'GET', path: '/api/sites/:id', auth: 'anonymous', params: { id: siteId } },
  // Issue 12: documents (read side; uploads are covered by tests/http/site-documents.test.ts) and
  // the editors' to-refresh list.
  { method: 'GET', path: '/api/sites/:id/documents', auth: 'anonymous', params: { id: siteId } },
  {
    method: 'GET',
    path: '/api/sites/:id/documents/:docId',
    auth: 'anonymous',
    params: { id: siteId, docId: (fx) => [fx.missingId] },
  },
  {
    method: 'DELETE',
    path: '/api/sites/:id/documents/:docId',
    auth: 'editor',
    params: { id: siteId, docId: (fx) => [fx.missingId] },
  },
  {
    method: 'GET',
    path: '/api/sites/to-refresh',
    auth: 'editor',
    query: { keys: ['months', 'limit'], plausible: { months: ['12', '24'], limit: ['10'] } },
  },
  {
    method: 'GET',
    path: '/api/territories',
    auth: 'anonymous',
    runs: 20,
    query: { keys: ['siren'], plausible: { siren: ['200059889', '200059889,200057867', '123456789'] } },
  },
  {
    method: 'GET',
    path: '/api/infrastructure',
    auth: 'anonymous',
    runs: 30,
    query: {
      keys: ['kind', 'bbox', 'minVoltageKv', 'limit', 'offset'],
      plausible: {
        kind: ['substation', 'port,airport'],
        bbox: ['1.7,48.9,1.8,49.1'],
        minVoltageKv: ['63'],
        limit: ['1', '10000'],
        offset: ['0', '5'],
      },
    },
  },
  { method: 'GET', path: '/tiles/:layer.json', auth: 'anonymous', params: { layer } },
  {
    method: 'GET',
    path: '/tiles/:layer/:tile.mvt',
    auth: 'anonymous',
    params: { layer, tile },
    query: TILE_FILTERS,
    runs: 30,
  },
  { method: 'GET', path: '/api/match/criteria', auth: 'anonymous' },
  { method: 'GET', path: '/api/match/templates', auth: 'anonymous' },
  {
    method: 'POST',
    path: '/api/match',
    auth: 'anonymous',
    query: { keys: ['lang'], plausible: { lang: ['en', 'fr'] } },
    bodies: () => MATCH_BODIES,
    runs: 40,
  },
  { method: 'POST', path: '/api/match', auth: 'staff', bodies: () => MATCH_BODIES },

  // Accounts
  {
    method: 'POST',
    path: '/api/auth/login',
    auth: 'anonymous',
    bodies: () => [{ email: 'nobody@test.example', password: 'not the password' }],
  },
  { method: 'POST', path: '/api/auth/logout', auth: 'anonymous', bodies: () => [{}] },
  { method: 'GET', path: '/api/auth/me', auth: 'admin' },

  // Site writes
  {
    method: 'POST',
    path: '/api/sites',
    auth: 'admin',
    geometry: true,
    runs: 40,
    bodies: () => [
      siteBody(),
      siteBody({
        siteEcoId: 'ZAE-78-001',
        siteType: "zone d'activité économique",
        vocation: 'industrielle',
        description: 'Une parcelle',
        url: 'https://example.org/za',
        grossAreaHa: 12,
        status: 'available',
        availableFrom: '2027-01-01',
        readiness: [
          {
            item: 'urbanism',
            status: 'done',
            date: '2024-05-01',
            evidenceUrl: 'https://example.org/plu',
            note: 'PLU',
          },
        ],
        contactEmail: 'dev@gpso.example',
        powerConnectionDelayMonths: 18,
        illustrativeFields: ['powerAvailableMw'],
      }),
    ],
  },
  { method: 'POST', path: '/api/sites', auth: 'editor', geometry: true, bodies: () => [siteBody()] },
  {
    method: 'PATCH',
    path: '/api/sites/:id',
    auth: 'admin',
    params: { id: siteId },
    geometry: true,
    runs: 30,
    bodies: () => [
      { properties: { name: 'Renommé', powerAvailableMw: 20, availableFrom: '2028-06-30' } },
      { geometry: rect(1.741, 48.991) },
      { type: 'Feature', properties: { description: 'x' }, geometry: rect(1.741, 48.991) },
    ],
  },
  {
    method: 'PATCH',
    path: '/api/sites/:id',
    auth: 'editor',
    params: { id: siteId },
    bodies: () => [{ properties: { name: 'Édité' } }],
  },
  {
    method: 'DELETE',
    path: '/api/sites/:id',
    auth: 'admin',
    params: { id: (fx) => [fx.victimSiteId, fx.missingId] },
  },

  // Versions, deletes and history (issue 12)
  { method: 'GET', path: '/api/sites/deleted', auth: 'staff' },
  { method: 'GET', path: '/api/sites/:id/history', auth: 'staff', params: { id: siteId } },
  {
    method: 'POST',
    path: '/api/sites/:id/restore',
    auth: 'admin',
    params: { id: (fx) => [fx.victimSiteId, fx.siteId, fx.missingId] },
  },

  // Projects (staff)
  {
    method: 'GET',
    path: '/api/projects',
    auth: 'admin',
    query: {
      keys: ['status', 'sector', 'q', 'limit', 'offset'],
      plausible: {
        status: ['lead', 'lead,lost'],
        sector: ['other'],
        q: ['volta'],
        limit: ['1', '500'],
        offset: ['0', '100'],
      },
    },
  },
  {
    method: 'POST',
    path: '/api/projects',
    auth: 'admin',
    bodies: () => [PROJECT_BODY, { name: 'Minimal', sector: 'other' }],
    runs: 30,
  },
  { method: 'POST', path: '/api/projects', auth: 'staff', bodies: () => [PROJECT_BODY] },
  { method: 'GET', path: '/api/projects/:id', auth: 'staff', params: { id: projectId } },
  {
    method: 'PATCH',
    path: '/api/projects/:id',
    auth: 'admin',
    params: { id: projectId },
    runs: 30,
    bodies: () => [
      { name: 'Projet Volta II', jobs: 10, investmentEur: 1000 },
      { status: 'qualified', statusNote: 'RFI complete' },
      { status: 'lost', lossReason: 'power', statusNote: 'no 225 kV' },
      { needs: { surfaceHa: { min: 2 } }, contact: null, territories: [] },
    ],
  },
  {
    method: 'DELETE',
    path: '/api/projects/:id',
    auth: 'admin',
    params: { id: (fx) => [fx.victimProjectId, fx.missingId] },
  },
  {
    method: 'POST',
    path: '/api/projects/:id/restore',
    auth: 'admin',
    params: { id: (fx) => [fx.victimProjectId, fx.projectId, fx.missingId] },
  },
  { method: 'GET', path: '/api/projects/:id/shortlist', auth: 'admin', params: { id: projectId } },
  {
    method: 'POST',
    path: '/api/projects/:id/shortlist/items',
    auth: 'staff',
    params: { id: projectId },
    bodies: (fx) => [{ siteId: fx.siteId, note: 'x', position: 1 }, { siteId: fx.hiddenSiteId }],
  },
  {
    method: 'PATCH',
    path: '/api/projects/:id/shortlist/items/:siteId',
    auth: 'admin',
    params: { id: projectId, siteId },
    bodies: () => [{ position: 2, note: 'moved' }, { note: null }],
  },
  {
    method: 'DELETE',
    path: '/api/projects/:id/shortlist/items/:siteId',
    auth: 'admin',
    params: { id: projectId, siteId },
  },
  {
    method: 'PUT',
    path: '/api/projects/:id/shortlist',
    auth: 'admin',
    params: { id: projectId },
    bodies: (fx) => [shortlistBody(fx)],
    runs: 30,
  },
  {
    method: 'GET',
    path: '/api/projects/:id/compare',
    auth: 'admin',
    params: { id: projectId },
    query: {
      keys: ['siteIds'],
      plausible: { siteIds: ['00000000-0000-4000-8000-000000000000,00000000-0000-4000-8000-000000000001'] },
    },
  },
  {
    method: 'GET',
    path: '/api/projects/:id/shortlist.csv',
    auth: 'admin',
    params: { id: projectId },
    query: EXPORT_QUERY,
  },
  {
    method: 'GET',
    path: '/api/projects/:id/shortlist.geojson',
    auth: 'admin',
    params: { id: projectId },
    query: EXPORT_QUERY,
  },
  // A PDF takes a second to render: fewer cases.
  {
    method: 'GET',
    path: '/api/projects/:id/shortlist.pdf',
    auth: 'staff',
    params: { id: projectId },
    query: EXPORT_QUERY,
    runs: 8,
  },
  { method: 'GET', path: '/api/observatory', auth: 'staff' },

  // Imports (admin uploads, raw body)
  {
    method: 'POST',
    path: '/api/import/:format',
    auth: 'token',
    params: {
      format: () => [
        'sites-geojson',
        'sites-csv',
        'rte-postes',
        'ourairports',
        'sncf-gares',
        'wpi',
        'toll-plazas',
        'osm',
        'site-eco',
      ],
    },
    query: {
      keys: ['dryRun', 'skipInvalid', 'includeSmall', 'name'],
      plausible: {
        dryRun: ['true', 'false'],
        skipInvalid: ['true', 'false'],
        includeSmall: ['true'],
        name: ['file.csv'],
      },
    },
    uploads: UPLOADS,
    // A refused file is a 422 with the import report naming the problem, not an error body.
    altError: (status, body) => {
      const r = body as { ok?: boolean; error?: unknown; invalid?: Array<{ reason?: string }> } | undefined;
      return status === 422 && r?.ok === false && (typeof r.error === 'string' || !!r.invalid?.[0]?.reason);
    },
    runs: 40,
  },
  { method: 'GET', path: '/api/observatory.csv', auth: 'admin' },
  // The import review (admins and editors): a preview is a raw-body upload (a bad file is a 400
  // naming it); commit and cancel take a preview id.
  {
    method: 'POST',
    path: '/api/imports/:format/preview',
    auth: 'token',
    params: { format: () => ['sites-geojson', 'sites-csv', 'site-eco'] },
    query: { keys: ['name'], plausible: { name: ['file.geojson'] } },
    uploads: UPLOADS,
    runs: 20,
  },
  {
    method: 'POST',
    path: '/api/imports/previews/:id/commit',
    auth: 'token',
    params: { id: (fx) => [fx.missingId] },
    bodies: (fx) => [{}, { resolutions: { [fx.siteId]: { name: 'keep', powerAvailableMw: 'incoming' } } }],
  },
  {
    method: 'DELETE',
    path: '/api/imports/previews/:id',
    auth: 'editor',
    params: { id: (fx) => [fx.missingId] },
  },

  // Routers being built (skipped until they answer something other than 404 "No route").
  { method: 'GET', path: '/api/openapi.json', auth: 'anonymous', pending: true },
  { method: 'GET', path: '/api/docs', auth: 'anonymous', pending: true },
  { method: 'GET', path: '/api/sites.geojson', auth: 'anonymous', query: SITE_FILTERS, pending: true },
  { method: 'GET', path: '/api/sites.csv', auth: 'admin', query: SITE_FILTERS, pending: true },
  { method: 'GET', path: '/api/sites.site-eco.csv', auth: 'anonymous', query: SITE_FILTERS, pending: true },
  { method: 'GET', path: '/ogc', auth: 'anonymous', query: { keys: ['f'] }, format: 'ogc', pending: true },
  {
    method: 'GET',
    path: '/ogc/conformance',
    auth: 'anonymous',
    query: { keys: ['f'] },
    format: 'ogc',
    pending: true,
  },
  {
    method: 'GET',
    path: '/ogc/collections',
    auth: 'anonymous',
    query: { keys: ['f'] },
    format: 'ogc',
    pending: true,
  },
  {
    method: 'GET',
    path: '/ogc/collections/:collection',
    auth: 'anonymous',
    params: { collection: layer },
    format: 'ogc',
    pending: true,
  },
  {
    method: 'GET',
    path: '/ogc/collections/:collection/items',
    auth: 'anonymous',
    params: { collection: layer },
    query: OGC_ITEMS,
    format: 'ogc',
    pending: true,
    runs: 30,
  },
  {
    method: 'GET',
    path: '/ogc/collections/:collection/items',
    auth: 'admin',
    params: { collection: layer },
    query: OGC_ITEMS,
    format: 'ogc',
    pending: true,
  },
  {
    method: 'GET',
    path: '/ogc/collections/:collection/items/:featureId',
    auth: 'anonymous',
    params: { collection: () => ['sites'], featureId: siteId },
    query: { keys: ['f', 'crs'] },
    format: 'ogc',
    pending: true,
  },
];

/** `GET /api/sites/:id (anonymous)`. */
export const endpointName = (e: Endpoint) => `${e.method} ${e.path} (${e.auth})`;

/** Fills `:name` tokens (a token ends at `/` or `.`). */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/:([a-zA-Z]+)/g, (_, name: string) => values[name] ?? '');
}
