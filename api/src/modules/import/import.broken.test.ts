/**
 * Broken inputs, written to a temp dir from the real files: each must fail with a clear message
 * (or, with skipInvalid, import only the good rows) and leave the database exactly as it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engineName, type TestDatabase } from '../../../../tests/helpers/test-db.ts';
import { projectRoot } from '../../config.ts';
import { ImportOptionsError, runImport } from './import.runner.ts';
import type { ImportReport } from './import.schemas.ts';
import type { ImportOptions } from './import.types.ts';
import { dbState } from './test-support/db-state.ts';
import { createTestSitesImportWriter } from './test-support/sites.import-writer.double.ts';

const DATA = path.resolve(projectRoot, '../shared/data');
const hasData = fs.existsSync(path.join(DATA, 'transport'));
if (!hasData)
  console.warn(`[import broken-file tests] real-file cases skipped: ${DATA} is absent (CI has it)`);
const real = (p: string) => path.join(DATA, p);
const FIXTURE = path.join(projectRoot, 'geodata/fixtures/osm/strasbourg-fixture.osm');

let db: TestDatabase;
let tmp: string;

beforeAll(async () => {
  db = await createTestDatabase('empty');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-import-broken-'));
  // Something to protect: the OSM fixture (7 points, 2 sites) and, when present, a real file.
  const base = await run({ format: 'osm', file: FIXTURE });
  expect(base.ok).toBe(true);
  if (hasData)
    expect((await run({ format: 'wpi', file: real('transport/wpi-france-ports.csv') })).ok).toBe(true);
});
afterAll(async () => {
  await db?.drop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function run(options: ImportOptions): Promise<ImportReport> {
  return runImport({ knex: db.knex, siteWriter: createTestSitesImportWriter() }, options);
}

function write(name: string, content: string | Buffer): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
}

/** CSV text with every field quoted (enough for these files). */
function toCsv(rows: string[][], delimiter: string): string {
  return `${rows.map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(delimiter)).join('\n')}\n`;
}

function readCsvRows(p: string, delimiter: string): string[][] {
  return parseCsv(fs.readFileSync(p), { delimiter, bom: true, relax_column_count: true }) as string[][];
}

/** Runs an import that must fail, and checks the database did not change. */
async function expectFailure(options: ImportOptions): Promise<ImportReport> {
  const before = await dbState(db.knex);
  const report = await run(options);
  expect(report.ok).toBe(false);
  expect(report.inserted + report.updated).toBe(0);
  expect(report.changed.ids).toEqual([]);
  expect(await dbState(db.knex)).toEqual(before);
  return report;
}

describe.skipIf(!hasData)(`broken real files (${engineName})`, () => {
  it('wrong delimiter: says which delimiter the format expects', async () => {
    const text = fs.readFileSync(real('transport/sncf-liste-des-gares.csv'), 'utf8').replace(/;/g, ',');
    const r = await expectFailure({ format: 'sncf-gares', file: write('gares-comma.csv', text) });
    expect(r.error).toBe(
      "expected ';' as delimiter, but the header is separated by ',': save the file with ';' between columns",
    );
  });

  it('missing columns: names them', async () => {
    const text = fs
      .readFileSync(real('transport/ourairports-fr-airports.csv'), 'utf8')
      .replace('latitude_deg', 'lat_deg');
    const r = await expectFailure({ format: 'ourairports', file: write('airports-nolat.csv', text) });
    expect(r.error).toMatch(/^missing column: latitude_deg \(the header has: id, ident, type, name, lat_deg/);
  });

  it('non-numeric coordinates: the row, its line and the column', async () => {
    const rows = readCsvRows(real('transport/wpi-france-ports.csv'), ',');
    const lat = rows[0].indexOf('Latitude');
    rows[5][lat] = 'N 43.2';
    const r = await expectFailure({ format: 'wpi', file: write('wpi-text-lat.csv', toCsv(rows, ',')) });
    expect(r.invalid).toEqual([{ line: 6, reason: "Latitude 'N 43.2' is not a number" }]);
  });

  it('swapped latitude and longitude: detected for France', async () => {
    const rows = readCsvRows(real('transport/opentolldata-peages-all.csv'), ',');
    const [lat, lon] = [rows[0].indexOf('lat'), rows[0].indexOf('lon')];
    [rows[10][lat], rows[10][lon]] = [rows[10][lon], rows[10][lat]];
    const r = await expectFailure({
      format: 'toll-plazas',
      file: write('tolls-swapped.csv', toCsv(rows, ',')),
    });
    expect(r.invalid).toHaveLength(1);
    expect(r.invalid[0].reason).toMatch(/^latitude and longitude look swapped/);
  });

  it('unknown voltage strings: a row error naming the value', async () => {
    const fc = JSON.parse(fs.readFileSync(real('energy/rte-postes-electriques.geojson'), 'utf8'));
    fc.features[99].properties.tension = 'TRES HAUTE';
    fc.features[99].properties.etat = 'EN EXPLOITATION';
    const r = await expectFailure({
      format: 'rte-postes',
      file: write('rte-voltage.geojson', JSON.stringify(fc)),
    });
    expect(r.invalid).toEqual([
      { line: 100, reason: expect.stringMatching(/^unknown tension 'TRES HAUTE'/) },
    ]);
  });

  it('duplicate ids within a file: both lines named', async () => {
    const text = fs.readFileSync(real('transport/ourairports-fr-airports.csv'), 'utf8');
    const lines = text.trimEnd().split('\n');
    const r = await expectFailure({
      format: 'ourairports',
      file: write('airports-dup.csv', `${text.trimEnd()}\n${lines[1]}\n`),
    });
    expect(r.invalid).toEqual([
      { line: lines.length + 1, reason: "duplicate source id 'LFPG' (already at line 2)" },
    ]);
  });

  it('truncated .osm.pbf: a clear error', async () => {
    const buf = fs.readFileSync(real('osm/monaco-latest.osm.pbf'));
    const r = await expectFailure({
      format: 'osm',
      file: write('monaco-cut.osm.pbf', buf.subarray(0, 300_000)),
    });
    expect(r.error).toMatch(/^the \.osm\.pbf file is truncated/);
  });

  it('truncated GeoJSON after several batches were written: rolled back', async () => {
    const buf = fs.readFileSync(real('energy/rte-postes-electriques.geojson'));
    const r = await expectFailure({
      format: 'rte-postes',
      file: write('rte-cut.geojson', buf.subarray(0, 200_000)),
      batchSize: 100,
    });
    expect(r.valid).toBeGreaterThan(500); // several batches went to the database before the end
    expect(r.error).toMatch(/^the file ends in the middle of feature \d+ \(truncated\?\)/);
  });

  it('a GeoJSON file in Lambert-93: refused with the fix', async () => {
    const fc = JSON.parse(fs.readFileSync(real('energy/rte-postes-electriques.geojson'), 'utf8'));
    const text = JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'EPSG:2154' } },
      features: fc.features,
    });
    const r = await expectFailure({ format: 'rte-postes', file: write('rte-2154.geojson', text) });
    expect(r.error).toMatch(/declares CRS EPSG:2154; expected WGS84 .*ogr2ogr/);
  });

  it('one bad row after several written batches: nothing written; with skipInvalid, the others are', async () => {
    const rows = readCsvRows(real('transport/opentolldata-peages-all.csv'), ',');
    const [lat, lon] = [rows[0].indexOf('lat'), rows[0].indexOf('lon')];
    const last = rows.length - 1;
    [rows[last][lon], rows[last][lat]] = ['13.4', '52.5']; // Berlin
    const p = write('tolls-berlin.csv', toCsv(rows, ','));
    await db.knex.raw("DELETE FROM infrastructure WHERE source = 'opentolldata'");
    const failed = await expectFailure({ format: 'toll-plazas', file: p, batchSize: 100 });
    expect(failed.invalid).toEqual([{ line: rows.length, reason: expect.stringMatching(/outside France/) }]);
    expect(failed.valid).toBe(rows.length - 2);

    const before = await dbState(db.knex);
    const skipped = await run({ format: 'toll-plazas', file: p, skipInvalid: true, batchSize: 100 });
    expect(skipped).toMatchObject({ ok: true, inserted: rows.length - 2, invalidCount: 1 });
    expect(skipped.invalid).toEqual(failed.invalid);
    expect((await dbState(db.knex)).infrastructure.rows).toBe(before.infrastructure.rows + rows.length - 2);
  });
});

describe(`broken inputs of every kind (${engineName})`, () => {
  it('empty files: a clear error for CSV, GeoJSON and OSM formats', async () => {
    const empty = write('empty.dat', '');
    for (const format of ['wpi', 'rte-postes', 'osm', 'sites-csv', 'sites-geojson', 'site-eco'] as const) {
      const r = await expectFailure({ format, file: empty });
      expect(r.error, format).toBe('the file is empty');
    }
  });

  it('an upload over the size limit: refused while streaming, for one-pass and spooled formats', async () => {
    const feature = { type: 'Feature', properties: { name: 'A' }, geometry: null };
    const geojson = Buffer.from(
      JSON.stringify({ type: 'FeatureCollection', features: Array(100).fill(feature) }),
    );
    for (const [format, bytes] of [
      ['sites-geojson', geojson],
      ['osm', fs.readFileSync(FIXTURE)],
    ] as const) {
      const upload = (async function* () {
        for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
      })();
      const r = await expectFailure({ format, file: upload, name: 'upload', maxBytes: 2000 });
      expect(r.error, format).toBe('the file is larger than the 2,000-byte limit');
    }
  });

  it('a missing file: a clear error', async () => {
    const r = await expectFailure({ format: 'wpi', file: path.join(tmp, 'nope.csv') });
    expect(r.error).toMatch(/no such file/);
  });

  it('a self-intersecting site outline: reported with its feature index, nothing written unless skipInvalid', async () => {
    const square = (x: number) => [
      [
        [x, 48.8],
        [x + 0.01, 48.8],
        [x + 0.01, 48.81],
        [x, 48.81],
        [x, 48.8],
      ],
    ];
    const bowtie = [
      [
        [2.5, 48.8],
        [2.51, 48.81],
        [2.51, 48.8],
        [2.5, 48.81],
        [2.5, 48.8],
      ],
    ];
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'a',
          properties: { name: 'A', availableAreaHa: 1 },
          geometry: { type: 'Polygon', coordinates: square(2.3) },
        },
        {
          type: 'Feature',
          id: 'b',
          properties: { name: 'B', availableAreaHa: 1 },
          geometry: { type: 'Polygon', coordinates: bowtie },
        },
        {
          type: 'Feature',
          id: 'c',
          properties: { name: 'C', availableAreaHa: 1 },
          geometry: { type: 'Polygon', coordinates: square(2.4) },
        },
      ],
    };
    const p = write('sites-bowtie.geojson', JSON.stringify(fc));
    const r = await expectFailure({ format: 'sites-geojson', file: p });
    expect(r.invalid).toEqual([
      { line: 2, reason: expect.stringMatching(/^invalid outline: Self-intersection/) },
    ]);
    expect(r.valid).toBe(2);

    const before = await dbState(db.knex);
    const ok = await run({ format: 'sites-geojson', file: p, skipInvalid: true });
    expect(ok).toMatchObject({ ok: true, valid: 2, invalidCount: 1, byTarget: { sites: { inserted: 2 } } });
    expect((await dbState(db.knex)).sites.rows).toBe(before.sites.rows + 2);
  });

  it('a dry run writes nothing even when every row is valid', async () => {
    const before = await dbState(db.knex);
    const r = await run({
      format: 'osm',
      file: FIXTURE.replace('.osm', '.osm.pbf'),
      dryRun: true,
      includeSmall: true,
    });
    expect(r).toMatchObject({ ok: false, dryRun: true, error: null, inserted: 1, unchanged: 9 });
    expect(await dbState(db.knex)).toEqual(before);
  });

  it('a failing after-import hook: the error says the data was committed', async () => {
    const moved = fs
      .readFileSync(FIXTURE, 'utf8')
      .replace('lat="48.5601" lon="7.7302"', 'lat="48.5611" lon="7.7312"');
    const p = write('fixture-moved.osm', moved);
    const failing = runImport(
      {
        knex: db.knex,
        siteWriter: createTestSitesImportWriter(),
        afterInfrastructureImport: async (_k, change) => {
          expect(change.ids).toHaveLength(1);
          // The bbox spans the previous and the new position of the moved junction.
          expect(change.bbox).toEqual([7.7302, 48.5601, 7.7312, 48.5611]);
          throw new Error('access recomputation exploded');
        },
      },
      { format: 'osm', file: p },
    );
    await expect(failing).rejects.toThrow(
      'the import was committed, but the after-import hook failed: access recomputation exploded',
    );
    const r = await db.knex.raw(
      "SELECT ST_X(geom) AS x FROM infrastructure WHERE source = 'osm' AND source_id = 'node/1001'",
    );
    expect(r.rows[0].x).toBe(7.7312);
  });

  it('refuses an unknown format, and a site format without the sites writer', async () => {
    await expect(runImport({ knex: db.knex }, { format: 'kml' as 'wpi', file: FIXTURE })).rejects.toThrow(
      ImportOptionsError,
    );
    await expect(runImport({ knex: db.knex }, { format: 'sites-csv', file: FIXTURE })).rejects.toThrow(
      "format 'sites-csv' writes sites and needs the sites module's writer",
    );
  });
});
