// The production build: the API server and the operational CLIs bundled by esbuild into
// `dist/` (run with plain `node`, no TypeScript loader), and the map UI built by Vite into
// `map-ui/dist/` (where the API serves it from, `UI_DIST`).
//
//   node scripts/build.mjs                  API + UI
//   node scripts/build.mjs --api | --ui     one of them
//   node scripts/build.mjs --if-stale       only what is missing or older than its sources
//                                           (`npm start` runs this first; a no-op when current)
//   node scripts/build.mjs --api --outdir D the API into D (inside the project: packages are
//                                           external and resolve from its node_modules)
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const outdirArg = args.indexOf('--outdir');
const outdir = path.resolve(root, outdirArg >= 0 ? args[outdirArg + 1] : 'dist');
const onlyApi = flag('--api');
const onlyUi = flag('--ui');
const ifStale = flag('--if-stale');

/**
 * Entry points, each bundled whole into `<outdir>/<out>.js` (no shared chunks: a module's
 * `import.meta.url` is its bundle's, and the project root is found from there).
 * The CLIs are the ones an operator runs on a production install (`node dist/scripts/…`);
 * development-only scripts (schema report, benches, PDF basemap) stay TypeScript.
 */
const ENTRIES = [
  ['api/src/main.ts', 'api/main'],
  ...[
    'db-migrate',
    'db-seed',
    'db-backup',
    'db-restore',
    'db-cluster',
    'user-create',
    'token-create',
    'token-list',
    'token-revoke',
    'import',
  ].map((s) => [`scripts/${s}.ts`, `scripts/${s}`]),
];

/**
 * Files the bundled code reads at run time relative to its own module (`import.meta.url`),
 * copied beside every bundle: [source, name beside the bundle].
 */
const ASSETS = [
  ...fs
    .readdirSync(path.join(root, 'api/src/modules/tiles/sql'))
    .filter((f) => f.endsWith('.sql'))
    .map((f) => [`api/src/modules/tiles/sql/${f}`, `sql/${f}`]),
  ['api/src/modules/projects/pdf/basemap.l93.json', 'basemap.l93.json'],
];

/** Newest modification time of the files under `dir` (skipping build output and deps). */
function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);
const existing = (dirs) => dirs.map((d) => path.join(root, d)).filter((d) => fs.existsSync(d));

function apiIsStale() {
  const built = Math.min(...ENTRIES.map(([, out]) => mtime(path.join(outdir, `${out}.js`))));
  const sources = Math.max(
    ...existing(['api/src', 'scripts']).map(newest),
    mtime(path.join(root, 'package.json')),
  );
  return built < sources;
}

function uiIsStale() {
  const ui = path.join(root, 'map-ui');
  if (!fs.existsSync(path.join(ui, 'index.html'))) return false;
  // The UI also bundles the shared zod schemas and scoring helpers from the API.
  const shared = existing([
    'api/src/modules/matching',
    'api/src/modules/projects',
    'api/src/modules/sites',
    'api/src/shared',
  ]);
  return mtime(path.join(ui, 'dist', 'index.html')) < Math.max(newest(ui), ...shared.map(newest));
}

async function buildApi() {
  const t0 = Date.now();
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ENTRIES.map(([entry, out]) => ({ in: entry, out })),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies stay in node_modules (they find their own WASM, fonts and data files).
    packages: 'external',
    // `node --enable-source-maps dist/api/main.js` makes stack traces name the source files.
    sourcemap: true,
    logLevel: 'warning',
    legalComments: 'none',
    // Every module each bundle imports at run time (tests check none is tsx or a devDependency).
    metafile: true,
  });
  fs.writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  for (const [, out] of ENTRIES) {
    const dir = path.dirname(path.join(outdir, out));
    for (const [src, name] of ASSETS) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.copyFileSync(path.join(root, src), path.join(dir, name));
    }
  }
  console.log(`API built into ${path.relative(root, outdir) || '.'} in ${Date.now() - t0} ms`);
}

function buildUi() {
  if (!fs.existsSync(path.join(root, 'map-ui', 'index.html'))) return;
  console.log('building the map UI…');
  execSync('npx vite build --config map-ui/vite.config.ts --logLevel warn', { cwd: root, stdio: 'inherit' });
}

if (!onlyUi && (!ifStale || apiIsStale())) {
  if (ifStale) console.log('building the API (first start or sources changed)…');
  await buildApi();
}
if (!onlyApi && (!ifStale || uiIsStale())) buildUi();
