/**
 * Property tests of the pure functions behind the endpoints: the schemas only ever return
 * zod results (never throw a TypeError on odd input), what they accept is really within range,
 * filters compile to fixed SQL with bound values, scores stay within [0, 1] for any site and
 * any valid needs, and the edge guard finds every NUL, lone surrogate and over-deep value.
 * (Monotonicity of the criteria lives in api/src/modules/matching/criteria/monotonic.test.ts.)
 */
import { validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCESS_KINDS } from '../../api/src/modules/access/access-kinds.ts';
import { sessionCookie } from '../../api/src/modules/auth/auth.middleware.ts';
import type { MatchSite } from '../../api/src/modules/matching/candidate.ts';
import { CRITERION_KEYS, evaluateCriterion } from '../../api/src/modules/matching/criteria/index.ts';
import { matchRequestSchema } from '../../api/src/modules/matching/match-request.schema.ts';
import { needsSchema } from '../../api/src/modules/matching/needs.schema.ts';
import { matchSites } from '../../api/src/modules/matching/rank.ts';
import {
  compareQuerySchema,
  projectCreateSchema,
  projectPatchSchema,
  shortlistPutSchema,
} from '../../api/src/modules/projects/projects.schemas.ts';
import {
  attachment,
  exportFilename,
  type FilenameMode,
} from '../../api/src/modules/projects/shortlist.export.ts';
import { PLU_ZONES, PPRI_ZONES, PPRT_ZONES, SITE_STATUSES } from '../../api/src/modules/sites/site.fields.ts';
import {
  siteCreateSchema,
  siteFilterObject,
  siteListQuerySchema,
  sitePatchSchema,
} from '../../api/src/modules/sites/sites.schemas.ts';
import { parseTileFilter } from '../../api/src/modules/tiles/tiles.filters.ts';
import { DomainError } from '../../api/src/shared/errors.ts';
import { bboxSchema, polygonalGeometrySchema } from '../../api/src/shared/geo.ts';
import { inputProblem, MAX_INPUT_DEPTH } from '../../api/src/shared/validation.ts';
import { rect, siteBody } from '../fixtures/sites.ts';
import {
  hostileBody,
  hostileGeometry,
  hostileJson,
  hostileString,
  NUMERIC_STRINGS,
  RawJson,
  validNeeds,
} from './support/arbitraries.ts';
import { FUZZ_SEED, runs } from './support/harness.ts';

const opts = (n: number) => ({ seed: FUZZ_SEED, numRuns: runs(n) });

/** RawJson fragments are what JSON.parse would make of them (1e400 → Infinity). */
function parsed(v: unknown): unknown {
  if (v instanceof RawJson) return JSON.parse(v.text === '-0.0' ? '-0' : v.text);
  if (Array.isArray(v)) return v.map(parsed);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, parsed(x)]));
  return v;
}

const queryValue = fc.oneof(
  hostileString.map((s) => s.slice(0, 200)),
  fc.constantFrom(...NUMERIC_STRINGS),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
);
const siteQueryKey = fc.constantFrom(...Object.keys(siteFilterObject.shape), 'x', '__proto__');
const siteQuery = fc.dictionary(fc.oneof(siteQueryKey, fc.string({ maxLength: 6 })), queryValue, {
  maxKeys: 6,
});

describe('schemas never throw, and what they accept is in range', () => {
  it('the site filters return a zod result for any query, with limits and bbox in range when accepted', () => {
    fc.assert(
      fc.property(siteQuery, (q) => {
        const r = siteListQuerySchema.safeParse(q);
        if (!r.success) return;
        expect(r.data.limit).toBeGreaterThanOrEqual(1);
        expect(r.data.limit).toBeLessThanOrEqual(10_000);
        expect(Number.isInteger(r.data.offset) && r.data.offset >= 0).toBe(true);
        if (r.data.bbox) {
          const [a, b, c, d] = r.data.bbox;
          expect([a, b, c, d].every(Number.isFinite)).toBe(true);
          expect(a <= c && b <= d && a >= -180 && c <= 180 && b >= -90 && d <= 90).toBe(true);
        }
        for (const k of ['minAreaHa', 'maxAreaHa', 'minPowerMw'] as const)
          if (r.data[k] !== undefined) expect(Number.isFinite(r.data[k]) && r.data[k]! >= 0).toBe(true);
      }),
      opts(2000),
    );
  });

  it('bbox parsing returns four ordered, finite lon/lat numbers or a zod error', () => {
    const part = fc.oneof(
      fc.constantFrom(...NUMERIC_STRINGS),
      fc.double().map(String),
      fc.integer({ min: -200, max: 200 }).map(String),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(part, { maxLength: 6 }).map((p) => p.join(',')),
          hostileString,
        ),
        (s) => {
          const r = bboxSchema.safeParse(s);
          if (r.success) {
            const [a, b, c, d] = r.data;
            expect([a, b, c, d].every(Number.isFinite) && a <= c && b <= d).toBe(true);
            expect(a >= -180 && c <= 180 && b >= -90 && d <= 90).toBe(true);
          }
        },
      ),
      opts(2000),
    );
  });

  it('GeoJSON validation rejects NaN, Infinity, out-of-range and open rings with zod errors, never a TypeError', () => {
    fc.assert(
      fc.property(hostileGeometry, (g) => {
        const r = polygonalGeometrySchema.safeParse(parsed(g));
        if (!r.success) return;
        const polys = r.data.type === 'Polygon' ? [r.data.coordinates] : r.data.coordinates;
        for (const poly of polys)
          for (const ring of poly) {
            expect(ring.length).toBeGreaterThanOrEqual(4);
            expect(ring[0].slice(0, 2)).toEqual(ring[ring.length - 1].slice(0, 2));
            for (const [lon, lat] of ring) {
              expect(Number.isFinite(lon) && lon >= -180 && lon <= 180).toBe(true);
              expect(Number.isFinite(lat) && lat >= -90 && lat <= 90).toBe(true);
            }
          }
      }),
      {
        ...opts(300),
        // Found by this suite: an empty ring made the "closed" refinement read r[0][0] of undefined.
        examples: [
          [{ type: 'Polygon', coordinates: [[]] }],
          [{ type: 'MultiPolygon', coordinates: [[[]]] }],
          [
            {
              type: 'MultiPolygon',
              coordinates: [
                [
                  [
                    [1.7, 48.9],
                    [1.7, 48.9],
                    [1.7, 48.9],
                    [1.7, 48.9],
                  ],
                ],
                [],
                [[]],
              ],
            },
          ],
        ],
      },
    );
  });

  const bodies: Array<[string, { safeParse(v: unknown): unknown }, unknown[]]> = [
    ['site create', siteCreateSchema, [siteBody()]],
    ['site patch', sitePatchSchema, [{ properties: { name: 'x' } }, { geometry: rect(1.7, 48.9) }]],
    [
      'match request',
      matchRequestSchema,
      [
        {
          needs: { surfaceHa: { min: 1 } },
          ahp: {
            criteria: ['surface', 'power'],
            matrix: [
              [1, 3],
              [1 / 3, 1],
            ],
          },
        },
      ],
    ],
    [
      'needs',
      needsSchema,
      [{ surfaceHa: { min: 1, max: 5 }, regions: ['11'], excludeDepartments: ['75'], hard: ['surfaceHa'] }],
    ],
    ['project create', projectCreateSchema, [{ name: 'P', sector: 'other', contact: { name: 'A' } }]],
    ['project patch', projectPatchSchema, [{ status: 'lost', lossReason: 'land', statusNote: 'x' }]],
    [
      'shortlist',
      shortlistPutSchema,
      [
        {
          items: [
            { siteId: '00000000-0000-4000-8000-000000000000', criteria: [{ key: 'k', weight: 1, score: 1 }] },
          ],
        },
      ],
    ],
    ['compare query', compareQuerySchema, [{ siteIds: 'a,b' }]],
  ];
  for (const [name, schema, valid] of bodies) {
    it(`the ${name} schema returns a zod result for any mutation of a valid body`, () => {
      fc.assert(
        fc.property(hostileBody(valid, { geometry: name.startsWith('site') }), (b) => {
          expect(() => schema.safeParse(parsed(b))).not.toThrow();
        }),
        opts(400),
      );
    });
  }
});

describe('tile filters', () => {
  // Every predicate the compiler may emit; values only ever travel as bindings.
  const FRAGMENTS = new Set([
    's.labels && ?::text[]',
    's.status = ANY(?::text[])',
    's.region = ANY(?::text[])',
    's.departement = ANY(?::text[])',
    's.site_surf_comm_dispo >= ?',
    's.site_surf_comm_dispo <= ?',
    's.power_available_mw >= ?',
    's.reseau_fret_ferroviaire = ?',
    's.reseau_fluvial = ?',
    's.brownfield = ?',
    // the text search (`q`): the list's accent-insensitive predicate, the term as a binding
    "s.search_text LIKE '%' || lm_fold(?) || '%' ESCAPE '\\'",
  ]);

  it('compile to fixed SQL fragments with one binding per placeholder, or refuse with a 400', () => {
    fc.assert(
      fc.property(siteQuery, (q) => {
        let f: ReturnType<typeof parseTileFilter>;
        try {
          f = parseTileFilter(q);
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
          expect((e as DomainError).status).toBe(400);
          return;
        }
        if (!f.sql) return;
        const parts = f.sql.replace(/^AND /, '').split(' AND ');
        for (const p of parts) expect(FRAGMENTS.has(p), p).toBe(true);
        expect(f.sql.split('?').length - 1).toBe(f.bindings.length);
      }),
      opts(2000),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Matching: any site, any valid needs → scores within [0, 1], a sorted ranking.

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 3 });
const amount = (max: number) => maybe(fc.double({ min: 0, max, noNaN: true }));
const date = fc
  .date({ min: new Date('1990-01-01'), max: new Date('2150-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const matchSite: fc.Arbitrary<MatchSite> = fc.record({
  id: fc.uuid(),
  name: fc.string({ maxLength: 10 }),
  availableAreaHa: amount(10_000),
  minLotHa: amount(100),
  status: maybe(fc.constantFrom(...SITE_STATUSES)),
  brownfield: maybe(fc.boolean()),
  availableFrom: maybe(date),
  priceEurM2: amount(10_000),
  gas: maybe(fc.boolean()),
  fibre: maybe(fc.boolean()),
  railSiding: maybe(fc.boolean()),
  quay: maybe(fc.boolean()),
  powerAvailableMw: amount(5000),
  powerVoltageKv: maybe(fc.constantFrom(20, 63, 90, 225, 400)),
  powerConnectionDelayMonths: maybe(fc.integer({ min: 0, max: 240 })),
  gasCapacityMwhPerDay: amount(1_000_000),
  waterM3PerDay: amount(10_000_000),
  wastewaterM3PerDay: amount(10_000_000),
  ppriZone: maybe(fc.constantFrom(...PPRI_ZONES)),
  pprtZone: maybe(fc.constantFrom(...PPRT_ZONES)),
  pluZone: maybe(fc.constantFrom(...PLU_ZONES)),
  region: maybe(fc.constantFrom('11', '44', '84')),
  department: maybe(fc.constantFrom('78', '57', '69')),
  access: maybe(
    fc.dictionary(
      fc.constantFrom(...ACCESS_KINDS),
      maybe(
        fc.record({
          name: maybe(fc.string()),
          distanceM: fc.double({ min: 0, max: 2_000_000, noNaN: true }),
          infrastructureId: fc.constant(null),
        }),
      ),
    ),
  ),
});

describe('matching on any site and any valid needs', () => {
  it('every criterion scores a finite number within [0, 1]', () => {
    fc.assert(
      fc.property(matchSite, validNeeds, (site, n) => {
        for (const key of CRITERION_KEYS) {
          const r = evaluateCriterion(key, site, n);
          expect(Number.isFinite(r.score), `${key}: ${r.score}`).toBe(true);
          expect(r.score, key).toBeGreaterThanOrEqual(0);
          expect(r.score, key).toBeLessThanOrEqual(1);
          expect(typeof r.known).toBe('boolean');
        }
      }),
      opts(500),
    );
  });

  it('the ranking keeps scores and confidence within [0, 1], sorted, with ranks 1…n, under both methods', () => {
    const weights = fc.dictionary(
      fc.constantFrom(...CRITERION_KEYS),
      fc.double({ min: 0, max: 100, noNaN: true }),
      { maxKeys: 4 },
    );
    fc.assert(
      fc.property(
        fc.array(matchSite, { maxLength: 8 }),
        validNeeds,
        fc.constantFrom('weighted', 'topsis'),
        weights,
        (sites, n, method, w) => {
          const out = matchSites(sites, n, { method: method as 'weighted' | 'topsis', weights: w });
          out.results.forEach((r, i) => {
            expect(r.rank).toBe(i + 1);
            expect(Number.isFinite(r.score) && r.score >= 0 && r.score <= 1, `score ${r.score}`).toBe(true);
            expect(r.confidence >= 0 && r.confidence <= 1, `confidence ${r.confidence}`).toBe(true);
            if (i > 0) expect(r.score).toBeLessThanOrEqual(out.results[i - 1].score + 1e-9);
          });
          for (const m of out.nearMisses) {
            expect(m.failures >= 1 && m.failures <= 2, `near-miss failures ${m.failures}`).toBe(true);
            expect(m.gapSum >= 0 && m.gapSum <= m.failures, `near-miss gap ${m.gapSum}`).toBe(true);
          }
        },
      ),
      opts(300),
    );
  });
});

describe('the edge guard (shared/validation.ts)', () => {
  // JSON.stringify writes NUL and lone surrogates as escapes, and valid pairs as they are.
  const clean = fc.jsonValue({ maxDepth: 6 }).filter((v) => !/\\u0000|\\ud[89a-f]/i.test(JSON.stringify(v)));

  it('accepts clean JSON and finds a NUL or a lone surrogate wherever it is put, naming its field', () => {
    fc.assert(
      fc.property(clean, fc.constantFrom('\u0000', 'a\ud800', '\udfffz'), fc.nat(), (v, bad, at) => {
        expect(inputProblem(v)).toBeUndefined();
        const holder = { a: [v, { b: `x${bad}` }] };
        const found = inputProblem(at % 2 ? holder : { [`k${bad}`]: v });
        expect(found).toBeDefined();
        if (at % 2) expect(found!.field).toBe('a.1.b');
      }),
      opts(500),
    );
  });

  it('refuses nesting beyond the limit without recursion, however deep', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_INPUT_DEPTH + 1, max: 200_000 }), fc.boolean(), (depth, arrays) => {
        let v: unknown = 1;
        for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
        expect(inputProblem(v)?.message).toMatch(/nested deeper/);
      }),
      opts(20),
    );
    expect(
      inputProblem(JSON.parse('['.repeat(MAX_INPUT_DEPTH) + ']'.repeat(MAX_INPUT_DEPTH))),
    ).toBeUndefined();
  });

  it('never throws on any JSON value', () => {
    fc.assert(
      fc.property(hostileJson, (v) => {
        expect(() => inputProblem(parsed(v))).not.toThrow();
      }),
      opts(500),
    );
  });
});

describe('HTTP helpers', () => {
  it('a download name is a valid header value for any project name', () => {
    fc.assert(
      fc.property(
        hostileString,
        fc.constantFrom<FilenameMode[]>('named', 'confidential', 'id'),
        fc.constantFrom<Array<'fr' | 'en'>>('fr', 'en'),
        (name, mode, lang) => {
          const file = exportFilename(
            { id: '0f8e2b1c-0000-4000-8000-000000000000', name },
            'pdf',
            mode,
            lang,
            new Date('2026-11-22T00:00:00Z'),
          );
          expect(file).toMatch(new RegExp(`^shortlist-[a-z0-9-]{1,60}-${lang}-2026-11-22\\.pdf$`));
          expect(() => validateHeaderValue('content-disposition', attachment(file))).not.toThrow();
        },
      ),
      opts(1000),
    );
  });

  it('cookie parsing never throws, whatever the header', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileString,
          fc
            .array(fc.tuple(fc.string(), fc.string()), { maxLength: 5 })
            .map((p) => p.map(([k, v]) => `${k}=${v}`).join('; ')),
        ),
        (h) => {
          expect(() => sessionCookie(h)).not.toThrow();
        },
      ),
      opts(1000),
    );
  });
});
