/**
 * Vite plugin: turns world-atlas's countries-50m topology into the offline basemap's GeoJSON
 * at build time (one hashed asset, ~1.3 MB, cached by the browser), and serves the same file
 * from the dev server. The UI imports its URL from `virtual:lm-basemap-countries`.
 * Why not import the JSON into the bundle: it would weigh ~240 kB gzip of JavaScript to
 * parse on the main thread; as a GeoJSON URL, MapLibre's worker fetches and parses it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import type { Topology } from 'topojson-specification';
import { topologyToBasemap } from '../src/map/basemap-data.ts';

const VIRTUAL_ID = 'virtual:lm-basemap-countries';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

export function basemapCountriesPlugin(): Plugin {
  let base = '/';
  let cached: { fileName: string; json: string } | undefined;
  const build = () => {
    if (!cached) {
      const file = createRequire(import.meta.url).resolve('world-atlas/countries-50m.json');
      const topology = JSON.parse(fs.readFileSync(file, 'utf8')) as Topology;
      const json = JSON.stringify(topologyToBasemap(topology));
      const hash = crypto.createHash('sha256').update(json).digest('hex').slice(0, 10);
      cached = { fileName: `assets/countries-50m-${hash}.geojson`, json };
    }
    return cached;
  };
  return {
    name: 'lm-basemap-countries',
    configResolved(config) {
      base = config.base;
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      return `export default ${JSON.stringify(base + build().fileName)};`;
    },
    generateBundle() {
      const { fileName, json } = build();
      this.emitFile({ type: 'asset', fileName, source: json });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const { fileName, json } = build();
        if (req.url?.split('?')[0] !== base + fileName) return next();
        res.setHeader('Content-Type', 'application/geo+json');
        res.end(json);
      });
    },
  };
}
