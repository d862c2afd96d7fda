/**
 * Site downloads: GeoJSON, plain CSV and CNIG SITE-ECO CSV of the filtered list, and the
 * round trip SITE-ECO export (demo database, as admin) → the `site-eco` importer → an empty
 * database → the same sites.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_ECO_COLUMNS, SITE_ECO_MAPPING } from '../../api/src/modules/import/formats/site-eco.ts';
import { runImport } from '../../api/src/modules/import/import.runner.ts';
import { SiteDownloadsService } from '../../api/src/modules/sites/downloads/downloads.service.ts';
import { SitesImportWriter } from '../../api/src/modules/sites/sites.import-writer.ts';
import { siteBody } from '../fixtures/sites.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

type Feature = { id: string; properties: Record<string, any>; geometry: any };

let demo: TestApp;
let admin: Client;
let staff: Client;
let tmp: string;

beforeAll(async () => {
  demo = await startTestApp('demo');
  admin = await demo.login('admin');
  staff = await demo.tokenClient('staff');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-export-'));
});
afterAll(async () => {
  await demo?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const hasGdal = (() => {
  try {
    execFileSync('ogrinfo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasGdal) console.warn('[site exports] GDAL check SKIPPED: no ogrinfo (apt-get install gdal-bin).');

const today = () => new Date().toISOString().slice(0, 10);

async function download(c: Client, p: string) {
  const res = await c.fetch(p);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, text: bytes.toString('utf8') };
}

const csvRecords = (text: string) =>
  parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];

/** Ids of the same query through the three downloads, and through the list itself. */
async function idsEverywhere(c: Client, query: string) {
  const listQuery = new URLSearchParams(query);
  if (!listQuery.has('limit')) listQuery.set('limit', '10000');
  const list = await c.get(`/api/sites?${listQuery}`);
  expect(list.status).toBe(200);
  const geo = JSON.parse((await download(c, `/api/sites.geojson?${query}`)).text);
  const plain = csvRecords((await download(c, `/api/sites.csv?${query}`)).text);
  const eco = csvRecords((await download(c, `/api/sites.site-eco.csv?${query}`)).text);
  return {
    list: list.body.features.map((f: Feature) => f.id) as string[],
    numberMatched: list.body.numberMatched as number,
    geojson: geo.features.map((f: Feature) => f.id) as string[],
    geoMatched: geo.numberMatched as number,
    csv: plain.map((r) => r.id),
    // Demo sites have no SITE-ECO id: site_id is ours.
    siteEco: eco.map((r) => r.site_id),
  };
}

describe(`site downloads (${engineName})`, () => {
  it('serves each format as an attachment with its content type and the list count', async () => {
    const expected = [
      ['/api/sites.geojson', 'application/geo+json', 'geojson'],
      ['/api/sites.csv', 'text/csv; charset=utf-8', 'csv'],
      ['/api/sites.site-eco.csv', 'text/csv; charset=utf-8', 'site-eco.csv'],
    ] as const;
    for (const [p, type, ext] of expected) {
      const { res } = await download(demo.anonymous, p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="landmatch-sites-${today()}.${ext}"`,
      );
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-number-matched')).toBe('41');
    }
  });

  it('writes the plain CSV with a BOM and the SITE-ECO CSV without, headers as documented', async () => {
    const plain = await download(demo.anonymous, '/api/sites.csv');
    expect([...plain.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(plain.text.slice(1, plain.text.indexOf('\r\n'))).toMatch(/^id,name,communeInsee,.*,lon,lat,wkt$/);
    const eco = await download(demo.anonymous, '/api/sites.site-eco.csv');
    expect(eco.bytes[0]).toBe('s'.charCodeAt(0));
    expect(eco.text.slice(0, eco.text.indexOf('\r\n'))).toBe([...SITE_ECO_COLUMNS, 'terr_refcad'].join(','));
    const rows = csvRecords(eco.text);
    expect(rows).toHaveLength(41);
    const row = rows[0];
    expect(['oui', 'non']).toContain(row.reseau_electrique);
    expect(JSON.parse(row.site_geomsurf).type).toBe('MultiPolygon');
    expect(row.site_geompoint).toMatch(/^-?\d+(\.\d+)?, \d+(\.\d+)?$/);
  });

  it('with filters, every format returns exactly the sites GET /api/sites returns, in its order', async () => {
    const queries = [
      'department=67&minAreaHa=10',
      'label=star_est&railSiding=true',
      'status=available,under_option&region=11',
      'q=port',
      'bbox=1.5,48.5,2.8,49.2&maxAreaHa=20',
      'limit=5&offset=3',
      'department=2A',
    ];
    for (const client of [demo.anonymous, staff]) {
      for (const q of queries) {
        const ids = await idsEverywhere(client, q);
        expect({ q, ids: ids.geojson }).toEqual({ q, ids: ids.list });
        expect({ q, ids: ids.csv }).toEqual({ q, ids: ids.list });
        expect({ q, ids: ids.siteEco }).toEqual({ q, ids: ids.list });
        expect(ids.geoMatched).toBe(ids.numberMatched);
      }
    }
    const strasbourg = await idsEverywhere(demo.anonymous, 'department=67&minAreaHa=10');
    expect(strasbourg.list).toHaveLength(3);
    expect((await idsEverywhere(staff, 'department=67&minAreaHa=10')).list).toHaveLength(4);
  });

  it('gives anonymous callers published sites and public fields only; staff get the unpublished ones', async () => {
    const [{ n: published }] = await demo.db.knex('sites').where('published', true).count({ n: '*' });
    const anon = JSON.parse((await download(demo.anonymous, '/api/sites.geojson')).text);
    expect(anon.features).toHaveLength(Number(published));
    expect(anon.features.every((f: Feature) => f.properties.published === true)).toBe(true);
    const staffFile = JSON.parse((await download(staff, '/api/sites.geojson')).text);
    expect(staffFile.features).toHaveLength(52);
    expect(staffFile.features.some((f: Feature) => f.properties.published === false)).toBe(true);
    const anonCsv = (await download(demo.anonymous, '/api/sites.site-eco.csv')).text;
    const hidden = staffFile.features.filter((f: Feature) => !f.properties.published);
    for (const f of hidden) expect(anonCsv).not.toContain(f.id);
  });

  it('refuses bad queries with a 400 naming the parameter, before any byte of file', async () => {
    for (const [q, field] of [
      ['department=abc', 'department'],
      ['limit=100001', 'limit'],
      ['limit=0', 'limit'],
      ['minAreaHa=5&maxAreaHa=1', 'minAreaHa'],
      // An unknown parameter is named itself (code unknown_field), not the query as a whole.
      ['frobnicate=1', 'frobnicate'],
    ]) {
      for (const p of [
        '/api/sites.geojson',
        '/api/sites.csv',
        '/api/sites.site-eco.csv',
        '/api/sites.table.csv',
      ]) {
        const r = await demo.anonymous.get(`${p}?${q}`);
        expect({ q, p, status: r.status }).toEqual({ q, p, status: 400 });
        expect(r.res.headers.get('content-disposition')).toBeNull();
        expect(r.body.error.code).toBe('invalid_input');
        const fields: string[] = r.body.error.details.map((d: { field: string }) => d.field);
        expect(fields.some((f) => f === field || f.startsWith(`${field}.`))).toBe(true);
      }
    }
  });

  it('pages through the list internally and keeps its order across page boundaries', async () => {
    const paged = new SiteDownloadsService(demo.services.sites, 7);
    const queries = [{}, { limit: '20', offset: '5' }, { limit: '14' }, { label: 'star_est' }];
    for (const detail of [false, true]) {
      for (const query of queries) {
        const exp = await paged.open(query, undefined, { detail });
        const ids: string[] = [];
        for await (const page of exp.pages) {
          expect(page.length).toBeLessThanOrEqual(7);
          if (detail) expect(page.every((f) => 'description' in f.properties)).toBe(true);
          ids.push(...page.map((f) => f.id));
        }
        const direct = await demo.services.sites.list({ limit: '10000', ...query }, undefined);
        expect(ids.length).toBeGreaterThan(7);
        expect(ids).toEqual(direct.features.map((f) => f.id));
        expect(exp.numberMatched).toBe(direct.numberMatched);
      }
    }
  });

  it.skipIf(!hasGdal)(
    'is read by GDAL: the same sites and extent from the GeoJSON and the CSV outlines',
    async () => {
      const summary = async (file: string, extra: string[]) => {
        const f = path.join(tmp, file);
        fs.writeFileSync(f, (await download(demo.anonymous, `/api/${file}?label=star_est`)).bytes);
        const out = execFileSync('ogrinfo', ['-ro', '-so', '-al', ...extra, f], { encoding: 'utf8' });
        return {
          count: Number(/Feature Count: (\d+)/.exec(out)?.[1]),
          extent: /Extent: (.*)/.exec(out)?.[1],
          type: /Geometry: (.*)/.exec(out)?.[1],
        };
      };
      const geo = await summary('sites.geojson', []);
      const csv = await summary('sites.csv', [
        '-oo',
        'GEOM_POSSIBLE_NAMES=wkt',
        '-oo',
        'KEEP_GEOM_COLUMNS=NO',
      ]);
      const list = await demo.anonymous.get('/api/sites?label=star_est&limit=1000');
      expect(geo).toMatchObject({ count: list.body.numberMatched, type: 'Multi Polygon' });
      expect(csv.count).toBe(geo.count);
      expect(csv.extent).toBe(geo.extent);
    },
  );

  it('refuses formula-like text at write; guards a value stored before the rule in both CSVs', async () => {
    const name = '=HYPERLINK("http://evil.example","Cliquez")';
    const refused = await admin.send('POST', '/api/sites', siteBody({ name }));
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe('properties.name');
    const created = await admin.send('POST', '/api/sites', siteBody({ description: '+33 1 00 00 00 00' }));
    expect(created.status).toBe(201);
    // A row written before the rule (straight into the table).
    await demo.db.knex('sites').update({ site_nom: name }).where('id', created.body.id);
    const q = `ids=${created.body.id}`;
    const plain = (await download(admin, `/api/sites.csv?${q}`)).text;
    const [row] = csvRecords(plain);
    expect(row.name).toBe(`'${name}`);
    expect(Number(row.availableAreaHa)).toBeGreaterThan(0);
    expect(Number(row.lon)).toBeCloseTo(1.7407, 3);
    const [eco] = csvRecords((await download(admin, `/api/sites.site-eco.csv?${q}`)).text);
    expect(eco.site_nom).toBe(`'${name}`);
    expect(eco.site_description).toBe('+33 1 00 00 00 00');
    await admin.send('DELETE', `/api/sites/${created.body.id}`);
  });
});

describe(`SITE-ECO round trip: demo export → site-eco importer → empty database (${engineName})`, () => {
  let target: TestApp;
  beforeAll(async () => {
    target = await startTestApp('empty');
  });
  afterAll(async () => {
    await target?.close();
  });

  /** Every site with all the properties an admin sees. */
  async function fullSites(c: Client): Promise<Feature[]> {
    const list = await c.get('/api/sites?limit=10000');
    return Promise.all(
      list.body.features.map(async (f: Feature) => (await c.get(`/api/sites/${f.id}`)).body as Feature),
    );
  }

  it('imports every exported site back with the same SITE-ECO fields and outlines', async () => {
    const exported = await download(admin, '/api/sites.site-eco.csv');
    expect(exported.res.status).toBe(200);
    const file = path.join(tmp, 'demo.site-eco.csv');
    fs.writeFileSync(file, exported.bytes);

    const deps = { knex: target.db.knex, siteWriter: new SitesImportWriter() };
    const report = await runImport(deps, { format: 'site-eco', file });
    expect(report.invalid).toEqual([]);
    expect(report).toMatchObject({ ok: true, read: 52, valid: 52, inserted: 52, updated: 0 });

    const before = await fullSites(admin);
    const targetAdmin = await target.login('admin');
    const after = await fullSites(targetAdmin);
    expect(after).toHaveLength(before.length);
    const bySiteId = new Map(after.map((s) => [s.properties.siteEcoId as string, s]));
    const derived = ['department', 'region'];
    for (const orig of before) {
      const copy = bySiteId.get(orig.properties.siteEcoId ?? orig.id);
      expect(copy, orig.properties.name).toBeDefined();
      for (const key of [...Object.values(SITE_ECO_MAPPING).filter((k) => k !== 'siteEcoId'), ...derived]) {
        expect({ site: orig.properties.name, key, value: copy!.properties[key] }).toEqual({
          site: orig.properties.name,
          key,
          value: orig.properties[key],
        });
      }
      expect(copy!.properties.areaHa).toBeCloseTo(orig.properties.areaHa, 6);
      expect(copy!.properties).toMatchObject({
        source: 'site-eco',
        dataQuality: 'sourced',
        published: false,
      });
    }

    // Outlines: compared in the demo database against the stored originals, in metres.
    const pairs = before.map((o) => ({
      id: o.id,
      geojson: JSON.stringify(bySiteId.get(o.properties.siteEcoId ?? o.id)!.geometry),
    }));
    const geo = await demo.db.knex.raw(
      `SELECT count(*) FILTER (WHERE ST_Equals(s.geom, g.geom))::int AS equal,
              max(ST_HausdorffDistance(ST_Transform(s.geom, 2154), ST_Transform(g.geom, 2154))) AS hausdorff_m,
              max(abs(ST_Area(ST_Transform(s.geom, 2154)) - ST_Area(ST_Transform(g.geom, 2154)))
                  / ST_Area(ST_Transform(s.geom, 2154))) AS area_rel
       FROM jsonb_to_recordset(?::jsonb) AS p(id uuid, geojson text)
       JOIN sites s ON s.id = p.id
       CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_GeomFromGeoJSON(p.geojson), 4326) AS geom) g`,
      [JSON.stringify(pairs)],
    );
    const { equal, hausdorff_m, area_rel } = geo.rows[0];
    // Six decimals of a degree are ≤ 0.11 m; the demo outlines have fewer, so they come back equal.
    expect(Number(hausdorff_m)).toBeLessThan(0.15);
    expect(Number(area_rel)).toBeLessThan(1e-5);
    expect(equal).toBeGreaterThan(0);

    // The imported copy exports to the same SITE-ECO file (rows in the same order: name, then id).
    const again = await download(targetAdmin, '/api/sites.site-eco.csv');
    const sortLines = (t: string) => t.split('\r\n').sort();
    expect(sortLines(again.text)).toEqual(sortLines(exported.text));

    // Re-importing the same file changes nothing.
    const twice = await runImport(deps, { format: 'site-eco', file });
    expect(twice).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 52 });
  });
});
