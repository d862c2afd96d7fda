/**
 * A large, valid `sites-geojson` import file for the fault runs: n small rectangles over
 * metropolitan France with the properties the importer requires, written in chunks so a
 * 100 MB file never sits in memory.
 */
import fs from 'node:fs';
import { seeded } from './tiles-sample.ts';

/**
 * Writes a FeatureCollection of `n` sites to `file`; returns its size in bytes.
 * @example writeBigSitesGeojson('/tmp/sites.geojson', 100_000) // ≈ 35 MB
 */
export function writeBigSitesGeojson(file: string, n: number, seed = 7): number {
  const rnd = seeded(seed);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, '{"type":"FeatureCollection","features":[\n');
    const chunk: string[] = [];
    for (let i = 0; i < n; i++) {
      const lon = -1 + rnd() * 7;
      const lat = 43.5 + rnd() * 5;
      const d = 0.002 + rnd() * 0.01;
      const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
      const ring = [
        [lon, lat],
        [lon + d, lat],
        [lon + d, lat + d],
        [lon, lat + d],
        [lon, lat],
      ].map(([x, y]) => [r6(x), r6(y)]);
      chunk.push(
        JSON.stringify({
          type: 'Feature',
          properties: {
            name: `Fault-run site ${i}`,
            sourceId: `faults-${i}`,
            communeInsee: '75056',
            availableAreaHa: Math.round(d * d * 1e6) / 100,
            status: 'available',
          },
          geometry: { type: 'Polygon', coordinates: [ring] },
        }),
      );
      if (chunk.length === 5000 || i === n - 1) {
        fs.writeSync(fd, chunk.join(',\n') + (i === n - 1 ? '\n' : ',\n'));
        chunk.length = 0;
      }
    }
    fs.writeSync(fd, ']}\n');
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}
