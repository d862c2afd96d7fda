/**
 * What the API accepts, it keeps and serves back intact: any well-formed text (RTL, combining
 * marks, 4-byte emoji, SQL metacharacters) written through the API comes back unchanged from
 * the detail, the list, the search, the vector tiles and the exports; any valid needs match
 * without an error and with scores within [0, 1].
 */
import { VectorTile } from '@mapbox/vector-tile';
import fc from 'fast-check';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rect, siteBody } from '../fixtures/sites.ts';
import { engineName } from '../helpers/test-db.ts';
import { enc, SQL_INJECTIONS, UNICODE_EDGES, validNeeds } from './support/arbitraries.ts';
import { extremeOutline, extremeSiteProperties } from './support/extreme-sites.ts';
import { type FuzzApp, startFuzzApp } from './support/fuzz-app.ts';
import { FUZZ_SEED, type RawResponse, runs, send } from './support/harness.ts';

let f: FuzzApp;

beforeAll(async () => {
  f = await startFuzzApp();
});
afterAll(async () => {
  await f?.close();
});

/** Text a person could type: no NUL, no lone surrogate, something left after trimming. */
const storableText = (max: number) =>
  fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
      fc.constantFrom(...SQL_INJECTIONS, ...UNICODE_EDGES),
      fc
        .tuple(fc.constantFrom(...UNICODE_EDGES), fc.constantFrom(...SQL_INJECTIONS))
        .map(([a, b]) => `${a} ${b}`),
    )
    .map((s) => s.replaceAll('\u0000', '').slice(0, max))
    .filter((s) => s.trim().length > 0 && !/[\uD800-\uDFFF]/u.test(s));

async function call(
  method: string,
  path: string,
  body?: unknown,
  who: keyof FuzzApp['callers'] = 'admin',
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...f.callers[who].headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await send(f.url, {
    method,
    path,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${path} → ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(400);
  return res;
}

/**
 * pbf 5.1.2's writeUtf8 combines a surrogate pair with `| 0x10000` instead of `+ 0x10000`, so
 * the JS tile encoder of the embedded engine writes U+20000–U+2FFFF (CJK Extension B),
 * U+40000–U+4FFFF… one plane off; ST_AsMVT on the server is right. Reported, not ours to patch
 * (node_modules); the test below flips to failing once it is fixed, to drop this exception.
 */
const JS_TILE_ENCODER = engineName === 'embedded';
const pbfMangles = (s: string) =>
  [...s].some((ch) => {
    const cp = ch.codePointAt(0)!;
    return cp >= 0x10000 && ((cp - 0x10000) & 0x10000) !== 0;
  });

/** XYZ tile of a lon/lat at zoom z. */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [
    Math.floor(((lon + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  ];
}

describe(`accepted input round-trips (${engineName})`, () => {
  it('a site name and description come back unchanged from the detail, the search and the tiles', async () => {
    const [x, y] = tileOf(1.8505, 48.9305, 14);
    await fc.assert(
      fc.asyncProperty(storableText(200), storableText(5000), async (name, description) => {
        const created = await call(
          'POST',
          '/api/sites',
          siteBody({ name, description, published: true }, rect(1.85, 48.93)),
        );
        const id = (created.json as { id: string }).id;
        const detail = (await call('GET', `/api/sites/${id}`, undefined, 'anonymous')).json as {
          properties: Record<string, unknown>;
        };
        expect(detail.properties.name).toBe(name.trim());
        expect(detail.properties.description).toBe(description.trim());

        const q = name.trim().slice(0, 100);
        const found = (await call('GET', `/api/sites?limit=10000&q=${enc(q)}`, undefined, 'anonymous'))
          .json as { features: Array<{ id: string }> };
        expect(
          found.features.map((s) => s.id),
          `q=${JSON.stringify(q)}`,
        ).toContain(id);

        const tile = await send(f.url, { method: 'GET', path: `/tiles/sites/14/${x}/${y}.mvt` });
        expect(tile.status).toBe(200);
        const layer = new VectorTile(new PbfReader(new Uint8Array(tile.bytes))).layers.sites;
        const props = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties);
        if (!(JS_TILE_ENCODER && pbfMangles(name)))
          expect(props.find((p) => p.id === id)?.name).toBe(name.trim());
        await call('DELETE', `/api/sites/${id}`);
      }),
      { seed: FUZZ_SEED, numRuns: runs(25) },
    );
  });

  (JS_TILE_ENCODER ? it.fails : it)(
    'a CJK Extension B name (U+20000) survives the vector tiles',
    async () => {
      const name = 'Zone 𠀀𠮷 U+20000';
      const created = await call(
        'POST',
        '/api/sites',
        siteBody({ name, published: true }, rect(1.86, 48.93)),
      );
      const id = (created.json as { id: string }).id;
      const [x, y] = tileOf(1.8605, 48.9305, 14);
      const tile = await send(f.url, { method: 'GET', path: `/tiles/sites/14/${x}/${y}.mvt` });
      const layer = new VectorTile(new PbfReader(new Uint8Array(tile.bytes))).layers.sites;
      const props = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties);
      await call('DELETE', `/api/sites/${id}`);
      expect(props.find((p) => p.id === id)?.name).toBe(name);
    },
  );

  it('project text comes back unchanged, and every export of its shortlist renders', async () => {
    let pdfs = 0;
    await fc.assert(
      fc.asyncProperty(
        storableText(120),
        storableText(200),
        storableText(2000),
        storableText(200),
        async (name, company, notes, note) => {
          const p = (
            await call('POST', '/api/projects', {
              name,
              company,
              notes,
              sector: 'other',
              contact: { name: company },
            })
          ).json as { id: string; name: string; notes: string };
          expect(p.name).toBe(name.trim());
          expect(p.notes).toBe(notes.trim());
          await call('PUT', `/api/projects/${p.id}/shortlist`, { items: [{ siteId: f.fx.siteId, note }] });
          const csv = await call('GET', `/api/projects/${p.id}/shortlist.csv?filename=named`);
          expect(csv.text).toContain('Parcelle test Limay');
          const geo = (await call('GET', `/api/projects/${p.id}/shortlist.geojson?lang=en`)).json as {
            features: Array<{ properties: Record<string, unknown> }>;
          };
          expect(JSON.stringify(geo.features[0].properties)).toContain(
            JSON.stringify(note.trim()).slice(1, -1),
          );
          // A PDF costs about a second: the first few cases only.
          if (pdfs++ < 4) {
            const pdf = await call(
              'GET',
              `/api/projects/${p.id}/shortlist.pdf?filename=named&lang=en`,
              undefined,
              'staff',
            );
            expect(String(pdf.headers['content-type'])).toBe('application/pdf');
          }
          await call('DELETE', `/api/projects/${p.id}`);
        },
      ),
      { seed: FUZZ_SEED, numRuns: runs(12) },
    );
  });

  it('a site with any mix of extreme valid values is served back by every reader: detail, list, tiles, matching, comparison, exports', async () => {
    const project = (await call('POST', '/api/projects', { name: 'Projet extrême', sector: 'other' }))
      .json as { id: string };
    let pdfs = 0;
    await fc.assert(
      fc.asyncProperty(extremeSiteProperties, extremeOutline, async (props, outline) => {
        const created = await call('POST', '/api/sites', {
          type: 'Feature',
          properties: props,
          geometry: outline,
        });
        const { id, properties } = created.json as { id: string; properties: Record<string, unknown> };
        for (const [k, v] of Object.entries(props))
          expect(properties[k], k).toEqual(typeof v === 'string' ? v.trim() : v);
        await call('GET', `/api/sites/${id}`);
        await call('GET', `/api/sites?limit=10000&bbox=1.8,48.9,2.4,49.5&ids=${id}`);
        for (const z of [5, 10, 14]) {
          const [x, y] = tileOf(1.87, 48.93, z);
          await call('GET', `/tiles/sites/${z}/${x}/${y}.mvt`, undefined, 'anonymous');
        }
        await call(
          'POST',
          '/api/match',
          { needs: { surfaceHa: { min: 0.01 }, allowAssembly: true, hard: [] }, limit: 200 },
          'staff',
        );
        await call('PUT', `/api/projects/${project.id}/shortlist`, {
          items: [{ siteId: id, refreshSnapshot: true }, { siteId: f.fx.siteId }],
        });
        await call('GET', `/api/projects/${project.id}/compare`);
        await call('GET', `/api/projects/${project.id}/shortlist.csv`);
        await call('GET', `/api/projects/${project.id}/shortlist.geojson`);
        // A PDF costs about a second: the first few cases only.
        if (pdfs++ < 3) await call('GET', `/api/projects/${project.id}/shortlist.pdf?lang=en`);
        await call('PUT', `/api/projects/${project.id}/shortlist`, { items: [] });
        await call('DELETE', `/api/sites/${id}`);
      }),
      { seed: FUZZ_SEED, numRuns: runs(10) },
    );
  });

  it('any valid needs match without an error, with scores and confidence within [0, 1], and print in the PDF', async () => {
    const project = (await call('POST', '/api/projects', { name: 'Besoins', sector: 'other' })).json as {
      id: string;
    };
    await call('PUT', `/api/projects/${project.id}/shortlist`, { items: [{ siteId: f.fx.siteId }] });
    let pdfs = 0;
    await fc.assert(
      fc.asyncProperty(
        validNeeds,
        fc.constantFrom('weighted', 'topsis'),
        fc.constantFrom('anonymous', 'staff') as fc.Arbitrary<'anonymous' | 'staff'>,
        async (needs, method, who) => {
          const res = await call('POST', '/api/match', { needs, method, limit: 200 }, who);
          const body = res.json as {
            results: Array<{ score: number; confidence: number }>;
            nearMisses: Array<{ failures: number; gapSum: number }>;
          };
          for (const r of body.results) {
            const ok = r.score >= 0 && r.score <= 1 && r.confidence >= 0 && r.confidence <= 1;
            expect(ok, JSON.stringify(r).slice(0, 200)).toBe(true);
          }
          for (const m of body.nearMisses) expect(m.gapSum >= 0 && m.gapSum <= m.failures).toBe(true);
          await call('PATCH', `/api/projects/${project.id}`, { needs });
          await call('PUT', `/api/projects/${project.id}/shortlist`, {
            items: [{ siteId: f.fx.siteId, refreshSnapshot: true }],
          });
          if (pdfs++ < 3) await call('GET', `/api/projects/${project.id}/shortlist.pdf`);
        },
      ),
      { seed: FUZZ_SEED, numRuns: runs(40) },
    );
  });
});
