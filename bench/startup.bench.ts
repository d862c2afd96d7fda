/**
 * `npm run bench:startup [-- --data-dir D --port P --runs N]`: start-up time to the first 200
 * on /api/health and resident memory at rest, for the ways of starting the API:
 * - `tsx api/src/main.ts` (what `npm start` ran before the production build: the tsx CLI,
 *   which runs node in a child process: memory is the sum of both),
 * - `node --import tsx api/src/main.ts` (one process, TypeScript compiled on load),
 * - `node dist/api/main.js` (the production build, `npm run build` first).
 * On the embedded engine with demo data (the first run creates DATA_DIR), or on a server
 * database with `--database-url` (migrated and seeded first: `node dist/scripts/db-seed.js`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../api/src/config.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '/tmp/landmatch-startup-bench' },
    port: { type: 'string', default: '3955' },
    runs: { type: 'string', default: '3' },
    'rest-ms': { type: 'string', default: '10000' },
    'database-url': { type: 'string', default: '' },
  },
});
const dataDir = values['data-dir']!;
const port = Number(values.port);
const runs = Number(values.runs);
const restMs = Number(values['rest-ms']);
const databaseUrl = values['database-url']!;

const VARIANTS: Array<{ name: string; cmd: string[] }> = [
  { name: 'tsx api/src/main.ts', cmd: [path.join(projectRoot, 'node_modules/.bin/tsx'), 'api/src/main.ts'] },
  {
    name: 'node --import tsx api/src/main.ts',
    cmd: [process.execPath, '--import', 'tsx', 'api/src/main.ts'],
  },
  { name: 'node dist/api/main.js', cmd: [process.execPath, 'dist/api/main.js'] },
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

async function measure(cmd: string[]): Promise<{ ms: number; cpuS: number; rssMb: number }> {
  const t0 = performance.now();
  const child = spawn(cmd[0], cmd.slice(1), {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    const ms = await healthyAfter(child, t0);
    const cpuS = treeCpuSeconds(child.pid!);
    await sleep(restMs);
    return { ms: Math.round(ms), cpuS, rssMb: Math.round(treeRssKb(child.pid!) / 1024) };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (!fs.existsSync(path.join(projectRoot, 'dist/api/main.js'))) throw new Error('run `npm run build` first');
if (!databaseUrl && !fs.existsSync(dataDir)) {
  const first = await measure([process.execPath, 'dist/api/main.js']);
  console.log(
    `first start (initdb, migrations, demo seed), node dist/api/main.js: ${first.ms} ms, ${first.rssMb} MB`,
  );
}
for (const v of VARIANTS) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await measure(v.cmd));
  console.log(
    `${v.name.padEnd(36)} first 200 on /api/health: median ${median(results.map((r) => r.ms))} ms ` +
      `(${results.map((r) => r.ms).join(', ')}), CPU ${median(results.map((r) => r.cpuS)).toFixed(1)} s ` +
      `(${results.map((r) => r.cpuS.toFixed(1)).join(', ')}); RSS at rest ${median(results.map((r) => r.rssMb))} MB ` +
      `(${results.map((r) => r.rssMb).join(', ')})`,
  );
}
