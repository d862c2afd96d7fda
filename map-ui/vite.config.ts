/**
 * Vite build of the map UI. Run from the repository root:
 * `vite build --config map-ui/vite.config.ts` → map-ui/dist (served by the API), or
 * `vite --config map-ui/vite.config.ts` for a dev server that proxies the API on :3000.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { basemapCountriesPlugin } from './build/basemap-plugin.ts';

const uiRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(uiRoot, '..');
const api = process.env.LANDMATCH_API ?? 'http://localhost:3000';

export default defineConfig({
  root: uiRoot,
  publicDir: path.join(uiRoot, 'public'),
  plugins: [react(), basemapCountriesPlugin()],
  // The UI imports the API's contract (response types, request schemas, vocabularies) from
  // api/src through one alias, `@api/…` (also in map-ui/tsconfig.json and vitest.config.ts).
  resolve: { alias: { '@api': path.join(repoRoot, 'api', 'src') } },
  server: {
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': api,
      '/tiles': api,
      '/ogc': api,
    },
  },
  build: {
    outDir: path.join(uiRoot, 'dist'),
    emptyOutDir: true,
    // MapLibre alone is ~800 kB minified; it gets its own chunk, loaded with the map.
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
  },
});
