/**
 * `npm run bench:faults [-- options]`: what the API does when things break, on the real
 * process (api/src/main.ts) and the real CLI, with a pass/fail table.
 *   a  PostgreSQL stopped for a few seconds under moderate load, then started: requests fail
 *      fast with 503 + Retry-After (no hang up to the statement timeout), /api/health says 503
 *      then 200, and the same API process recovers by itself. RESTARTS THE LOCAL CLUSTER:
 *      every other session's connections drop, so run it once, at the end of a piece of work.
 *   b  `npm run import -- sites-geojson <big file>` killed with SIGKILL while rows are being
 *      written: every table has exactly the rows it had before.
 *   c  the embedded engine (PGlite in a temporary DATA_DIR) killed with SIGKILL during a burst
 *      of site writes: it reopens its data, answers, and every acknowledged write is there.
 *   d  SIGTERM while a request is in flight: it completes, new connections are refused, exit 0.
 *   e  one writer per embedded DATA_DIR: with a server running on a temporary DATA_DIR, a second
 *      server and `npm run import` on it exit non-zero at once naming the directory and the
 *      holder's pid; after the holder is SIGKILLed, a new server takes the stale lock over.
 *   f  a frozen PostgreSQL: a cluster of its own (pg_createcluster 15 h14_faults_<pid>, port
 *      5445–5449, dropped afterwards) SIGSTOPped for --freeze seconds under requests: 503
 *      within 5 s instead of a hang, then 200s again once it is resumed.
 *   g  a 64-client login flood on the demo (embedded engine, temporary DATA_DIR): p95 of
 *      GET /api/sites idle and under the flood (pass: under 5× idle, floor 20 ms), the flood
 *      answered by 429s before any hashing (the test suite checks the same bounds, not time).
 * Results: bench/results/faults-<time>.json and .md, copied to faults-latest.json and
 * faults-report.md, and the table printed; exit code 1 when a check fails.
 *
 * Options:
 *   --only a,…,g      scenarios to run (default all; `--only b,c,d,e,f,g` leaves the shared PostgreSQL alone)
 *   --freeze s        seconds the own cluster stays frozen in (f) (default 8)
 *   --down s          seconds PostgreSQL stays stopped in (a) (default 5, at most 10)
 *   --duration s      load duration in (a) (default 30; PostgreSQL is stopped after 10 s)
 *   --connections n   load connections in (a) (default 4)
 *   --recovery s      (a) passes if requests succeed again within this long of PostgreSQL
 *                     accepting connections (default 10)
 *   --import-sites n  sites in the generated import file of (b) (default 100000)
 *   --plots n         bench plots in the faults database (default 10000)
 *   --cluster v/name  the local cluster for pg_ctlcluster (default 15/main)
 *
 * BENCH_FAULTS_DATABASE_URL: the PostGIS database of (a), (b), (d) (default: the bench
 * database's name + `_faults`, e.g. lm_bench_faults; built on first use, reused after, never
 * the `npm run bench` database itself).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { projectRoot } from '../api/src/config.ts';
import { benchDatabaseUrl, benchDbName } from './lib/bench-db.ts';
import { writeBigSitesGeojson } from './lib/big-sites.ts';
import { prepareLoadDatabase } from './lib/load-db.ts';
import { type DriverResult, driveLoad, figures, type Sample } from './lib/load-driver.ts';
import { buildLoadMix } from './lib/load-mix.ts';
import { loginFlood, p95 } from './lib/login-flood.ts';
import { loadAvg } from './lib/machine.ts';
import { type MainProcess, sigtermDuringRequest, startMainProcess } from './lib/main-process.ts';
import { createOwnCluster } from './lib/own-cluster.ts';
import { table } from './lib/report.ts';
import { PROFILES } from './steps/match.ts';

const RESULTS_DIR = path.join(projectRoot, 'bench', 'results');
const SCENARIOS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const;
const MATCH_RATE_LIMIT = '1000000000';
const DOWN_AT_S = 10;
const HEALTH_EVERY_MS = 250;
const FAST_FAILURE_P95_MS = 1000;
const FAST_FAILURE_MAX_MS = 3000;
const HEALTH_MAX_MS = 2500;
const DEMO_ADMIN = { email: 'admin@landmatch.test', password: 'demo-admin-2026' };

interface Check {
  check: string;
  expected: string;
  measured: string;
  pass: boolean;
}

interface Scenario {
  id: string;
  title: string;
  checks: Check[];
  data: Record<string, unknown>;
  error?: string;
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string', default: SCENARIOS.join(',') },
      down: { type: 'string', default: '5' },
      duration: { type: 'string', default: '30' },
      connections: { type: 'string', default: '4' },
      recovery: { type: 'string', default: '10' },
      'import-sites': { type: 'string', default: '100000' },
      plots: { type: 'string', default: '10000' },
      cluster: { type: 'string', default: '15/main' },
      freeze: { type: 'string', default: '8' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const num = (k: keyof typeof values, min: number, max = Number.POSITIVE_INFINITY) => {
    const v = Number(values[k]);
    if (!Number.isFinite(v) || v < min || v > max)
      throw new Error(`--${k} must be a number in [${min}, ${max}]; got ${values[k]}`);
    return v;
  };
  const only = new Set(
    String(values.only)
      .split(',')
      .map((s) => s.trim()),
  );
  const unknown = [...only].filter((s) => !(SCENARIOS as readonly string[]).includes(s));
  if (unknown.length)
    throw new Error(`unknown scenario(s) ${unknown.join(', ')}; scenarios: ${SCENARIOS.join(', ')}`);
  const [version, name] = String(values.cluster).split('/');
  if (!/^\d+$/.test(version ?? '') || !/^[\w-]+$/.test(name ?? ''))
    throw new Error('--cluster must look like 15/main');
  const durationS = num('duration', DOWN_AT_S + 10);
  const downS = num('down', 1, 10);
  return {
    only,
    downS,
    durationS: Math.max(durationS, DOWN_AT_S + downS + 10),
    connections: num('connections', 1, 64),
    recoveryS: num('recovery', 1),
    importSites: num('import-sites', 1000),
    plots: num('plots', 100),
    cluster: { version, name },
    freezeS: num('freeze', 2, 60),
    help: values.help ?? false,
  };
}
type Options = ReturnType<typeof parseOptions>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function run(cmd: string, args: string[]): Promise<{ code: number | null; output: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.on('data', (d) => {
      output += d;
    });
    p.stderr.on('data', (d) => {
      output += d;
    });
    p.on('error', (e) => resolve({ code: -1, output: e.message, ms: performance.now() - t0 }));
    p.on('close', (code) => resolve({ code, output: output.trim(), ms: Math.round(performance.now() - t0) }));
  });
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

/** Exact row count of every table of the schema. */
async function tableCounts(url: string): Promise<Record<string, number>> {
  return withClient(url, async (c) => {
    const t = await c.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const out: Record<string, number> = {};
    for (const { name } of t.rows)
      out[name] = Number(
        (await c.query(`SELECT count(*)::bigint AS n FROM "${name.replace(/"/g, '""')}"`)).rows[0].n,
      );
    return out;
  });
}

function statusCounts(samples: Sample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) out[s.status] = (out[s.status] ?? 0) + 1;
  return out;
}

const fmtCounts = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([k, v]) => `${v}× ${k}`)
    .join(', ') || 'none';

/** Runs of equal values: [200, 200, 503, 200] → "200×2 → 503×1 → 200×1". */
function runs(values: Array<number | string>): string {
  const out: Array<[number | string, number]> = [];
  for (const v of values) {
    const last = out[out.length - 1];
    if (last && last[0] === v) last[1]++;
    else out.push([v, 1]);
  }
  return out.map(([v, n]) => `${v}×${n}`).join(' → ');
}

interface HealthPoll {
  /** `performance.now()` of the poll, then converted to the load run's clock. */
  at: number;
  status: number;
  ms: number;
  reason?: string;
}

/** Polls /api/health every HEALTH_EVERY_MS. */
function pollHealth(base: string) {
  const polls: HealthPoll[] = [];
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(15_000) });
        const body = (await res.json().catch(() => ({}))) as { reason?: string };
        polls.push({ at: t0, status: res.status, ms: performance.now() - t0, reason: body.reason });
      } catch {
        polls.push({ at: t0, status: 0, ms: performance.now() - t0 });
      }
      await sleep(Math.max(0, HEALTH_EVERY_MS - (performance.now() - t0)));
    }
  };
  const done = loop();
  return {
    async stop() {
      stopped = true;
      await done;
      return polls;
    },
  };
}

/** `performance.now()` when `url` first accepts a connection and answers `select 1`. */
async function waitAccepting(url: string, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    try {
      await withClient(url, (c) => c.query('select 1'));
      return performance.now();
    } catch {
      if (performance.now() - t0 > timeoutMs)
        throw new Error(`PostgreSQL not accepting after ${timeoutMs} ms`);
      await sleep(100);
    }
  }
}

// —— (a) PostgreSQL restarted under load ——

async function pgRestart(url: string, opts: Options, proc: MainProcess): Promise<Scenario> {
  const title = `PostgreSQL stopped ${opts.downS} s under load (pg_ctlcluster stop/start), same API process`;
  const mix = buildLoadMix(42);
  const health = pollHealth(proc.base);
  const load = driveLoad({
    base: proc.base,
    next: mix.next,
    connections: opts.connections,
    durationS: opts.durationS,
    timeoutS: 30,
  });
  await sleep(DOWN_AT_S * 1000);
  const pgctl = (action: string) =>
    run('pg_ctlcluster', ['--skip-systemctl-redirect', opts.cluster.version, opts.cluster.name, action]);
  const stopAt = performance.now();
  const stop = await pgctl('stop');
  const stoppedAt = performance.now();
  let start: Awaited<ReturnType<typeof pgctl>>;
  let startAt: number;
  let accepting: Promise<number>;
  try {
    await sleep(opts.downS * 1000);
  } finally {
    // Whatever happened, the cluster is started again. The server accepts connections
    // before pg_ctlcluster returns (it polls), so that moment is watched on its own.
    startAt = performance.now();
    accepting = waitAccepting(url, 60_000);
    start = await pgctl('start');
  }
  const acceptingAt = await accepting;
  const result: DriverResult = await load;
  const polls = await health.stop();
  // Both time lines on the load run's clock.
  const rel = (t: number) => t - result.clockStart;
  for (const p of polls) p.at = rel(p.at);
  const stopRel = rel(stopAt);
  const upRel = rel(acceptingAt);

  const samples = result.samples;
  const ok = (s: Sample) => s.status >= 200 && s.status < 300;
  const failures = samples.filter((s) => !ok(s));
  const f503 = failures.filter((s) => s.status === 503);
  const noRetryAfter = f503.filter((s) => !s.retryAfter).length;
  const failFig = figures(failures, 0, result.wallMs);
  const lastFailAt = failures.length ? Math.max(...failures.map((s) => s.at)) : stopRel;
  const recoveryS = Math.max(0, lastFailAt - upRel) / 1000;
  const firstOkAfterUp = samples.filter((s) => ok(s) && s.at - s.ms >= upRel).sort((a, b) => a.at - b.at)[0];
  const outside = failures.filter((s) => s.at < stopRel || s.at > upRel + opts.recoveryS * 1000).length;
  const okBefore = samples.filter((s) => s.at < stopRel);
  const okAfter = samples.filter((s) => s.at - s.ms > upRel + opts.recoveryS * 1000);
  const duringHealth = polls.filter((p) => p.at >= rel(stoppedAt) && p.at <= upRel - 500);
  const healthSeq = runs(polls.map((p) => p.status));
  const healthMax = Math.max(0, ...duringHealth.map((p) => p.ms));
  const healthOk =
    polls.some((p) => p.at < stopRel && p.status === 200) &&
    duringHealth.length > 0 &&
    duringHealth.every((p) => p.status === 503) &&
    polls.slice(-3).every((p) => p.status === 200);
  const lostWarnings = proc.logs.filter((l) => String(l.msg).startsWith('database connection lost')).length;
  // What the error handler saw: the driver errors it had to map (code and message, counted).
  const errorKinds: Record<string, number> = {};
  for (const l of proc.logs) {
    if (l.msg !== 'request failed') continue;
    const e = (l.err ?? {}) as { code?: string; message?: string };
    const key = `${e.code ?? '-'}: ${String(e.message ?? '')
      .split('\n')[0]
      .slice(0, 90)}`;
    errorKinds[key] = (errorKinds[key] ?? 0) + 1;
  }
  const notJson = proc.logs.filter((l) => l.notJson).length;
  const alive = proc.child.exitCode === null && proc.child.signalCode === null;

  // One line per second around the outage.
  const timeline: Array<Array<string | number>> = [];
  for (let s = Math.floor(stopRel / 1000) - 2; s <= Math.ceil(upRel / 1000) + 4; s++) {
    const inSec = samples.filter((x) => x.at >= s * 1000 && x.at < (s + 1) * 1000);
    const hs = polls.filter((p) => p.at >= s * 1000 && p.at < (s + 1) * 1000).map((p) => p.status);
    const failMs = inSec.filter((x) => !ok(x)).map((x) => x.ms);
    // The events of that second, else the state it started in.
    const within = (t: number) => t >= s * 1000 && t < (s + 1) * 1000;
    const events = [
      within(stopRel) ? 'stop issued' : '',
      within(rel(startAt)) ? 'start issued' : '',
      within(upRel) ? 'accepting' : '',
    ].filter(Boolean);
    const state =
      s * 1000 < stopRel
        ? 'up'
        : s * 1000 < rel(startAt)
          ? 'down'
          : s * 1000 < upRel
            ? 'starting'
            : 'up again';
    const phase = events.length ? events.join(', ') : state;
    timeline.push([
      `${s} s`,
      phase,
      inSec.filter(ok).length,
      fmtCounts(statusCounts(inSec.filter((x) => !ok(x)))),
      failMs.length ? Math.round(Math.max(...failMs)) : '–',
      hs.length ? runs(hs) : '–',
    ]);
  }

  const checks: Check[] = [
    {
      check: 'pg_ctlcluster stop and start succeed',
      expected: 'exit 0 both',
      measured: `stop ${stop.code} in ${stop.ms} ms, start ${start.code} in ${start.ms} ms; stopped ${((startAt - stoppedAt) / 1000).toFixed(1)} s, accepting connections again ${((acceptingAt - startAt) / 1000).toFixed(1)} s after the start command (${((acceptingAt - stopAt) / 1000).toFixed(1)} s after the stop)`,
      pass: stop.code === 0 && start.code === 0,
    },
    {
      check: 'requests fail while PostgreSQL is down (the fault happened)',
      expected: '> 0 failures',
      measured: `${failures.length} of ${samples.length} responses`,
      pass: failures.length > 0,
    },
    {
      check: 'every failure is a 503',
      expected: 'only 503',
      measured: fmtCounts(statusCounts(failures)),
      pass: failures.length === f503.length,
    },
    {
      check: '503s carry Retry-After',
      expected: 'all',
      measured: `${f503.length - noRetryAfter} / ${f503.length}`,
      pass: noRetryAfter === 0,
    },
    {
      check: 'failures are fast (no wait for the statement timeout)',
      expected: `p95 < ${FAST_FAILURE_P95_MS} ms, max < ${FAST_FAILURE_MAX_MS} ms`,
      measured: `p50 ${failFig.p50} ms, p95 ${failFig.p95} ms, max ${failFig.max} ms`,
      pass: failures.length > 0 && failFig.p95 < FAST_FAILURE_P95_MS && failFig.max < FAST_FAILURE_MAX_MS,
    },
    {
      check: 'no request hangs or is dropped',
      expected: '0 without response, 0 socket errors',
      measured: `${result.lost.length} without response, ${result.autocannon.errors} autocannon errors (${result.autocannon.timeouts} timeouts)`,
      pass: result.lost.length === 0 && result.autocannon.errors === 0,
    },
    {
      check: 'failures only during the outage',
      expected: `0 outside [stop, accepting + ${opts.recoveryS} s]`,
      measured: `${outside}`,
      pass: outside === 0,
    },
    {
      check: 'the API recovers by itself',
      expected: `last failure ≤ ${opts.recoveryS} s after PostgreSQL accepts connections`,
      measured: `last failure ${recoveryS.toFixed(2)} s after; first success ${firstOkAfterUp ? `${((firstOkAfterUp.at - upRel) / 1000).toFixed(2)} s` : 'never'} after; ${okAfter.filter(ok).length}/${okAfter.length} OK afterwards`,
      pass: recoveryS <= opts.recoveryS && okAfter.length > 0 && okAfter.every(ok),
    },
    {
      check: '/api/health follows the database',
      expected: `200 → 503 (each < ${HEALTH_MAX_MS} ms) → 200`,
      measured: `${healthSeq}; slowest while down ${Math.round(healthMax)} ms`,
      pass: healthOk && healthMax < HEALTH_MAX_MS,
    },
    {
      check: 'same API process throughout, logs stay JSON',
      expected: 'alive, 0 non-JSON lines',
      measured: `pid ${proc.pid} ${alive ? 'alive' : 'EXITED'}; ${lostWarnings} "database connection lost" warnings; ${notJson} non-JSON lines`,
      pass: alive && notJson === 0,
    },
  ];
  return {
    id: 'a',
    title,
    checks,
    data: {
      downS: opts.downS,
      stop,
      start,
      stopAtMs: Math.round(stopRel),
      acceptingAtMs: Math.round(upRel),
      samples: samples.length,
      okBeforeStop: okBefore.filter(ok).length,
      statusCounts: statusCounts(samples),
      failures: failFig,
      recoveryS,
      lost: result.lost.length,
      autocannon: result.autocannon,
      errorKinds,
      health: polls.map((p) => ({ ...p, at: Math.round(p.at), ms: Math.round(p.ms) })),
      timeline,
      loadAvg: loadAvg(),
    },
  };
}

// —— (b) import killed mid-way ——

async function importKilled(url: string, opts: Options, log: (l: string) => void): Promise<Scenario> {
  const title = `\`npm run import -- sites-geojson\` (${opts.importSites.toLocaleString('en')} sites) killed with SIGKILL mid-way`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-faults-import-'));
  try {
    const file = path.join(dir, 'sites.geojson');
    const bytes = writeBigSitesGeojson(file, opts.importSites);
    log(`  b: ${(bytes / 1e6).toFixed(1)} MB written to ${file}`);
    const before = await tableCounts(url);
    const sizeOf = () =>
      withClient(url, async (c) => {
        const r = await c.query(
          `SELECT pg_total_relation_size('sites')::bigint AS b,
                  count(*) FILTER (WHERE a.query ~* '^\\s*insert\\s+into\\s+"?sites"?[\\s(]' AND a.state = 'active')::int AS inserting
           FROM pg_stat_activity a WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()`,
        );
        return { bytes: Number(r.rows[0].b), inserting: r.rows[0].inserting as number };
      });
    const size0 = (await sizeOf()).bytes;
    const child = spawn('npm', ['run', '--silent', 'import', '--', 'sites-geojson', file], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npm → sh → node, all killed at once.
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((r) =>
      child.once('exit', (code, signal) => r({ code, signal })),
    );
    let exitedEarly: { code: number | null; signal: string | null } | null = null;
    void exited.then((e) => {
      exitedEarly = e;
    });
    const t0 = performance.now();
    let grown = 0;
    let sawInsert = false;
    const GROWTH = 2 * 1024 * 1024;
    while (!exitedEarly && performance.now() - t0 < 300_000) {
      const s = await sizeOf();
      grown = s.bytes - size0;
      sawInsert ||= s.inserting > 0;
      if (grown >= GROWTH && sawInsert) break;
      await sleep(100);
    }
    const killedAfterMs = Math.round(performance.now() - t0);
    const finishedBeforeKill = exitedEarly !== null;
    if (!finishedBeforeKill) process.kill(-child.pid!, 'SIGKILL');
    const exit = await exited;
    // The server notices the closed socket and rolls back; wait for its backend to go away.
    let leftover = -1;
    for (let i = 0; i < 100; i++) {
      leftover = await withClient(url, async (c) =>
        Number(
          (
            await c.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity
               WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`,
            )
          ).rows[0].n,
        ),
      );
      if (leftover === 0) break;
      await sleep(100);
    }
    const after = await tableCounts(url);
    const changed = Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
    const sizeAfter = (await sizeOf()).bytes;
    return {
      id: 'b',
      title,
      checks: [
        {
          check: 'rows were being written when killed',
          expected: '`sites` growing (uncommitted tuples) and an INSERT running',
          measured: `+${(grown / 1024 / 1024).toFixed(1)} MB in \`sites\` after ${(killedAfterMs / 1000).toFixed(1)} s, INSERT seen: ${sawInsert}`,
          pass: grown >= GROWTH && sawInsert && !finishedBeforeKill,
        },
        {
          check: 'the import was killed, not finished',
          expected: 'SIGKILL',
          measured: `exit ${exit.code ?? exit.signal}`,
          pass: exit.signal === 'SIGKILL',
        },
        {
          check: 'no partial rows: every table has its count from before',
          expected: `${Object.keys(before).length} tables unchanged`,
          measured: changed.length
            ? changed.map((k) => `${k} ${before[k]} → ${after[k]}`).join(', ')
            : `all equal (sites ${before.sites}, site_access ${before.site_access ?? '–'}, infrastructure ${before.infrastructure})`,
          pass: changed.length === 0,
        },
        {
          check: 'no session left in a transaction',
          expected: '0',
          measured: String(leftover),
          pass: leftover === 0,
        },
      ],
      data: {
        fileBytes: bytes,
        killedAfterMs,
        grownBytes: grown,
        sitesBytesBefore: size0,
        sitesBytesAfter: sizeAfter,
        before,
        after,
        exit,
        output: output.slice(-2000),
      },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// —— (c) embedded engine killed ——

async function loginDemoAdmin(base: string): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_ADMIN),
  });
  if (res.status !== 200) throw new Error(`demo admin login failed: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], 'x-csrf-token': csrfToken };
}

function siteFeature(i: number) {
  const lon = 1.7 + (i % 20) * 0.003;
  const lat = 48.98 + Math.floor(i / 20) * 0.003;
  const d = 0.002;
  return {
    type: 'Feature',
    properties: {
      name: `Fault-run site ${i}`,
      communeInsee: '78335',
      communeName: 'Limay',
      published: true,
      source: 'faults',
      dataQuality: 'illustrative',
    },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [lon, lat],
          [lon + d, lat],
          [lon + d, lat + d],
          [lon, lat + d],
          [lon, lat],
        ],
      ],
    },
  };
}

async function countSites(base: string, headers: Record<string, string>): Promise<number> {
  const r = await fetch(`${base}/api/sites?limit=1`, { headers });
  return ((await r.json()) as { numberMatched: number }).numberMatched;
}

async function embeddedKilled(log: (l: string) => void): Promise<Scenario> {
  const title = 'embedded engine (PGlite, temporary DATA_DIR) killed with SIGKILL during site writes';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-faults-pglite-'));
  const env = { DATA_DIR: dir, SEED_DEMO: 'true' };
  let proc: MainProcess | null = null;
  try {
    log('  c: first start (initdb, migrations, demo seed)…');
    proc = await startMainProcess(env, { startTimeoutMs: 600_000 });
    const firstStartMs = proc.startMs;
    let auth = await loginDemoAdmin(proc.base);
    const before = await countSites(proc.base, auth);
    const post = async (i: number) => {
      const res = await fetch(`${proc!.base}/api/sites`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(siteFeature(i)),
      });
      if (res.status !== 201) throw new Error(`POST /api/sites → ${res.status}: ${await res.text()}`);
      return String(((await res.json()) as { id: string }).id);
    };
    const acknowledged: string[] = [];
    for (let i = 0; i < 5; i++) acknowledged.push(await post(i));
    // A burst, killed once a few of it are acknowledged: the rest are in flight or queued.
    const BURST = 12;
    let inBurst = 0;
    const burstAcks: string[] = [];
    const pending = Array.from({ length: BURST }, (_, k) =>
      post(100 + k).then(
        (id) => {
          burstAcks.push(id);
        },
        () => {},
      ),
    );
    inBurst = BURST;
    const t0 = performance.now();
    while (burstAcks.length < 3 && performance.now() - t0 < 60_000) await sleep(5);
    proc.child.kill('SIGKILL');
    const killAcks = [...burstAcks];
    const killed = await proc.exited;
    await Promise.all(pending);
    acknowledged.push(...killAcks);
    proc = null;

    log('  c: restarting on the same DATA_DIR…');
    const t1 = performance.now();
    proc = await startMainProcess(env, { startTimeoutMs: 600_000 });
    const restartMs = Math.round(performance.now() - t1);
    const health = await fetch(`${proc.base}/api/health`);
    auth = await loginDemoAdmin(proc.base);
    const found = await Promise.all(
      acknowledged.map(
        async (id) => (await fetch(`${proc!.base}/api/sites/${id}`, { headers: auth })).status,
      ),
    );
    const after = await countSites(proc.base, auth);
    const extra = after - before - acknowledged.length;
    const unacknowledged = inBurst - killAcks.length;
    const drain = await sigtermDuringRequest(
      proc,
      '/api/match',
      JSON.stringify({ needs: { surfaceHa: { min: 1 } }, limit: 5 }),
    );
    proc = null;
    return {
      id: 'c',
      title,
      checks: [
        {
          check: 'writes acknowledged before the kill',
          expected: '≥ 8 (5 sequential + ≥ 3 of a burst of 12)',
          measured: `${acknowledged.length} (${killAcks.length} of the burst; ${unacknowledged} unacknowledged)`,
          pass: acknowledged.length >= 8,
        },
        {
          check: 'killed with SIGKILL',
          expected: 'SIGKILL',
          measured: String(killed.signal ?? killed.code),
          pass: killed.signal === 'SIGKILL',
        },
        {
          check: 'restart reopens the data directory and answers',
          expected: '/api/health 200',
          measured: `listening after ${(restartMs / 1000).toFixed(1)} s (first start ${(firstStartMs / 1000).toFixed(1)} s), health ${health.status}`,
          pass: health.status === 200,
        },
        {
          check: 'every acknowledged write is there',
          expected: `${acknowledged.length} × 200`,
          measured: `${found.filter((s) => s === 200).length} × 200${found.some((s) => s !== 200) ? `, others: ${found.filter((s) => s !== 200).join(', ')}` : ''}`,
          pass: found.every((s) => s === 200),
        },
        {
          check: 'no phantom rows',
          expected: `sites = before + acknowledged + 0…${unacknowledged} unacknowledged`,
          measured: `${before} → ${after} (+${after - before}: ${acknowledged.length} acknowledged, ${extra} of the unacknowledged committed)`,
          pass: extra >= 0 && extra <= unacknowledged,
        },
        {
          check: 'SIGTERM on the embedded engine drains and exits 0',
          expected: 'request 200, exit 0',
          measured: `request ${drain.status}, exit ${drain.exit.code ?? drain.exit.signal} in ${drain.exitMs} ms`,
          pass: drain.status === 200 && drain.exit.code === 0,
        },
      ],
      data: {
        firstStartMs,
        restartMs,
        before,
        after,
        acknowledged: acknowledged.length,
        unacknowledged,
        extra,
        drain,
      },
    };
  } finally {
    proc?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// —— (d) SIGTERM drain on the server engine ——

/** `node --import tsx <script> …args` with `env`; exit code, output and time to exit. */
function runNode(script: string, args: string[], env: Record<string, string>) {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  const t0 = performance.now();
  return new Promise<{ code: number | null; output: string; ms: number }>((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, script), ...args], {
      cwd: projectRoot,
      env: { ...base, PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    p.stdout.on('data', (d) => {
      output += d;
    });
    p.stderr.on('data', (d) => {
      output += d;
    });
    p.on('close', (code) => resolve({ code, output, ms: Math.round(performance.now() - t0) }));
  });
}

// —— (e) one writer per embedded DATA_DIR ——

async function dataDirLock(log: (l: string) => void): Promise<Scenario> {
  const title = 'a second server and `npm run import` on the DATA_DIR of a running embedded server';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-faults-lock-'));
  const env = { DATA_DIR: dir, SEED_DEMO: 'false' };
  let proc: MainProcess | null = null;
  try {
    log('  e: first server (initdb, migrations)…');
    proc = await startMainProcess(env, { startTimeoutMs: 600_000 });
    const holder = proc.pid;
    const second = await runNode('api/src/main.ts', [], env);
    const file = path.join(dir, '..', `lm-faults-lock-${process.pid}.geojson`);
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [siteFeature(0)] }));
    const imp = await runNode('scripts/import.ts', ['sites-geojson', file], env);
    fs.rmSync(file, { force: true });
    const names = (o: string) => o.includes(dir) && o.includes(`process ${holder}`);
    proc.child.kill('SIGKILL');
    await proc.exited;
    proc = null;
    const t0 = performance.now();
    proc = await startMainProcess(env, { startTimeoutMs: 600_000 });
    const takeoverMs = Math.round(performance.now() - t0);
    const health = await fetch(`${proc.base}/api/health`);
    return {
      id: 'e',
      title,
      checks: [
        {
          check: 'a second server exits non-zero naming the directory and the holder',
          expected: 'exit ≠ 0, message with DATA_DIR and pid',
          measured: `exit ${second.code} after ${second.ms} ms; ${names(second.output) ? 'names both' : `MESSAGE: ${second.output.slice(-200)}`}`,
          pass: second.code !== 0 && names(second.output),
        },
        {
          check: '`npm run import` on it refuses and writes nothing',
          expected: 'exit ≠ 0, message with DATA_DIR and pid',
          measured: `exit ${imp.code} after ${imp.ms} ms; ${names(imp.output) ? 'names both' : `MESSAGE: ${imp.output.slice(-200)}`}`,
          pass: imp.code !== 0 && names(imp.output) && !/inserted/.test(imp.output),
        },
        {
          check: 'after SIGKILL of the holder a new server takes the stale lock over',
          expected: 'starts, health 200',
          measured: `started in ${takeoverMs} ms, health ${health.status}`,
          pass: health.status === 200,
        },
      ],
      data: {
        secondMs: second.ms,
        importMs: imp.ms,
        takeoverMs,
        message: second.output.trim().split('\n').pop(),
      },
    };
  } finally {
    proc?.kill();
    await proc?.exited;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(`${dir}.lock`, { force: true });
  }
}

// —— (g) a login flood next to a reader ——

async function loginFloodScenario(log: (l: string) => void): Promise<Scenario> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-faults-flood-'));
  let proc: MainProcess | null = null;
  try {
    log('  g: demo server on a temporary DATA_DIR (initdb, migrations, seed)…');
    proc = await startMainProcess({ DATA_DIR: dir }, { startTimeoutMs: 600_000 });
    const r = await loginFlood(proc.base, 64, 60);
    const idle = p95(r.idle.ms);
    const busy = p95(r.busy.ms);
    const ok = r.busy.statuses.filter((s) => s === 200).length;
    return {
      id: 'g',
      title: '64-client login flood next to GET /api/sites (embedded demo)',
      checks: [
        {
          check: 'the sites list keeps answering, barely slower',
          expected: 'all 200; p95 under flood < 5 × max(idle p95, 20 ms)',
          measured: `${ok}/${r.busy.statuses.length} 200; p95 idle ${idle.toFixed(1)} ms, under flood ${busy.toFixed(1)} ms`,
          pass: ok === r.busy.statuses.length && busy < 5 * Math.max(idle, 20),
        },
        {
          check: 'the flood is refused before hashing',
          expected: '> 80 % 429, ≤ 30 hashed (401)',
          measured: `${r.logins} logins: ${fmtCounts(r.counts)}`,
          pass: (r.counts['429'] ?? 0) > 0.8 * r.logins && (r.counts['401'] ?? 0) <= 30,
        },
      ],
      data: { idleP95Ms: idle, busyP95Ms: busy, logins: r.logins, counts: r.counts },
    };
  } finally {
    proc?.kill();
    await proc?.exited;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(`${dir}.lock`, { force: true });
  }
}

// —— (f) a frozen PostgreSQL (own cluster, SIGSTOP) ——

async function frozenDatabase(opts: Options, log: (l: string) => void): Promise<Scenario> {
  const title = `PostgreSQL frozen (SIGSTOP) ${opts.freezeS} s under requests, own cluster`;
  log('  f: creating a cluster of its own…');
  const cluster = await createOwnCluster(`h14_faults_${process.pid}`, [5445, 5446, 5447, 5448, 5449]);
  let proc: MainProcess | null = null;
  try {
    proc = await startMainProcess({ DATABASE_URL: cluster.url(), SEED_DEMO: 'false' });
    const base = proc.base;
    const samples: Array<{ at: number; status: number; ms: number }> = [];
    let stop = false;
    const t0 = performance.now();
    const loop = async () => {
      while (!stop) {
        const t = performance.now();
        let status = 0;
        try {
          const r = await fetch(`${base}/api/sites?limit=20`, { signal: AbortSignal.timeout(60_000) });
          await r.arrayBuffer();
          status = r.status;
        } catch {}
        samples.push({ at: t - t0, status, ms: performance.now() - t });
        await sleep(100);
      }
    };
    const loops = Array.from({ length: 4 }, loop);
    await sleep(3000);
    const frozenAt = performance.now() - t0;
    cluster.freeze();
    await sleep(opts.freezeS * 1000);
    cluster.thaw();
    const thawedAt = performance.now() - t0;
    await sleep(5000);
    stop = true;
    await Promise.all(loops);
    const during = samples.filter((x) => x.at >= frozenAt && x.at < thawedAt);
    const failures = during.filter((x) => x.status !== 200);
    const worst = Math.max(0, ...during.map((x) => x.ms));
    const firstOk = samples.find((x) => x.at >= thawedAt && x.status === 200);
    const after = samples.filter((x) => x.at >= thawedAt + 2000);
    return {
      id: 'f',
      title,
      checks: [
        {
          check: 'requests during the freeze get 503 with Retry-After, not a hang',
          expected: 'every non-200 is 503; slowest < 5000 ms',
          measured: `${during.length} requests: ${fmtCounts(statusCounts(during as Sample[]))}; slowest ${Math.round(worst)} ms, p50 of failures ${Math.round(
            failures.map((x) => x.ms).sort((a, b) => a - b)[Math.floor(failures.length / 2)] ?? 0,
          )} ms`,
          pass: failures.length > 0 && failures.every((x) => x.status === 503) && worst < 5000,
        },
        {
          check: 'the same process answers 200 again once PostgreSQL is resumed',
          expected: '200 within 5 s, then only 200s',
          measured: firstOk
            ? `first 200 ${Math.round(firstOk.at - thawedAt + firstOk.ms)} ms after the thaw; after 2 s: ${fmtCounts(statusCounts(after as Sample[]))}`
            : 'NO 200 after the thaw',
          pass: Boolean(firstOk) && after.length > 0 && after.every((x) => x.status === 200),
        },
      ],
      data: {
        port: cluster.port,
        freezeS: opts.freezeS,
        worstMs: Math.round(worst),
        requests: during.length,
      },
    };
  } finally {
    proc?.kill();
    await proc?.exited;
    cluster.drop();
  }
}

async function drainCheck(proc: MainProcess): Promise<Scenario> {
  const body = JSON.stringify(PROFILES[1].body);
  const d = await sigtermDuringRequest(proc, '/api/match', body);
  return {
    id: 'd',
    title: 'SIGTERM during a request (api/src/main.ts on PostGIS)',
    checks: [
      {
        check: 'the request is in flight at the signal',
        expected: 'inFlight 1',
        measured: `inFlight ${String(d.inFlightAtSignal)}`,
        pass: d.inFlightAtSignal === 1,
      },
      {
        check: 'new connections are refused during the drain',
        expected: 'refused',
        measured: d.newConnectionRefused ? 'refused' : 'ACCEPTED',
        pass: d.newConnectionRefused,
      },
      {
        check: 'the request in flight completes',
        expected: '200, Connection: close',
        measured: `${d.status}, Connection: ${d.connection}`,
        pass: d.status === 200 && d.connection === 'close',
      },
      {
        check: 'the process exits 0 once drained',
        expected: 'exit 0 within 5 s',
        measured: `exit ${d.exit.code ?? d.exit.signal} after ${d.exitMs} ms`,
        pass: d.exit.code === 0 && d.exitMs < 5000,
      },
    ],
    data: { ...d, body: undefined },
  };
}

function faultsUrl(): string {
  if (process.env.BENCH_FAULTS_DATABASE_URL) return process.env.BENCH_FAULTS_DATABASE_URL;
  const u = new URL(benchDatabaseUrl());
  u.pathname = `/${benchDbName(u.toString())}_faults`;
  return u.toString();
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  if (opts.help) {
    const src = fs.readFileSync(new URL(import.meta.url), 'utf8');
    process.stdout.write(`${/\/\*\*([\s\S]*?)\*\//.exec(src)?.[1].replace(/^ \* ?/gm, '') ?? ''}\n`);
    return;
  }
  const log = (l: string) => process.stderr.write(`${l}\n`);
  const started = new Date();
  const loadBefore = loadAvg();
  const url = faultsUrl();
  const results: Scenario[] = [];
  const attempt = async (id: string, title: string, fn: () => Promise<Scenario>) => {
    log(`faults (${id}): ${title}`);
    try {
      const r = await fn();
      results.push(r);
      for (const c of r.checks) log(`  ${c.pass ? 'pass' : 'FAIL'}  ${c.check}: ${c.measured}`);
    } catch (err) {
      const e = err as Error;
      log(`  FAILED: ${e.stack ?? e.message}`);
      results.push({ id, title, checks: [], data: {}, error: e.message });
    }
  };

  let data: { sites: number; infrastructure: Record<string, number> } | null = null;
  if (opts.only.has('a') || opts.only.has('b') || opts.only.has('d')) {
    log(`faults: database ${url.replace(/\/\/[^@]*@/, '//…@')}`);
    const prepared = await prepareLoadDatabase(url, opts.plots, log);
    data = { sites: prepared.sites, infrastructure: prepared.infrastructure };
    // Its pool would only see the restart of (a) as noise.
    await prepared.db.close();
  }
  if (opts.only.has('b')) await attempt('b', 'import killed mid-way', () => importKilled(url, opts, log));
  if (opts.only.has('c')) await attempt('c', 'embedded engine killed', () => embeddedKilled(log));
  if (opts.only.has('e')) await attempt('e', 'one writer per DATA_DIR', () => dataDirLock(log));
  if (opts.only.has('f')) await attempt('f', 'frozen database', () => frozenDatabase(opts, log));
  if (opts.only.has('g')) await attempt('g', 'login flood', () => loginFloodScenario(log));
  if (opts.only.has('a') || opts.only.has('d')) {
    let proc: MainProcess | null = null;
    try {
      proc = await startMainProcess({ DATABASE_URL: url, MATCH_ANON_PER_MINUTE: MATCH_RATE_LIMIT });
      const p = proc;
      if (opts.only.has('a'))
        await attempt('a', 'PostgreSQL restarted under load', () => pgRestart(url, opts, p));
      if (opts.only.has('d')) await attempt('d', 'SIGTERM drain', () => drainCheck(p));
    } finally {
      proc?.kill();
    }
  }

  const rows = results.flatMap((r) =>
    r.error
      ? [[`(${r.id}) ${r.title}`, 'scenario ran', '', r.error.slice(0, 300), '**FAIL**']]
      : r.checks.map((c, i) => [
          i === 0 ? `(${r.id}) ${r.title}` : '',
          c.check,
          c.expected,
          c.measured,
          c.pass ? 'pass' : '**FAIL**',
        ]),
  );
  const failed = results.filter((r) => r.error || r.checks.some((c) => !c.pass));
  const a = results.find((r) => r.id === 'a' && !r.error);
  const markdown = [
    '# landmatch fault runs',
    '',
    `Run ${started.toISOString()} with \`npm run bench:faults${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'} (shared machine; load average before ${loadBefore.join(' / ')}, after ${loadAvg().join(' / ')}).${
      data
        ? ` PostGIS database \`${new URL(url).pathname.slice(1)}\`: ${data.sites.toLocaleString('en')} bench plots, infrastructure ${Object.entries(
            data.infrastructure,
          )
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}.`
        : ''
    }`,
    '',
    `**${failed.length === 0 ? 'All checks pass' : `${failed.length} scenario(s) with failures: ${failed.map((f) => f.id).join(', ')}`}.**`,
    '',
    table(['scenario', 'check', 'expected', 'measured', ''], rows),
    ...(a
      ? [
          '',
          '### (a) time line around the outage (responses completed per second)',
          '',
          table(
            ['second', 'PostgreSQL', '2xx', 'failures', 'slowest failure (ms)', '/api/health'],
            a.data.timeline as string[][],
          ),
          '',
          'Driver errors behind the failed requests (the API\'s own "request failed" log lines):',
          '',
          table(
            ['code: message', 'requests'],
            Object.entries(a.data.errorKinds as Record<string, number>).sort((x, y) => y[1] - x[1]),
          ),
        ]
      : []),
    '',
  ].join('\n');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const json = JSON.stringify(
    { started, argv: process.argv.slice(2), options: { ...opts, only: [...opts.only] }, data, results },
    null,
    2,
  );
  fs.writeFileSync(path.join(RESULTS_DIR, `faults-${stamp}.json`), json);
  fs.writeFileSync(path.join(RESULTS_DIR, 'faults-latest.json'), json);
  fs.writeFileSync(path.join(RESULTS_DIR, `faults-${stamp}.md`), markdown);
  fs.writeFileSync(path.join(RESULTS_DIR, 'faults-report.md'), markdown);
  process.stdout.write(`${markdown}\n`);
  log(`faults: wrote bench/results/faults-report.md (= faults-${stamp}.md) and faults-${stamp}.json`);
  if (failed.length) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(
    `bench:faults failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
