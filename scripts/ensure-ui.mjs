// Builds the map UI when its bundle is missing or older than its sources, so `npm start`
// alone serves a current UI (a no-op on the second start).
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const ui = path.join(root, 'map-ui');
const built = path.join(ui, 'dist', 'index.html');
if (!fs.existsSync(path.join(ui, 'index.html'))) process.exit(0);

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

// The UI also bundles the shared zod schemas and scoring helpers from the API.
const shared = [
  'api/src/modules/matching',
  'api/src/modules/projects',
  'api/src/modules/sites',
  'api/src/shared',
].map((d) => path.join(root, d));
const sourcesTime = Math.max(newest(ui), ...shared.filter((d) => fs.existsSync(d)).map(newest));
if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sourcesTime) {
  console.log('building the map UI (first start or sources changed)…');
  execSync('npx vite build --config map-ui/vite.config.ts --logLevel warn', { cwd: root, stdio: 'inherit' });
}
