import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  // The map UI's alias for the API's contract (map-ui/vite.config.ts, map-ui/tsconfig.json).
  resolve: { alias: { '@api': path.join(root, 'api', 'src') } },
  test: {
    include: ['api/src/**/*.test.ts', 'tests/**/*.test.ts', 'map-ui/src/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'map-ui/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
