/**
 * Vite plugin: the offline basemap's GeoJSON files, each one hashed asset (cached by the
 * browser) also served by the dev server. The UI imports their URLs from virtual modules:
 * - `virtual:lm-basemap-countries`: world-atlas's countries-50m topology turned into land and
 *   borders at build time (~1.3 MB);
 * - `virtual:lm-basemap-admin`: geodata/seed/basemap-admin.geojson (régions, départements);
 * - `virtual:lm-basemap-communes`: geodata/seed/basemap-communes.geojson (commune names).
 * Why not import the JSON into the bundle: it would be JavaScript to parse on the main thread;
 * as a GeoJSON URL, MapLibre's worker fetches and parses it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Topology } from 'topojson-specification';
import type { Plugin } from 'vite';
import { topologyToBasemap } from '../src/map/basemap-data.ts';

const SEED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'geodata', 'seed');

const ASSETS: Record<string, { name: string; make(): string }> = {
  'virtual:lm-basemap-countries': {
    name: 'countries-50m',
    make() {
      const file = createRequire(import.meta.url).resolve('world-atlas/countries-50m.json');
      const topology = JSON.parse(fs.readFileSync(file, 'utf8')) as Topology;
      return JSON.stringify(topologyToBasemap(topology));
    },
  },
  'virtual:lm-basemap-admin': {
    name: 'basemap-admin',
    make: () => JSON.stringify(JSON.parse(fs.readFileSync(path.join(SEED, 'basemap-admin.geojson'), 'utf8'))),
  },
  'virtual:lm-basemap-communes': {
    name: 'basemap-communes',
    make: () => JSON.stringify(JSON.parse(fs.readFileSync(path.join(SEED, 'basemap-communes.geojson'), 'utf8'))),
  },
};

export function basemapCountriesPlugin(): Plugin {
  let base = '/';
  const cache = new Map<string, { fileName: string; json: string }>();
  const build = (id: string) => {
    let hit = cache.get(id);
    if (!hit) {
      const asset = ASSETS[id];
      const json = asset.make();
      const hash = crypto.createHash('sha256').update(json).digest('hex').slice(0, 10);
      hit = { fileName: `assets/${asset.name}-${hash}.geojson`, json };
      cache.set(id, hit);
    }
    return hit;
  };
  return {
    name: 'lm-basemap-assets',
    configResolved(config) {
      base = config.base;
    },
    resolveId(id) {
      return id in ASSETS ? `\0${id}` : undefined;
    },
    load(id) {
      if (!id.startsWith('\0') || !(id.slice(1) in ASSETS)) return undefined;
      return `export default ${JSON.stringify(base + build(id.slice(1)).fileName)};`;
    },
    generateBundle() {
      for (const id of Object.keys(ASSETS)) {
        const { fileName, json } = build(id);
        this.emitFile({ type: 'asset', fileName, source: json });
      }
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = req.url?.split('?')[0];
        for (const id of Object.keys(ASSETS)) {
          const { fileName, json } = build(id);
          if (url !== base + fileName) continue;
          res.setHeader('Content-Type', 'application/geo+json');
          res.end(json);
          return;
        }
        next();
      });
    },
  };
}
