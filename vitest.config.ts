import { defineConfig } from 'vitest/config';

export default defineConfig({
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
