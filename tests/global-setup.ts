/**
 * Builds the map UI once before any test file runs (when the browser tests can run), so
 * parallel browser test files never race two Vite builds into map-ui/dist.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../api/src/config.ts';

export default function setup(): void {
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) return;
  execFileSync(process.execPath, [path.join(projectRoot, 'scripts', 'build.mjs'), '--ui', '--if-stale'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
}
