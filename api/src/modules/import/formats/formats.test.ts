import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../config.ts';
import type { InfrastructureRow } from '../../infrastructure/infrastructure.import-writer.ts';
import type { SiteImportRow } from '../../sites/sites.import-writer.ts';
import { outcomes, parseWith } from '../test-support/parse.ts';
import { classify, osmVoltageKv } from './osm.ts';
import { parseTension } from './rte-postes.ts';

const fixtures = path.join(projectRoot, 'geodata/fixtures/osm');
const infra = (rows: ReturnType<typeof outcomes>['rows']) =>
  rows.flatMap((r) => (r.target === 'infrastructure' ? [r.value as InfrastructureRow] : []));
const sites = (rows: ReturnType<typeof outcomes>['rows']) =>
  rows.flatMap((r) => (r.target === 'site' ? [r.value as SiteImportRow] : []));

describe('rte-postes', () => {
  it('reads tension strings into kV, and refuses unknown ones', () => {
    expect(parseTension('225kV')).toEqual({ kv: 225, attrs: {} });
    expect(parseTension(' 63 kV ')).toEqual({ kv: 63, attrs: {} });
    expect(parseTension('<45kV')).toEqual({ kv: null, attrs: { voltageBand: '<45kV' } });
    expect(parseTension('COURANT CONTINU')).toEqual({ kv: null, attrs: { current: 'DC' } });
    expect(parseTension('HORS TENSION')).toEqual({ skip: 'de-energised (HORS TENSION)' });
    expect(parseTension('HAUTE')).toMatchObject({ error: expect.stringMatching(/unknown tension 'HAUTE'/) });
  });

  it('names the missing properties when the file is not an RTE postes file', async () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: 'X' }, geometry: { type: 'Point', coordinates: [2, 48] } },
      ],
    });
    await expect(parseWith('rte-postes', { text })).rejects.toThrow(
      'missing properties code_poste, nom_poste, etat, tension in the features (the first feature has: code)',
    );
  });
});

describe('osm', () => {
  it('reads the OSM voltage tag as the highest value in kV', () => {
    expect(osmVoltageKv('400000;225000;63000')).toBe(400);
    expect(osmVoltageKv('20000')).toBe(20);
    expect(osmVoltageKv('medium')).toBeNull();
  });

  it('classifies freight yards, urban stations, marinas and aerodromes', () => {
    const opts = { includeSmall: false };
    expect(classify({ railway: 'station', usage: 'freight' }, opts)).toMatchObject({ kind: 'rail_freight' });
    expect(classify({ railway: 'station' }, opts)).toMatchObject({ kind: 'rail_station' });
    expect(classify({ railway: 'station', station: 'subway' }, opts)).toEqual({ skip: 'subway station' });
    expect(classify({ 'seamark:type': 'harbour', 'seamark:harbour:category': 'marina' }, opts)).toEqual({
      skip: 'marina',
    });
    expect(classify({ aeroway: 'aerodrome', iata: 'SXB' }, opts)).toMatchObject({
      kind: 'airport',
      sizeClass: 'medium',
    });
    expect(classify({ aeroway: 'aerodrome' }, opts)).toMatchObject({
      skip: expect.stringMatching(/small aerodrome/),
    });
    expect(classify({ highway: 'primary' }, opts)).toBeNull();
  });

  for (const file of ['strasbourg-fixture.osm', 'strasbourg-fixture.osm.pbf']) {
    it(`reads every tag rule of the hand-written fixture (${file})`, async () => {
      const { rows, errors, skips } = outcomes(await parseWith('osm', path.join(fixtures, file)));
      expect(errors).toEqual([]);
      const points = infra(rows);
      expect(points.map((r) => [r.sourceId, r.kind, r.voltageKv, r.sizeClass]).sort()).toEqual(
        [
          ['node/1001', 'motorway_access', null, null],
          ['node/1003', 'substation', 20, null],
          ['node/1004', 'rail_freight', null, null],
          ['node/1005', 'rail_station', null, null],
          ['way/2021', 'substation', 225, null],
          ['way/2031', 'airport', null, 'large'],
          ['way/2041', 'port', null, null],
        ].sort(),
      );
      // An area becomes its centroid.
      const sub = points.find((r) => r.sourceId === 'way/2021')!;
      expect(sub.lon).toBeCloseTo(7.7505, 6);
      expect(sub.lat).toBeCloseTo(48.5503, 6);
      const candidates = sites(rows);
      expect(candidates.map((s) => s.properties.sourceId).sort()).toEqual(['relation/3001', 'way/2001']);
      const zi = candidates.find((s) => s.properties.sourceId === 'relation/3001')!;
      expect(zi.geometry.coordinates).toHaveLength(1);
      expect(zi.geometry.coordinates[0]).toHaveLength(2); // outer joined from two ways + one hole
      expect(zi.properties).toMatchObject({ published: false, dataQuality: 'estimated', source: 'osm' });
      expect(zi.properties.availableAreaHa as number).toBeGreaterThan(47);
      expect(zi.properties.communeInsee).toBeUndefined();
      expect(candidates.find((s) => s.properties.sourceId === 'way/2001')!.properties.communeInsee).toBe(
        '67482',
      );
      expect(skips.sort()).toEqual(
        [
          'substation voltage unreadable',
          'subway station',
          'small aerodrome (use --include-small)',
          'marina',
          'industrial area under 1 ha',
          'landuse=industrial open way',
        ].sort(),
      );
    });
  }

  it('keeps small aerodromes with includeSmall', async () => {
    const { rows } = outcomes(
      await parseWith('osm', path.join(fixtures, 'strasbourg-fixture.osm'), { includeSmall: true }),
    );
    expect(infra(rows).find((r) => r.sourceId === 'node/1007')).toMatchObject({
      kind: 'airport',
      sizeClass: 'small',
    });
  });

  it('reads an upload stream of a .osm.pbf (spooled to a temporary file for its several passes)', async () => {
    const text = fs.readFileSync(path.join(fixtures, 'strasbourg-fixture.osm.pbf'));
    const { rows } = outcomes(await parseWith('osm', { text }));
    expect(rows).toHaveLength(9);
  });
});

describe('toll-plazas', () => {
  it('keys a plaza by its first booth node and skips a plaza listed twice with the same booths', async () => {
    const text =
      'name;osm_name;operator_ref;lat;lon;nbs_booth;booth_node_id;booth_way_id;type;operator_osm\n' +
      'ORANGE CENTRE;Orange Centre;21;44.1353197;4.7956315;2;[656795, 448451541];;close;ASF\n' +
      'ORANGE;Orange Centre;21;44.1353197;4.7956315;2;[656795, 448451541];;close;ASF\n' +
      'OTHER;Other;1;45.2186960 ;6.4590391;1;[656795];;open;\n';
    const items = await parseWith('toll-plazas', { text });
    expect(items[0]).toMatchObject({ line: 2, row: { value: { sourceId: 'node/656795', operator: 'ASF' } } });
    expect(items[1]).toEqual({ line: 3, skip: 'same plaza listed again under another name' });
    // Same first booth, different plaza: left to the runner's duplicate check (an error there).
    expect(items[2]).toMatchObject({ line: 4, row: { value: { sourceId: 'node/656795', lat: 45.218696 } } });
  });
});

describe('sites-geojson', () => {
  const square = {
    type: 'Polygon',
    coordinates: [
      [
        [2.3, 48.8],
        [2.31, 48.8],
        [2.31, 48.81],
        [2.3, 48.81],
        [2.3, 48.8],
      ],
    ],
  };
  const feature = (properties: object, extra: object = {}) => ({
    type: 'Feature',
    properties,
    geometry: square,
    ...extra,
  });
  const fc = (...features: object[]) => JSON.stringify({ type: 'FeatureCollection', features });

  it('maps our own property names, ignores computed ones and keys the site by sourceId or feature id', async () => {
    const items = await parseWith('sites-geojson', {
      text: fc(
        feature({
          name: 'ZA Nord',
          communeInsee: '75056',
          availableAreaHa: 4.5,
          areaHa: 99,
          region: 'x',
          sourceId: 'za-1',
        }),
        feature({ name: 'ZA Sud', communeInsee: '75056', availableAreaHa: 2 }, { id: 'f-2' }),
      ),
    });
    const { rows, errors } = outcomes(items);
    expect(errors).toEqual([]);
    const [a, b] = sites(rows);
    expect(a.properties).toEqual({
      name: 'ZA Nord',
      communeInsee: '75056',
      availableAreaHa: 4.5,
      source: 'geojson',
      sourceId: 'za-1',
    });
    expect(a.geometry.type).toBe('MultiPolygon');
    expect(b.properties.sourceId).toBe('f-2');
  });

  it('reports unknown properties, bad values and missing keys by feature index', async () => {
    const items = await parseWith('sites-geojson', {
      text: fc(
        feature({ name: 'A', avialableAreaHa: 3, sourceId: '1' }),
        feature({ name: 'B', availableAreaHa: -1, status: 'sold', sourceId: '2' }),
        feature({ name: 'C' }),
        {
          type: 'Feature',
          properties: { name: 'D', sourceId: '4' },
          geometry: { type: 'Point', coordinates: [2.3, 48.8] },
        },
      ),
    });
    expect(outcomes(items).errors).toEqual([
      { line: 1, error: 'unknown property avialableAreaHa' },
      { line: 2, error: expect.stringMatching(/^availableAreaHa: must not be negative; status: /) },
      { line: 3, error: 'sourceId: required (it identifies the site on re-import)' },
      { line: 4, error: 'expected a Polygon or MultiPolygon, got Point' },
    ]);
  });
});

describe('sites-csv', () => {
  it('reads a WKT polygon and typed cells (decimal comma, oui/non, | lists)', async () => {
    const text =
      'name;sourceId;communeInsee;availableAreaHa;railSiding;labels;wkt\n' +
      'ZA Est;e1;67482;12,5;oui;star_est|territoire_industrie;"POLYGON((7.7 48.5, 7.71 48.5, 7.71 48.51, 7.7 48.5))"\n';
    const { rows, errors } = outcomes(await parseWith('sites-csv', { text }));
    expect(errors).toEqual([]);
    expect(sites(rows)[0].properties).toEqual({
      name: 'ZA Est',
      sourceId: 'e1',
      source: 'csv',
      communeInsee: '67482',
      availableAreaHa: 12.5,
      railSiding: true,
      labels: ['star_est', 'territoire_industrie'],
    });
  });

  it('draws a point with a stated area as an approximate outline, flagged as such, and rejects one without', async () => {
    const text = 'name,sourceId,grossAreaHa,lon,lat\nA,a,10,2.35,48.85\nB,b,,2.35,48.85\nC,c,5,48.85,2.35\n';
    const items = await parseWith('sites-csv', { text });
    const { rows, errors } = outcomes(items);
    const a = sites(rows)[0];
    expect(a.properties.illustrativeFields).toEqual(['geometry']);
    expect(a.properties.provenanceNotes).toMatch(/approximated by a circle/);
    expect(a.geometry.coordinates[0][0]).toHaveLength(65);
    expect(errors).toEqual([
      { line: 3, error: expect.stringMatching(/^a point is not a site outline/) },
      { line: 4, error: expect.stringMatching(/latitude and longitude look swapped/) },
    ]);
  });

  it('refuses unknown columns and a file without an outline column', async () => {
    await expect(parseWith('sites-csv', { text: 'name,surface,wkt\nA,1,x\n' })).rejects.toThrow(
      /unknown column surface/,
    );
    await expect(parseWith('sites-csv', { text: 'name,availableAreaHa\nA,1\n' })).rejects.toThrow(
      /missing columns: wkt \(or lon and lat\)/,
    );
  });
});

describe('site-eco', () => {
  const header =
    'site_id,pole_id,site_nom,site_type,site_vocadomi,site_etat,site_surf_brute,site_surf_comm_dispo,site_evol_urba,' +
    'site_comm_insee,site_comm_nom,site_epci_siren,reseau_electrique,reseau_fret_ferroviaire,site_geomsurf\n';
  const geom = JSON.stringify({
    type: 'Polygon',
    coordinates: [
      [
        [2.36, 49.9],
        [2.37, 49.9],
        [2.37, 49.91],
        [2.36, 49.9],
      ],
    ],
  }).replace(/"/g, '""');

  it('maps SITE-ECO columns to our fields and normalises the values real files use', async () => {
    const text =
      header +
      `80024_SITE-ECO_00001,80024_POLE-ECO_00162,ZAC Les Bornes du Temps,Zone d'activité économique,"entrepôts, logistique",existant,37.2,5.7,extension,80024,Argoeuves,200071223,oui,non,"${geom}"\n`;
    const { rows, errors } = outcomes(await parseWith('site-eco', { text }));
    expect(errors).toEqual([]);
    expect(sites(rows)[0].properties).toMatchObject({
      siteEcoId: '80024_SITE-ECO_00001',
      sourceId: '80024_SITE-ECO_00001',
      source: 'site-eco',
      name: 'ZAC Les Bornes du Temps',
      siteType: "zone d'activité économique",
      vocation: 'entrepôts, logistique',
      siteEcoState: 'existant et actif',
      urbanisationType: 'extension urbaine',
      grossAreaHa: 37.2,
      availableAreaHa: 5.7,
      communeInsee: '80024',
      territorySiren: '200071223',
      electricity: true,
      railSiding: false,
      dataQuality: 'sourced',
      provenanceNotes: expect.stringContaining('pole_id: 80024_POLE-ECO_00162'),
    });
  });

  it('reports errors with SITE-ECO column names, and the CNIG example outline as outside France', async () => {
    const example = JSON.stringify({
      type: 'Polygon',
      coordinates: [
        [
          [30, 10],
          [40, 40],
          [20, 40],
          [10, 20],
          [30, 10],
        ],
      ],
    }).replace(/"/g, '""');
    const text =
      header +
      `S1,,Site,zone d'activité économique,industrielle,création,1,1,,80024,A,123,peut-être,non,"${geom}"\n` +
      `S2,,Site 2,zone d'activité économique,industrielle,création,1,1,,80024,A,200071223,oui,non,"${example}"\n`;
    expect(outcomes(await parseWith('site-eco', { text })).errors).toEqual([
      { line: 2, error: expect.stringMatching(/^reseau_electrique: 'peut-être' is not yes\/no/) },
      { line: 3, error: expect.stringMatching(/^site_geomsurf: .*outside France/) },
    ]);
  });
});
