/**
 * Every real file of ../shared/data imported into a fresh database: counts must match what an
 * independent, simpler reading of the same file expects, and a second import must change nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engineName, type TestDatabase } from '../../../../tests/helpers/test-db.ts';
import { projectRoot } from '../../config.ts';
import { runImport } from './import.runner.ts';
import type { ImportReport, InfrastructureChange } from './import.schemas.ts';
import type { ImportOptions } from './import.types.ts';
import { dbState } from './test-support/db-state.ts';
import { createTestSitesImportWriter } from './test-support/sites.import-writer.double.ts';

const DATA = path.resolve(projectRoot, '../shared/data');
const hasData = fs.existsSync(path.join(DATA, 'transport'));
if (!hasData) console.warn(`[import real-data tests] skipped: ${DATA} is absent (CI has it)`);
const file = (p: string) => path.join(DATA, p);
const csv = (p: string, delimiter: string) =>
  parseCsv(fs.readFileSync(file(p)), { columns: true, delimiter, bom: true }) as Array<
    Record<string, string>
  >;

let db: TestDatabase;
const hookCalls: InfrastructureChange[] = [];

beforeAll(async () => {
  db = await createTestDatabase('empty');
});
afterAll(async () => {
  await db?.drop();
});

function run(options: ImportOptions): Promise<ImportReport> {
  return runImport(
    {
      knex: db.knex,
      siteWriter: createTestSitesImportWriter(),
      afterInfrastructureImport: async (_knex, change) => {
        hookCalls.push(change);
      },
    },
    options,
  );
}

async function countBy(where: string, bindings: Array<string | number> = []): Promise<number> {
  const r = await db.knex.raw<{ rows: Array<{ n: number }> }>(
    `SELECT count(*)::int AS n FROM infrastructure WHERE ${where}`,
    bindings,
  );
  return r.rows[0].n;
}

/** Imports, checks the first report, re-imports and checks that nothing changed. */
async function importTwice(options: ImportOptions, expected: number): Promise<ImportReport> {
  const first = await run(options);
  expect(first.error).toBeNull();
  expect(first.invalid).toEqual([]);
  expect(first.ok).toBe(true);
  expect(first.valid).toBe(expected);
  expect(first.inserted + first.updated + first.unchanged).toBe(expected);
  const state = await dbState(db.knex);
  const calls = hookCalls.length;
  const second = await run(options);
  expect(second).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: expected });
  expect(second.changed).toEqual({ ids: [], bbox: null, kinds: [] });
  expect(hookCalls.length).toBe(calls); // nothing changed: no access recomputation asked
  expect(await dbState(db.knex)).toEqual(state);
  return first;
}

describe.skipIf(!hasData)(`real open-data files (${engineName})`, () => {
  it('OurAirports: every large and medium airport, small ones only when asked', async () => {
    const rows = csv('transport/ourairports-fr-airports.csv', ',');
    const expected = rows.filter((r) => r.type === 'large_airport' || r.type === 'medium_airport').length;
    const report = await importTwice(
      { format: 'ourairports', file: file('transport/ourairports-fr-airports.csv') },
      expected,
    );
    expect(report.inserted).toBe(expected);
    expect(report.skipped).toBe(rows.length - expected);
    expect(await countBy("kind = 'airport' AND size_class = 'large'")).toBe(
      rows.filter((r) => r.type === 'large_airport').length,
    );
    expect(await countBy("source = 'ourairports' AND source_id = 'LFPG' AND attrs->>'iata' = 'CDG'")).toBe(1);
    expect(hookCalls.at(-1)).toMatchObject({ kinds: ['airport'] });
    expect(hookCalls.at(-1)!.ids).toHaveLength(expected);

    // A dry run with small airports says what it would add and writes nothing.
    const before = await dbState(db.knex);
    const small = rows.filter((r) => r.type === 'small_airport').length;
    const dry = await run({
      format: 'ourairports',
      file: file('transport/ourairports-fr-airports.csv'),
      dryRun: true,
      includeSmall: true,
    });
    expect(dry).toMatchObject({ ok: false, dryRun: true, inserted: small, unchanged: expected, error: null });
    expect(await dbState(db.knex)).toEqual(before);
  });

  it('SNCF gares: every fret = O point as rail_freight, the others as rail_station', async () => {
    const rows = csv('transport/sncf-liste-des-gares.csv', ';');
    const freight = rows.filter((r) => r.fret === 'O').length;
    await importTwice(
      { format: 'sncf-gares', file: file('transport/sncf-liste-des-gares.csv') },
      rows.length,
    );
    expect(await countBy("source = 'sncf-gares' AND kind = 'rail_freight'")).toBe(freight);
    expect(await countBy("source = 'sncf-gares' AND kind = 'rail_station'")).toBe(rows.length - freight);
  });

  it('World Port Index: every port with its size class and facilities', async () => {
    const rows = csv('transport/wpi-france-ports.csv', ',');
    await importTwice({ format: 'wpi', file: file('transport/wpi-france-ports.csv') }, rows.length);
    const large = rows.filter((r) => r['Harbor Size'] === 'Large').length;
    expect(await countBy("kind = 'port' AND size_class = 'large'")).toBe(large);
    expect(await countBy("kind = 'port' AND attrs->>'unlocode' = 'FR LEH'")).toBe(1);
    expect(await countBy("kind = 'port' AND attrs->'facilities'->>'container' = 'yes'")).toBe(
      rows.filter((r) => r['Facilities - Container'] === 'Yes').length,
    );
  });

  it('RTE substations: every in-service substation with a parsed voltage', async () => {
    const features = JSON.parse(fs.readFileSync(file('energy/rte-postes-electriques.geojson'), 'utf8'))
      .features as Array<{
      properties: { etat: string; tension: string };
    }>;
    const inService = features.filter(
      (f) => f.properties.etat === 'EN EXPLOITATION' && f.properties.tension !== 'HORS TENSION',
    );
    const report = await importTwice(
      { format: 'rte-postes', file: file('energy/rte-postes-electriques.geojson') },
      inService.length,
    );
    expect(report.skipped).toBe(features.length - inService.length);
    for (const kv of [63, 90, 225, 400]) {
      expect(await countBy("source = 'rte' AND voltage_kv = ?", [kv])).toBe(
        inService.filter((f) => f.properties.tension === `${kv}kV`).length,
      );
    }
    expect(await countBy("source = 'rte' AND voltage_kv IS NULL")).toBe(
      inService.filter((f) => f.properties.tension === '<45kV' || f.properties.tension === 'COURANT CONTINU')
        .length,
    );
  });

  it('toll plazas (peages_all layout): every plaza as a motorway access', async () => {
    const rows = csv('transport/opentolldata-peages-all.csv', ',');
    await importTwice(
      { format: 'toll-plazas', file: file('transport/opentolldata-peages-all.csv') },
      rows.length,
    );
    expect(await countBy("source = 'opentolldata' AND kind = 'motorway_access'")).toBe(rows.length);
  });

  it('toll plazas (toll_info layout): enriches the same plazas, a plaza listed twice counted once', async () => {
    const rows = csv('transport/opentolldata-toll-info.csv', ';');
    const distinct = new Set(
      rows.map((r) => `${r.booth_node_id.replace(/\s/g, '')}@${Number(r.lon)},${Number(r.lat)}`),
    );
    const before = await countBy("source = 'opentolldata'");
    const report = await importTwice(
      { format: 'toll-plazas', file: file('transport/opentolldata-toll-info.csv') },
      distinct.size,
    );
    expect(report.skippedReasons).toEqual({
      'same plaza listed again under another name': rows.length - distinct.size,
    });
    expect(await countBy("source = 'opentolldata'")).toBe(before + report.inserted);
    expect(await countBy("source = 'opentolldata' AND attrs->>'tollSystem' IS NOT NULL")).toBe(distinct.size);
  });

  it('Monaco OSM extract: what an independent parser finds, read from an upload stream', async () => {
    const { default: parseOSM } = await import('osm-pbf-parser');
    const stations: string[] = [];
    await new Promise<void>((resolve, reject) => {
      fs.createReadStream(file('osm/monaco-latest.osm.pbf'))
        .pipe(parseOSM())
        .on('data', (items: Array<{ type: string; id: number; tags: Record<string, string> }>) => {
          for (const i of items)
            if (i.tags.railway === 'station' || i.tags.railway === 'yard') stations.push(`${i.type}/${i.id}`);
        })
        .on('end', resolve)
        .on('error', reject);
    });
    // First from an upload stream (spooled to a temp file for the passes), then from the path.
    const stream = Readable.from(fs.readFileSync(file('osm/monaco-latest.osm.pbf')));
    const report = await run({ format: 'osm', file: stream, name: 'monaco upload' });
    expect(report).toMatchObject({ ok: true, error: null, inserted: stations.length, invalidCount: 0 });
    const again = await run({ format: 'osm', file: file('osm/monaco-latest.osm.pbf') });
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: stations.length });
    expect(report.skippedReasons).toEqual({ 'substation without voltage': 2, marina: 1 });
    const r = await db.knex.raw<{ rows: Array<{ source_id: string }> }>(
      "SELECT source_id FROM infrastructure WHERE source = 'osm'",
    );
    expect(r.rows.map((x) => x.source_id).sort()).toEqual(stations.sort());
  });

  it('every kind ends up in the infrastructure table', async () => {
    const r = await db.knex.raw<{ rows: Array<{ kind: string }> }>(
      'SELECT DISTINCT kind FROM infrastructure ORDER BY 1',
    );
    expect(r.rows.map((x) => x.kind)).toEqual([
      'airport',
      'motorway_access',
      'port',
      'rail_freight',
      'rail_station',
      'substation',
    ]);
  });
});

describe(`OSM fixture with candidate sites (${engineName})`, () => {
  const fixture = (f: string) => path.join(projectRoot, 'geodata/fixtures/osm', f);

  it('imports the XML fixture, then its PBF encoding changes nothing', async () => {
    const before = await db.knex.raw<{ rows: Array<{ n: number }> }>('SELECT count(*)::int AS n FROM sites');
    const xml = await run({ format: 'osm', file: fixture('strasbourg-fixture.osm') });
    expect(xml).toMatchObject({
      ok: true,
      byTarget: { infrastructure: { inserted: 7, updated: 0 }, sites: { inserted: 2, updated: 0 } },
    });
    expect(xml.changedSiteIds).toHaveLength(2);
    const state = await dbState(db.knex);
    expect(state.sites.rows).toBe(before.rows[0].n + 2);
    const pbf = await run({ format: 'osm', file: fixture('strasbourg-fixture.osm.pbf') });
    expect(pbf).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 9 });
    expect(await dbState(db.knex)).toEqual(state);
  });

  it('leaves candidate sites out, and says so, when no sites writer is wired', async () => {
    const report = await runImport(
      { knex: db.knex },
      { format: 'osm', file: fixture('strasbourg-fixture.osm'), dryRun: true },
    );
    expect(report.skippedReasons['candidate site (no sites writer configured)']).toBe(2);
    expect(report.byTarget.sites).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
  });
});
