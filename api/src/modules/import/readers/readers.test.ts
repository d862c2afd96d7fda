import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../config.ts';
import { openCsv } from './csv-reader.ts';
import { readFeatureCollection } from './geojson-stream.ts';
import { readOsmPbf } from './osm-pbf.ts';
import { readOsmXml } from './osm-xml.ts';
import { parseWkt } from './wkt.ts';

/** Feeds text in chunks of `size` bytes, to cross every chunk boundary case. */
async function* chunked(text: string | Buffer, size = 7): AsyncIterable<Buffer> {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const fixtures = path.join(projectRoot, 'geodata/fixtures/osm');
const monaco = path.resolve(projectRoot, '../shared/data/osm/monaco-latest.osm.pbf');

describe('CSV reader', () => {
  it('yields records with the line each one starts on, across quoted newlines and blank lines', async () => {
    const csv = await openCsv(chunked('a;b\n1;"x\ny"\n\n3;4\n5\n'), { delimiter: ';', required: ['a', 'b'] });
    expect(await collect(csv.rows)).toEqual([
      { line: 2, record: { a: '1', b: 'x\ny' } },
      { line: 5, record: { a: '3', b: '4' } },
      { line: 6, error: 'expected 2 fields, found 1' },
    ]);
  });

  it('says which delimiter was expected when the header uses another one', async () => {
    await expect(
      openCsv(chunked('a,b,c\n1,2,3\n'), { delimiter: ';', required: ['a', 'b'] }),
    ).rejects.toThrow("expected ';' as delimiter, but the header is separated by ','");
  });

  it('names the missing columns', async () => {
    await expect(
      openCsv(chunked('a,x\n1,2\n'), { delimiter: ',', required: ['a', 'b', 'c'] }),
    ).rejects.toThrow('missing columns: b, c (the header has: a, x)');
  });

  it('detects the delimiter when asked to', async () => {
    const csv = await openCsv(chunked('\uFEFFname;lon;lat\nA;2,5;48\n'), {
      delimiter: 'auto',
      required: ['name'],
    });
    expect(csv.delimiter).toBe(';');
    expect(await collect(csv.rows)).toEqual([{ line: 2, record: { name: 'A', lon: '2,5', lat: '48' } }]);
  });

  it('rejects an empty file and a header without rows', async () => {
    await expect(openCsv(chunked(''), { delimiter: ',', required: ['a'] })).rejects.toThrow(
      'the file is empty',
    );
    await expect(openCsv(chunked('  \n\n'), { delimiter: ',', required: ['a'] })).rejects.toThrow(
      'the file is empty',
    );
    const csv = await openCsv(chunked('a,b\n'), { delimiter: ',', required: ['a'] });
    await expect(collect(csv.rows)).rejects.toThrow('the file has a header but no data rows');
  });

  it('reports a syntax error with its line', async () => {
    const read = async () =>
      collect((await openCsv(chunked('a,b\n1,2\n3,"unclosed\n'), { delimiter: ',', required: ['a'] })).rows);
    await expect(read()).rejects.toThrow(/CSV syntax error near line 3: Quote Not Closed/);
  });
});

describe('GeoJSON FeatureCollection splitter', () => {
  const fc = {
    type: 'FeatureCollection',
    name: 'x',
    features: [
      {
        type: 'Feature',
        properties: { s: 'a "quoted" }] {[ text\\' },
        geometry: { type: 'Point', coordinates: [2, 48] },
      },
      { type: 'Feature', properties: { nested: { deep: [1, [2, { x: 3 }]] } }, geometry: null },
    ],
  };

  it('yields each feature, whatever the chunk boundaries and string contents', async () => {
    for (const size of [1, 2, 3, 7, 64, 100_000]) {
      const items = await collect(
        readFeatureCollection(chunked(JSON.stringify(fc, null, size % 2 ? 0 : 2), size)),
      );
      expect(items).toEqual([
        { index: 1, feature: fc.features[0] },
        { index: 2, feature: fc.features[1] },
      ]);
    }
  });

  it('accepts type and features in any member order', async () => {
    const text = `{"features":[${JSON.stringify(fc.features[0])}],"type":"FeatureCollection"}`;
    expect(await collect(readFeatureCollection(chunked(text)))).toHaveLength(1);
  });

  it('reports a truncated file, a wrong root type, a projected CRS and an empty collection', async () => {
    const text = JSON.stringify(fc);
    await expect(collect(readFeatureCollection(chunked(text.slice(0, 60))))).rejects.toThrow(/truncated/);
    await expect(
      collect(readFeatureCollection(chunked('{"type":"Feature","geometry":null}'))),
    ).rejects.toThrow('expected a GeoJSON FeatureCollection, found type Feature');
    await expect(collect(readFeatureCollection(chunked('[1,2]')))).rejects.toThrow(/found a JSON array/);
    const lambert = `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},"features":[]}`;
    await expect(collect(readFeatureCollection(chunked(lambert)))).rejects.toThrow(/declares CRS .*2154/);
    await expect(
      collect(readFeatureCollection(chunked('{"type":"FeatureCollection","features":[]}'))),
    ).rejects.toThrow('the FeatureCollection has no features');
    await expect(collect(readFeatureCollection(chunked('')))).rejects.toThrow('the file is empty');
  });

  it('reports a feature that is not valid JSON by its index and goes on', async () => {
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature",},${JSON.stringify(fc.features[1])}]}`;
    const items = await collect(readFeatureCollection(chunked(text)));
    expect(items[0]).toMatchObject({ index: 1, error: expect.stringMatching(/feature 1 is not valid JSON/) });
    expect(items[1]).toEqual({ index: 2, feature: fc.features[1] });
  });

  it('streams a 200 MB collection without holding it in memory', async () => {
    const feature = JSON.stringify({
      type: 'Feature',
      properties: { name: 'x'.repeat(200) },
      geometry: { type: 'Point', coordinates: [2.123456, 48.123456] },
    });
    const total = 200 * 1024 * 1024;
    const perChunk = Math.floor((1 << 20) / (feature.length + 1));
    const chunkText = Buffer.from(`${feature},`.repeat(perChunk));
    async function* big(): AsyncIterable<Buffer> {
      yield Buffer.from('{"type":"FeatureCollection","features":[');
      for (let sent = 0; sent < total; sent += chunkText.length) yield chunkText;
      yield Buffer.from(`${feature}]}`);
    }
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let n = 0;
    let peak = 0;
    for await (const item of readFeatureCollection(big())) {
      n++;
      if (n % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      if ('error' in item) throw new Error(item.error);
    }
    expect(n).toBeGreaterThan(total / (feature.length + 1));
    expect(peak).toBeLessThan(150 * 1024 * 1024);
  }, 120_000);
});

describe('OSM readers', () => {
  it('reads the same elements from the XML fixture and its PBF encoding', async () => {
    const all = { nodes: true, ways: true, relations: true };
    const xml = (
      await collect(readOsmXml(fs.createReadStream(path.join(fixtures, 'strasbourg-fixture.osm')), all))
    ).flat();
    const pbf = (
      await collect(readOsmPbf(fs.createReadStream(path.join(fixtures, 'strasbourg-fixture.osm.pbf')), all))
    ).flat();
    const norm = (e: object) => JSON.stringify(Object.entries(e).sort(([a], [b]) => a.localeCompare(b)));
    expect(pbf.map(norm)).toEqual(xml.map(norm));
    expect(xml.filter((e) => e.type === 'relation')).toHaveLength(1);
  });

  it('rejects a truncated or empty .osm.pbf and a truncated .osm', async () => {
    const pbf = fs.readFileSync(path.join(fixtures, 'strasbourg-fixture.osm.pbf'));
    const all = { nodes: true, ways: true, relations: true };
    await expect(collect(readOsmPbf(chunked(pbf.subarray(0, pbf.length - 40), 100), all))).rejects.toThrow(
      /truncated: it ends inside the block starting at byte/,
    );
    await expect(collect(readOsmPbf(chunked(Buffer.alloc(0)), all))).rejects.toThrow('the file is empty');
    await expect(collect(readOsmPbf(chunked('hello, this is not protobuf'), all))).rejects.toThrow(
      /not an OSM PBF file/,
    );
    const xml = fs.readFileSync(path.join(fixtures, 'strasbourg-fixture.osm'), 'utf8');
    await expect(collect(readOsmXml(chunked(xml.slice(0, 2000), 500), all))).rejects.toThrow(/truncated/);
  });

  it.skipIf(!fs.existsSync(monaco))('detects truncation of the real Monaco extract', async () => {
    const buf = fs.readFileSync(monaco).subarray(0, 300_000);
    await expect(
      collect(readOsmPbf(chunked(buf, 65536), { nodes: true, ways: false, relations: false })),
    ).rejects.toThrow(/truncated/);
  });
});

describe('WKT reader', () => {
  it('reads polygons, multipolygons and points, dropping Z and an EWKT SRID', () => {
    expect(parseWkt('POLYGON((2 48, 2.1 48, 2.1 48.1, 2 48))')).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [2, 48],
          [2.1, 48],
          [2.1, 48.1],
          [2, 48],
        ],
      ],
    });
    expect(
      parseWkt(
        'SRID=4326;MULTIPOLYGON Z (((2 48 1, 3 48 1, 3 49 1, 2 48 1)), ((4 45 0, 5 45 0, 5 46 0, 4 45 0)))',
      ),
    ).toMatchObject({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [2, 48],
            [3, 48],
            [3, 49],
            [2, 48],
          ],
        ],
        [
          [
            [4, 45],
            [5, 45],
            [5, 46],
            [4, 45],
          ],
        ],
      ],
    });
    expect(parseWkt('point (2.35 48.85)')).toEqual({ type: 'Point', coordinates: [2.35, 48.85] });
  });

  it('explains what is wrong', () => {
    expect(() => parseWkt('LINESTRING(1 2, 3 4)')).toThrow('unsupported WKT type LINESTRING');
    expect(() => parseWkt('POLYGON((2 48, 2.1 x, 2 48))')).toThrow("non-numeric position '2.1 x'");
    expect(() => parseWkt('SRID=2154;POINT(650000 6860000)')).toThrow('WKT has SRID 2154');
  });
});
