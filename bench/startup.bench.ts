/**
 * `npm run bench:startup [-- --data-dir D --port P --runs N --load-s S]`: start-up time to the
 * first 200 on /api/health and resident memory at rest, for the ways of starting the API:
 * - `tsx api/src/main.ts` (what `npm start` ran before the production build: the tsx CLI,
 *   which runs node in a child process: memory is the sum of both),
 * - `node --import tsx api/src/main.ts` (one process, TypeScript compiled on load),
 * - `node dist/api/main.js` (the production build, `npm run build` first),
 * - `npm start`: the production build with the environment `npm start` gives it (the
 *   `VAR=value` words before `node` in package.json's start script, e.g. the malloc setting),
 *   without npm's own process.
 * Then resident memory under the load test's mix (`bench/lib/load-mix.ts`: tiles 70 %, search
 * 20 %, match 10 %, 10 connections, `--load-s` seconds, 0 to skip) against the `npm start`
 * variant, sampled every second, and again at rest after it.
 * On the embedded engine with demo data (the first run creates DATA_DIR: that first start,
 * initdb + migrations + demo seed, is timed on its own; `--fresh` removes DATA_DIR first), or
 * on a server database with `--database-url` (migrated and seeded first: `node dist/scripts/db-seed.js`).
 * Last, with `--import-sites N` (default 5,000, 0 to skip) on the embedded engine: a generated
 * GeoJSON of N sites imported by the compiled CLI (`dist/scripts/import.js sites-geojson`,
 * with `npm start`'s environment) into a copy of DATA_DIR, its peak RSS sampled every 250 ms.
 * Memory is VmRSS of the process and its descendants; CPU is user + system seconds, less
 * sensitive than wall time to the other jobs of a shared machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../api/src/config.ts';
import { writeBigSitesGeojson } from './lib/big-sites.ts';
import { driveLoad, figures } from './lib/load-driver.ts';
import { buildLoadMix } from './lib/load-mix.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '/tmp/landmatch-startup-bench' },
    port: { type: 'string', default: '3955' },
    runs: { type: 'string', default: '3' },
    'rest-ms': { type: 'string', default: '10000' },
    'database-url': { type: 'string', default: '' },
    'load-s': { type: 'string', default: '60' },
    'import-sites': { type: 'string', default: '5000' },
    fresh: { type: 'boolean', default: false },
    only: { type: 'string', default: '' },
  },
});
const dataDir = values['data-dir']!;
const port = Number(values.port);
const runs = Number(values.runs);
const restMs = Number(values['rest-ms']);
const databaseUrl = values['database-url']!;
const loadS = Number(values['load-s']);
const importSites = Number(values['import-sites']);

/** The `VAR=value` words `npm start` puts before `node dist/api/main.js` (package.json). */
function npmStartEnv(): Record<string, string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
  const cmd = String(pkg.scripts.start).split('&&').pop()!.trim();
  const env: Record<string, string> = {};
  for (const word of cmd.split(/\s+/)) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(word);
    if (!m) break;
    env[m[1]] = m[2];
  }
  return env;
}
const START_ENV = npmStartEnv();

interface Variant {
  name: string;
  cmd: string[];
  env?: Record<string, string>;
}
const VARIANTS: Variant[] = [
  { name: 'tsx api/src/main.ts', cmd: [path.join(projectRoot, 'node_modules/.bin/tsx'), 'api/src/main.ts'] },
  {
    name: 'node --import tsx api/src/main.ts',
    cmd: [process.execPath, '--import', 'tsx', 'api/src/main.ts'],
  },
  { name: 'node dist/api/main.js', cmd: [process.execPath, 'dist/api/main.js'] },
  { name: 'npm start', cmd: [process.execPath, 'dist/api/main.js'], env: START_ENV },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A process and its descendants, from /proc. */
function processTree(pid: number): Set<number> {
  const parentOf = new Map<number, number>();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      parentOf.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [p, pp] of parentOf)
      if (tree.has(pp) && !tree.has(p)) {
        tree.add(p);
        grew = true;
      }
  }
  return tree;
}

/** Resident memory (kB) of a process and its descendants. */
function treeRssKb(pid: number): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      kb += m ? Number(m[1]) : 0;
    } catch {}
  }
  return kb;
}

/**
 * CPU seconds (user + system, clock ticks of 1/100 s) a process and its descendants used: less
 * sensitive than wall time to the other jobs of a shared machine.
 */
function treeCpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {}
  }
  return ticks / 100;
}

async function healthyAfter(child: ChildProcess, t0: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) return performance.now() - t0;
    } catch {}
    await sleep(25);
  }
}

interface Measure {
  ms: number;
  cpuS: number;
  rssMb: number;
  load?: { rssMedianMb: number; rssPeakMb: number; rssAfterMb: number; line: string };
}

async function measure(v: Variant, withLoad = false): Promise<Measure> {
  const t0 = performance.now();
  const child = spawn(v.cmd[0], v.cmd.slice(1), {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      // The load's 10 % of anonymous matches would otherwise be 429s after the first 30.
      MATCH_ANON_PER_MINUTE: '1000000000',
      ...v.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    const ms = await healthyAfter(child, t0);
    const cpuS = treeCpuSeconds(child.pid!);
    await sleep(restMs);
    const rssMb = Math.round(treeRssKb(child.pid!) / 1024);
    return { ms: Math.round(ms), cpuS, rssMb, load: withLoad ? await underLoad(child.pid!) : undefined };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** RSS while the load test's mix runs, then after `restMs` of rest. */
async function underLoad(pid: number): Promise<NonNullable<Measure['load']>> {
  const mix = buildLoadMix(42);
  const rss: number[] = [];
  const timer = setInterval(() => rss.push(treeRssKb(pid) / 1024), 1000);
  const run = await driveLoad({
    base: `http://127.0.0.1:${port}`,
    next: mix.next,
    connections: 10,
    durationS: loadS,
  });
  clearInterval(timer);
  rss.push(treeRssKb(pid) / 1024);
  await sleep(restMs);
  const f = figures(run.samples, run.lost.length, run.wallMs);
  const errors = run.autocannon.errors + run.autocannon.timeouts;
  const codes = Object.entries(f.non2xx)
    .map(([k, n]) => `${n}×${k}`)
    .join(', ');
  return {
    rssMedianMb: Math.round(median(rss)),
    rssPeakMb: Math.round(Math.max(...rss)),
    rssAfterMb: Math.round(treeRssKb(pid) / 1024),
    line:
      `${f.n} requests in ${(run.wallMs / 1000).toFixed(0)} s (${f.perSecond}/s), p50 ${f.p50} ms, ` +
      `p99 ${f.p99} ms, ${errors} errors, non-2xx: ${codes || 'none'}`,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (!fs.existsSync(path.join(projectRoot, 'dist/api/main.js'))) throw new Error('run `npm run build` first');
if (values.fresh && !databaseUrl) fs.rmSync(dataDir, { recursive: true, force: true });
const npmStart = VARIANTS[VARIANTS.length - 1];
if (!databaseUrl && !fs.existsSync(dataDir)) {
  const first = await measure(npmStart);
  console.log(
    `first start (initdb, migrations, demo seed), npm start: ${first.ms} ms, CPU ${first.cpuS.toFixed(1)} s, ` +
      `RSS at rest ${first.rssMb} MB`,
  );
}
for (const v of VARIANTS) {
  if (values.only && !v.name.includes(values.only)) continue;
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await measure(v));
  console.log(
    `${v.name.padEnd(36)} first 200 on /api/health: median ${median(results.map((r) => r.ms))} ms ` +
      `(${results.map((r) => r.ms).join(', ')}), CPU ${median(results.map((r) => r.cpuS)).toFixed(1)} s ` +
      `(${results.map((r) => r.cpuS.toFixed(1)).join(', ')}); RSS at rest ${median(results.map((r) => r.rssMb))} MB ` +
      `(${results.map((r) => r.rssMb).join(', ')})`,
  );
}
if (loadS > 0) {
  const m = await measure(npmStart, true);
  const l = m.load!;
  console.log(
    `npm start under the load mix (${loadS} s, 10 connections): RSS median ${l.rssMedianMb} MB, ` +
      `peak ${l.rssPeakMb} MB, ${restMs / 1000} s after ${l.rssAfterMb} MB (at rest before: ${m.rssMb} MB); ${l.line}`,
  );
}
if (importSites > 0 && !databaseUrl) {
  const copy = `${dataDir}-import`;
  const file = `${dataDir}-sites-${importSites}.geojson`;
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(dataDir, copy, { recursive: true });
  writeBigSitesGeojson(file, importSites);
  const t0 = performance.now();
  const child = spawn(process.execPath, ['dist/scripts/import.js', 'sites-geojson', file, '--json'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: copy, ...START_ENV },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (c) => {
    out += c;
  });
  let peakKb = 0;
  const timer = setInterval(() => {
    peakKb = Math.max(peakKb, treeRssKb(child.pid!));
  }, 250);
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  clearInterval(timer);
  const report = /\{[\s\S]*\}/.exec(out)?.[0];
  const imported = report ? (JSON.parse(report) as { created?: number; inserted?: number }) : {};
  console.log(
    `import of ${importSites} generated sites (CLI, embedded, npm start's environment): exit ${code}, ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s, peak RSS ${Math.round(peakKb / 1024)} MB; ` +
      `report: ${JSON.stringify(imported).slice(0, 200)}`,
  );
  fs.rmSync(copy, { recursive: true, force: true });
  fs.rmSync(`${copy}.lock`, { force: true });
  fs.rmSync(file, { force: true });
}
